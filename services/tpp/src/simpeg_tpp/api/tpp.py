"""Simulation, slips, closing a month, objections, what-if and the payroll export."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import Conflict, DomainError, Forbidden
from simpeg_shared.http import CommandModel, IdempotencyKey, current_principal, require_roles, responses
from simpeg_shared.http.idempotency import run_idempotent
from simpeg_tpp.application import BulanBelumDitutup, PegawaiTidakDikenal, TppApplication
from simpeg_tpp.domain.aturan import KODE_POTONGAN, semua_aturan
from simpeg_tpp.ekspor import csv_bytes, xlsx_bytes
from simpeg_tpp.projections.penggajian import daftar_gaji, kelengkapan

router = APIRouter(prefix="/api/tpp/v1", tags=["tpp"])


class PenggajianBelumLengkap(Conflict):
    code = "penggajian-belum-lengkap"
    title = "The payroll is still being prepared"


NipPath = Annotated[str, Path(pattern=r"^\d{18}$", description="18-digit NIP")]
BulanQuery = Annotated[str, Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]
BulanPath = Annotated[str, Path(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM")]
KodeAturan = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9.@-]*$")]
Predikat = Literal["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"]
ERRORS = responses(401, 403, 404, 409, 422)


def _bulan(value: str) -> tuple[int, int]:
    y, m = int(value[:4]), int(value[5:7])
    if not 2000 <= y <= 2100:
        raise DomainError("bulan must be YYYY-MM between 2000 and 2100", field="bulan")
    return y, m


class Simulasi(CommandModel):
    aturan: KodeAturan = Field(description="Rule set code, e.g. contoh-2026")
    tpp_basis: int | None = Field(None, ge=1, le=1_000_000_000, description="Basis in rupiah")
    kelas_jabatan: int | None = Field(None, ge=1, le=17, description="Instead of tpp_basis")
    jabatan_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    kehadiran: dict[str, Annotated[int, Field(ge=0, le=31)]] = Field(
        default_factory=dict, description=f"Occurrences per code: {', '.join(KODE_POTONGAN)}")
    predikat: Predikat | None = Field(None, description="None: no final evaluation")


class Potongan(BaseModel):
    kode: str
    jumlah: int
    persen: str
    rupiah: int


class HasilOut(BaseModel):
    aturan: str
    basis: int
    disiplin: int
    kinerja: int
    total: int
    potongan: list[Potongan]
    potongan_rupiah: int
    potongan_dibatasi: bool
    faktor_kinerja_persen: str
    predikat: str | None


class TutupBulan(CommandModel):
    instansi_id: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        None, description="Defaults to the admin's own instansi")


class AjukanKeberatan(CommandModel):
    alasan: Annotated[str, Field(min_length=5, max_length=2000)]
    tanggal: list[dt.date] = Field(default_factory=list, max_length=31,
                                   description="The disputed days of the month")


class PutuskanKeberatan(CommandModel):
    keputusan: Literal["DITERIMA", "DITOLAK"]
    tanggal_dikecualikan: list[dt.date] = Field(default_factory=list, max_length=31)
    catatan: Annotated[str, Field(min_length=3, max_length=2000)]


def tpp_app(request: Request) -> TppApplication:
    return request.app.state.tpp


def _actor(principal: Principal) -> str:
    if not principal.nip:
        raise Forbidden("this step needs a token that names your NIP")
    return principal.nip


def _visible(app: TppApplication, principal: Principal, nip: str) -> dict[str, Any]:
    """The pegawai, if the caller may see them: themself, an admin/atasan of the same instansi,
    or BKN_PUSAT. Anyone else gets the same 404 as an unknown NIP."""
    missing = PegawaiTidakDikenal(f"pegawai {nip} is not known to TPP")
    try:
        pegawai = app.pegawai(nip)
    except PegawaiTidakDikenal:
        raise missing from None
    if principal.nip == nip and principal.may_read(pegawai["instansi_id"]):
        return pegawai
    if not principal.may_read(pegawai["instansi_id"]):
        raise missing
    if not principal.has_any(Role.ADMIN_INSTANSI, Role.ATASAN, Role.BKN_PUSAT):
        raise Forbidden("a pegawai sees only their own slip")
    return pegawai


@router.get("/aturan", summary="The rule sets shipped, with their effective dates")
def daftar_aturan(principal: Principal = Depends(current_principal)) -> list[dict[str, Any]]:
    return [{"kode": a.kode, "versi": a.versi, "berlaku_mulai": a.berlaku_mulai.isoformat(),
             "dasar_hukum": a.dasar_hukum} for a in semua_aturan()]


@router.post("/simulasi", response_model=HasilOut, responses=ERRORS,
             summary="TPP of a month from counts of cuts and a predikat, under a rule set")
def simulasi(body: Simulasi, principal: Principal = Depends(current_principal),
             app: TppApplication = Depends(tpp_app)) -> Any:
    hasil = app.simulasi(body.aturan, body.kehadiran, body.predikat, tpp_basis=body.tpp_basis,
                         kelas_jabatan=body.kelas_jabatan, jabatan_id=body.jabatan_id)
    return HasilOut(**{k: v for k, v in hasil.as_dict().items() if k in HasilOut.model_fields})


@router.get("/pegawai/{nip}/slip", responses=ERRORS,
            summary="The slip of a month: every cut with its day, band and event, the predikat "
                    "and its evaluation, the rule set; provisional until the month is closed")
def slip(nip: NipPath, bulan: BulanQuery, principal: Principal = Depends(current_principal),
         app: TppApplication = Depends(tpp_app)) -> dict[str, Any]:
    _visible(app, principal, nip)
    return app.slip(nip, *_bulan(bulan))


@router.get("/pegawai/{nip}/whatif", responses=ERRORS,
            summary="A closed month recomputed under another rule set, side by side (nothing changes)")
def whatif(nip: NipPath, bulan: BulanQuery,
           aturan: Annotated[str, Query(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9.@-]*$")],
           principal: Principal = Depends(current_principal),
           app: TppApplication = Depends(tpp_app)) -> dict[str, Any]:
    _visible(app, principal, nip)
    return app.whatif(nip, *_bulan(bulan), aturan)


@router.post("/bulan/{bulan}/penutupan", responses=ERRORS, status_code=200,
             summary="Close a month for the instansi: fix every pegawai's TPP (TppCalculatedV1) "
                     "and pay corrections of earlier closed months (TppCorrectedV1)")
def tutup(bulan: BulanPath, request: Request, body: TutupBulan | None = None,
          idempotency_key: IdempotencyKey = None,
          principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
          app: TppApplication = Depends(tpp_app)) -> JSONResponse:
    instansi = (body.instansi_id if body and body.instansi_id else principal.instansi_id) or ""
    if not instansi or not principal.may_write(instansi):
        raise Forbidden("an admin closes the months of their own instansi only")
    actor = _actor(principal)
    y, m = _bulan(bulan)
    return run_idempotent(app.fakta.engine, request, idempotency_key, principal.subject,
                          {"bulan": bulan, "instansi": instansi},
                          lambda: (200, app.tutup_bulan(instansi, y, m, actor)))


@router.get("/bulan/{bulan}/whatif", responses=ERRORS,
            summary="The instansi's closed month under another rule set: totals side by side")
def whatif_instansi(bulan: BulanPath,
                    aturan: Annotated[str, Query(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9.@-]*$")],
                    unit_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
                    principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI, Role.BKN_PUSAT)),
                    instansi_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
                    app: TppApplication = Depends(tpp_app)) -> dict[str, Any]:
    instansi = instansi_id or principal.instansi_id or ""
    if not principal.may_read(instansi):
        raise Forbidden("you see your own instansi only")
    y, m = _bulan(bulan)
    store = app.penggajian
    nips = [r["nip"] for r in store.read(lambda conn, t: daftar_gaji(conn, t, instansi, y, m, unit_id))
            if r["aturan"] is not None]
    return app.whatif_instansi(instansi, nips, y, m, aturan)


@router.post("/pegawai/{nip}/keberatan", responses=ERRORS, status_code=201,
             summary="Object (keberatan) to your closed month")
def ajukan(nip: NipPath, bulan: BulanQuery, body: AjukanKeberatan, request: Request,
           idempotency_key: IdempotencyKey = None,
           principal: Principal = Depends(require_roles(Role.PEGAWAI)),
           app: TppApplication = Depends(tpp_app)) -> JSONResponse:
    if principal.nip != nip:
        raise Forbidden("a pegawai objects only to their own TPP")
    _visible(app, principal, nip)
    y, m = _bulan(bulan)
    return run_idempotent(app.fakta.engine, request, idempotency_key, principal.subject,
                          body.model_dump(mode="json") | {"bulan": bulan, "nip": nip},
                          lambda: (201, app.ajukan_keberatan(nip, y, m, body.alasan, body.tanggal)))


@router.post("/pegawai/{nip}/keberatan/{keberatan_id}/keputusan", responses=ERRORS,
             summary="Decide an objection; an accepted one is a correction in the next payroll")
def putuskan(nip: NipPath, keberatan_id: uuid.UUID, bulan: BulanQuery, body: PutuskanKeberatan,
             request: Request, idempotency_key: IdempotencyKey = None,
             principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
             app: TppApplication = Depends(tpp_app)) -> JSONResponse:
    pegawai = _visible(app, principal, nip)
    if not principal.may_write(pegawai["instansi_id"]):
        raise PegawaiTidakDikenal(f"pegawai {nip} is not known to TPP")
    actor = _actor(principal)
    y, m = _bulan(bulan)
    return run_idempotent(
        app.fakta.engine, request, idempotency_key, principal.subject,
        body.model_dump(mode="json") | {"bulan": bulan, "nip": nip, "id": str(keberatan_id)},
        lambda: (200, app.putuskan_keberatan(nip, y, m, str(keberatan_id), body.keputusan,
                                             body.tanggal_dikecualikan, body.catatan, actor)))


class Penanda(CommandModel):
    jenis: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Z_]+$",
                                description="A flag the rule set lists, e.g. HUKUMAN_DISIPLIN")]
    aktif: bool = Field(True, description="False withdraws the flag")
    keterangan: Annotated[str, Field(min_length=3, max_length=500,
                                     description="The decree or report it rests on")]


@router.post("/pegawai/{nip}/penanda", responses=ERRORS,
             summary="Record (or withdraw) a flag that makes the month unpaid under the rule set: "
                     "a disciplinary sanction, a late LHKPN/LHKASN")
def penanda(nip: NipPath, bulan: BulanQuery, body: Penanda, request: Request,
            idempotency_key: IdempotencyKey = None,
            principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
            app: TppApplication = Depends(tpp_app)) -> JSONResponse:
    pegawai = _visible(app, principal, nip)
    if not principal.may_write(pegawai["instansi_id"]):
        raise PegawaiTidakDikenal(f"pegawai {nip} is not known to TPP")
    actor = _actor(principal)
    y, m = _bulan(bulan)
    return run_idempotent(app.fakta.engine, request, idempotency_key, principal.subject,
                          body.model_dump(mode="json") | {"bulan": bulan, "nip": nip},
                          lambda: (200, app.tandai(nip, y, m, body.jenis, body.aktif,
                                                   body.keterangan, actor)))


_SAFE = re.compile(r"[^A-Za-z0-9._-]")


@router.get("/bulan/{bulan}/penggajian.{format}", responses=ERRORS, response_class=Response,
            summary="Payroll export of a closed month for finance, per instansi or unit, with totals")
def ekspor(bulan: BulanPath, format: Literal["csv", "xlsx"],  # noqa: A002 - the file extension
           unit_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
           instansi_id: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
           principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI, Role.BKN_PUSAT)),
           app: TppApplication = Depends(tpp_app)) -> Response:
    instansi = instansi_id or principal.instansi_id or ""
    if not principal.may_read(instansi):
        raise Forbidden("you export your own instansi only")
    y, m = _bulan(bulan)
    kal = app.kalender(instansi)
    if kal is None or not kal.sudah_ditutup(y, m):
        raise BulanBelumDitutup(f"{bulan} is not closed for {instansi}; close it first "
                                f"(POST /api/tpp/v1/bulan/{bulan}/penutupan)")
    # The export reads TPP's own published events: right after a closing they may still be on
    # their way through the relay and the worker. Never hand finance a partial payroll.
    closing = next(d for d in kal.ditutup if (d["tahun"], d["bulan"]) == (y, m))
    n, nk = app.penggajian.read(lambda conn, t: kelengkapan(conn, t, instansi, y, m))
    if n < closing["jumlah_pegawai"] or nk < closing["jumlah_koreksi"]:
        raise PenggajianBelumLengkap(
            f"the payroll of {bulan} is still being prepared ({n} of {closing['jumlah_pegawai']} "
            f"pegawai, {nk} of {closing['jumlah_koreksi']} corrections); try again in a minute")
    rows = app.penggajian.read(lambda conn, t: daftar_gaji(conn, t, instansi, y, m, unit_id))
    nama = app.nama(r["nip"] for r in rows)
    for r in rows:
        r["nama"] = nama.get(r["nip"], "")
    name = _SAFE.sub("_", f"tpp-{instansi}-{unit_id or 'semua'}-{bulan}")
    if format == "csv":
        return Response(csv_bytes(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    return Response(xlsx_bytes(rows, f"TPP {instansi} {bulan}"),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
