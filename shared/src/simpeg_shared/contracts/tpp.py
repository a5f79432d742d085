"""Public events of the TPP context (topic ``simpeg.tpp.v1``, keyed by NIP).

A month is fixed by ``TppCalculatedV1`` when the admin closes it; anything learnt later (a late
cuti approval, a corrected day or evaluation, an accepted objection) is a ``TppCorrectedV1`` paid
in a later payroll — the paid month is never rewritten. Amounts are whole rupiah.
"""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register
from simpeg_shared.contracts.profile import NIP_PATTERN


class TppEvent(ContractEvent):
    context: ClassVar[str] = "tpp"
    version: ClassVar[int] = 1

    nip: str = Field(pattern=NIP_PATTERN)
    tahun: int = Field(ge=2000, le=2100)
    bulan: int = Field(ge=1, le=12)


@register
class TppCalculatedV1(TppEvent):
    """The month (``tahun``/``bulan``) was closed: the TPP the pegawai is paid for it."""

    unit_id: str
    aturan: str = Field(description="Rule set used, '<kode>@<versi>'.")
    basis: int = Field(ge=0)
    disiplin: int = Field(ge=0, description="Discipline part after cuts, rounded down.")
    kinerja: int = Field(ge=0, description="Performance part after the factor, rounded down.")
    total: int = Field(ge=0, description="disiplin + kinerja.")
    potongan: int = Field(ge=0, description="Rupiah taken by discipline cuts (after the cap).")
    predikat: str | None = Field(None, description="The month's predikat; None: not evaluated.")
    tidak_dibayar: list[str] = Field(default_factory=list,
                                     description="Why the month is not paid (empty: paid).")


@register
class TppCorrectedV1(TppEvent):
    """A closed month (``tahun``/``bulan``) recalculated after a later fact; ``selisih`` is paid
    (or recovered, when negative) in the payroll of ``dibayar_tahun``/``dibayar_bulan``."""

    unit_id: str
    aturan: str
    koreksi_ke: int = Field(ge=1, description="1 for the month's first correction, and so on.")
    disiplin: int = Field(ge=0)
    kinerja: int = Field(ge=0)
    total: int = Field(ge=0, description="The month's TPP as it should have been.")
    total_sebelumnya: int = Field(ge=0, description="What had been paid for the month so far.")
    selisih: int = Field(description="total - total_sebelumnya.")
    dibayar_tahun: int = Field(ge=2000, le=2100)
    dibayar_bulan: int = Field(ge=1, le=12)
    sebab: Literal["FAKTA_BARU", "KEBERATAN"]
    keberatan_id: uuid.UUID | None = None


@register
class TppObjectionFiledV1(TppEvent):
    """The pegawai objected (keberatan) to a closed month's TPP."""

    keberatan_id: uuid.UUID
    tanggal: list[str] = Field(default_factory=list, description="Days disputed (ISO dates).")


@register
class TppObjectionDecidedV1(TppEvent):
    """The admin decided an objection; an accepted one is followed by a ``TppCorrectedV1``."""

    keberatan_id: uuid.UUID
    keputusan: Literal["DITERIMA", "DITOLAK"]
    tanggal_dikecualikan: list[str] = Field(default_factory=list,
                                            description="Days whose cuts are waived.")
