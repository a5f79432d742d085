"""Public events of the surat context (topic ``simpeg.surat.v1``, keyed by the letter's subject
NIP, or the letter id for a letter about no one)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register
from simpeg_shared.contracts.profile import NIP_PATTERN

JenisSurat = Literal["SK_KGB", "SURAT_IZIN_CUTI", "NOTA_DINAS", "SURAT_TUGAS", "UNDANGAN", "LAINNYA"]


class SuratEvent(ContractEvent):
    context: ClassVar[str] = "surat"
    version: ClassVar[int] = 1

    surat_id: uuid.UUID
    jenis: JenisSurat


@register
class SuratSignedV1(SuratEvent):
    """A letter was signed electronically. ``sumber``/``sumber_id`` name the request it answers
    (e.g. ``kgb``/<kgb_id>, ``cuti``/<cuti_id>); a hand-written letter has none."""

    nomor: str
    nip_penandatangan: str = Field(pattern=NIP_PATTERN)
    ditandatangani_pada: dt.datetime
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Of the signed PDF.")
    sumber: str | None = None
    sumber_id: str | None = None
