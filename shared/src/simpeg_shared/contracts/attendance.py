"""Public events of the attendance context (topic ``simpeg.attendance.v1``, keyed by NIP).

No photo bytes, coordinates or device identifiers travel here: a check-in says where it was
decided to be (which work location, or outside by how many metres), when, and how risky.
Monitoring counts them live; TPP pays from the closed days.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register
from simpeg_shared.contracts.profile import NIP_PATTERN

StatusHarian = Literal["HADIR", "TK", "CUTI", "DINAS_LUAR", "SAKIT", "LIBUR"]
BandTerlambat = Literal["TL1", "TL2", "TL3", "TL4"]
BandPulangCepat = Literal["PSW1", "PSW2", "PSW3", "PSW4"]


class AttendanceEvent(ContractEvent):
    context: ClassVar[str] = "attendance"
    version: ClassVar[int] = 1

    nip: str = Field(pattern=NIP_PATTERN)


@register
class CheckInRecordedV1(AttendanceEvent):
    """A check-in (``MASUK``) or check-out (``PULANG``) was accepted. ``waktu`` is the server's
    decision (for an offline capture: the capture time it accepted)."""

    checkin_id: uuid.UUID
    unit_id: str
    jenis: Literal["MASUK", "PULANG"]
    waktu: dt.datetime
    tanggal: dt.date = Field(description="The working day it counts for, in the unit's zone.")
    zona_waktu: str = Field(description="IANA zone of the unit, e.g. Asia/Jayapura.")
    lokasi_id: str | None = Field(None, description="The work location it fell inside; None: outside.")
    jarak_meter: float | None = Field(None, ge=0, description="Outside: metres to the nearest location.")
    menit_terlambat: int | None = Field(None, ge=0, description="MASUK: minutes after the start.")
    menit_pulang_cepat: int | None = Field(None, ge=0, description="PULANG: minutes before the end.")
    offline: bool = False
    skor_risiko: int = Field(ge=0, le=100)
    alasan_risiko: list[str] = Field(default_factory=list)
    status: Literal["DITERIMA", "MENUNGGU_REVIEW"]
    aturan_risiko: str | None = Field(
        None, description="Code and version of the risk rules the score was computed with.")


@register
class CheckInReviewedV1(AttendanceEvent):
    """The atasan (or the acting official) decided on a check-in waiting for review."""

    checkin_id: uuid.UUID
    tanggal: dt.date
    keputusan: Literal["DISETUJUI", "DITOLAK"]
    alasan: str
    nip_peninjau: str = Field(pattern=NIP_PATTERN)


class DailyAttendanceV1(AttendanceEvent):
    """A pegawai's closed working day. ``status`` is the kind of day; a HADIR day may carry a
    late band (``tl``) and an early-leave band (``psw``); a missing check-in on a HADIR day is TL4
    and a missing check-out PSW4."""

    tanggal: dt.date
    unit_id: str
    zona_waktu: str
    jadwal: str = Field(description="Code and version of the schedule the day was judged on.")
    status: StatusHarian
    tl: BandTerlambat | None = None
    psw: BandPulangCepat | None = None
    menit_terlambat: int = Field(0, ge=0)
    menit_pulang_cepat: int = Field(0, ge=0)
    checkin_ids: list[uuid.UUID] = Field(default_factory=list,
                                         description="The check-ins the status rests on.")
    revisi: int = Field(ge=1, description="1 when closed; each correction adds one.")


@register
class DailyAttendanceClosedV1(DailyAttendanceV1):
    """The day ended in the unit's zone plus the grace period: its status is final."""


@register
class DailyAttendanceCorrectedV1(DailyAttendanceV1):
    """A closed day's status changed afterwards (an approved review, a cuti approved later, …);
    the whole new state of the day, never an edit of the old event."""

    alasan: str
    sumber: str = Field(description="What corrected it, e.g. REVIEW:<checkin id>, CUTI:<cuti id>.")


@register
class DisciplineThresholdReachedV1(AttendanceEvent):
    """Unexcused absence (TK) reached a threshold of the PP 94/2021 ladder. A flag for the atasan
    and the admin; never a sanction."""

    tahun: int = Field(ge=2000, le=2100)
    tanggal: dt.date = Field(description="The TK day that reached the threshold.")
    jenis: Literal["KUMULATIF", "BERTURUT_TURUT"]
    jumlah_hari: int = Field(ge=1)
    ambang: int = Field(ge=1)
    keterangan: str = Field(description="The ladder's step, e.g. 'teguran lisan'.")
