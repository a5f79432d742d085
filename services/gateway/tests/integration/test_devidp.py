"""The embedded dev identity provider: discovery, the code flow with PKCE, the password grant,
and tokens every service accepts."""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx

from simpeg_gateway.devidp import demo_password


async def test_code_flow_with_pkce_and_password_grant_issue_tokens_services_accept(
        make_runtime: Any, common_settings: Any) -> None:
    gateway = make_runtime("gateway", database_url="sqlite:///unused")
    app = gateway.api()
    password = demo_password(common_settings.var_dir)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://localhost:8000") as c:
            conf = (await c.get("/auth/.well-known/openid-configuration")).json()
            assert conf["issuer"] == common_settings.jwt_issuer and "S256" in conf["code_challenge_methods_supported"]
            keys = (await c.get("/auth/jwks.json")).json()["keys"]
            assert keys[0]["alg"] == "RS256"

            verifier = secrets.token_urlsafe(48)
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            ask = {"response_type": "code", "client_id": "simpeg-web", "redirect_uri": "http://localhost:8000/",
                   "state": "s1", "code_challenge": challenge, "code_challenge_method": "S256"}
            page = await c.get("/auth/authorize", params=ask)
            assert page.status_code == 200 and 'name="password"' in page.text
            evil = await c.get("/auth/authorize", params={**ask, "redirect_uri": "https://evil.example/"})
            assert evil.status_code == 400
            form = {k: ask[k] for k in ("client_id", "redirect_uri", "state", "code_challenge")}
            wrong = await c.post("/auth/authorize", data={**form, "username": "atasan.bandung", "password": "x"})
            assert wrong.status_code == 401 and "salah" in wrong.text
            ok = await c.post("/auth/authorize", data={**form, "username": "atasan.bandung", "password": password})
            assert ok.status_code == 303
            query = parse_qs(urlparse(ok.headers["location"]).query)
            assert query["state"] == ["s1"]
            code = query["code"][0]
            bad = await c.post("/auth/token", data={"grant_type": "authorization_code", "client_id": "simpeg-web",
                                                    "code": code, "redirect_uri": "http://localhost:8000/",
                                                    "code_verifier": "not-the-verifier" * 3})
            assert bad.status_code == 400 and bad.json()["error"] == "invalid_grant"
            # the failed exchange used the code up: a stolen code cannot be retried
            again = await c.post("/auth/token", data={"grant_type": "authorization_code", "client_id": "simpeg-web",
                                                      "code": code, "redirect_uri": "http://localhost:8000/",
                                                      "code_verifier": verifier})
            assert again.status_code == 400

            ok = await c.post("/auth/authorize", data={**form, "username": "atasan.bandung", "password": password})
            code = parse_qs(urlparse(ok.headers["location"]).query)["code"][0]
            tok = await c.post("/auth/token", data={"grant_type": "authorization_code", "client_id": "simpeg-web",
                                                    "code": code, "redirect_uri": "http://localhost:8000/",
                                                    "code_verifier": verifier})
            assert tok.status_code == 200, tok.text
            principal = gateway.verifier.verify(tok.json()["access_token"])
            assert principal.nip == "198207212008011002" and principal.instansi_id == "pemkot-bandung"
            assert {r.value for r in principal.roles} == {"PEGAWAI", "ATASAN"}

            pw = await c.post("/auth/token", data={"grant_type": "password", "client_id": "simpeg-mobile",
                                                   "username": "bkn", "password": password})
            assert pw.status_code == 200
            assert {r.value for r in gateway.verifier.verify(pw.json()["access_token"]).roles} == {"BKN_PUSAT"}
            assert (await c.post("/auth/token", data={"grant_type": "password", "client_id": "nope",
                                                      "username": "bkn", "password": password})).status_code == 401
            assert (await c.post("/auth/token", data={"grant_type": "client_credentials",
                                                      "client_id": "simpeg-web"})).status_code == 400
