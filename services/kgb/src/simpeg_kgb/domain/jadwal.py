"""The KGB schedule of one PNS: when each periodic increase fell or falls due.

A KGB falls due on the first day of the month in which the masa kerja golongan (MKG) reaches the
next step of the table for the pegawai's golongan ruang (normally every two years). MKG grows
with time served since the pangkat's TMT, plus prior service recognised later (PMK), and does
not grow during CLTN (unpaid leave). A promotion (new pangkat) restarts the schedule on the new
golongan's table with the MKG of its decree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from simpeg_kgb.domain.gaji import TabelGajiPokok


@dataclass(frozen=True)
class Pangkat:
    golongan_ruang: str
    tmt: dt.date
    mkg_tahun: int
    mkg_bulan: int


@dataclass(frozen=True)
class Pmk:
    """Peninjauan masa kerja: ``tahun``/``bulan`` added to MKG from ``tmt``."""

    tmt: dt.date
    tahun: int
    bulan: int


@dataclass(frozen=True)
class Cltn:
    mulai: dt.date
    selesai: dt.date


@dataclass(frozen=True)
class Kgb:
    tmt: dt.date
    golongan_ruang: str
    mkg_tahun: int
    #: ``None`` before the first gaji pokok table SIMPEG holds (the date and MKG still hold)
    gaji_pokok: int | None
    gaji_pokok_lama: int | None
    dasar_hukum: str | None


@dataclass(frozen=True)
class Jadwal:
    riwayat: tuple[Kgb, ...]
    berikut: Kgb | None
    mkg_sekarang: tuple[int, int] | None


def _months(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def _first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def mkg_bulan(pangkat: Pangkat, pmk: Sequence[Pmk], cltn: Sequence[Cltn], pada: dt.date) -> int:
    """MKG in months on ``pada`` under ``pangkat``."""
    months = pangkat.mkg_tahun * 12 + pangkat.mkg_bulan + _months(pangkat.tmt, pada)
    months += sum(p.tahun * 12 + p.bulan for p in pmk if pangkat.tmt < p.tmt <= pada)
    for start, end in _gabung(cltn):
        start, end = max(start, pangkat.tmt), min(end, pada)
        if end > start:
            months -= _months(start, end)
    return max(months, 0)


def _gabung(cltn: Sequence[Cltn]) -> list[tuple[dt.date, dt.date]]:
    """CLTN periods merged where they overlap: the same leave known from cuti's decision and from
    profile's record counts once."""
    merged: list[list[dt.date]] = []
    for c in sorted(cltn, key=lambda c: c.mulai):
        if merged and c.mulai <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], c.selesai)
        else:
            merged.append([c.mulai, c.selesai])
    return [(a, b) for a, b in merged]


def jadwal(riwayat_pangkat: Sequence[Pangkat], pmk: Sequence[Pmk], cltn: Sequence[Cltn],
           per: dt.date, tabel_pada: Callable[[dt.date], TabelGajiPokok]) -> Jadwal:
    """The KGBs since each pangkat's TMT up to ``per``, and the next one after ``per``.

    ``tabel_pada(day)`` gives the table whose steps apply on ``day``; its amounts count only
    from its ``berlaku_mulai`` (earlier amounts are ``None``)."""

    def gaji_pada(day: dt.date, golongan: str, mkg: int) -> tuple[int | None, str | None]:
        tabel = tabel_pada(day)
        if tabel.berlaku_mulai > day:
            return None, None
        return tabel.langkah(golongan, min(mkg, tabel.mkg_maksimum))[1], tabel.dasar_hukum

    # A pangkat recorded ahead of its TMT (a promotion decreed for next month) still shapes the
    # next increase: the current golongan's steps stop at the promotion.
    ordered = sorted(riwayat_pangkat, key=lambda p: p.tmt)
    in_force = [p for p in ordered if p.tmt <= per]
    if not ordered:
        return Jadwal((), None, None)
    history: list[Kgb] = []
    berikut: Kgb | None = None
    for index, pangkat in enumerate(ordered):
        last = index == len(ordered) - 1
        until = ordered[index + 1].tmt if not last else None
        day = pangkat.tmt if pangkat.tmt.day == 1 else _first_of_next_month(pangkat.tmt)
        current_mkg = mkg_bulan(pangkat, pmk, cltn, pangkat.tmt) // 12
        while until is None or day < until:
            tabel = tabel_pada(day)
            step = tabel.langkah_berikut(pangkat.golongan_ruang, (current_mkg * 12) + 11)
            if step is None or step > tabel.mkg_maksimum:
                break  # past the last step: no more KGB in this golongan
            if mkg_bulan(pangkat, pmk, cltn, day) >= step * 12:
                baru, dasar = gaji_pada(day, pangkat.golongan_ruang, step)
                # the salary just before, under the table in force on the KGB's TMT
                lama, _ = gaji_pada(day, pangkat.golongan_ruang, current_mkg)
                kgb = Kgb(tmt=day, golongan_ruang=pangkat.golongan_ruang, mkg_tahun=step,
                          gaji_pokok=baru, gaji_pokok_lama=lama, dasar_hukum=dasar)
                if day > per:
                    berikut = kgb
                    break
                history.append(kgb)
                current_mkg = step
            day = _first_of_next_month(day)
            if day.year > per.year + tabel.mkg_maksimum:
                break
        if berikut is not None:
            break
    if not in_force:
        return Jadwal((), berikut, None)
    latest = in_force[-1]
    sekarang = mkg_bulan(latest, pmk, cltn, per)
    return Jadwal(tuple(history), berikut, (sekarang // 12, sekarang % 12))
