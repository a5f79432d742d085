"""Letters: draft, paraf, return, revise, sign, archive, PDF, SRIKANDI export, inbox, numbers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field, SecretStr

from simpeg_shared.auth import Principal, Role
from simpeg_shared.contracts.surat import JenisSurat
from simpeg_shared.errors import Forbidden
from simpeg_shared.http import CommandModel, IdempotencyKey, current_principal, require_roles, responses
from simpeg_shared.http.idempotency import run_idempotent
from simpeg_surat import srikandi
from simpeg_surat.application import SuratApplication, SuratTidakDitemukan
from simpeg_surat.domain.surat import Surat
from simpeg_surat.projections import antrean
from simpeg_surat.projections.kotak_masuk import kotak_masuk
from simpeg_surat.templat import REF_PATTERN

router = APIRouter(prefix="/api/surat/v1", tags=["surat"])
ERRORS = responses(401, 403, 404, 409, 422)
PDF_RESPONSE = {200: {"content": {"application/pdf": {}}, "description": "The PDF"}}

Nip = Annotated[str, Field(pattern=r"^\d{18}$", description="18-digit NIP")]
Ref = Annotated[str, Field(pattern=REF_PATTERN,
                           description="An official: an 18-digit NIP or jabatan:<jabatan id>")]
Kode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z.\-]+$")]
Perihal = Annotated[str, Field(min_length=3, max_length=300)]
Paragraf = Annotated[str, Field(min_length=1, max_length=4000)]
JenisManual = Literal["NOTA_DINAS", "SURAT_TUGAS", "UNDANGAN", "LAINNYA"]


class DraftSurat(CommandModel):
    """A letter written by hand. Surat izin cuti and SK KGB are drafted from cuti's and KGB's
    requests, not here."""

    jenis: JenisManual
    perihal: Perihal
    isi: list[Paragraf] = Field(min_length=1, max_length=50, description="The body, by paragraph.")
    penerima: list[Nip] = Field(min_length=1, max_length=500)
    penandatangan: Ref
    paraf: list[Ref] | None = Field(None, max_length=10,
                                    description="The chain, in order; the instansi's default "
                                    "chain for the jenis when absent.")
    nip: Nip | None = Field(None, description="The pegawai the letter is about (surat tugas).")
    unit: Kode | None = Field(None, description="Number series; the jenis' default when absent.")
    klasifikasi: Kode | None = None


class Revisi(CommandModel):
    perihal: Perihal
    isi: list[Paragraf] = Field(min_length=1, max_length=50)
    penerima: list[Nip] = Field(min_length=1, max_length=500)


class Paraf(CommandModel):
    catatan: Annotated[str, Field(max_length=1000)] | None = None


class Pengembalian(CommandModel):
    alasan: Annotated[str, Field(min_length=5, max_length=1000,
                                 description="What the drafter must change.")]


class Tandatangan(CommandModel):
    passphrase: SecretStr | None = Field(None, max_length=200, description="The signer's "
                                         "passphrase, when the signing service asks for one "
                                         "(BSrE); never stored or logged.")


class SuratOut(BaseModel):
    id: uuid.UUID
    instansi_id: str
    jenis: JenisSurat
    status: str
    nip: str | None
    perihal: str
    unit: str
    klasifikasi: str
    paraf: list[str]
    paraf_diberikan: list[dict[str, Any]]
    langkah_berikut: str | None = Field(description="The official whose step is due.")
    penandatangan: str
    penerima: list[str]
    nomor: str | None
    sha256: str | None
    tanda_tangan: dict[str, Any] | None
    pengembalian: list[dict[str, Any]]
    sumber: str | None
    sumber_id: str | None
    verifikasi_url: str | None

    @classmethod
    def of(cls, s: Surat, app: SuratApplication) -> SuratOut:
        step = s.langkah_berikut()
        nxt = s.paraf[step] if step is not None else (
            s.penandatangan if s.status.value == "SIAP_TTD" else None)
        return cls(id=s.id, instansi_id=s.instansi_id, jenis=s.jenis, status=s.status.value,
                   nip=s.nip, perihal=s.perihal, unit=s.unit_id, klasifikasi=s.klasifikasi,
                   paraf=s.paraf, paraf_diberikan=s.paraf_diberikan, langkah_berikut=nxt,
                   penandatangan=s.penandatangan, penerima=s.penerima, nomor=s.nomor,
                   sha256=s.sha256, tanda_tangan=s.tanda_tangan,
                   pengembalian=s.riwayat_pengembalian, sumber=s.sumber, sumber_id=s.sumber_id,
                   verifikasi_url=app.verifikasi_url(s.id) if s.nomor else None)


def surat_app(request: Request) -> SuratApplication:
    return request.app.state.surat


def _actor(principal: Principal) -> str:
    if not principal.nip:
        raise Forbidden("this step needs a token that names your NIP")
    return principal.nip


def _visible(app: SuratApplication, principal: Principal, surat_id: uuid.UUID) -> Surat:
    surat = app.find(surat_id)
    if surat is None or not (principal.may_read(surat.instansi_id)
                             or principal.nip in surat.penerima or principal.nip == surat.nip):
        raise SuratTidakDitemukan(f"no letter {surat_id}")
    return surat


def _idempotent(request: Request, key: str | None, principal: Principal, payload: Any,
                app: SuratApplication, step: Any) -> Any:
    """Run a step of the workflow at most once per Idempotency-Key (ADR 0008)."""
    return run_idempotent(request.app.state.engine, request, key, principal.subject, payload,
                          lambda: (200, SuratOut.of(step(), app).model_dump(mode="json")))


def _writable(app: SuratApplication, principal: Principal, surat_id: uuid.UUID) -> Surat:
    surat = _visible(app, principal, surat_id)
    if not principal.may_write(surat.instansi_id):
        raise Forbidden("letters are handled by officials of their own instansi")
    return surat


@router.post("/surat", status_code=201, response_model=SuratOut, summary="Draft a letter",
             responses=ERRORS)
def draft(body: DraftSurat, request: Request, idempotency_key: IdempotencyKey = None,
          principal: Principal = Depends(current_principal),
          app: SuratApplication = Depends(surat_app)) -> Any:
    actor = _actor(principal)
    if principal.instansi_id is None or not principal.may_write(principal.instansi_id):
        raise Forbidden("drafting needs a token of an instansi")

    def command() -> tuple[int, Any]:
        surat = app.draft(instansi_id=principal.instansi_id, nip_konseptor=actor,  # type: ignore[arg-type]
                          **body.model_dump())
        return 201, SuratOut.of(surat, app).model_dump(mode="json")

    return run_idempotent(request.app.state.engine, request, idempotency_key, principal.subject,
                          body.model_dump(mode="json"), command)


@router.get("/surat/{surat_id}", response_model=SuratOut, summary="A letter and its steps",
            responses=ERRORS)
def get_surat(surat_id: uuid.UUID, principal: Principal = Depends(current_principal),
              app: SuratApplication = Depends(surat_app)) -> SuratOut:
    return SuratOut.of(_visible(app, principal, surat_id), app)


@router.put("/surat/{surat_id}", response_model=SuratOut,
            summary="Revise a draft (its paraf chain starts again)", responses=ERRORS)
def revise(surat_id: uuid.UUID, body: Revisi, request: Request,
           idempotency_key: IdempotencyKey = None,
           principal: Principal = Depends(current_principal),
           app: SuratApplication = Depends(surat_app)) -> Any:
    _writable(app, principal, surat_id)
    return _idempotent(request, idempotency_key, principal, body.model_dump(mode="json"), app,
                       lambda: app.revisi(surat_id, _actor(principal),
                                          admin=principal.has_any(Role.ADMIN_INSTANSI),
                                          **body.model_dump()))


@router.post("/surat/{surat_id}/paraf", response_model=SuratOut,
             summary="Initial the draft (the official of the step due, or their Plt/Plh)",
             responses=ERRORS)
def paraf(surat_id: uuid.UUID, request: Request, body: Paraf | None = None,
          idempotency_key: IdempotencyKey = None,
          principal: Principal = Depends(current_principal),
          app: SuratApplication = Depends(surat_app)) -> Any:
    _writable(app, principal, surat_id)
    catatan = body.catatan if body else None
    return _idempotent(request, idempotency_key, principal, {"catatan": catatan}, app,
                       lambda: app.paraf(surat_id, _actor(principal), catatan))


@router.post("/surat/{surat_id}/pengembalian", response_model=SuratOut,
             summary="Return the draft to its drafter with a reason", responses=ERRORS)
def kembalikan(surat_id: uuid.UUID, body: Pengembalian, request: Request,
               idempotency_key: IdempotencyKey = None,
               principal: Principal = Depends(current_principal),
               app: SuratApplication = Depends(surat_app)) -> Any:
    _writable(app, principal, surat_id)
    return _idempotent(request, idempotency_key, principal, body.model_dump(mode="json"), app,
                       lambda: app.kembalikan(surat_id, _actor(principal), body.alasan))


@router.post("/surat/{surat_id}/tanda-tangan", response_model=SuratOut,
             summary="Sign: the letter is numbered, rendered, signed (PAdES) and sent",
             responses=responses(401, 403, 404, 409, 422, 503))
def tandatangani(surat_id: uuid.UUID, request: Request, body: Tandatangan | None = None,
                 idempotency_key: IdempotencyKey = None,
                 principal: Principal = Depends(current_principal),
                 app: SuratApplication = Depends(surat_app)) -> Any:
    _writable(app, principal, surat_id)
    secret = body.passphrase.get_secret_value() if body and body.passphrase else None
    # The passphrase is no part of the request's fingerprint: it is never hashed or stored.
    return _idempotent(request, idempotency_key, principal, {"tanda_tangan": str(surat_id)}, app,
                       lambda: app.tandatangani(surat_id, _actor(principal), secret))


@router.post("/surat/{surat_id}/arsip", response_model=SuratOut,
             summary="Archive a sent letter", responses=ERRORS)
def arsipkan(surat_id: uuid.UUID, request: Request, idempotency_key: IdempotencyKey = None,
             principal: Principal = Depends(current_principal),
             app: SuratApplication = Depends(surat_app)) -> Any:
    surat = _writable(app, principal, surat_id)
    if principal.nip not in (surat.nip_konseptor, (surat.tanda_tangan or {}).get("nip")) \
            and not principal.has_any(Role.ADMIN_INSTANSI):
        raise Forbidden("the drafter, the signer or the instansi's admin archives a letter")
    return _idempotent(request, idempotency_key, principal, {"arsip": str(surat_id)}, app,
                       lambda: app.arsipkan(surat_id, principal.nip))


@router.get("/surat/{surat_id}/pdf", response_class=Response, summary="The signed PDF",
            responses={**PDF_RESPONSE, **ERRORS})
def pdf(surat_id: uuid.UUID, principal: Principal = Depends(current_principal),
        app: SuratApplication = Depends(surat_app)) -> Response:
    surat = _visible(app, principal, surat_id)
    return Response(app.pdf(surat), media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="surat-{surat.id}.pdf"'})


@router.get("/surat/{surat_id}/pratinjau", response_class=Response,
            summary="The draft as PDF, marked KONSEP", responses={**PDF_RESPONSE, **ERRORS})
def pratinjau(surat_id: uuid.UUID, principal: Principal = Depends(current_principal),
              app: SuratApplication = Depends(surat_app)) -> Response:
    _visible(app, principal, surat_id)
    return Response(app.pratinjau(surat_id), media_type="application/pdf")


@router.get("/surat/{surat_id}/srikandi", response_class=Response,
            summary="The signed letter and its metadata as a SRIKANDI-shaped zip",
            responses={200: {"content": {"application/zip": {}}, "description": "The package"},
                       **ERRORS})
def ekspor_srikandi(surat_id: uuid.UUID, principal: Principal = Depends(current_principal),
                    app: SuratApplication = Depends(surat_app)) -> Response:
    surat = _visible(app, principal, surat_id)
    data = srikandi.paket(surat, app.pdf(surat), app.verifikasi_url(surat.id))
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="srikandi-{surat.id}.zip"'})


class MasukOut(BaseModel):
    surat_id: uuid.UUID
    instansi_id: str
    jenis: str
    nomor: str
    perihal: str
    sha256: str
    diterima_pada: dt.datetime
    diarsipkan: bool


@router.get("/kotak-masuk", response_model=list[MasukOut], summary="Letters sent to you",
            responses=responses(401, 403, 422))
def inbox(request: Request, principal: Principal = Depends(current_principal)) -> Any:
    nip = _actor(principal)
    store = request.app.state.kotak_masuk
    return store.read(lambda conn, t: kotak_masuk(conn, t, nip))


class TugasOut(BaseModel):
    surat_id: uuid.UUID
    jenis: str
    perihal: str
    tahap: Literal["PARAF", "TTD", "DIKEMBALIKAN"]
    langkah: str | None
    urutan: int | None = Field(description="The paraf step due (1-based); None for the signature")
    sejak: dt.datetime


@router.get("/tugas", response_model=list[TugasOut],
            summary="Letters waiting for you: your paraf, your signature, or your returned drafts",
            responses=responses(401, 403, 422))
def tugas(request: Request, principal: Principal = Depends(current_principal),
          app: SuratApplication = Depends(surat_app)) -> Any:
    nip = _actor(principal)
    if principal.instansi_id is None:
        raise Forbidden("the task list needs a token of an instansi")
    instansi = principal.instansi_id
    refs = app.refs_of(instansi, nip, app.hari_ini(app.katalog.instansi(instansi)))
    return request.app.state.antrean.read(lambda conn, t: antrean.tugas(conn, t, instansi, refs, nip))


class AmbilNomor(CommandModel):
    unit: Kode
    klasifikasi: Kode
    keterangan: Annotated[str, Field(min_length=3, max_length=255,
                                     description="What the number is for (perihal).")]


class NomorOut(BaseModel):
    nomor: str
    urut: int
    unit: str
    tahun: int
    klasifikasi: str


@router.post("/nomor", status_code=201, response_model=NomorOut,
             summary="Take the next number of a series for a letter made outside SIMPEG",
             responses=ERRORS)
def ambil_nomor(body: AmbilNomor, request: Request, idempotency_key: IdempotencyKey = None,
                principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
                app: SuratApplication = Depends(surat_app)) -> Any:
    if principal.instansi_id is None:
        raise Forbidden("taking a number needs a token of an instansi")

    def command() -> tuple[int, Any]:
        n = app.ambil_nomor(instansi_id=principal.instansi_id, **body.model_dump())  # type: ignore[arg-type]
        return 201, NomorOut(nomor=n.nomor, urut=n.urut, unit=n.unit, tahun=n.tahun,
                             klasifikasi=n.klasifikasi).model_dump(mode="json")

    return run_idempotent(request.app.state.engine, request, idempotency_key, principal.subject,
                          body.model_dump(mode="json"), command)


@router.get("/nomor", response_model=list[NomorOut], summary="The number register of a year",
            responses=ERRORS)
def register(tahun: Annotated[int, Query(ge=2000, le=2100)],
             unit: Annotated[str | None, Query(max_length=32, pattern=r"^[0-9A-Za-z.\-]+$")] = None,
             principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
             app: SuratApplication = Depends(surat_app)) -> Any:
    if principal.instansi_id is None:
        raise Forbidden("the register needs a token of an instansi")
    return [NomorOut(nomor=n.nomor, urut=n.urut, unit=n.unit, tahun=n.tahun,
                     klasifikasi=n.klasifikasi)
            for n in app.penomoran.register(principal.instansi_id, tahun, unit)]
