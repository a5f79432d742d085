"""The status of one pegawai's working day, from its facts. Pure: no I/O, no clock.

Order of precedence: a holiday (LIBUR) over approved leave (CUTI or SAKIT) over an official trip
(DINAS_LUAR) over the check-ins (HADIR, with a late band TL1-4 and an early-leave band PSW1-4)
over nothing at all (TK: tidak masuk kerja tanpa keterangan). Only accepted check-ins count:
those waiting for review count once their review approves them, rejected ones never.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from simpeg_attendance.domain.aturan import JamHari, Jadwal

MASUK, PULANG = "MASUK", "PULANG"


@dataclass(frozen=True)
class CheckInHari:
    checkin_id: uuid.UUID
    jenis: str          # MASUK | PULANG
    waktu: dt.datetime  # zone-aware


@dataclass(frozen=True)
class FaktaHari:
    """What is known about a working day when it is judged."""

    tanggal: dt.date
    jadwal: Jadwal
    jam: JamHari | None
    zona_waktu: str
    libur: bool = False
    cuti: str | None = None           # the cuti's jenis when the day is approved leave
    dinas_luar: bool = False
    checkins: tuple[CheckInHari, ...] = ()


@dataclass(frozen=True)
class StatusHari:
    status: str
    tl: str | None = None
    psw: str | None = None
    menit_terlambat: int = 0
    menit_pulang_cepat: int = 0
    checkin_ids: tuple[uuid.UUID, ...] = field(default_factory=tuple)

    def sama(self, other: StatusHari) -> bool:
        return self == other


def batas_jam(tanggal: dt.date, jam: JamHari, zona_waktu: str) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of the working hours of ``tanggal`` in the unit's zone (a night shift ends
    the next day)."""
    tz = ZoneInfo(zona_waktu)
    masuk = dt.datetime.combine(tanggal, jam.masuk, tz)
    hari_pulang = tanggal + dt.timedelta(days=1) if jam.lewat_tengah_malam else tanggal
    return masuk, dt.datetime.combine(hari_pulang, jam.pulang, tz)


def menit_terlambat(waktu: dt.datetime, tanggal: dt.date, jam: JamHari, zona_waktu: str) -> int:
    """Whole minutes after the start (07:30:59 is on time, 07:31:00 one minute late)."""
    masuk, _ = batas_jam(tanggal, jam, zona_waktu)
    return max(0, int((waktu - masuk).total_seconds() // 60))


def menit_pulang_cepat(waktu: dt.datetime, tanggal: dt.date, jam: JamHari, zona_waktu: str) -> int:
    """Whole minutes before the end (15:59:01 is on time, 15:59:00 one minute early)."""
    _, pulang = batas_jam(tanggal, jam, zona_waktu)
    return max(0, int((pulang - waktu).total_seconds() // 60))


def nilai_hari(f: FaktaHari) -> StatusHari:
    """The status of a day the schedule makes a working day (``f.jam`` is not ``None``)."""
    if f.libur:
        return StatusHari("LIBUR")
    if f.cuti is not None:
        return StatusHari("SAKIT" if f.cuti == "SAKIT" else "CUTI")
    if f.dinas_luar:
        return StatusHari("DINAS_LUAR")
    if f.jam is None or not f.checkins:
        return StatusHari("TK")
    masuk = sorted((c for c in f.checkins if c.jenis == MASUK), key=lambda c: c.waktu)
    pulang = sorted((c for c in f.checkins if c.jenis == PULANG), key=lambda c: c.waktu)
    used: list[uuid.UUID] = []
    tl_menit: int | None = None
    psw_menit: int | None = None
    if masuk:
        used.append(masuk[0].checkin_id)
        tl_menit = menit_terlambat(masuk[0].waktu, f.tanggal, f.jam, f.zona_waktu)
    if pulang:
        used.append(pulang[-1].checkin_id)
        psw_menit = menit_pulang_cepat(pulang[-1].waktu, f.tanggal, f.jam, f.zona_waktu)
    return StatusHari(
        "HADIR",
        tl=Jadwal.pita(tl_menit, f.jadwal.pita_terlambat),
        psw=Jadwal.pita(psw_menit, f.jadwal.pita_pulang_cepat),
        menit_terlambat=tl_menit or 0,
        menit_pulang_cepat=psw_menit or 0,
        checkin_ids=tuple(used),
    )
