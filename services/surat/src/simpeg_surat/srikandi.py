"""Export of a signed letter in a SRIKANDI-shaped package (adapter).

SRIKANDI (Sistem Informasi Kearsipan Dinamis Terintegrasi, ANRI) exchanges *naskah dinas* as the
document with its metadata. The package is a zip holding ``naskah/<nomor>.pdf`` (the signed PDF,
unchanged), ``metadata.json`` (the letter's registration data: number, date, classification,
subject, sender, signer, recipients, the file's SHA-256) and ``manifest-sha256.txt`` (BagIt-style
checksums of both). The field names are kept in this one module, so matching a deployment's
import format is a change here only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from typing import Any

from simpeg_surat.domain.surat import Surat

FORMAT = "simpeg-srikandi-naskah/1"
_FIXED = (2020, 1, 1, 0, 0, 0)  # zip entry times: the same letter exports byte-identically


def _nama_berkas(nomor: str) -> str:
    return re.sub(r"[^0-9A-Za-z.\-]+", "_", nomor) + ".pdf"


def metadata(surat: Surat, pdf: bytes, verifikasi_url: str) -> dict[str, Any]:
    ttd = surat.tanda_tangan or {}
    pada = ttd.get("pada")
    if isinstance(pada, str):
        pada = dt.datetime.fromisoformat(pada)
    return {
        "format": FORMAT,
        "naskah": {
            "id": str(surat.id),
            "nomor": surat.nomor,
            "tanggal": pada.date().isoformat() if pada else None,
            "jenis_naskah": surat.jenis,
            "hal": surat.perihal,
            "klasifikasi": surat.klasifikasi,
            "sifat": "BIASA",
            "unit_pengolah": surat.unit_id,
            "instansi": surat.instansi_id,
        },
        "penandatangan": {"nip": ttd.get("nip"), "nama": ttd.get("nama"),
                          "jabatan": ttd.get("jabatan"), "sebagai": ttd.get("sebagai"),
                          "waktu": pada.isoformat() if pada else None,
                          "jenis_tanda_tangan": "PAdES"},
        "penerima": [{"nip": nip} for nip in surat.penerima],
        "berkas": [{"nama": f"naskah/{_nama_berkas(surat.nomor or str(surat.id))}",
                    "media_type": "application/pdf", "ukuran": len(pdf),
                    "sha256": hashlib.sha256(pdf).hexdigest()}],
        "verifikasi_url": verifikasi_url,
    }


def paket(surat: Surat, pdf: bytes, verifikasi_url: str) -> bytes:
    meta = metadata(surat, pdf, verifikasi_url)
    meta_bytes = json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True).encode()
    pdf_name = meta["berkas"][0]["nama"]
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                       for name, data in ((pdf_name, pdf), ("metadata.json", meta_bytes)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in ((pdf_name, pdf), ("metadata.json", meta_bytes),
                           ("manifest-sha256.txt", manifest.encode())):
            z.writestr(zipfile.ZipInfo(name, date_time=_FIXED), data)
    return buf.getvalue()
