"""A small OpenID Connect provider for the embedded default and tests: discovery, JWKS, a login
page with the authorization-code flow and PKCE (S256) for the web portal, and the password grant
for scripts and the mobile app's development builds. It signs with the dev key
(:mod:`simpeg_shared.devkeys`) that every service already trusts in the embedded default.

Never used in docker compose or Kubernetes: there Keycloak with the realm in
``deploy/keycloak/`` issues the tokens (``SIMPEG_GATEWAY_DEV_IDP=false``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import time
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import yaml
from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from simpeg_shared.devkeys import demo_password, ensure_dev_keys, issue_token
from simpeg_shared.http import problem

router = APIRouter(prefix="/auth", include_in_schema=False)
CODE_TTL = 120.0
TOKEN_HOURS = 8


@dataclass(frozen=True)
class DemoUser:
    username: str
    nip: str | None
    instansi: str | None
    roles: tuple[str, ...]


@cache
def directory() -> tuple[dict[str, DemoUser], dict[str, tuple[str, ...]]]:
    data = yaml.safe_load((resources.files("simpeg_gateway") / "demo_users.yaml").read_text("utf-8"))
    users = {name: DemoUser(name, u["nip"], u["instansi"], tuple(u["roles"]))
             for name, u in data["users"].items()}
    clients = {name: tuple(c["redirect_prefixes"]) for name, c in data["clients"].items()}
    return users, clients


def _check_password(var_dir: Path, username: str, password: str) -> DemoUser | None:
    user = directory()[0].get(username)
    if user is None or not hmac.compare_digest(password.encode(), demo_password(var_dir).encode()):
        return None
    return user


def _token(request: Request, user: DemoUser) -> dict[str, Any]:
    common = request.app.state.idp_common
    access = issue_token(common.var_dir, issuer=common.jwt_issuer, audience=common.jwt_audience,
                         roles=list(user.roles), instansi=user.instansi, nip=user.nip,
                         subject=user.username)
    return {"access_token": access, "id_token": access, "token_type": "Bearer",
            "expires_in": TOKEN_HOURS * 3600, "scope": "openid"}


def _oauth_error(status: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status,
                        headers={"Cache-Control": "no-store"})


@router.get("/.well-known/openid-configuration")
def discovery(request: Request) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/") + "/auth"
    return {"issuer": request.app.state.idp_common.jwt_issuer,
            "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
            "jwks_uri": f"{base}/jwks.json", "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "password"],
            "code_challenge_methods_supported": ["S256"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": ["sub", "roles", "instansi", "nip"]}


@router.get("/jwks.json")
def jwks(request: Request) -> Response:
    _, path = ensure_dev_keys(request.app.state.idp_common.var_dir)
    return Response(path.read_text(), media_type="application/json")


#: Clients whose login may also return to the gateway's own origin, whatever its host and port:
#: the portal the gateway serves at ``/`` (tests and ``simpeg run`` use any free port).
SAME_ORIGIN_CLIENTS = frozenset({"simpeg-web"})


def _client_ok(request: Request, client_id: str, redirect_uri: str) -> bool:
    """A registered prefix of the client, or (for the portal) the origin this request came to:
    the browser that sent it is already talking to that origin, so no third party can be the
    target of the code."""
    prefixes = directory()[1].get(client_id)
    if prefixes is None:
        return False
    if client_id in SAME_ORIGIN_CLIENTS and redirect_uri.startswith(str(request.base_url)):
        return True
    return any(redirect_uri.startswith(p) for p in prefixes)


LOGIN = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Masuk SIMPEG</title>
<style>body{{font-family:system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}}
label{{display:block;margin-top:.8rem}}input{{width:100%;padding:.4rem}}
button{{margin-top:1rem;padding:.5rem 1rem;background:#0b4f8a;color:#fff;border:0}}
.galat{{color:#b42318}}</style></head><body>
<h1>Masuk SIMPEG</h1>{error}
<form method="post">
{hidden}
<label for="username">Nama pengguna</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Kata sandi</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Masuk</button></form>
<p><small>Pengguna demo: {users}. Kata sandinya dicetak oleh <code>make run</code>.</small></p>
</body></html>"""


def _login_page(params: dict[str, str], error: str | None = None) -> HTMLResponse:
    hidden = "\n".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                       for k, v in params.items())
    return HTMLResponse(LOGIN.format(
        hidden=hidden, users=html.escape(", ".join(directory()[0])),
        error=f'<p class="galat" role="alert">{html.escape(error)}</p>' if error else ""),
        status_code=401 if error else 200)


@router.get("/authorize")
def authorize_page(
    request: Request,
    response_type: Annotated[str, Query()] = "code",
    client_id: Annotated[str, Query(max_length=64)] = "",
    redirect_uri: Annotated[str, Query(max_length=500)] = "",
    state: Annotated[str, Query(max_length=500)] = "",
    code_challenge: Annotated[str, Query(max_length=128)] = "",
    code_challenge_method: Annotated[str, Query(max_length=8)] = "",
) -> Response:
    if response_type != "code" or not _client_ok(request, client_id, redirect_uri):
        return problem(400, "Bad authorization request", "unknown client_id or a redirect_uri "
                       "not registered for it, or response_type is not 'code'", request=request)
    if code_challenge_method != "S256" or not 43 <= len(code_challenge) <= 128:
        return problem(400, "PKCE required", "send code_challenge (S256) with "
                       "code_challenge_method=S256", request=request)
    return _login_page({"client_id": client_id, "redirect_uri": redirect_uri, "state": state,
                        "code_challenge": code_challenge})


@router.post("/authorize")
def authorize(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    client_id: Annotated[str, Form(max_length=64)],
    redirect_uri: Annotated[str, Form(max_length=500)],
    code_challenge: Annotated[str, Form(min_length=43, max_length=128)],
    state: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    if not _client_ok(request, client_id, redirect_uri):
        return problem(400, "Bad authorization request", "unknown client_id or redirect_uri",
                       request=request)
    user = _check_password(request.app.state.idp_common.var_dir, username, password)
    if user is None:
        return _login_page({"client_id": client_id, "redirect_uri": redirect_uri, "state": state,
                            "code_challenge": code_challenge},
                           error="Nama pengguna atau kata sandi salah.")
    codes: dict[str, Any] = request.app.state.idp_codes
    now = time.monotonic()
    for old in [c for c, v in codes.items() if v["expires"] < now]:
        del codes[old]
    code = secrets.token_urlsafe(24)
    codes[code] = {"client_id": client_id, "redirect_uri": redirect_uri, "user": user,
                   "challenge": code_challenge, "expires": now + CODE_TTL}
    sep = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{sep}{urlencode({'code': code, 'state': state})}",
                            status_code=303)


@router.post("/token")
def token(
    request: Request,
    grant_type: Annotated[str, Form(max_length=40)],
    client_id: Annotated[str, Form(max_length=64)] = "",
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    code: Annotated[str, Form(max_length=100)] = "",
    redirect_uri: Annotated[str, Form(max_length=500)] = "",
    code_verifier: Annotated[str, Form(max_length=128)] = "",
) -> Response:
    if client_id not in directory()[1]:
        return _oauth_error(401, "invalid_client", "unknown client_id")
    if grant_type == "password":
        user = _check_password(request.app.state.idp_common.var_dir, username, password)
        if user is None:
            return _oauth_error(400, "invalid_grant", "wrong username or password")
        return JSONResponse(_token(request, user), headers={"Cache-Control": "no-store"})
    if grant_type == "authorization_code":
        entry = request.app.state.idp_codes.pop(code, None)  # a code is used once
        if entry is None or entry["expires"] < time.monotonic():
            return _oauth_error(400, "invalid_grant", "the code is unknown, used or expired")
        if entry["client_id"] != client_id or entry["redirect_uri"] != redirect_uri:
            return _oauth_error(400, "invalid_grant", "client_id or redirect_uri differ from the "
                                "authorization request")
        digest = base64.urlsafe_b64encode(hashlib.sha256(code_verifier.encode()).digest())
        if not hmac.compare_digest(digest.rstrip(b"=").decode(), entry["challenge"]):
            return _oauth_error(400, "invalid_grant", "code_verifier does not match the code_challenge")
        return JSONResponse(_token(request, entry["user"]), headers={"Cache-Control": "no-store"})
    return _oauth_error(400, "unsupported_grant_type", "use authorization_code or password")


def install(app: Any, common: Any) -> None:
    app.state.idp_common = common
    app.state.idp_codes = {}
    app.include_router(router)


