"""The gaji pokok tables in force on a date."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from simpeg_kgb.domain.gaji import tabel_pada
from simpeg_shared.auth import Principal
from simpeg_shared.http import current_principal, responses
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/kgb/v1", tags=["gaji pokok"])


class GajiPokok(BaseModel):
    golongan_ruang: str
    mkg: int
    gaji_pokok: int
    dasar_hukum: str


@router.get("/gaji-pokok", response_model=GajiPokok, summary="Gaji pokok of a golongan ruang and MKG",
            responses=responses(401, 422))
def gaji_pokok(
    golongan_ruang: Annotated[str, Query(max_length=8, description="I/a … IV/e")],
    mkg: Annotated[int, Query(description="Masa kerja golongan, whole years")],
    per: Annotated[IsoDate | None, Query(description="Table in force on this date; today when absent")] = None,
    principal: Principal = Depends(current_principal),
) -> GajiPokok:
    tabel = tabel_pada(per or dt.date.today())
    _, gaji = tabel.langkah(golongan_ruang, mkg)
    return GajiPokok(golongan_ruang=golongan_ruang, mkg=mkg, gaji_pokok=gaji, dasar_hukum=tabel.dasar_hukum)
