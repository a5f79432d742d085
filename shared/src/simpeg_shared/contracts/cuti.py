"""Public events of the cuti context (topic ``simpeg.cuti.v1``, keyed by NIP).

Attendance marks approved days as CUTI (or SAKIT) from ``CutiDecidedV1`` and un-marks them on
``CutiCancelledV1``; TPP reads the kinds that are not paid; surat drafts the *surat izin cuti*
from ``SuratIzinCutiRequestedV1``. No address, diagnosis or attachment ever travels here.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register
from simpeg_shared.contracts.profile import NIP_PATTERN

JenisCuti = Literal["TAHUNAN", "BESAR", "SAKIT", "MELAHIRKAN", "ALASAN_PENTING", "CLTN"]
HasilKeputusan = Literal["DISETUJUI", "PERUBAHAN", "DITANGGUHKAN", "TIDAK_DISETUJUI"]
Pertimbangan = Literal["DISETUJUI", "PERUBAHAN", "DITANGGUHKAN", "TIDAK_DISETUJUI"]


class CutiEvent(ContractEvent):
    context: ClassVar[str] = "cuti"
    version: ClassVar[int] = 1

    nip: str = Field(pattern=NIP_PATTERN, description="The pegawai on leave.")
    cuti_id: uuid.UUID


@register
class CutiRequestedV1(CutiEvent):
    """A pegawai requested leave (working days counted on their schedule and the calendar)."""

    jenis: JenisCuti
    mulai: dt.date
    selesai: dt.date
    hari_kerja: int = Field(ge=0)
    unit_id: str
    diteruskan_ke: list[str] | None = Field(
        None, description="NIPs asked to act next (the atasan langsung or whoever acts for them; "
                          "the official with authority when there is no consideration step).")


@register
class CutiConsideredV1(CutiEvent):
    """The atasan langsung (or the official acting for them) gave a consideration."""

    pertimbangan: Pertimbangan
    nip_atasan: str = Field(pattern=NIP_PATTERN)
    sebagai: Literal["DEFINITIF", "PLT", "PLH"] = "DEFINITIF"
    catatan: str | None = None
    diteruskan_ke: list[str] | None = Field(
        None, description="NIPs of the official with authority (or whoever acts for them) asked "
                          "to decide next.")


@register
class CutiDecidedV1(CutiEvent):
    """The official with authority decided. For DISETUJUI and PERUBAHAN, ``mulai``..``selesai``
    are the final dates of the leave (inclusive) and ``hari_kerja`` its working days; for
    DITANGGUHKAN and TIDAK_DISETUJUI no day is taken."""

    jenis: JenisCuti
    hasil: HasilKeputusan
    mulai: dt.date
    selesai: dt.date
    hari_kerja: int = Field(ge=0)
    nip_pejabat: str = Field(pattern=NIP_PATTERN)
    sebagai: Literal["DEFINITIF", "PLT", "PLH"] = "DEFINITIF"
    alasan: str | None = None
    hari_ditangguhkan: int | None = Field(
        None, ge=0, description="DITANGGUHKAN: the working days postponed (they carry over).")
    diberitahukan_ke: list[str] | None = Field(
        None, description="NIPs told of the decision besides the pegawai (the atasan who gave "
                          "the consideration).")


@register
class CutiCancelledV1(CutiEvent):
    """A requested or approved leave was cancelled (before it started): its days are no longer
    leave and its balance is restored."""

    jenis: JenisCuti
    mulai: dt.date
    selesai: dt.date
    alasan: str
    diberitahukan_ke: list[str] | None = Field(
        None, description="NIPs of the atasan and officials who were asked to act or acted on it.")


@register
class CutiBalanceChangedV1(ContractEvent):
    """A movement of a pegawai's cuti tahunan balance (``perubahan`` days, signed) and the balance
    after it for ``tahun``."""

    context: ClassVar[str] = "cuti"
    version: ClassVar[int] = 1

    nip: str = Field(pattern=NIP_PATTERN)
    tahun: int = Field(ge=2000, le=2100)
    perubahan: int
    saldo: int
    sumber: str = Field(description="What moved it: HAK_TAHUNAN, CARRY_OVER, CUTI:<id>, BATAL:<id>, …")
    kategori: str | None = Field(
        None, description="HAK, BAWA (carried over), PAKAI (taken), PULIH (restored), HAPUS "
                          "(removed by cuti besar), PULIH_HAPUS, KOREKSI.")


@register
class SuratIzinCutiRequestedV1(CutiEvent):
    """Approved leave: the surat service drafts the *surat izin cuti* for ``nip_penandatangan``'s
    signature. Emitted once per approval (its event id is the request's identity)."""

    jenis: JenisCuti
    mulai: dt.date
    selesai: dt.date
    hari_kerja: int = Field(ge=0)
    unit_id: str
    nip_penandatangan: str = Field(pattern=NIP_PATTERN)
