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
#: Whether an official acts in their own right (DEFINITIF) or for another (Plt: vacant
#: position; Plh: holder absent).
Sebagai = Literal["DEFINITIF", "PLT", "PLH"]


class SuratEvent(ContractEvent):
    context: ClassVar[str] = "surat"
    version: ClassVar[int] = 1

    surat_id: uuid.UUID
    jenis: JenisSurat

    def subject(self) -> str:
        # A letter about no one is keyed by its id, so all of one letter's events stay in order.
        return self.nip or str(self.surat_id)


@register
class SuratDraftedV1(SuratEvent):
    """A letter was drafted (by an official, or from a request of cuti or KGB) and waits for
    the initials (paraf) of ``paraf`` in that order, then the signature."""

    perihal: str
    unit_id: str = Field(description="The unit whose number series the letter will take.")
    klasifikasi: str = Field(description="Archive classification code.")
    nip_konseptor: str | None = Field(None, pattern=NIP_PATTERN,
                                      description="Who drafted it; None when drafted from a request.")
    paraf: list[str] = Field(default_factory=list,
                             description="The chain of initials, in order: NIP or jabatan:<id>.")
    penandatangan: str = Field(description="The signer: a NIP, or jabatan:<id>.")
    sumber: str | None = None
    sumber_id: str | None = None


@register
class SuratParafedV1(SuratEvent):
    """An official initialled the draft: step ``urutan`` (1-based) of the chain."""

    urutan: int = Field(ge=1)
    nip_paraf: str = Field(pattern=NIP_PATTERN)
    sebagai: Sebagai = "DEFINITIF"


@register
class SuratReturnedV1(SuratEvent):
    """The draft went back to its drafter with a reason; initials given so far lapse."""

    nip_pengembali: str = Field(pattern=NIP_PATTERN)
    alasan: str


@register
class SuratRevisedV1(SuratEvent):
    """The drafter revised the draft (after a return, or before anyone initialled); the chain
    starts again from its first step."""

    perihal: str
    nip_perevisi: str = Field(pattern=NIP_PATTERN)


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
    sebagai: Sebagai | None = Field(None, description="Signed as DEFINITIF, PLT or PLH.")
    perihal: str | None = None


@register
class SuratSentV1(SuratEvent):
    """A signed letter was delivered to its recipients' in-app inboxes."""

    nomor: str
    perihal: str
    penerima: list[str] = Field(description="NIPs of the recipients.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


@register
class SuratArchivedV1(SuratEvent):
    """A sent letter was archived (closed); it stays verifiable."""

    nomor: str
    nip_pengarsip: str | None = Field(None, pattern=NIP_PATTERN)
