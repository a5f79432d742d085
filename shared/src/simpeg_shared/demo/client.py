"""An HTTP client of the gateway for the demo loader: real tokens, retries, Retry-After.

Tokens are minted with the local dev key (``simpeg_shared.devkeys``), exactly as the dev
identity provider's own tokens are: same issuer, audience and key. The loader acts as a
service account per instansi (``demo-loader@<instansi>``, role ADMIN_INSTANSI) for the
administrator's writes and as each pegawai (their NIP) for what a pegawai does themself.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from simpeg_shared.devkeys import issue_token


class DemoError(RuntimeError):
    pass


class Gateway:
    def __init__(self, url: str, var_dir: Path, issuer: str, audience: str,
                 timeout: float = 60) -> None:
        self.url = url.rstrip("/")
        self.var_dir = var_dir
        self.issuer, self.audience = issuer, audience
        self._local = threading.local()
        self._tokens: dict[tuple[str, ...], str] = {}
        self._lock = threading.Lock()
        self.timeout = timeout
        self.requests = 0

    @property
    def http(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = self._local.client = httpx.Client(base_url=self.url, timeout=self.timeout)
        return client

    def token(self, roles: list[str], instansi: str | None, nip: str | None = None,
              subject: str | None = None) -> str:
        key = (",".join(roles), instansi or "", nip or "", subject or "")
        with self._lock:
            if key not in self._tokens:
                self._tokens[key] = issue_token(
                    self.var_dir, issuer=self.issuer, audience=self.audience, roles=roles,
                    instansi=instansi, nip=nip, subject=subject, ttl=dt.timedelta(hours=4))
            return self._tokens[key]

    def admin(self, instansi: str) -> str:
        return self.token(["ADMIN_INSTANSI"], instansi, subject=f"demo-loader@{instansi}")

    def sebagai(self, instansi: str, nip: str, *roles: str) -> str:
        return self.token(["PEGAWAI", *roles], instansi, nip=nip)

    def call(self, method: str, path: str, token: str | None, *, ok: tuple[int, ...] = (200, 201),
             missing_ok: bool = False, idempotency_key: str | None = None,
             **kw: Any) -> httpx.Response:
        """One request; 429 waits for Retry-After, 502/503/504 and connection errors retry.
        A 404 is returned when ``missing_ok``; any other unexpected status raises."""
        headers = dict(kw.pop("headers", {}) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        last: str = ""
        for attempt in range(30):
            try:
                r = self.http.request(method, path, headers=headers, **kw)
            except httpx.TransportError as exc:
                last = repr(exc)
                time.sleep(min(0.2 * (attempt + 1), 2))
                continue
            self.requests += 1
            if r.status_code == 429:
                time.sleep(float(r.headers.get("Retry-After", "1") or 1))
                continue
            if r.status_code in (502, 503, 504):
                last = f"{r.status_code} {r.text[:300]}"
                time.sleep(min(0.2 * (attempt + 1), 2))
                continue
            if r.status_code in ok or (missing_ok and r.status_code == 404):
                return r
            raise DemoError(f"{method} {path}: {r.status_code} {r.text[:600]}")
        raise DemoError(f"{method} {path}: gave up after retries ({last})")
