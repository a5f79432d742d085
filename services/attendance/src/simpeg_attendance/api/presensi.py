"""Check-in and check-out with a photo, the atasan's review queue, and the days of a pegawai."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from PIL import Image, UnidentifiedImageError
from pydantic import AwareDatetime, BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from simpeg_attendance.api.multipart import baca_form
from simpeg_attendance.application import AttendanceApplication, PegawaiTidakDikenal
from simpeg_attendance.domain.geo import Bujur, Lintang
from simpeg_attendance.domain.presensi import CheckIn
from simpeg_attendance.domain.risiko import pesan
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import DomainError, Forbidden, NotFound
from simpeg_shared.http import CommandModel, IdempotencyKey, current_principal, require_roles, responses
from simpeg_shared.http.idempotency import id_perintah, run_idempotent
from simpeg_shared.objects import JPEG, BerkasTidakValid, check_file
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/attendance/v1", tags=["presensi"])
NipPath = Annotated[str, Path(pattern=r"^\d{18}$", description="18-digit NIP")]
Image.MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs long before they decode
MULTIPART_SLACK = 64 * 1024           # room for the text fields around the photo


class PresensiForm(CommandModel):
    """The text fields of a check-in (the photo is the part ``foto``)."""

    jenis: Literal["MASUK", "PULANG"] = Field(description="MASUK: check-in; PULANG: check-out")
    lat: Lintang
    lon: Bujur
    akurasi_m: float = Field(ge=0, le=100_000, allow_inf_nan=False,
                             description="GPS accuracy reported by the phone, metres")
    perangkat_id: str = Field(min_length=4, max_length=200, pattern=r"^[A-Za-z0-9._:-]+$",
                              description="The app's device id (kept only as a hash)")
    lokasi_palsu: bool = Field(description="The phone's mock-location flag")
    waktu_ponsel: AwareDatetime = Field(description="The phone's clock when sending (evidence only)")
    waktu_ambil: AwareDatetime | None = Field(
        None, description="Offline capture: when the photo was taken (phone clock)")


class AlasanRisiko(BaseModel):
    kode: str
    bobot: int
    pesan: str


class CheckInOut(BaseModel):
    checkin_id: uuid.UUID
    nip: str
    jenis: str
    waktu: dt.datetime
    tanggal: dt.date
    unit_id: str
    zona_waktu: str
    lokasi_id: str | None
    jarak_meter: float | None
    menit_terlambat: int | None
    menit_pulang_cepat: int | None
    offline: bool
    skor_risiko: int
    alasan_risiko: list[AlasanRisiko]
    status: str
    review: dict[str, Any] | None = None

    @classmethod
    def of(cls, c: CheckIn, app: AttendanceApplication | None = None) -> CheckInOut:
        from simpeg_attendance.domain import aturan

        rules = aturan.risiko_pada(c.tanggal)
        return cls(checkin_id=c.id, nip=c.nip, jenis=c.jenis, waktu=c.waktu, tanggal=c.tanggal,
                   unit_id=c.unit_id, zona_waktu=c.zona_waktu, lokasi_id=c.lokasi_id,
                   jarak_meter=c.jarak_meter, menit_terlambat=c.menit_terlambat,
                   menit_pulang_cepat=c.menit_pulang_cepat, offline=c.offline,
                   skor_risiko=c.skor_risiko,
                   alasan_risiko=[AlasanRisiko(**a) for a in pesan(rules, c.alasan_risiko)],
                   status=c.status, review=c.review)


class Tinjauan(CommandModel):
    keputusan: Literal["DISETUJUI", "DITOLAK"]
    alasan: str = Field(min_length=5, max_length=1000, description="Shown to the pegawai")


def attendance_app(request: Request) -> AttendanceApplication:
    return request.app.state.attendance


def _actor(principal: Principal) -> str:
    if not principal.nip:
        raise Forbidden("this step needs a token that names your NIP")
    return principal.nip


def _periksa_foto(data: bytes, declared: str | None, max_bytes: int) -> None:
    """JPEG by its bytes (not by its name), within the limit, and a decodable picture."""
    try:
        check_file(data, declared_type=declared, allowed=frozenset({JPEG}), max_bytes=max_bytes)
    except BerkasTidakValid as exc:
        exc.field = "body.foto"
        exc.message = "the photo: " + exc.message
        raise
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != "JPEG":
                raise BerkasTidakValid("the photo is not a JPEG image", field="body.foto")
            width, height = img.size
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BerkasTidakValid("the photo is not a readable JPEG image; take it again",
                               field="body.foto") from None
    if min(width, height) < 64:
        raise BerkasTidakValid(f"the photo is {width}x{height} pixels; at least 64x64 is needed "
                               "to see a face", field="body.foto")


UPLOAD_OPENAPI = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["jenis", "lat", "lon", "akurasi_m", "perangkat_id",
                                   "lokasi_palsu", "waktu_ponsel", "foto"],
    "properties": {
        **{k: v for k, v in PresensiForm.model_json_schema()["properties"].items()},
        "foto": {"type": "string", "format": "binary", "description": "JPEG photo"},
    }}}}}}


@router.post("/presensi", status_code=201, response_model=CheckInOut,
             summary="Check in or out with a photo (multipart/form-data); the server's clock decides",
             responses=responses(400, 401, 403, 404, 409, 413, 415, 422),
             openapi_extra=UPLOAD_OPENAPI)
async def presensi(request: Request, idempotency_key: IdempotencyKey = None,
                   principal: Principal = Depends(require_roles(Role.PEGAWAI)),
                   app: AttendanceApplication = Depends(attendance_app)) -> Any:
    nip = _actor(principal)
    max_foto = request.app.state.max_foto_bytes
    fields, files = await baca_form(request, max_foto + MULTIPART_SLACK)
    try:
        form = PresensiForm.model_validate(fields)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None
    unknown = set(files) - {"foto"}
    if unknown:
        raise DomainError(f"unknown file part {sorted(unknown)[0]!r}: only 'foto' is accepted",
                          field=f"body.{sorted(unknown)[0]}")
    foto = files.get("foto")
    if foto is None:
        raise DomainError("the photo is missing: send it as the part 'foto' (JPEG)", field="body.foto")
    await run_in_threadpool(_periksa_foto, foto.data, foto.content_type, max_foto)
    payload = {**form.model_dump(mode="json"), "foto": hashlib.sha256(foto.data).hexdigest()}

    def command() -> tuple[int, Any]:
        checkin, _ = app.catat_presensi(nip=nip, foto=foto.data, **form.model_dump(),
                                        checkin_id=id_perintah(principal.subject, idempotency_key))
        return 201, CheckInOut.of(checkin).model_dump(mode="json")

    return await run_in_threadpool(run_idempotent, request.app.state.engine, request,
                                   idempotency_key, principal.subject, payload, command)


@router.get("/presensi/{checkin_id}", response_model=CheckInOut, summary="One check-in",
            responses=responses(401, 404, 422))
def get_presensi(checkin_id: uuid.UUID, principal: Principal = Depends(current_principal),
                 app: AttendanceApplication = Depends(attendance_app)) -> CheckInOut:
    missing = NotFound(f"no check-in {checkin_id}")
    try:
        checkin = app.get_checkin(checkin_id)
    except NotFound:
        raise missing from None
    if principal.nip != checkin.nip and not (
            principal.may_read(checkin.instansi_id) and principal.has_any(
                Role.ATASAN, Role.ADMIN_INSTANSI, Role.PEJABAT_BERWENANG, Role.BKN_PUSAT)):
        raise missing
    return CheckInOut.of(checkin)


@router.get("/review", summary="Check-ins waiting for your review (as atasan, Plt or Plh)",
            responses=responses(401, 403))
def antrean(principal: Principal = Depends(current_principal),
            app: AttendanceApplication = Depends(attendance_app)) -> list[dict[str, Any]]:
    from simpeg_attendance.domain import aturan

    rows = app.antrean_review(_actor(principal))
    out = []
    for r in rows:
        rules = aturan.risiko_pada(r["tanggal"])
        out.append({"checkin_id": r["checkin_id"], "nip": r["nip"], "tanggal": r["tanggal"],
                    "jenis": r["jenis"], "waktu": r["waktu"], "unit_id": r["unit_id"],
                    "lokasi_id": r["lokasi_id"], "jarak_meter": r["jarak_meter"],
                    "offline": r["offline"], "skor_risiko": r["skor_risiko"],
                    "alasan_risiko": pesan(rules, r["alasan_risiko"])})
    return out


@router.post("/review/{checkin_id}", response_model=CheckInOut,
             summary="Approve or reject a check-in waiting for review (with a reason)",
             responses=responses(401, 403, 404, 409, 422))
def tinjau(checkin_id: uuid.UUID, body: Tinjauan, request: Request,
           idempotency_key: IdempotencyKey = None,
           principal: Principal = Depends(current_principal),
           app: AttendanceApplication = Depends(attendance_app)) -> Any:
    actor = _actor(principal)

    def command() -> tuple[int, Any]:
        checkin = app.get_checkin(checkin_id)
        if not principal.may_write(checkin.instansi_id):
            raise NotFound(f"no check-in {checkin_id}")
        checkin = app.tinjau(checkin_id, actor, body.keputusan, body.alasan)
        return 200, CheckInOut.of(checkin).model_dump(mode="json")

    return run_idempotent(request.app.state.engine, request, idempotency_key, principal.subject,
                          body.model_dump(mode="json"), command)


@router.get("/harian/{nip}", summary="A pegawai's days (closed status), check-ins and discipline flags",
            responses=responses(401, 404, 422))
def harian(nip: NipPath, mulai: Annotated[IsoDate, Query()], selesai: Annotated[IsoDate, Query()],
           principal: Principal = Depends(current_principal),
           app: AttendanceApplication = Depends(attendance_app)) -> dict[str, Any]:
    if selesai < mulai or (selesai - mulai).days > 92:
        raise DomainError("mulai..selesai must be a range of at most 93 days", field="query.selesai")
    if principal.nip != nip:
        missing = PegawaiTidakDikenal(f"pegawai {nip} is not known to attendance")
        try:
            instansi = app.instansi_of(nip)
        except PegawaiTidakDikenal:
            raise missing from None
        if not principal.may_read(instansi) or not principal.has_any(
                Role.ATASAN, Role.ADMIN_INSTANSI, Role.PEJABAT_BERWENANG, Role.BKN_PUSAT):
            raise missing
    return app.harian(nip, mulai, selesai)


@router.post("/penutupan", summary="Close the days that are due now (the worker does this on its own)",
             responses=responses(401, 403))
def penutupan(principal: Principal = Depends(require_roles(Role.ADMIN_INSTANSI)),
              app: AttendanceApplication = Depends(attendance_app)) -> dict[str, Any]:
    return app.tutup()
