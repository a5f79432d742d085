"""A profile API on a fresh database, and the people of one instansi with their tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from simpeg_shared.testing import auth

INSTANSI = "pemkot-bandung"
NIP = {
    "pegawai": "199001012015032002",
    "verifikator": "198706122012011003",
    "pejabat": "197502201998031004",
    "lain": "199203142016021005",
}
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class Api:
    client: httpx.AsyncClient
    runtime: Any
    tokens: dict[str, dict[str, str]]

    async def post(self, who: str, url: str, body: Any = None, **kw: Any) -> httpx.Response:
        return await self.client.post(url, json=body, headers=self.tokens[who], **kw)

    async def get(self, who: str, url: str, **kw: Any) -> httpx.Response:
        return await self.client.get(url, headers=self.tokens[who], **kw)


@pytest.fixture
async def api(make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> AsyncIterator[Api]:
    runtime = make_runtime("profile")
    tokens = {
        "admin": auth(make_token("ADMIN_INSTANSI", instansi=INSTANSI)),
        "pegawai": auth(make_token("PEGAWAI", instansi=INSTANSI, nip=NIP["pegawai"])),
        "verifikator": auth(make_token("PEGAWAI", "VERIFIKATOR", instansi=INSTANSI, nip=NIP["verifikator"])),
        "pejabat": auth(make_token("PEGAWAI", "PEJABAT_BERWENANG", instansi=INSTANSI, nip=NIP["pejabat"])),
        "lain": auth(make_token("PEGAWAI", instansi=INSTANSI, nip=NIP["lain"])),
        # the pegawai holding officer roles too: still may not pass their own usulan
        "pegawai_as_officer": auth(make_token("PEGAWAI", "VERIFIKATOR", "PEJABAT_BERWENANG",
                                              instansi=INSTANSI, nip=NIP["pegawai"])),
        "verifikator_other": auth(make_token("VERIFIKATOR", "PEJABAT_BERWENANG", instansi="pemkab-sleman",
                                             nip="198801012010011006")),
        "bkn": auth(make_token("BKN_PUSAT", instansi=None)),
    }
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()),
                                 base_url="http://profile") as client:
        a = Api(client, runtime, tokens)
        for who, nip in NIP.items():
            r = await a.post("admin", "/api/profile/v1/pegawai", {
                "nip": nip, "nama": f"{who.title()} Test", "instansi_id": INSTANSI, "unit_id": "setda"})
            assert r.status_code == 201, r.text
        yield a
