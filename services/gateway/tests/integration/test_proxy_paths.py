"""Found by the fuzz run (tests/fuzz): a path with a percent-encoded control character
(``/api/kgb/v1/pegawai/%1D…/jadwal``) made the gateway's HTTP client refuse the URL, and the
gateway answered 500; a %0A matched no route and the gateway answered its own 404. It passes
every path on as it was sent, and the service answers as it would directly."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
from fastapi import FastAPI

from simpeg_shared.testing import auth


async def test_escaped_control_characters_in_a_path_reach_the_service(
        make_runtime: Callable[..., Any], make_token: Any) -> None:
    profile = make_runtime("profile").api()
    gateway = make_runtime("gateway", database_url="sqlite:///unused",
                           upstreams={"profile": "http://profile.upstream"}).api()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=profile))
        yield
        await app.state.http.aclose()

    gateway.router.lifespan_context = lifespan
    headers = auth(make_token("ADMIN_INSTANSI"))
    async with lifespan(gateway), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=gateway), base_url="http://gw") as c, httpx.AsyncClient(
            transport=httpx.ASGITransport(app=profile), base_url="http://p") as profile_client:
        for path in ("/api/profile/v1/pegawai/%1D%C2%B2%C3%97", "/api/profile/v1/pegawai/%03",
                     "/api/profile/v1/instansi/%00x",
                     "/api/profile/v1/instansi/r%0A%C2%9F"):  # a line break: routed, not 404
            r = await c.get(path, headers=headers)
            assert 400 <= r.status_code < 500, (path, r.status_code)
            assert r.headers["content-type"] == "application/problem+json"
            direct = await profile_client.get(path, headers=headers)
            assert (r.status_code, r.json()["title"]) == (direct.status_code, direct.json()["title"])
        # an ordinary path still arrives decoded once, not twice
        r = await c.get("/api/profile/v1/pegawai/198503152010011001", headers=headers)
        assert r.status_code == 404 and "198503152010011001" in r.json()["detail"]
