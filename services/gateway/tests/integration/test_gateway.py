"""The gateway in front of a real profile service: routing, token check, request id, limits."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from simpeg_shared.devbroker import free_port
from simpeg_shared.service import uvicorn_server
from simpeg_shared.testing import auth

BODY = {"nip": "199001012015032002", "nama": "Sri Wahyuni", "instansi_id": "pemkot-bandung", "unit_id": "setda"}


@pytest.fixture
async def stack(make_runtime: Callable[..., Any]) -> AsyncIterator[httpx.AsyncClient]:
    profile = make_runtime("profile")
    port = free_port()
    server = uvicorn_server(profile.api(), "127.0.0.1", port)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    gateway = make_runtime("gateway", database_url="sqlite:///unused",
                       upstreams={"profile": f"http://127.0.0.1:{port}",
                                  "kinerja": f"http://127.0.0.1:{free_port()}"},
                       max_body_bytes=4096, max_body_bytes_per_context={},
                       rate_per_user=5, burst_per_user=5)
    app = gateway.api()
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as client:
            yield client
    server.should_exit = True
    await task


async def test_a_command_goes_through_to_its_service_with_the_request_id(stack, make_token) -> None:
    headers = {**auth(make_token("ADMIN_INSTANSI")), "X-Request-ID": "trace-abc-123"}
    r = await stack.post("/api/profile/v1/pegawai", json=BODY, headers=headers)
    assert r.status_code == 201, r.text
    assert r.headers["x-request-id"] == "trace-abc-123"
    got = await stack.get(f"/api/profile/v1/pegawai/{BODY['nip']}", headers=headers)
    assert got.json()["nama"] == "Sri Wahyuni"


async def test_service_problems_pass_through_unchanged(stack, make_token) -> None:
    r = await stack.post("/api/profile/v1/pegawai", json={**BODY, "nip": "123"}, headers=auth(make_token("ADMIN_INSTANSI")))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["errors"][0]["field"] == "body.nip"


async def test_no_token_or_a_forged_token_is_401_at_the_gateway(stack, make_token) -> None:
    r = await stack.post("/api/profile/v1/pegawai", json=BODY)
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    token = make_token("ADMIN_INSTANSI")
    header, payload, signature = token.split(".")
    forged = ".".join([header, payload, signature[::-1]])
    assert (await stack.post("/api/profile/v1/pegawai", json=BODY, headers=auth(forged))).status_code == 401


async def test_an_unknown_context_is_404_and_a_down_service_is_503(stack, make_token) -> None:
    headers = auth(make_token("PEGAWAI"))
    assert (await stack.get("/api/gaji/v1/x", headers=headers)).status_code == 404
    down = await stack.get("/api/kinerja/v1/skp", headers=headers)
    assert down.status_code == 503
    assert down.headers["retry-after"] == "5"
    assert down.json()["type"].endswith("upstream-unavailable")


async def test_an_oversized_body_is_413(stack, make_token) -> None:
    r = await stack.post("/api/profile/v1/pegawai", json={**BODY, "nama": "x" * 10_000},
                         headers=auth(make_token("ADMIN_INSTANSI")))
    assert r.status_code == 413


async def test_a_user_over_the_rate_limit_gets_429_with_retry_after(stack, make_token) -> None:
    headers = auth(make_token("PEGAWAI", nip="199001012015032002"))
    codes = [(await stack.get("/api/profile/v1/pegawai/199001012015032002", headers=headers)).status_code
             for _ in range(6)]
    assert codes[:5] != [429] * 5 and codes[5] == 429
    r = await stack.get("/api/profile/v1/pegawai/199001012015032002", headers=headers)
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.headers["content-type"] == "application/problem+json"
    # another user is not slowed down by the first
    other = auth(make_token("PEGAWAI", nip="199001012015032003"))
    assert (await stack.get("/api/profile/v1/pegawai/199001012015032003", headers=other)).status_code != 429


async def test_cors_allows_the_configured_web_origin_only(stack) -> None:
    ask = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}
    ok = await stack.options("/api/profile/v1/pegawai", headers={"Origin": "http://localhost:8000", **ask})
    assert ok.status_code == 200 and ok.headers["access-control-allow-origin"] == "http://localhost:8000"
    bad = await stack.options("/api/profile/v1/pegawai", headers={"Origin": "https://evil.example", **ask})
    assert "access-control-allow-origin" not in bad.headers


async def test_one_openapi_for_the_suite_and_a_docs_page_without_a_cdn(stack) -> None:
    doc = (await stack.get("/openapi.json")).json()
    assert "/api/profile/v1/pegawai" in doc["paths"]
    assert "/healthz" not in doc["paths"]
    assert "profile.Problem" in doc["components"]["schemas"]
    refs = str(doc["paths"]["/api/profile/v1/pegawai"])
    assert "#/components/schemas/profile." in refs and "#/components/schemas/Problem" not in refs
    assert "kinerja" in doc["info"]["x-simpeg-unavailable"]  # that upstream is down here
    assert "profile" not in doc["info"]["x-simpeg-unavailable"]
    page = await stack.get("/docs")
    assert page.status_code == 200 and "/docs/static/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert (await stack.get("/docs/static/swagger-ui-bundle.js")).status_code == 200


async def test_only_the_letter_verification_page_is_public(stack) -> None:
    letter = "/api/surat/v1/verifikasi/0b7e0f5e-3c1a-4a0e-9a57-2f0d7d1c9e11"
    assert (await stack.get(letter)).status_code != 401  # the QR code on a signed letter opens it
    assert (await stack.get("/api/surat/v1/verifikasi/x/../../surat")).status_code == 401
    assert (await stack.get("/api/surat/v1/surat")).status_code == 401
