"""Working days between two dates on the default Monday-Friday schedule and the holiday
calendar (national holidays and cuti bersama)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from simpeg_cuti.application import CutiApplication
from simpeg_shared.auth import Principal
from simpeg_shared.errors import DomainError
from simpeg_shared.http import current_principal, responses
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/cuti/v1", tags=["hari kerja"])


class LiburOut(BaseModel):
    tanggal: dt.date
    nama: str


class HariKerjaOut(BaseModel):
    hari_kerja: int
    libur: list[LiburOut]


@router.get("/hari-kerja", response_model=HariKerjaOut,
            summary="Working days from mulai to selesai (inclusive), Monday-Friday, without "
                    "national holidays and cuti bersama; libur lists those that fall on a weekday",
            responses=responses(401, 422))
def hari_kerja(
    request: Request,
    mulai: Annotated[IsoDate, Query(description="First day, YYYY-MM-DD", ge=dt.date(2000, 1, 1),
                                    le=dt.date(2100, 12, 31))],
    selesai: Annotated[IsoDate, Query(description="Last day (inclusive), YYYY-MM-DD",
                                      ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))],
    principal: Principal = Depends(current_principal),
) -> HariKerjaOut:
    app: CutiApplication = request.app.state.cuti
    if selesai < mulai:
        raise DomainError("selesai is before mulai", field="query.selesai")
    try:
        hk = app.hari_kerja(mulai, selesai)
    except DomainError as exc:
        exc.field = f"query.{exc.field}" if exc.field else None
        raise
    return HariKerjaOut(hari_kerja=hk.hari_kerja,
                        libur=[LiburOut(tanggal=lib.tanggal, nama=lib.nama) for lib in hk.libur])
