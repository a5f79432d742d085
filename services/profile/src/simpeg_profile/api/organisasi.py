"""Organisation: instansi, unit organisasi, jabatan and Plt/Plh assignments."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from pydantic import BaseModel, Field

from simpeg_profile.api.deps import profile_app, require_write
from simpeg_profile.application import ProfileApplication
from simpeg_profile.domain.organisasi import Instansi
from simpeg_profile.domain.vocabulary import ZONA_WAKTU
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import NotFound
from simpeg_shared.http import CommandModel, current_principal, require_roles, responses
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/profile/v1/instansi", tags=["organisasi"])

Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
IdPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Zona = Annotated[str, Field(description=f"IANA time zone: {', '.join(ZONA_WAKTU)}")]
admin = require_roles(Role.ADMIN_INSTANSI)


class RegisterInstansi(CommandModel):
    instansi_id: Id
    nama: str = Field(min_length=1, max_length=200)
    zona_waktu: Zona = "Asia/Jakarta"


class AddUnit(CommandModel):
    unit_id: Id
    nama: str = Field(min_length=1, max_length=200)
    induk_id: Id | None = Field(None, description="Parent unit; none for a top-level unit")
    zona_waktu: Zona | None = Field(None, description="Defaults to the parent's or the instansi's")
    jadwal_kerja: str = Field("perpres-21-2023", min_length=1, max_length=64,
                              description="Reference to a work schedule rule set")


class AddJabatan(CommandModel):
    jabatan_id: Id
    nama: str = Field(min_length=1, max_length=200)
    kelas_jabatan: int = Field(ge=1, le=17)
    unit_id: Id
    jenis: Literal["STRUKTURAL", "FUNGSIONAL", "PELAKSANA"]


class AssignPlt(CommandModel):
    jabatan_id: Id
    nip: str = Field(pattern=r"^\d{18}$", description="The acting official")
    jenis: Literal["PLT", "PLH"] = Field(description="PLT: vacant jabatan; PLH: holder absent")
    mulai: dt.date
    selesai: dt.date
    nomor_sk: str | None = Field(None, max_length=100)


class InstansiOut(BaseModel):
    instansi_id: str
    nama: str
    zona_waktu: str
    units: list[dict[str, Any]]
    jabatan: list[dict[str, Any]]
    plt: list[dict[str, Any]]

    @classmethod
    def of(cls, i: Instansi) -> InstansiOut:
        return cls(instansi_id=i.instansi_id, nama=i.nama, zona_waktu=i.zona_waktu,
                   units=list(i.units.values()), jabatan=list(i.jabatan.values()), plt=list(i.plt))


@router.post("", status_code=201, response_model=InstansiOut, summary="Register an instansi",
             responses=responses(401, 403, 409, 422))
def register_instansi(body: RegisterInstansi, principal: Principal = Depends(admin),
                      app: ProfileApplication = Depends(profile_app)) -> InstansiOut:
    require_write(principal, body.instansi_id, "body.instansi_id")
    return InstansiOut.of(app.register_instansi(**body.model_dump()))


@router.get("/{instansi_id}", response_model=InstansiOut, summary="An instansi's organisation",
            responses=responses(401, 404, 422))
def get_instansi(instansi_id: IdPath, principal: Principal = Depends(current_principal),
                 app: ProfileApplication = Depends(profile_app)) -> InstansiOut:
    if not principal.may_read(instansi_id):
        raise NotFound(f"no instansi {instansi_id}")
    return InstansiOut.of(app.get_instansi(instansi_id))


@router.post("/{instansi_id}/unit", status_code=201, response_model=InstansiOut,
             summary="Add a unit organisasi", responses=responses(401, 403, 404, 409, 422))
def add_unit(instansi_id: IdPath, body: AddUnit, principal: Principal = Depends(admin),
             app: ProfileApplication = Depends(profile_app)) -> InstansiOut:
    require_write(principal, instansi_id)
    return InstansiOut.of(app.add_unit(instansi_id, **body.model_dump()))


@router.post("/{instansi_id}/jabatan", status_code=201, response_model=InstansiOut,
             summary="Add a jabatan", responses=responses(401, 403, 404, 409, 422))
def add_jabatan(instansi_id: IdPath, body: AddJabatan, principal: Principal = Depends(admin),
                app: ProfileApplication = Depends(profile_app)) -> InstansiOut:
    require_write(principal, instansi_id)
    return InstansiOut.of(app.add_jabatan(instansi_id, **body.model_dump()))


@router.post("/{instansi_id}/plt", status_code=201, response_model=InstansiOut,
             summary="Assign a Plt/Plh for a dated period", responses=responses(401, 403, 404, 409, 422))
def assign_plt(instansi_id: IdPath, body: AssignPlt, principal: Principal = Depends(admin),
               app: ProfileApplication = Depends(profile_app)) -> InstansiOut:
    require_write(principal, instansi_id)
    return InstansiOut.of(app.assign_plt(instansi_id, **body.model_dump()))


@router.get("/{instansi_id}/plt/{jabatan_id}", summary="Who acts for a jabatan on a date",
            responses=responses(401, 404, 422))
def plt_on(instansi_id: IdPath, jabatan_id: IdPath,
           per: Annotated[IsoDate | None, Query(description="Date; today when absent")] = None,
           principal: Principal = Depends(current_principal),
           app: ProfileApplication = Depends(profile_app)) -> dict[str, Any]:
    if not principal.may_read(instansi_id):
        raise NotFound(f"no instansi {instansi_id}")
    acting = app.get_instansi(instansi_id).plt_on(jabatan_id, per or dt.date.today())
    return {"jabatan_id": jabatan_id, "per": (per or dt.date.today()).isoformat(), "plt": acting}
