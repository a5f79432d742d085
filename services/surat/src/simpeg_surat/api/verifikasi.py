"""The public verification page the QR code on every signed letter opens: no token needed.

``GET /api/surat/v1/verifikasi/{id}`` shows the letter's number, signer and signing time and
whether the stored file's hash matches the one recorded at signing and its signature validates.
``POST`` the same path with a PDF as the raw body to check a copy someone holds: a single changed
byte gives "does not match". HTML for browsers (the QR code), JSON for everyone else.
Nothing of the letter's content is shown here.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from simpeg_shared.http import responses
from simpeg_shared.objects import PDF, check_file, read_body, upload_openapi
from simpeg_surat.api.surat import surat_app
from simpeg_surat.application import SuratApplication

router = APIRouter(prefix="/api/surat/v1", tags=["verifikasi"])


class HasilTandaTangan(BaseModel):
    valid: bool
    utuh: bool
    terpercaya: bool
    seluruh_dokumen: bool
    penanda_tangan: str | None
    ditandatangani_pada: dt.datetime | None
    pesan: str
    cap_waktu: dt.datetime | None = Field(None, description="Time from a trusted time-stamping "
                                          "authority in the signature (PAdES B-T)")


class Berkas(BaseModel):
    sumber: str
    ada: bool
    sha256: str | None
    hash_cocok: bool
    tanda_tangan: HasilTandaTangan | None


class VerifikasiOut(BaseModel):
    surat_id: uuid.UUID
    nomor: str | None
    jenis: str
    instansi_id: str
    status: str
    penandatangan: dict[str, Any]
    ditandatangani_pada: dt.datetime
    waktu_setempat: str = Field(description="The signing time in the instansi's zone (WIB/WITA/WIT)")
    sha256_tercatat: str
    berkas: Berkas
    sah: bool


def _wants_html(request: Request, format: str | None) -> bool:
    if format is not None:
        return format == "html"
    return "text/html" in request.headers.get("accept", "")


def _page(v: dict[str, Any]) -> str:
    e = html.escape
    ttd, berkas = v["penandatangan"], v["berkas"]
    sebagai = {"PLT": "Plt. ", "PLH": "Plh. "}.get(ttd["sebagai"], "")
    sig = berkas["tanda_tangan"]
    verdict = ("SAH: berkas cocok dengan yang ditandatangani dan tanda tangannya valid"
               if v["sah"] else "TIDAK SAH: " + (
                   "berkas tidak cocok dengan yang ditandatangani" if not berkas["hash_cocok"]
                   else (sig or {}).get("pesan", "tanda tangan tidak valid")))
    colour = "#1b6e20" if v["sah"] else "#b00020"
    rows = [("Nomor", v["nomor"]), ("Jenis", v["jenis"].replace("_", " ").title()),
            ("Ditandatangani oleh", ttd["nama"]), ("NIP", ttd["nip"]),
            ("Jabatan", sebagai + (ttd["jabatan"] or "-")),
            ("Waktu", v["waktu_setempat"]),
            ("Cap waktu (TSA)", sig["cap_waktu"].isoformat(timespec="seconds")
             if sig and sig.get("cap_waktu") else "-"),
            ("SHA-256 tercatat", v["sha256_tercatat"]),
            ("SHA-256 berkas", berkas["sha256"] or "-"),
            ("Berkas diperiksa", "unggahan Anda" if berkas["sumber"] == "UNGGAHAN" else "arsip SIMPEG")]
    table = "".join(f"<tr><th>{e(k)}</th><td>{e(str(val))}</td></tr>" for k, val in rows)
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Verifikasi surat {e(v["nomor"] or "")}</title>
<style>body{{font-family:sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}}
th{{text-align:left;padding-right:1rem;vertical-align:top}}td{{word-break:break-all}}
.v{{color:#fff;background:{colour};padding:.8rem;border-radius:.3rem}}</style></head>
<body><h1>Verifikasi surat elektronik</h1>
<p class="v" id="hasil">{e(verdict)}</p>
<table>{table}</table>
<h2>Periksa salinan Anda</h2>
<p>Pilih berkas PDF surat ini untuk membandingkannya dengan yang ditandatangani.</p>
<input type="file" id="berkas" accept="application/pdf">
<pre id="keluaran"></pre>
<script>
document.getElementById("berkas").addEventListener("change", async (ev) => {{
  const file = ev.target.files[0]; if (!file) return;
  const r = await fetch(location.pathname, {{method: "POST", body: file,
    headers: {{"Content-Type": "application/pdf", "Accept": "application/json"}}}});
  const j = await r.json();
  document.getElementById("keluaran").textContent = j.sah
    ? "SAH: salinan ini sama dengan surat yang ditandatangani."
    : "TIDAK SAH: " + (j.detail || (j.berkas && j.berkas.tanda_tangan && j.berkas.tanda_tangan.pesan)
                       || "salinan ini berbeda dari surat yang ditandatangani.");
}});
</script></body></html>"""


def _answer(request: Request, result: dict[str, Any], format: str | None) -> Any:
    out = VerifikasiOut.model_validate(result)
    if _wants_html(request, format):
        return HTMLResponse(_page(out.model_dump()))
    return JSONResponse(out.model_dump(mode="json"))


FORMAT = Query(None, pattern="^(html|json)$", description="html or json; by Accept when absent")
ANSWERS = {200: {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/VerifikasiOut"}},
                             "text/html": {}},
                 "description": "The verification"}}


@router.get("/verifikasi/{surat_id}", response_model=VerifikasiOut,
            summary="Public: verify a signed letter (opened by its QR code)",
            responses={**ANSWERS, **responses(404, 422)})
def verifikasi(surat_id: uuid.UUID, request: Request, format: str | None = FORMAT,
               app: SuratApplication = Depends(surat_app)) -> Any:
    return _answer(request, app.verifikasi(surat_id), format)


@router.post("/verifikasi/{surat_id}", response_model=VerifikasiOut,
             summary="Public: check a copy of a signed letter (the PDF as the raw body)",
             responses={**ANSWERS, **responses(404, 413, 422)},
             openapi_extra=upload_openapi(frozenset({PDF})))
async def verifikasi_berkas(surat_id: uuid.UUID, request: Request, format: str | None = FORMAT,
                            app: SuratApplication = Depends(surat_app)) -> Any:
    data = await read_body(request, max_bytes=app.max_pdf_bytes)
    check_file(data, declared_type=request.headers.get("content-type"),
               allowed=frozenset({PDF}), max_bytes=app.max_pdf_bytes)
    result = await run_in_threadpool(app.verifikasi, surat_id, data)
    return _answer(request, result, format)
