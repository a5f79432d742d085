"""The predikat matrix as a service: what a pair of ratings yields, under the rules in force."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from simpeg_kinerja.domain.predikat import Predikat, Rating, aturan_pada
from simpeg_shared.auth import Principal
from simpeg_shared.errors import DomainError
from simpeg_shared.http import current_principal, responses
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/kinerja/v1", tags=["predikat"])


class PredikatOut(BaseModel):
    predikat: Predikat
    persentase_angka_kredit: int
    aturan: str
    dasar_hukum: str


@router.get("/predikat", response_model=PredikatOut, summary="Predikat of a pair of ratings",
            responses=responses(401, 422))
def predikat(
    hasil: Annotated[Rating, Query(description="Rating of hasil kerja")],
    perilaku: Annotated[Rating, Query(description="Rating of perilaku kerja")],
    per: Annotated[IsoDate | None, Query(description="Rules in force on this date; today when absent")] = None,
    principal: Principal = Depends(current_principal),
) -> PredikatOut:
    try:
        aturan = aturan_pada(per or dt.date.today())
    except LookupError as exc:
        raise DomainError(str(exc), field="query.per") from None
    hasilnya = aturan.predikat(hasil, perilaku)
    return PredikatOut(predikat=hasilnya, persentase_angka_kredit=aturan.persentase_angka_kredit[hasilnya],
                       aturan=aturan.kode, dasar_hukum=aturan.sumber)
