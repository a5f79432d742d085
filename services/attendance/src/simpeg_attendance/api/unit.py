"""The admin instansi's configuration: units (time zone, schedule), work locations, and dated
per-pegawai assignments (WFH, WFA, dinas luar, shifts). Profile publishes no unit
configuration, so attendance keeps its own."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request

from pydantic import BaseModel, Field

from simpeg_attendance.application import AttendanceApplication, UnitTidakDitemukan
from simpeg_attendance.domain import aturan
from simpeg_attendance.domain.geo import Bentuk
from simpeg_attendance.domain.presensi import UnitKerja
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import Forbidden
from simpeg_shared.http import CommandModel, IdempotencyKey, current_principal, require_roles, responses
from simpeg_shared.http.idempotency import run_idempotent

router = APIRouter(prefix="/api/attendance/v1", tags=["konfigurasi"])
Id = Annotated[str, Path(pattern=r"^[A-Za-z0-9._-]{1,64}$")]
admin = require_roles(Role.ADMIN_INSTANSI)
ERRORS = responses(401, 403, 404, 409, 422)


class AturUnit(CommandModel):
    zona_waktu: str = Field(min_length=3, max_length=64, description="IANA zone, e.g. Asia/Jayapura")
    jadwal: str = Field(min_length=1, max_length=64, description="Schedule code (GET /jadwal)")
    berlaku_mulai: dt.date = Field(description="From this date the unit works this schedule; "
                                   "the first configuration's date starts attendance in the unit")


class AturLokasi(CommandModel):
    nama: str = Field(min_length=1, max_length=200)
    bentuk: Bentuk


class TambahPenugasan(CommandModel):
    nip: str = Field(pattern=r"^\d{18}$")
    jenis: Literal["WFH", "WFA", "DINAS_LUAR", "SHIFT"]
    mulai: dt.date
    selesai: dt.date
    lokasi: Bentuk | None = Field(None, description="WFH and DINAS_LUAR: the place")
    shift: str | None = Field(None, max_length=32, description="SHIFT: the shift's code")
    keterangan: str | None = Field(None, max_length=500)


class BatalkanPenugasan(CommandModel):
    alasan: str = Field(min_length=5, max_length=500)


class UnitOut(BaseModel):
    unit_id: str
    instansi_id: str
    zona_waktu: str
    aktif_mulai: dt.date
    jadwal: list[dict[str, Any]]
    lokasi: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, u: UnitKerja) -> UnitOut:
        return cls(unit_id=u.unit_id, instansi_id=u.instansi_id, zona_waktu=u.zona_waktu,
                   aktif_mulai=u.aktif_mulai,
                   jadwal=[{"berlaku_mulai": d, "kode": k} for d, k in u.riwayat_jadwal],
                   lokasi=u.lokasi)


def attendance_app(request: Request) -> AttendanceApplication:
    return request.app.state.attendance


def _instansi(principal: Principal) -> str:
    if not principal.instansi_id:
        raise Forbidden("the token names no instansi")
    return principal.instansi_id


@router.get("/jadwal", summary="The schedules (versioned rule data) a unit may work")
def jadwal() -> list[dict[str, Any]]:
    return [j.model_dump(mode="json") | {"versi": j.versi} for j in aturan.semua_jadwal()]


@router.put("/unit/{unit_id}", response_model=UnitOut, summary="Configure a unit for attendance",
            responses=ERRORS)
def atur_unit(unit_id: Id, body: AturUnit, request: Request, idempotency_key: IdempotencyKey = None,
              principal: Principal = Depends(admin),
              app: AttendanceApplication = Depends(attendance_app)) -> Any:
    instansi = _instansi(principal)

    def command() -> tuple[int, Any]:
        unit = app.atur_unit(unit_id, instansi, body.zona_waktu, body.jadwal, body.berlaku_mulai)
        return 200, UnitOut.of(unit).model_dump(mode="json")

    return run_idempotent(request.app.state.engine, request, idempotency_key, principal.subject,
                          body.model_dump(mode="json"), command)


@router.get("/unit/{unit_id}", response_model=UnitOut, summary="A unit's configuration",
            responses=ERRORS)
def get_unit(unit_id: Id, principal: Principal = Depends(current_principal),
             app: AttendanceApplication = Depends(attendance_app),
             instansi_id: Annotated[str | None, Query(max_length=64, description=
                                                      "BKN_PUSAT: the unit's instansi")] = None) -> UnitOut:
    instansi = instansi_id or _instansi(principal)
    if not principal.may_read(instansi):
        raise UnitTidakDitemukan(f"unit {unit_id} has no attendance configuration")
    return UnitOut.of(app.get_unit(instansi, unit_id))


@router.put("/unit/{unit_id}/lokasi/{lokasi_id}", response_model=UnitOut,
            summary="Add or replace a work location (circle or polygon with holes)", responses=ERRORS)
def atur_lokasi(unit_id: Id, lokasi_id: Id, body: AturLokasi,
                principal: Principal = Depends(admin),
                app: AttendanceApplication = Depends(attendance_app)) -> UnitOut:
    return UnitOut.of(app.atur_lokasi(unit_id, _instansi(principal), lokasi_id, body.nama, body.bentuk))


@router.delete("/unit/{unit_id}/lokasi/{lokasi_id}", response_model=UnitOut,
               summary="Remove a work location", responses=ERRORS)
def hapus_lokasi(unit_id: Id, lokasi_id: Id, principal: Principal = Depends(admin),
                 app: AttendanceApplication = Depends(attendance_app)) -> UnitOut:
    return UnitOut.of(app.hapus_lokasi(unit_id, _instansi(principal), lokasi_id))


@router.post("/penugasan", status_code=201, summary="A dated assignment: WFH, WFA, dinas luar or shift",
             responses=ERRORS)
def tambah_penugasan(body: TambahPenugasan, principal: Principal = Depends(admin),
                     app: AttendanceApplication = Depends(attendance_app)) -> dict[str, Any]:
    return app.tambah_penugasan(body.nip, _instansi(principal), body.jenis, body.mulai, body.selesai,
                                body.lokasi, body.shift, body.keterangan)


@router.post("/penugasan/{nip}/{penugasan_id}/pembatalan", status_code=204,
             summary="Cancel an assignment", responses=ERRORS)
def batalkan_penugasan(nip: Annotated[str, Path(pattern=r"^\d{18}$")], penugasan_id: Id,
                       body: BatalkanPenugasan, principal: Principal = Depends(admin),
                       app: AttendanceApplication = Depends(attendance_app)) -> None:
    app.batalkan_penugasan(nip, _instansi(principal), penugasan_id, body.alasan)
