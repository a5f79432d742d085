"""Historical check-ins migrated from the previous regional attendance app (``POST /impor``).

Not a way to check in: the admin instansi sends records the old app already accepted (no
photo, their original time), in batches; each is validated and stored once, keyed by the old
app's record id, so a batch sent again stores nothing twice. The risk score of the live
check-in does not apply (there is no photo, device or phone clock to judge); the geofence
decision is still recorded.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import AwareDatetime, BaseModel, Field
from starlette.concurrency import run_in_threadpool

from simpeg_attendance.application import AttendanceApplication
from simpeg_attendance.domain.geo import Bujur, Lintang
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import Forbidden
from simpeg_shared.http import CommandModel, require_roles, responses

router = APIRouter(prefix="/api/attendance/v1", tags=["impor"])
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]


class RekamanLama(CommandModel):
    rekaman_id: Id = Field(description="The record's id in the previous app (idempotency key)")
    nip: str = Field(pattern=r"^\d{18}$")
    jenis: Literal["MASUK", "PULANG"]
    waktu: AwareDatetime = Field(description="When the previous app recorded it (with offset)")
    lat: Lintang
    lon: Bujur
    akurasi_m: float = Field(10, ge=0, le=100_000, allow_inf_nan=False)


class Impor(CommandModel):
    sumber: Id = Field(description="The previous app, e.g. e-absensi-bandung-2025")
    rekaman: list[RekamanLama] = Field(min_length=1, max_length=1000)


class Ditolak(BaseModel):
    indeks: int
    rekaman_id: str
    field: str
    alasan: str


class HasilImpor(BaseModel):
    diterima: int = Field(description="Records stored now")
    sudah_ada: int = Field(description="Records of this source stored before (sent again)")
    ditolak: list[Ditolak] = Field(description="Records refused, with the field and the reason")


@router.post("/impor", response_model=HasilImpor, status_code=200,
             summary="Import historical check-ins from the previous attendance app (batch, "
                     "idempotent per record)", responses=responses(401, 403, 413, 422))
async def impor(body: Impor, request: Request,
                principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI))) -> Any:
    if not principal.instansi_id:
        raise Forbidden("the token names no instansi")
    app: AttendanceApplication = request.app.state.attendance
    return await run_in_threadpool(app.impor, principal.instansi_id, body.sumber,
                                   [r.model_dump() for r in body.rekaman])
