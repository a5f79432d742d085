"""Leave requests, their consideration and decision, cancellation, the balance ledger, the
yearly roll-over and each person's inbox."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from simpeg_cuti.application import CutiApplication, CutiTidakDitemukan, TidakDikenal
from simpeg_cuti.domain.cuti import Cuti
from simpeg_cuti.projections.kotak_masuk import pesan_untuk, surat_untuk
from simpeg_shared.auth import Principal, Role
from simpeg_shared.contracts.cuti import HasilKeputusan, JenisCuti, Pertimbangan
from simpeg_shared.errors import DomainError, Forbidden
from simpeg_shared.http import CommandModel, IdempotencyKey, current_principal, require_roles, responses
from simpeg_shared.http.idempotency import run_idempotent

router = APIRouter(prefix="/api/cuti/v1", tags=["cuti"])

NipPath = Annotated[str, Path(pattern=r"^\d{18}$", description="18-digit NIP")]
CutiId = Annotated[uuid.UUID, Path(description="The leave request's id")]
ERRORS = responses(401, 403, 404, 409, 422)
Tanggal = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]


class Lampiran(CommandModel):
    """The attachment a kind needs (the doctor's statement for cuti sakit): stored elsewhere,
    named here by its file name and SHA-256."""

    nama_berkas: Annotated[str, Field(min_length=1, max_length=200)]
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    tautan: Annotated[str, Field(pattern=r"^https?://", max_length=500)] | None = None


class AjukanCuti(CommandModel):
    jenis: JenisCuti
    mulai: Tanggal
    selesai: Tanggal
    alasan: Annotated[str, Field(min_length=3, max_length=1000)]
    alamat_selama_cuti: Annotated[str, Field(min_length=5, max_length=500)]
    lampiran: Lampiran | None = None
    anak_ke: Annotated[int, Field(ge=1, le=20)] | None = Field(
        None, description="Cuti melahirkan: which child (1st to 3rd)")


class BeriPertimbangan(CommandModel):
    pertimbangan: Pertimbangan
    catatan: Annotated[str, Field(max_length=1000)] | None = None


class BeriKeputusan(CommandModel):
    hasil: HasilKeputusan
    alasan: Annotated[str, Field(min_length=3, max_length=1000)] | None = Field(
        None, description="Required unless DISETUJUI")
    mulai: Tanggal | None = Field(None, description="PERUBAHAN: the new first day")
    selesai: Tanggal | None = Field(None, description="PERUBAHAN: the new last day")


class Batalkan(CommandModel):
    alasan: Annotated[str, Field(min_length=3, max_length=500)]


class KoreksiSaldo(CommandModel):
    tahun: Annotated[int, Field(ge=2017, le=2100)]
    perubahan: Annotated[int, Field(ge=-60, le=60)]
    alasan: Annotated[str, Field(min_length=5, max_length=500)]


class CutiOut(BaseModel):
    id: uuid.UUID
    nip: str
    instansi_id: str
    unit_id: str
    jenis: str
    mulai: dt.date
    selesai: dt.date
    hari_kerja: int
    status: str
    aturan: str
    diteruskan_ke: list[str]
    pertimbangan: dict[str, Any] | None
    keputusan: dict[str, Any] | None
    pembatalan: dict[str, Any] | None
    mulai_final: dt.date
    selesai_final: dt.date
    hari_final: int
    surat_izin: dict[str, Any] | None = None
    alasan: str | None = None
    alamat_selama_cuti: str | None = None
    lampiran: dict[str, Any] | None = None
    anak_ke: int | None = None


class MutasiOut(BaseModel):
    tanggal: dt.date
    perubahan: int
    saldo: int
    kategori: str
    sumber: str
    keterangan: str


class SaldoOut(BaseModel):
    nip: str
    tahun: int
    dibuka: bool
    saldo: int = Field(description="Balance of cuti tahunan")
    tertunda: int = Field(description="Days requested and waiting for a decision")
    tersedia: int = Field(description="What a new request may still ask")
    hak: int
    dibawa: int = Field(description="Carried over from the year before (postponed days included)")
    dipakai: int
    ditangguhkan: int = Field(description="Days the official postponed this year (carry in full)")
    mutasi: list[MutasiOut]


class PesanOut(BaseModel):
    event_id: str
    cuti_id: str
    langkah: str
    pesan: str
    waktu: dt.datetime


def cuti_app(request: Request) -> CutiApplication:
    return request.app.state.cuti


def _actor(principal: Principal) -> str:
    if not principal.nip:
        raise Forbidden("this step needs a token that names your NIP")
    return principal.nip


def _cuti_visible(app: CutiApplication, principal: Principal, cuti_id: uuid.UUID) -> Cuti:
    """The request, or 404 for a request of another instansi (its existence is not told)."""
    cuti = app.get(cuti_id)
    if principal.nip != cuti.nip and not principal.may_read(cuti.instansi_id):
        raise CutiTidakDitemukan(f"no leave request {cuti_id}")
    return cuti


def _pegawai_visible(app: CutiApplication, principal: Principal, nip: str) -> None:
    if principal.nip == nip:
        return
    info = app.info(nip)
    if not principal.may_read(info.instansi_id):
        raise TidakDikenal(f"pegawai {nip} is not known to cuti (not registered in profile)")


def _penyetuju(cuti: Cuti) -> set[str]:
    """Who is or was asked to act on the request: they see its reason, address and attachment."""
    found = set(cuti.diteruskan_ke)
    if cuti.pertimbangan:
        found.add(cuti.pertimbangan["nip_atasan"])
    if cuti.keputusan:
        found.add(cuti.keputusan["nip_pejabat"])
    return found


def _out(app: CutiApplication, principal: Principal, cuti: Cuti) -> dict[str, Any]:
    personal = principal.nip == cuti.nip or principal.nip in _penyetuju(cuti) or (
        principal.has_any(Role.ADMIN_INSTANSI) and principal.instansi_id == cuti.instansi_id)
    surat = app.kotak_masuk.read(lambda conn, t: surat_untuk(conn, t, str(cuti.id)))
    out = CutiOut(
        id=cuti.id, nip=cuti.nip, instansi_id=cuti.instansi_id, unit_id=cuti.unit_id,
        jenis=cuti.jenis, mulai=cuti.mulai, selesai=cuti.selesai, hari_kerja=cuti.hari_kerja,
        status=cuti.status, aturan=cuti.aturan, diteruskan_ke=cuti.diteruskan_ke,
        pertimbangan=cuti.pertimbangan, keputusan=cuti.keputusan, pembatalan=cuti.pembatalan,
        mulai_final=cuti.mulai_final, selesai_final=cuti.selesai_final, hari_final=cuti.hari_final,
        surat_izin=surat,
        **({"alasan": cuti.alasan, "alamat_selama_cuti": cuti.alamat_selama_cuti,
            "lampiran": cuti.lampiran, "anak_ke": cuti.anak_ke} if personal else {}))
    return out.model_dump(mode="json")


def _command(request: Request, key: str | None, principal: Principal, body: BaseModel | None,
             status: int, run: Any) -> Any:
    payload = body.model_dump(mode="json") if body is not None else None
    return run_idempotent(request.app.state.engine, request, key, principal.subject, payload,
                          lambda: (status, run()))


@router.post("/cuti", status_code=201, response_model=CutiOut, response_model_exclude_none=True,
             summary="Request leave (for yourself)", responses=ERRORS)
def ajukan(body: AjukanCuti, request: Request, idempotency_key: IdempotencyKey = None,
           principal: Principal = Depends(require_roles(Role.PEGAWAI)),
           app: CutiApplication = Depends(cuti_app)) -> Any:
    nip = _actor(principal)
    info = app.info(nip)
    if not principal.may_write(info.instansi_id):
        raise Forbidden(f"your token is for instansi {principal.instansi_id}, you are in "
                        f"{info.instansi_id}")

    def run() -> dict[str, Any]:
        cuti = app.ajukan(nip, body.jenis, body.mulai, body.selesai, body.alasan,
                          body.alamat_selama_cuti,
                          body.lampiran.model_dump(exclude_none=True) if body.lampiran else None,
                          body.anak_ke)
        return _out(app, principal, cuti)
    return _command(request, idempotency_key, principal, body, 201, run)


@router.get("/cuti/{cuti_id}", response_model=CutiOut, response_model_exclude_none=True,
            summary="A leave request", responses=ERRORS)
def get_cuti(cuti_id: CutiId, principal: Principal = Depends(current_principal),
             app: CutiApplication = Depends(cuti_app)) -> Any:
    return _out(app, principal, _cuti_visible(app, principal, cuti_id))


@router.get("/pegawai/{nip}/cuti", response_model=list[CutiOut], response_model_exclude_none=True,
            summary="A pegawai's leave requests", responses=ERRORS)
def daftar(nip: NipPath, principal: Principal = Depends(current_principal),
           app: CutiApplication = Depends(cuti_app)) -> Any:
    _pegawai_visible(app, principal, nip)
    return [_out(app, principal, c) for c in app.daftar(nip)]


@router.post("/cuti/{cuti_id}/pertimbangan", response_model=CutiOut,
             response_model_exclude_none=True,
             summary="The atasan langsung's consideration (or the Plt/Plh acting for them)",
             responses=ERRORS)
def pertimbangan(cuti_id: CutiId, body: BeriPertimbangan, request: Request,
                 idempotency_key: IdempotencyKey = None,
                 principal: Principal = Depends(current_principal),
                 app: CutiApplication = Depends(cuti_app)) -> Any:
    _cuti_visible(app, principal, cuti_id)
    actor = _actor(principal)
    return _command(request, idempotency_key, principal, body, 200, lambda: _out(
        app, principal, app.pertimbangkan(cuti_id, actor, body.pertimbangan, body.catatan)))


@router.post("/cuti/{cuti_id}/keputusan", response_model=CutiOut, response_model_exclude_none=True,
             summary="The decision of the official with authority (or the Plt/Plh acting for "
                     "them): DISETUJUI, PERUBAHAN (new dates), DITANGGUHKAN, TIDAK_DISETUJUI",
             responses=ERRORS)
def keputusan(cuti_id: CutiId, body: BeriKeputusan, request: Request,
              idempotency_key: IdempotencyKey = None,
              principal: Principal = Depends(current_principal),
              app: CutiApplication = Depends(cuti_app)) -> Any:
    _cuti_visible(app, principal, cuti_id)
    actor = _actor(principal)
    return _command(request, idempotency_key, principal, body, 200, lambda: _out(
        app, principal, app.putuskan(cuti_id, actor, body.hasil, body.alasan, body.mulai,
                                     body.selesai)))


@router.post("/cuti/{cuti_id}/pembatalan", response_model=CutiOut, response_model_exclude_none=True,
             summary="Cancel your request or approved leave before it starts (the balance is "
                     "restored)", responses=ERRORS)
def pembatalan(cuti_id: CutiId, body: Batalkan, request: Request,
               idempotency_key: IdempotencyKey = None,
               principal: Principal = Depends(current_principal),
               app: CutiApplication = Depends(cuti_app)) -> Any:
    _cuti_visible(app, principal, cuti_id)
    actor = _actor(principal)
    return _command(request, idempotency_key, principal, body, 200, lambda: _out(
        app, principal, app.batalkan(cuti_id, actor, body.alasan)))


@router.get("/pegawai/{nip}/saldo", response_model=SaldoOut,
            summary="The cuti tahunan balance of a year, with every movement and its source",
            responses=ERRORS)
def saldo(nip: NipPath,
          tahun: Annotated[int | None, Query(ge=2017, le=2100, description="Default: this year")] = None,
          principal: Principal = Depends(current_principal),
          app: CutiApplication = Depends(cuti_app)) -> Any:
    _pegawai_visible(app, principal, nip)
    return app.saldo(nip, tahun or app.hari_ini().year)


@router.post("/pegawai/{nip}/saldo/koreksi", response_model=SaldoOut,
             summary="Correct a balance (e.g. what was carried before SIMPEG); ADMIN_INSTANSI",
             responses=ERRORS)
def koreksi(nip: NipPath, body: KoreksiSaldo, request: Request,
            idempotency_key: IdempotencyKey = None,
            principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
            app: CutiApplication = Depends(cuti_app)) -> Any:
    _pegawai_visible(app, principal, nip)
    if not principal.may_write(app.info(nip).instansi_id):
        raise Forbidden("an administrator corrects balances of their own instansi only")
    if body.perubahan == 0:
        raise DomainError("perubahan must not be 0", field="body.perubahan")
    return _command(request, idempotency_key, principal, body, 200, lambda: SaldoOut.model_validate(
        app.koreksi_saldo(nip, body.tahun, body.perubahan, body.alasan)).model_dump(mode="json"))


class TutupTahunOut(BaseModel):
    tahun: int
    dibuka: int
    sudah_dibuka: int
    dilewati: int


@router.post("/tutup-tahun/{tahun}", response_model=TutupTahunOut,
             summary="Yearly roll-over of your instansi: open the year's cuti tahunan with the "
                     "carry-over (running it twice changes nothing); ADMIN_INSTANSI",
             responses=ERRORS)
def tutup_tahun(tahun: Annotated[int, Path(ge=2017, le=2100)],
                principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
                app: CutiApplication = Depends(cuti_app)) -> Any:
    if principal.instansi_id is None:
        raise Forbidden("the token names no instansi")
    return {"tahun": tahun, **app.rollover(tahun, principal.instansi_id)}


@router.get("/kotak-masuk", response_model=list[PesanOut],
            summary="Your inbox: every step of your requests, and requests waiting for you",
            responses=responses(401, 403, 422))
def kotak_masuk(limit: Annotated[int, Query(ge=1, le=200)] = 50,
                principal: Principal = Depends(current_principal),
                app: CutiApplication = Depends(cuti_app)) -> Any:
    nip = _actor(principal)
    return app.kotak_masuk.read(lambda conn, t: pesan_untuk(conn, t, nip, limit))
