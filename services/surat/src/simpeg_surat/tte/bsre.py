"""A BSrE-style remote signing API (the national CA for government, Balai Sertifikasi
Elektronik): the PDF goes to the API with the official's identity and passphrase, and comes back
signed with the official's certificate held by the CA. The key never leaves the CA.

The request and response follow the shape of BSrE's e-sign client API (JSON with base64 files):
``POST {base}/api/v2/sign/pdf`` with ``{"nip", "passphrase", "signatureProperties": [...],
"file": [<base64>]}`` → ``{"file": [<base64>], "id": ...}``; 401/403/400 with an error message
when the passphrase or identity is refused. The exact field names of a deployment's API are set
here, in one place.
"""

from __future__ import annotations

import base64
from pathlib import Path

import httpx
from asn1crypto import x509
from pyhanko.keys import load_certs_from_pemder

from simpeg_surat.tte import PassphraseSalah, Pejabat, Penandatangan, PenandatanganTidakTersedia


class BsreSigner(Penandatangan):
    def __init__(self, base_url: str, *, client_id: str | None, client_secret: str | None,
                 trust_roots: Path | list[x509.Certificate] | None, timeout: float = 30.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.auth = (client_id, client_secret) if client_id and client_secret else None
        self._roots = trust_roots
        self.timeout = timeout
        self.transport = transport

    def tandatangani(self, pdf: bytes, pejabat: Pejabat, *, alasan: str, lokasi: str,
                     passphrase: str | None = None) -> bytes:
        if not passphrase:
            raise PassphraseSalah("signing through the national CA needs the official's "
                                  "passphrase", field="body.passphrase")
        body = {"nip": pejabat.nip, "passphrase": passphrase,
                "signatureProperties": [{"tampilan": "INVISIBLE", "reason": alasan,
                                         "location": lokasi}],
                "file": [base64.b64encode(pdf).decode()]}
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport,
                              auth=self.auth) as client:
                r = client.post(f"{self.base_url}/api/v2/sign/pdf", json=body)
        except httpx.HTTPError as exc:
            raise PenandatanganTidakTersedia(
                f"the signing service did not answer ({type(exc).__name__}); try again later") from None
        if r.status_code in (400, 401, 403):
            message = _error(r) or "identity or passphrase refused"
            raise PassphraseSalah(f"the signing service refused: {message}", field="body.passphrase")
        if r.status_code != 200:
            raise PenandatanganTidakTersedia(
                f"the signing service answered {r.status_code}; try again later")
        try:
            signed = base64.b64decode(r.json()["file"][0], validate=True)
        except (ValueError, KeyError, IndexError, TypeError):
            raise PenandatanganTidakTersedia("the signing service sent an unreadable answer") from None
        if not signed.startswith(b"%PDF-"):
            raise PenandatanganTidakTersedia("the signing service did not send back a PDF")
        return signed

    def trust_roots(self) -> list[x509.Certificate]:
        if self._roots is None:
            return []
        if isinstance(self._roots, list):
            return self._roots
        return list(load_certs_from_pemder([str(self._roots)]))


def _error(r: httpx.Response) -> str | None:
    try:
        data = r.json()
    except ValueError:
        return None
    if isinstance(data, dict):
        for key in ("error", "message", "detail"):
            if isinstance(data.get(key), str):
                return data[key][:200]
    return None
