"""The KGB process over HTTP: the admin's worklist, a pegawai's increases (their notices), and
the admin's disciplinary postponement and its lift."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from simpeg_kgb.application import KgbApplication, UsulanTidakDitemukan
from simpeg_kgb.domain.usulan import UsulanKgb
from simpeg_kgb.projections.riwayat import riwayat
from simpeg_kgb.projections.usulan import daftar_kerja, usulan_pegawai
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import DomainError, NotFound
from simpeg_shared.http import CommandModel, current_principal, require_roles, responses
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/kgb/v1", tags=["usulan"])
ADMIN = (Role.ADMIN_INSTANSI, Role.BKN_PUSAT)


class UsulanOut(BaseModel):
    kgb_id: uuid.UUID
    nip: str
    instansi_id: str
    tmt: dt.date
    tmt_berlaku: dt.date
    golongan_ruang: str
    mkg_tahun: int
    gaji_lama: int | None
    gaji_baru: int | None
    status: str
    alasan: str | None = None
    ditunda_sampai: dt.date | None = None
    nomor_sk: str | None = None


class DaftarKerjaOut(BaseModel):
    per: dt.date
    instansi_id: str | None
    jumlah: dict[str, int] = Field(description="jatuh_tempo_bulan_ini, terlambat, ditunda, akan_datang")
    daftar: dict[str, list[UsulanOut]]


class Penundaan(CommandModel):
    alasan: str = Field(min_length=5, max_length=500,
                        description="The decree or finding that postpones it (hukuman disiplin).")
    sampai: IsoDate


class Pencabutan(CommandModel):
    alasan: str = Field(min_length=5, max_length=500)


def kgb_app(request: Request) -> KgbApplication:
    return request.app.state.kgb


@router.get("/daftar-kerja", response_model=DaftarKerjaOut, summary="The admin's KGB worklist",
            responses=responses(401, 403, 404, 422))
def get_daftar_kerja(
    request: Request,
    per: Annotated[IsoDate | None, Query(description="As of this date; today when absent")] = None,
    instansi_id: Annotated[str | None, Query(max_length=64, description="BKN_PUSAT only: one "
                                             "instansi (all when absent)")] = None,
    principal: Principal = Depends(require_roles(*ADMIN)),
) -> DaftarKerjaOut:
    if Role.BKN_PUSAT not in principal.roles:
        if instansi_id not in (None, principal.instansi_id):
            raise NotFound(f"no instansi {instansi_id} in your scope")
        instansi_id = principal.instansi_id
    day = per or dt.date.today()
    data = request.app.state.usulan.read(lambda conn, t: daftar_kerja(conn, t, day, instansi_id))
    return DaftarKerjaOut(per=day, instansi_id=instansi_id, jumlah=data["jumlah"],
                          daftar={k: [UsulanOut(**row) for row in rows]
                                  for k, rows in data["daftar"].items()})


@router.get("/pegawai/{nip}/usulan", response_model=list[UsulanOut],
            summary="A PNS's announced increases and where each stands (their KGB notices)",
            responses=responses(401, 404, 422))
def get_usulan_pegawai(nip: Annotated[str, Path(pattern=r"^\d{18}$")], request: Request,
                       principal: Principal = Depends(current_principal)) -> list[UsulanOut]:
    rows = request.app.state.usulan.read(lambda conn, t: usulan_pegawai(conn, t, nip))
    if principal.nip != nip:
        # the pegawai's instansi from their record, not from the rows: with no increase yet
        # announced, an empty list would still tell another instansi that the NIP exists here
        known = request.app.state.riwayat.read(lambda conn, t: riwayat(conn, t, nip))
        if known is None or not principal.may_read(known["instansi_id"]) or \
                not all(principal.may_read(r["instansi_id"]) for r in rows):
            raise NotFound(f"no KGB of {nip} in your scope")
    return [UsulanOut(**r) for r in rows]


def _out(u: UsulanKgb) -> UsulanOut:
    return UsulanOut(kgb_id=u.id, nip=u.nip, instansi_id=u.instansi_id, tmt=u.tmt,
                     tmt_berlaku=u.tmt_berlaku, golongan_ruang=u.golongan_ruang,
                     mkg_tahun=u.mkg_tahun, gaji_lama=u.gaji_lama, gaji_baru=u.gaji_baru,
                     status=u.status.value, alasan=u.alasan, ditunda_sampai=u.ditunda_sampai,
                     nomor_sk=u.nomor_sk)


def _mine(app: KgbApplication, principal: Principal, kgb_id: uuid.UUID) -> None:
    usulan = app.get(kgb_id)
    if not principal.may_write(usulan.instansi_id):
        raise UsulanTidakDitemukan(f"no KGB {kgb_id}")


def _actor(principal: Principal) -> str:
    if not principal.nip:
        raise DomainError("this step needs a token that names your NIP", field="header.authorization")
    return principal.nip


@router.get("/usulan/{kgb_id}", response_model=UsulanOut, summary="One increase",
            responses=responses(401, 404, 422))
def get_usulan(kgb_id: uuid.UUID, principal: Principal = Depends(current_principal),
               app: KgbApplication = Depends(kgb_app)) -> UsulanOut:
    usulan = app.get(kgb_id)
    if principal.nip != usulan.nip and not principal.may_read(usulan.instansi_id):
        raise UsulanTidakDitemukan(f"no KGB {kgb_id}")
    return _out(usulan)


@router.post("/usulan/{kgb_id}/penundaan", response_model=UsulanOut,
             summary="Postpone an increase for a disciplinary reason (admin)",
             responses=responses(401, 403, 404, 409, 422))
def post_penundaan(kgb_id: uuid.UUID, body: Penundaan,
                   principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
                   app: KgbApplication = Depends(kgb_app)) -> UsulanOut:
    _mine(app, principal, kgb_id)
    return _out(app.tunda_disiplin(kgb_id, body.alasan, body.sampai, _actor(principal),
                                   dt.date.today()))


@router.post("/usulan/{kgb_id}/penundaan/pencabutan", response_model=UsulanOut,
             summary="Lift a disciplinary postponement (admin); the increase is re-checked",
             responses=responses(401, 403, 404, 409, 422))
def post_pencabutan(kgb_id: uuid.UUID, body: Pencabutan,
                    principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
                    app: KgbApplication = Depends(kgb_app)) -> UsulanOut:
    _mine(app, principal, kgb_id)
    return _out(app.cabut_disiplin(kgb_id, body.alasan, _actor(principal), dt.date.today()))


