"""Roll-ups per instansi."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel

from simpeg_monitoring.projections.kinerja import distribusi
from simpeg_monitoring.projections.ringkasan import ringkasan
from simpeg_shared.auth import Principal
from simpeg_shared.errors import Forbidden
from simpeg_shared.http import current_principal, responses
from simpeg_shared.projection import ProjectionStore

router = APIRouter(prefix="/api/monitoring/v1", tags=["instansi"])


class Ringkasan(BaseModel):
    instansi_id: str
    jumlah_pegawai: int
    jumlah_unit: int
    diperbarui_pada: dt.datetime | None


@router.get("/instansi/{instansi_id}/ringkasan", response_model=Ringkasan,
            summary="Summary of one instansi", responses=responses(401, 403, 422))
def get_ringkasan(
    instansi_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")],
    request: Request,
    principal: Principal = Depends(current_principal),
) -> Ringkasan:
    if not principal.may_read(instansi_id):
        raise Forbidden(f"you may see only your own instansi ({principal.instansi_id})")
    store: ProjectionStore = request.app.state.ringkasan
    return Ringkasan(**store.read(lambda conn, tables: ringkasan(conn, tables, instansi_id)))


class DistribusiPredikat(BaseModel):
    instansi_id: str
    tahun: int
    bulan: int
    distribusi: dict[str, int]


@router.get("/instansi/{instansi_id}/kinerja", response_model=DistribusiPredikat,
            summary="Predikat distribution of one instansi in a month", responses=responses(401, 403, 422))
def get_distribusi(
    instansi_id: Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")],
    tahun: Annotated[int, Query(ge=2020, le=2100)],
    bulan: Annotated[int, Query(ge=1, le=12)],
    request: Request,
    principal: Principal = Depends(current_principal),
) -> DistribusiPredikat:
    if not principal.may_read(instansi_id):
        raise Forbidden(f"you may see only your own instansi ({principal.instansi_id})")
    store: ProjectionStore = request.app.state.predikat
    counts = store.read(lambda conn, tables: distribusi(conn, tables, instansi_id, tahun, bulan))
    return DistribusiPredikat(instansi_id=instansi_id, tahun=tahun, bulan=bulan, distribusi=counts)
