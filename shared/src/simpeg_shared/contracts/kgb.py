"""Public events of the KGB context (topic ``simpeg.kgb.v1``, keyed by NIP)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register
from simpeg_shared.contracts.profile import NIP_PATTERN


class KgbEvent(ContractEvent):
    context: ClassVar[str] = "kgb"
    version: ClassVar[int] = 1

    nip: str = Field(pattern=NIP_PATTERN)
    kgb_id: uuid.UUID = Field(description="One periodic increase of one pegawai (nip + TMT).")
    tmt: dt.date = Field(description="The date the increase takes effect (first of a month).")


@register
class KgbDueV1(KgbEvent):
    """An increase falls due at ``tmt`` (announced ``hari_pengingat`` days ahead or later)."""

    golongan_ruang: str
    mkg_tahun: int = Field(ge=0, le=60)
    gaji_lama: int | None = Field(None, ge=0)
    gaji_baru: int | None = Field(None, ge=0)
    dasar_hukum: str


@register
class KgbPostponedV1(KgbEvent):
    """The increase may not be granted now (*ditunda*): re-checked when new facts arrive, at most
    until ``ditunda_sampai``."""

    alasan: str
    ditunda_sampai: dt.date
    sebab: Literal["KINERJA", "DISIPLIN"] = "KINERJA"


@register
class SkKgbRequestedV1(KgbEvent):
    """The increase is eligible: the surat service drafts the *SK KGB* for signature."""

    golongan_ruang: str
    mkg_tahun: int = Field(ge=0, le=60)
    mkg_bulan: int = Field(0, ge=0, le=11)
    gaji_lama: int = Field(ge=0)
    gaji_baru: int = Field(ge=0)
    dasar_hukum: str
    kgb_berikutnya: dt.date | None = None
    nip_penandatangan: str | None = Field(None, pattern=NIP_PATTERN)


@register
class KgbGrantedV1(KgbEvent):
    """The SK KGB was signed: the new gaji pokok applies from ``tmt``."""

    golongan_ruang: str
    gaji_baru: int = Field(ge=0)
    mkg_tahun: int = Field(ge=0, le=60)
    nomor_sk: str
    surat_id: uuid.UUID


@register
class KgbCancelledV1(KgbEvent):
    """An announced increase no longer applies (the schedule changed: a promotion, a CLTN period,
    a corrected pangkat); the schedule's new date comes as another ``KgbDueV1``."""

    alasan: str
