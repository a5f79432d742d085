"""The self-update workflow (pemutakhiran data mandiri): propose, verify or return, approve."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from simpeg_profile.api.deps import actor_nip, profile_app
from simpeg_profile.application import ProfileApplication, UsulanTidakDitemukan
from simpeg_profile.domain.perubahan import JenisPerubahan
from simpeg_profile.domain.usulan import StatusUsulan, UsulanPerubahan
from simpeg_profile.projections.usulan import antrian, notifikasi
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import DomainError, Forbidden
from simpeg_shared.http import CommandModel, current_principal, require_roles, responses
from simpeg_shared.objects import is_sha256

router = APIRouter(prefix="/api/profile/v1", tags=["usulan perubahan"])

Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of an uploaded berkas")]


class Ajukan(CommandModel):
    nip: str = Field(pattern=r"^\d{18}$", description="Your own NIP")
    jenis: JenisPerubahan
    perubahan: dict[str, Any] = Field(description="Fields of the jenis (see /docs schemas)")
    berkas: list[Sha256] = Field(min_length=1, max_length=10, description="Evidence files")


class AjukanUlang(CommandModel):
    perubahan: dict[str, Any]
    berkas: list[Sha256] = Field(min_length=1, max_length=10)


class Verifikasi(CommandModel):
    catatan: str | None = Field(None, max_length=1000)


class Kembalikan(CommandModel):
    alasan: str = Field(min_length=5, max_length=1000, description="What the pegawai must fix")


class UsulanOut(BaseModel):
    usulan_id: uuid.UUID
    nip: str
    instansi_id: str
    jenis: JenisPerubahan
    status: StatusUsulan
    perubahan: dict[str, Any]
    berkas: list[str]
    langkah: list[dict[str, Any]]

    @classmethod
    def of(cls, u: UsulanPerubahan) -> UsulanOut:
        return cls(usulan_id=u.id, nip=u.nip, instansi_id=u.instansi_id, jenis=JenisPerubahan(u.jenis),
                   status=u.status, perubahan=u.perubahan, berkas=u.berkas, langkah=u.langkah)


def _check_berkas(request: Request, berkas: list[str]) -> None:
    store = request.app.state.objects
    for i, sha in enumerate(berkas):
        if not (is_sha256(sha) and store.exists(sha)):
            raise DomainError(f"no uploaded berkas {sha}; upload it first (POST /api/profile/v1/berkas)",
                              field=f"body.berkas.{i}")


def _officer_usulan(app: ProfileApplication, principal: Principal, usulan_id: uuid.UUID,
                    *roles: Role) -> UsulanPerubahan:
    usulan = app.get_usulan(usulan_id)
    if principal.instansi_id != usulan.instansi_id:
        raise UsulanTidakDitemukan(f"no usulan {usulan_id}")
    if not principal.has_any(*roles):
        raise Forbidden(f"needs one of the roles {', '.join(r.value for r in roles)}")
    return usulan


@router.post("/usulan", status_code=201, response_model=UsulanOut, summary="Propose a change to your own record",
             responses=responses(401, 403, 404, 422))
def ajukan(body: Ajukan, request: Request, principal: Principal = Depends(require_roles(Role.PEGAWAI)),
           app: ProfileApplication = Depends(profile_app)) -> UsulanOut:
    if actor_nip(principal) != body.nip:
        raise Forbidden("a pegawai proposes changes to their own record only", field="body.nip")
    _check_berkas(request, body.berkas)
    return UsulanOut.of(app.submit_usulan(body.nip, body.jenis, body.perubahan, body.berkas))


@router.get("/usulan/{usulan_id}", response_model=UsulanOut, summary="One usulan",
            responses=responses(401, 404, 422))
def lihat(usulan_id: uuid.UUID, principal: Principal = Depends(current_principal),
          app: ProfileApplication = Depends(profile_app)) -> UsulanOut:
    usulan = app.get_usulan(usulan_id)
    officer = principal.instansi_id == usulan.instansi_id and principal.has_any(
        Role.VERIFIKATOR, Role.PEJABAT_BERWENANG, Role.ADMIN_INSTANSI)
    if not (officer or principal.nip == usulan.nip):
        raise UsulanTidakDitemukan(f"no usulan {usulan_id}")
    return UsulanOut.of(usulan)


@router.get("/usulan", summary="The usulan queue of your instansi",
            responses=responses(401, 403, 422))
def daftar(request: Request,
           status: Annotated[StatusUsulan, Query(description="DIAJUKAN: to verify; DIVERIFIKASI: to approve")] = StatusUsulan.DIAJUKAN,
           principal: Principal = Depends(require_roles(Role.VERIFIKATOR, Role.PEJABAT_BERWENANG, Role.ADMIN_INSTANSI))) -> list[dict[str, Any]]:
    store = request.app.state.usulan_store
    return store.read(lambda conn, t: antrian(conn, t, principal.instansi_id or "", status.value))


@router.post("/usulan/{usulan_id}/verifikasi", response_model=UsulanOut, summary="Verify an usulan",
             responses=responses(401, 403, 404, 409, 422))
def verifikasi(usulan_id: uuid.UUID, body: Verifikasi, principal: Principal = Depends(current_principal),
               app: ProfileApplication = Depends(profile_app)) -> UsulanOut:
    _officer_usulan(app, principal, usulan_id, Role.VERIFIKATOR)
    return UsulanOut.of(app.verify_usulan(usulan_id, actor_nip(principal), body.catatan))


@router.post("/usulan/{usulan_id}/kembalikan", response_model=UsulanOut,
             summary="Return an usulan with the reason (verifikator before, pejabat after verification)",
             responses=responses(401, 403, 404, 409, 422))
def kembalikan(usulan_id: uuid.UUID, body: Kembalikan, principal: Principal = Depends(current_principal),
               app: ProfileApplication = Depends(profile_app)) -> UsulanOut:
    usulan = app.get_usulan(usulan_id)
    role = Role.PEJABAT_BERWENANG if usulan.status is StatusUsulan.DIVERIFIKASI else Role.VERIFIKATOR
    _officer_usulan(app, principal, usulan_id, role)
    return UsulanOut.of(app.return_usulan(usulan_id, actor_nip(principal), body.alasan))


@router.post("/usulan/{usulan_id}/ajukan-ulang", response_model=UsulanOut,
             summary="Resubmit a returned usulan with the fixes", responses=responses(401, 403, 404, 409, 422))
def ajukan_ulang(usulan_id: uuid.UUID, body: AjukanUlang, request: Request,
                 principal: Principal = Depends(require_roles(Role.PEGAWAI)),
                 app: ProfileApplication = Depends(profile_app)) -> UsulanOut:
    usulan = app.get_usulan(usulan_id)
    if principal.nip != usulan.nip:
        raise UsulanTidakDitemukan(f"no usulan {usulan_id}")
    _check_berkas(request, body.berkas)
    return UsulanOut.of(app.resubmit_usulan(usulan_id, actor_nip(principal), body.perubahan, body.berkas))


@router.post("/usulan/{usulan_id}/setujui", response_model=UsulanOut,
             summary="Approve a verified usulan: the record changes", responses=responses(401, 403, 404, 409, 422))
def setujui(usulan_id: uuid.UUID, principal: Principal = Depends(current_principal),
            app: ProfileApplication = Depends(profile_app)) -> UsulanOut:
    _officer_usulan(app, principal, usulan_id, Role.PEJABAT_BERWENANG)
    return UsulanOut.of(app.approve_usulan(usulan_id, actor_nip(principal)))


class NotifikasiOut(BaseModel):
    event_id: str
    pesan: str
    usulan_id: str | None
    dibuat_pada: dt.datetime
    dibaca: bool


@router.get("/notifikasi", response_model=list[NotifikasiOut], summary="Your notifications",
            responses=responses(401, 403))
def notifikasi_saya(request: Request, principal: Principal = Depends(current_principal)) -> list[dict[str, Any]]:
    nip = actor_nip(principal)
    return request.app.state.usulan_store.read(lambda conn, t: notifikasi(conn, t, nip))
