"""Found by the bad-input corpus (tests/corpus): a mutasi dated by a number (``"tmt": 1755388800``,
read by pydantic as a Unix time) was recorded, and names with a NUL, a right-to-left override or
nothing but zero-width spaces were accepted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from simpeg_shared.testing import auth

NIP = "198503152010011001"
PEGAWAI = {"nip": NIP, "nama": "Budi Santoso", "instansi_id": "pemkot-bandung", "unit_id": "setda"}


@pytest.mark.parametrize(("path", "body", "field"), [
    (f"/api/profile/v1/pegawai/{NIP}/mutasi",
     {"instansi_id": "pemkot-bandung", "unit_id": "dinkes", "tmt": 1755388800}, "tmt"),
    (f"/api/profile/v1/pegawai/{NIP}/mutasi",
     {"instansi_id": "pemkot-bandung", "unit_id": "dinkes", "tmt": "0"}, "tmt"),
    ("/api/profile/v1/pegawai", {**PEGAWAI, "nip": "198503152010011002", "nama": "Budi\x00Santoso"},
     "nama"),
    ("/api/profile/v1/pegawai", {**PEGAWAI, "nip": "198503152010011002", "nama": "Budi \u202eosotnaS"},
     "nama"),
    ("/api/profile/v1/pegawai", {**PEGAWAI, "nip": "198503152010011002", "nama": "\u200b\u200b"},
     "nama"),
])
async def test_garbage_is_refused_and_nothing_is_recorded(make_runtime: Any, make_token: Any,
                                                          path: str, body: dict, field: str) -> None:
    profile = make_runtime("profile")
    headers = auth(make_token("ADMIN_INSTANSI"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=profile.api()), base_url="http://p") as c:
        assert (await c.post("/api/profile/v1/pegawai", json=PEGAWAI, headers=headers)).status_code == 201
        before = profile.application.recorder.max_notification_id()
        r = await c.post(path, json=body, headers=headers)
        assert r.status_code == 422, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert field in r.json()["detail"]
        assert profile.application.recorder.max_notification_id() == before
        pegawai = (await c.get(f"/api/profile/v1/pegawai/{NIP}", headers=headers)).json()
        assert pegawai["unit_id"] == "setda" and pegawai["nama"] == "Budi Santoso"


async def test_an_as_of_date_given_as_a_number_is_refused_not_read_as_1970(
        make_runtime: Any, make_token: Any) -> None:
    profile = make_runtime("profile")
    headers = auth(make_token("ADMIN_INSTANSI"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=profile.api()), base_url="http://p") as c:
        assert (await c.post("/api/profile/v1/pegawai", json=PEGAWAI, headers=headers)).status_code == 201
        for per in ("0", "1755388800", "-2.3e-192"):
            r = await c.get(f"/api/profile/v1/pegawai/{NIP}", params={"per": per}, headers=headers)
            assert r.status_code == 422, (per, r.text)
            assert "per" in r.json()["detail"] and "YYYY-MM-DD" in r.json()["detail"]
        r = await c.get(f"/api/profile/v1/pegawai/{NIP}", params={"per": "2026-01-31"}, headers=headers)
        assert r.status_code == 200, r.text
