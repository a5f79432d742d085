"""SKP, monthly realisation, the atasan's evaluation and the yearly evaluation."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from simpeg_kinerja.application import (KinerjaApplication, PenilaianTidakDitemukan, SkpTidakDitemukan,
                                        TidakDikenal)
from simpeg_kinerja.domain.penilaian import PenilaianPeriodik
from simpeg_kinerja.domain.predikat import Rating
from simpeg_kinerja.domain.skp import Skp
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import Forbidden
from simpeg_shared.http import CommandModel, current_principal, require_roles, responses

router = APIRouter(prefix="/api/kinerja/v1", tags=["kinerja"])

NipPath = Annotated[str, Path(pattern=r"^\d{18}$", description="18-digit NIP")]
Tahun = Annotated[int, Path(ge=2020, le=2100)]
Bulan = Annotated[int, Path(ge=1, le=12)]
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Teks = Annotated[str, Field(min_length=1, max_length=2000)]
ERRORS = responses(401, 403, 404, 409, 422)


class Indikator(CommandModel):
    indikator: Teks
    target: Annotated[str, Field(min_length=1, max_length=200)]
    satuan: Annotated[str, Field(min_length=1, max_length=50)]


class RencanaHasilKerja(CommandModel):
    item_id: Id
    rencana_hasil_kerja: Teks
    indikator: list[Indikator] = Field(min_length=1, max_length=10)
    mendukung_item_id: Id | None = Field(None, description="The atasan's SKP item this supports (cascading)")


class DraftSkp(CommandModel):
    items: list[RencanaHasilKerja] = Field(min_length=1, max_length=30)


class Bukti(CommandModel):
    keterangan: Teks | None = None
    tautan: Annotated[str, Field(pattern=r"^https?://", max_length=500)] | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] | None = None


class Realisasi(CommandModel):
    item_id: Id
    realisasi: Teks
    bukti: list[Bukti] = Field(default_factory=list, max_length=10)


class LaporRealisasi(CommandModel):
    realisasi: list[Realisasi] = Field(min_length=1, max_length=30)


class Nilai(CommandModel):
    hasil: Rating = Field(description="Hasil kerja against expectation")
    perilaku: Rating = Field(description="Perilaku kerja (BerAKHLAK) against expectation")
    perilaku_rinci: dict[str, Rating] = Field(default_factory=dict,
                                              description="Optional rating per BerAKHLAK value")
    umpan_balik: Annotated[str, Field(max_length=2000)] | None = None


class Koreksi(Nilai):
    alasan: Annotated[str, Field(min_length=5, max_length=1000)]


class SkpOut(BaseModel):
    id: uuid.UUID
    nip: str
    tahun: int
    instansi_id: str
    status: str
    items: list[dict[str, Any]]
    nip_penyetuju: str | None

    @classmethod
    def of(cls, s: Skp) -> SkpOut:
        return cls(id=s.id, nip=s.nip, tahun=s.tahun, instansi_id=s.instansi_id, status=s.status.value,
                   items=s.items, nip_penyetuju=s.nip_penyetuju)


class PenilaianOut(BaseModel):
    nip: str
    tahun: int
    bulan: int
    status: str
    realisasi: list[dict[str, Any]]
    rating: dict[str, Any] | None
    predikat: str | None
    revisi: int

    @classmethod
    def of(cls, p: PenilaianPeriodik) -> PenilaianOut:
        return cls(nip=p.nip, tahun=p.tahun, bulan=p.bulan, status=p.status.value,
                   realisasi=p.realisasi, rating=p.rating, predikat=getattr(p, "predikat", None),
                   revisi=p.revisi)


def kinerja_app(request: Request) -> KinerjaApplication:
    return request.app.state.kinerja


def _own(principal: Principal, nip: str) -> None:
    if principal.nip != nip:
        raise Forbidden("a pegawai drafts and reports only their own SKP")


def _actor(principal: Principal) -> str:
    if not principal.nip:
        raise Forbidden("this step needs a token that names your NIP")
    return principal.nip


def _visible(app: KinerjaApplication, principal: Principal, nip: str, missing: Exception) -> None:
    if principal.nip == nip:
        return
    try:
        instansi = app.instansi_of(nip)
    except TidakDikenal:
        raise missing from None
    if not principal.may_read(instansi):
        raise missing


@router.put("/skp/{nip}/{tahun}", response_model=SkpOut, summary="Draft (or revise) your SKP",
            responses=ERRORS)
def draft_skp(nip: NipPath, tahun: Tahun, body: DraftSkp,
              principal: Principal = Depends(require_roles(Role.PEGAWAI)),
              app: KinerjaApplication = Depends(kinerja_app)) -> SkpOut:
    _own(principal, nip)
    return SkpOut.of(app.draft_skp(nip, tahun, [i.model_dump() for i in body.items]))


@router.get("/skp/{nip}/{tahun}", response_model=SkpOut, summary="An SKP", responses=ERRORS)
def get_skp(nip: NipPath, tahun: Tahun, principal: Principal = Depends(current_principal),
            app: KinerjaApplication = Depends(kinerja_app)) -> SkpOut:
    _visible(app, principal, nip, SkpTidakDitemukan(f"no SKP {tahun} for {nip}"))
    return SkpOut.of(app.get_skp(nip, tahun))


@router.post("/skp/{nip}/{tahun}/persetujuan", response_model=SkpOut,
             summary="Agree an SKP (the atasan or their Plt/Plh)", responses=ERRORS)
def agree_skp(nip: NipPath, tahun: Tahun, principal: Principal = Depends(current_principal),
              app: KinerjaApplication = Depends(kinerja_app)) -> SkpOut:
    return SkpOut.of(app.agree_skp(nip, tahun, _actor(principal)))


@router.put("/penilaian/{nip}/{tahun}/{bulan}/realisasi", response_model=PenilaianOut,
            summary="Report (or revise) a month's realisation", responses=ERRORS)
def realisasi(nip: NipPath, tahun: Tahun, bulan: Bulan, body: LaporRealisasi,
              principal: Principal = Depends(require_roles(Role.PEGAWAI)),
              app: KinerjaApplication = Depends(kinerja_app)) -> PenilaianOut:
    _own(principal, nip)
    return PenilaianOut.of(app.submit_realisasi(nip, tahun, bulan,
                                                [r.model_dump(exclude_none=True) for r in body.realisasi]))


@router.get("/penilaian/{nip}/{tahun}/{bulan}", response_model=PenilaianOut,
            summary="A month's realisation and evaluation", responses=ERRORS)
def get_penilaian(nip: NipPath, tahun: Tahun, bulan: Bulan,
                  principal: Principal = Depends(current_principal),
                  app: KinerjaApplication = Depends(kinerja_app)) -> PenilaianOut:
    _visible(app, principal, nip, PenilaianTidakDitemukan(f"no realisation of {nip} for {tahun}-{bulan:02d}"))
    return PenilaianOut.of(app.get_penilaian(nip, tahun, bulan))


@router.post("/penilaian/{nip}/{tahun}/{bulan}/nilai", response_model=PenilaianOut,
             summary="Rate a month (the atasan or their Plt/Plh)", responses=ERRORS)
def nilai(nip: NipPath, tahun: Tahun, bulan: Bulan, body: Nilai,
          principal: Principal = Depends(current_principal),
          app: KinerjaApplication = Depends(kinerja_app)) -> PenilaianOut:
    return PenilaianOut.of(app.rate(nip, tahun, bulan, _actor(principal), **body.model_dump()))


@router.post("/penilaian/{nip}/{tahun}/{bulan}/finalisasi", response_model=PenilaianOut,
             summary="Make a month's evaluation final: its predikat is published", responses=ERRORS)
def finalisasi(nip: NipPath, tahun: Tahun, bulan: Bulan,
               principal: Principal = Depends(current_principal),
               app: KinerjaApplication = Depends(kinerja_app)) -> PenilaianOut:
    return PenilaianOut.of(app.finalize(nip, tahun, bulan, _actor(principal)))


@router.post("/penilaian/{nip}/{tahun}/{bulan}/koreksi", response_model=PenilaianOut,
             summary="Correct a final evaluation (a new revisi; the old one stays in history)",
             responses=ERRORS)
def koreksi(nip: NipPath, tahun: Tahun, bulan: Bulan, body: Koreksi,
            principal: Principal = Depends(current_principal),
            app: KinerjaApplication = Depends(kinerja_app)) -> PenilaianOut:
    return PenilaianOut.of(app.correct(nip, tahun, bulan, _actor(principal), **body.model_dump()))


class TahunanOut(BaseModel):
    nip: str
    tahun: int
    hasil: str
    perilaku: str
    predikat: str


@router.post("/penilaian-tahunan/{nip}/{tahun}", response_model=TahunanOut, status_code=201,
             summary="The yearly evaluation (final at once)", responses=ERRORS)
def tahunan(nip: NipPath, tahun: Tahun, body: Nilai, principal: Principal = Depends(current_principal),
            app: KinerjaApplication = Depends(kinerja_app)) -> TahunanOut:
    t = app.finalize_tahunan(nip, tahun, _actor(principal), body.hasil, body.perilaku, body.umpan_balik)
    return TahunanOut(nip=t.nip, tahun=t.tahun, hasil=t.hasil, perilaku=t.perilaku, predikat=t.predikat)


class Terlambat(BaseModel):
    nip: str
    tahun: int
    bulan: int
    nip_atasan: str
    batas: dt.date


@router.get("/penilaian/terlambat", response_model=list[Terlambat],
            summary="Months your staff's staff still wait for: evaluations past their deadline",
            responses=responses(401, 403, 422))
def terlambat(principal: Principal = Depends(current_principal),
              app: KinerjaApplication = Depends(kinerja_app)) -> list[dict[str, Any]]:
    return app.terlambat(_actor(principal))
