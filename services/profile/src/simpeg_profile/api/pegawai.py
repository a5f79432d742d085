"""Pegawai resources."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from simpeg_profile.application import PegawaiTidakDitemukan, ProfileApplication
from simpeg_profile.domain.nip import JenisKelamin
from simpeg_profile.domain.pegawai import Pegawai
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import Forbidden
from simpeg_shared.http import CommandModel, IdempotencyKey, current_principal, require_roles, responses
from simpeg_shared.http.idempotency import run_idempotent

router = APIRouter(prefix="/api/profile/v1", tags=["pegawai"])

IdStr = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]


class RegisterPegawai(CommandModel):
    """Register a pegawai in the caller's instansi."""

    nip: str = Field(description="18-digit NIP", examples=["198503152010011001"])
    nama: str = Field(min_length=1, max_length=200, description="Full name with gelar")
    instansi_id: IdStr
    unit_id: IdStr
    tanggal_lahir: dt.date | None = Field(None, description="Must match the NIP's digits 1-8")
    jenis_kelamin: JenisKelamin | None = Field(None, description="L or P; must match digit 15")


class PegawaiOut(BaseModel):
    nip: str
    nama: str
    instansi_id: str
    unit_id: str
    tanggal_lahir: dt.date
    jenis_kelamin: JenisKelamin
    tmt_cpns: dt.date

    @classmethod
    def of(cls, p: Pegawai) -> PegawaiOut:
        return cls(nip=p.nip, nama=p.nama, instansi_id=p.instansi_id, unit_id=p.unit_id,
                   tanggal_lahir=p.tanggal_lahir, jenis_kelamin=p.jenis_kelamin, tmt_cpns=p.tmt_cpns)


def profile_app(request: Request) -> ProfileApplication:
    return request.app.state.profile


@router.post(
    "/pegawai", status_code=201, response_model=PegawaiOut,
    summary="Register a pegawai", responses=responses(401, 403, 409, 422),
)
def register_pegawai(
    body: RegisterPegawai,
    request: Request,
    idempotency_key: IdempotencyKey = None,
    principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
    app: ProfileApplication = Depends(profile_app),
) -> object:
    if not principal.may_write(body.instansi_id):
        raise Forbidden(f"you may register pegawai only in your own instansi ({principal.instansi_id})",
                        field="body.instansi_id")

    def command() -> tuple[int, object]:
        pegawai = app.register_pegawai(**body.model_dump())
        return 201, PegawaiOut.of(pegawai).model_dump(mode="json")

    return run_idempotent(request.app.state.engine, request, idempotency_key,
                          f"{principal.subject}", body.model_dump(mode="json"), command)


@router.get(
    "/pegawai/{nip}", response_model=PegawaiOut, summary="One pegawai",
    responses=responses(401, 403, 404, 422),
)
def get_pegawai(
    nip: Annotated[str, Path(pattern=r"^\d{18}$", description="18-digit NIP")],
    principal: Principal = Depends(current_principal),
    app: ProfileApplication = Depends(profile_app),
) -> PegawaiOut:
    pegawai = app.get_pegawai(nip)
    if not (principal.may_read(pegawai.instansi_id) or principal.nip == nip):
        # The same answer as for a NIP that does not exist: do not confirm who works where.
        raise PegawaiTidakDitemukan(f"no pegawai with NIP {nip}")
    return PegawaiOut.of(pegawai)

