"""The gateway serves the web portal (ADR 0025): the page with a strict CSP, its modules, the
manifest and the service worker at root scope; nothing in it loads from another origin; its
public paths open no API; the dev IdP sends the portal's login back to the gateway's own
origin whatever its port, and nowhere else."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from simpeg_gateway import portal
from simpeg_gateway.devidp import demo_password

ROOT = Path(portal.__file__).parent / "portal"


@pytest.fixture
async def gateway(make_runtime: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = make_runtime("gateway", database_url="sqlite:///unused").api()
    async with app.router.lifespan_context(app):
        # a random port, as in the tests and `simpeg run` on a busy machine
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://127.0.0.1:51234") as client:
            yield client


async def test_the_page_modules_manifest_and_service_worker_are_served(gateway) -> None:
    page = await gateway.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert '<html lang="id">' in page.text and 'type="module" src="/portal/js/app.js"' in page.text

    sw = await gateway.get("/sw.js")
    assert sw.status_code == 200 and sw.headers["service-worker-allowed"] == "/"
    assert sw.headers["content-type"].startswith("text/javascript")

    manifest = await gateway.get("/manifest.webmanifest")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    data = json.loads(manifest.text)
    assert data["lang"] == "id" and data["start_url"].startswith("/")
    for icon in data["icons"]:
        r = await gateway.get(icon["src"])
        assert r.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            assert r.content.startswith(b"\x89PNG")

    # every module the page and the worker import is there, as JavaScript
    modules = [p.relative_to(ROOT / "aset").as_posix() for p in (ROOT / "aset" / "js").rglob("*.js")]
    assert "js/app.js" in modules and "js/halaman/presensi.js" in modules
    for m in modules:
        r = await gateway.get(f"/portal/{m}")
        assert r.status_code == 200 and "javascript" in r.headers["content-type"], m
        assert r.headers["x-content-type-options"] == "nosniff"
    shell = re.findall(r"'(/portal/[^']+)'", sw.text)
    assert shell, "the worker names its app shell"
    for path in shell:
        assert (await gateway.get(path)).status_code == 200, path
    assert (await gateway.get("/portal/js/tidak-ada.js")).status_code == 404
    assert (await gateway.get("/portal/../service.py")).status_code == 404


def test_nothing_in_the_portal_loads_from_another_origin() -> None:
    for path in ROOT.rglob("*"):
        if path.suffix not in {".html", ".js", ".css", ".webmanifest", ".svg"}:
            continue
        text = path.read_text("utf-8")
        # the SVG's XML namespace is a name, not a download
        urls = [u for u in re.findall(r"https?://[^\s'\"`)]+", text) if u != "http://www.w3.org/2000/svg"]
        assert not urls, f"{path.name} refers to {urls}"
        assert "console.log" not in text, f"{path.name} writes to the console"


async def test_the_portals_public_paths_open_no_api(gateway) -> None:
    for path in ("/api/profile/v1/pegawai/199003152015031001", "/portal/../api/cuti/v1/kotak-masuk",
                 "/portal/api/cuti/v1/kotak-masuk"):
        r = await gateway.get(path)
        assert r.status_code in (401, 404), (path, r.status_code)
    assert (await gateway.post("/", json={})).status_code == 405
    assert (await gateway.post("/sw.js")).status_code == 405


async def test_the_dev_login_returns_to_the_gateways_own_origin_on_any_port(
        gateway, common_settings: Any) -> None:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    own = "http://127.0.0.1:51234/"
    ask = {"response_type": "code", "client_id": "simpeg-web", "redirect_uri": own, "state": "s",
           "code_challenge": challenge, "code_challenge_method": "S256"}
    assert (await gateway.get("/auth/authorize", params=ask)).status_code == 200
    for foreign in ("http://127.0.0.1:51235/", "http://127.0.0.1:5123/", "http://evil.example/",
                    "http://127.0.0.1:51234.evil.example/"):
        r = await gateway.get("/auth/authorize", params={**ask, "redirect_uri": foreign})
        assert r.status_code == 400, foreign
    # only the portal's client: the mobile client keeps its registered redirect only
    r = await gateway.get("/auth/authorize", params={**ask, "client_id": "simpeg-mobile"})
    assert r.status_code == 400

    form = {k: ask[k] for k in ("client_id", "redirect_uri", "state", "code_challenge")}
    ok = await gateway.post("/auth/authorize", data={**form, "username": "pegawai.bandung",
                                                     "password": demo_password(common_settings.var_dir)})
    assert ok.status_code == 303 and ok.headers["location"].startswith(own)
    code = parse_qs(urlparse(ok.headers["location"]).query)["code"][0]
    tok = await gateway.post("/auth/token", data={"grant_type": "authorization_code", "client_id": "simpeg-web",
                                                  "code": code, "redirect_uri": own, "code_verifier": verifier})
    assert tok.status_code == 200 and tok.json()["access_token"]
