"""Pegawai records: registration, as-of reads, and an administrator's entries (SK, riwayat)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from simpeg_profile.api.deps import profile_app, require_write, sees_personal_data, visible_pegawai
from simpeg_profile.application import PegawaiTidakDitemukan, ProfileApplication
from simpeg_profile.domain.nip import JenisKelamin
from simpeg_profile.domain.pegawai import Pegawai
from simpeg_profile.domain.perubahan import DataPribadi, JenisPerubahan
from simpeg_profile.domain.vocabulary import JenisPegawai, StatusPegawai
from simpeg_shared.auth import Principal, Role
from simpeg_shared.http import CommandModel, IdempotencyKey, current_principal, require_roles, responses
from simpeg_shared.http.idempotency import run_idempotent
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/profile/v1", tags=["pegawai"])

IdStr = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
NipPath = Annotated[str, Path(pattern=r"^\d{18}$", description="18-digit NIP")]
NipStr = Annotated[str, Field(pattern=r"^\d{18}$")]
admin = require_roles(Role.ADMIN_INSTANSI)


class RegisterPegawai(CommandModel):
    """Register a pegawai in the caller's instansi."""

    nip: str = Field(description="18-digit NIP", examples=["198503152010011001"])
    nama: str = Field(min_length=1, max_length=200, description="Full name")
    instansi_id: IdStr
    unit_id: IdStr
    tanggal_lahir: dt.date | None = Field(None, description="Must match the NIP's digits 1-8")
    jenis_kelamin: JenisKelamin | None = Field(None, description="L or P; must match digit 15")
    jenis_pegawai: JenisPegawai = JenisPegawai.PNS
    gelar_depan: str | None = Field(None, max_length=50)
    gelar_belakang: str | None = Field(None, max_length=50)
    data_pribadi: DataPribadi | None = Field(None, description="NIK, alamat, telepon, email")


class PegawaiOut(BaseModel):
    nip: str
    nama: str
    gelar_depan: str | None = None
    gelar_belakang: str | None = None
    instansi_id: str
    unit_id: str
    tanggal_lahir: dt.date
    jenis_kelamin: JenisKelamin
    tmt_cpns: dt.date
    jenis_pegawai: JenisPegawai
    status: StatusPegawai
    jabatan: dict[str, Any] | None = None
    pangkat: dict[str, Any] | None = None
    masa_kerja_golongan: dict[str, int] | None = None
    nip_atasan: str | None = None
    data_pribadi: dict[str, Any] | None = Field(
        None, description="Only for the pegawai and the instansi's data officers")
    riwayat: dict[str, list[dict[str, Any]]] | None = None
    per: dt.date | None = None


def pegawai_out(pegawai: Pegawai, per: dt.date | None = None, *, personal: bool = False) -> PegawaiOut:
    view = pegawai.as_of(per)
    if view is None:
        raise PegawaiTidakDitemukan(f"pegawai {pegawai.nip} had no record on {per}: "
                                    f"TMT CPNS is {pegawai.tmt_cpns.isoformat()}")
    mkg = view.masa_kerja_golongan
    return PegawaiOut(
        nip=view.nip, nama=view.nama, gelar_depan=view.gelar_depan,
        gelar_belakang=view.gelar_belakang, instansi_id=view.instansi_id, unit_id=view.unit_id,
        tanggal_lahir=view.tanggal_lahir, jenis_kelamin=view.jenis_kelamin, tmt_cpns=view.tmt_cpns,
        jenis_pegawai=view.jenis_pegawai, status=view.status, jabatan=view.jabatan,
        pangkat=view.pangkat, nip_atasan=view.nip_atasan, per=per,
        masa_kerja_golongan={"tahun": mkg[0], "bulan": mkg[1]} if mkg else None,
        data_pribadi=view.data_pribadi if personal else None,
        riwayat=view.riwayat if personal else None,
    )


@router.post("/pegawai", status_code=201, response_model=PegawaiOut, response_model_exclude_none=True,
             summary="Register a pegawai", responses=responses(401, 403, 404, 409, 422))
def register_pegawai(
    body: RegisterPegawai,
    request: Request,
    idempotency_key: IdempotencyKey = None,
    principal: Principal = Depends(admin),
    app: ProfileApplication = Depends(profile_app),
) -> object:
    require_write(principal, body.instansi_id, "body.instansi_id")

    def command() -> tuple[int, object]:
        fields = body.model_dump(exclude={"data_pribadi"})
        fields["data_pribadi"] = body.data_pribadi.model_dump(exclude_none=True) if body.data_pribadi else {}
        pegawai = app.register_pegawai(**fields)
        return 201, pegawai_out(pegawai).model_dump(mode="json", exclude_none=True)

    return run_idempotent(request.app.state.engine, request, idempotency_key,
                          principal.subject, body.model_dump(mode="json"), command)


@router.get("/pegawai/{nip}", response_model=PegawaiOut, response_model_exclude_none=True,
            summary="One pegawai, today or as of a date", responses=responses(401, 404, 422))
def get_pegawai(
    nip: NipPath,
    per: Annotated[IsoDate | None, Query(description="As of this date (YYYY-MM-DD): what the "
                                                     "record said then, by TMT")] = None,
    principal: Principal = Depends(current_principal),
    app: ProfileApplication = Depends(profile_app),
) -> PegawaiOut:
    pegawai = visible_pegawai(app, principal, nip)
    return pegawai_out(pegawai, per, personal=sees_personal_data(principal, pegawai))


class Perubahan(CommandModel):
    """An administrator's entry of a decision or a riwayat: ``perubahan`` has the fields of
    its ``jenis`` (see the usulan schemas)."""

    jenis: JenisPerubahan
    perubahan: dict[str, Any]


@router.post("/pegawai/{nip}/perubahan", response_model=PegawaiOut, response_model_exclude_none=True,
             summary="Record a decision (pangkat, jabatan) or riwayat entry",
             responses=responses(401, 403, 404, 409, 422))
def change_pegawai(nip: NipPath, body: Perubahan, principal: Principal = Depends(admin),
                   app: ProfileApplication = Depends(profile_app)) -> PegawaiOut:
    require_write(principal, visible_pegawai(app, principal, nip).instansi_id)
    return pegawai_out(app.change(nip, body.jenis, body.perubahan), personal=True)


class Mutasi(CommandModel):
    """Move to another unit, or to another instansi (pindah instansi)."""

    instansi_id: IdStr
    unit_id: IdStr
    tmt: dt.date
    nomor_sk: str | None = Field(None, max_length=100)


@router.post("/pegawai/{nip}/mutasi", response_model=PegawaiOut, response_model_exclude_none=True,
             summary="Move a pegawai to another unit or instansi",
             responses=responses(401, 403, 404, 409, 422))
def move_pegawai(nip: NipPath, body: Mutasi, principal: Principal = Depends(admin),
                 app: ProfileApplication = Depends(profile_app)) -> PegawaiOut:
    require_write(principal, visible_pegawai(app, principal, nip).instansi_id)
    return pegawai_out(app.move(nip, **body.model_dump()))


class Status(CommandModel):
    status: StatusPegawai
    tmt: dt.date
    alasan: str | None = Field(None, max_length=500)


@router.post("/pegawai/{nip}/status", response_model=PegawaiOut, response_model_exclude_none=True,
             summary="Change a pegawai's status", responses=responses(401, 403, 404, 409, 422))
def change_status(nip: NipPath, body: Status, principal: Principal = Depends(admin),
                  app: ProfileApplication = Depends(profile_app)) -> PegawaiOut:
    require_write(principal, visible_pegawai(app, principal, nip).instansi_id)
    return pegawai_out(app.change_status(nip, **body.model_dump()))


class Atasan(CommandModel):
    nip_atasan: NipStr | None = Field(description="None: no atasan langsung recorded")
    tmt: dt.date


@router.post("/pegawai/{nip}/atasan", response_model=PegawaiOut, response_model_exclude_none=True,
             summary="Set the atasan langsung", responses=responses(401, 403, 404, 409, 422))
def change_atasan(nip: NipPath, body: Atasan, principal: Principal = Depends(admin),
                  app: ProfileApplication = Depends(profile_app)) -> PegawaiOut:
    require_write(principal, visible_pegawai(app, principal, nip).instansi_id)
    return pegawai_out(app.change_atasan(nip, **body.model_dump()))
