"""Public events of the kinerja context (topic ``simpeg.kinerja.v1``, keyed by NIP)."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register
from simpeg_shared.contracts.profile import NIP_PATTERN

Rating = Literal["DI_ATAS", "SESUAI", "DI_BAWAH"]
Predikat = Literal["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"]


class KinerjaEvent(ContractEvent):
    context: ClassVar[str] = "kinerja"
    version: ClassVar[int] = 1

    nip: str = Field(pattern=NIP_PATTERN)


@register
class SkpAgreedV1(KinerjaEvent):
    """The atasan (or the official acting for them) agreed a pegawai's SKP for a year."""

    tahun: int = Field(ge=2000, le=2100)
    nip_penyetuju: str = Field(pattern=NIP_PATTERN)
    jumlah_item: int = Field(ge=1)


@register
class RealisasiSubmittedV1(KinerjaEvent):
    """A pegawai reported a month's realisation of their SKP."""

    tahun: int = Field(ge=2000, le=2100)
    bulan: int = Field(ge=1, le=12)
    jumlah_item: int = Field(ge=1)


@register
class PenilaianPeriodikFinalizedV1(KinerjaEvent):
    """A month's evaluation is final. A correction is published as the same fact with a higher
    ``revisi`` and ``alasan_koreksi``: consumers keep the highest revisi of (nip, tahun, bulan)."""

    tahun: int = Field(ge=2000, le=2100)
    bulan: int = Field(ge=1, le=12)
    hasil: Rating
    perilaku: Rating
    predikat: Predikat
    aturan: str = Field(description="Code of the predikat rule set used")
    nip_penilai: str = Field(pattern=NIP_PATTERN)
    revisi: int = Field(ge=1)
    alasan_koreksi: str | None = None


@register
class PenilaianTahunanFinalizedV1(KinerjaEvent):
    """A year's evaluation is final (used by KGB's eligibility check)."""

    tahun: int = Field(ge=2000, le=2100)
    hasil: Rating
    perilaku: Rating
    predikat: Predikat
    aturan: str
    nip_penilai: str = Field(pattern=NIP_PATTERN)
