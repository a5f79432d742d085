"""The authorisation matrix (each service's ``authz.yaml``) against the running code, endpoint by
endpoint and role by role: every documented endpoint has a rule, no rule names a missing
endpoint, a call without a token is 401 unless the rule says PUBLIK, a role the rule does not list
is 403, and a role it lists gets past authorisation (whatever the handler then says: 404 for data
that does not exist, 422 for an empty body). Tokens that are expired, from another issuer, for
another audience or unsigned (``alg: none``) are 401 everywhere."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
import yaml

from simpeg_shared.auth import Role
from simpeg_shared.devkeys import ensure_dev_keys
from simpeg_shared.http.authz import PUBLIK, TOKEN, matrix
from simpeg_shared.service import services
from simpeg_shared.testing import auth

METHODS = ("get", "post", "put", "patch", "delete")
NIP = "199003152015031001"
SERVICES = [n for n in services() if n != "gateway"]


def sample(param: dict[str, Any]) -> str:
    schema = param.get("schema", {})
    if param["name"] == "instansi_id":
        return "pemkot-bandung"  # the callers' own: this test is about roles, not instansi
    if schema.get("format") == "uuid":
        return str(uuid.UUID(int=1))
    if schema.get("type") == "integer":
        return str(max(schema.get("minimum", 2026), 2026) if schema.get("minimum", 0) > 12 else 1)
    if "18" in schema.get("pattern", ""):
        return NIP
    if schema.get("format") == "date":
        return "2026-08-18"
    return "contoh"


def operations(spec: dict[str, Any]) -> list[tuple[str, str, str]]:
    out = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in METHODS:
                url = path
                for prm in op.get("parameters", []) + item.get("parameters", []):
                    if prm.get("in") == "path":
                        url = url.replace("{" + prm["name"] + "}", sample(prm))
                    elif prm.get("in") == "query" and prm["name"] == "instansi_id":
                        url += "?instansi_id=pemkot-bandung"
                out.append((method.upper(), path, url))
    return out


def package_of(name: str) -> str:
    return services()[name].runtime.__module__.split(".")[0]


@pytest.mark.parametrize("name", SERVICES)
async def test_every_endpoint_answers_each_role_as_its_matrix_says(name: str, make_runtime: Any,
                                                                   make_token: Any) -> None:
    runtime = make_runtime(name)
    app = runtime.api()
    ops = [op for op in operations(app.openapi()) if op[1] not in ("/healthz", "/readyz", "/metrics")]
    tokens = {r: auth(make_token(r.value, instansi=None if r is Role.BKN_PUSAT else "pemkot-bandung",
                                 nip=None if r is Role.BKN_PUSAT else NIP)) for r in Role}
    observed: dict[str, Any] = {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as c:
        async def status(method: str, url: str, headers: dict[str, str] | None = None) -> int:
            try:
                return (await asyncio.wait_for(c.request(method, url, headers=headers), 5)).status_code
            except TimeoutError:
                return 200  # a stream that began: it got past authorisation

        for method, path, url in ops:
            anonymous, *by_role = await asyncio.gather(
                status(method, url), *(status(method, url, h) for h in tokens.values()))
            allowed = []
            for role, code in zip(tokens, by_role, strict=True):
                assert code != 401, f"{method} {path} as {role.value}: 401 with a valid token"
                if code != 403:
                    allowed.append(role.value)
            observed[f"{method} {path}"] = PUBLIK if anonymous != 401 else (
                TOKEN if len(allowed) == len(Role) else sorted(allowed))
    if os.environ.get("SIMPEG_AUTHZ_DUMP"):
        path = Path(__file__).parent / f"observed-{name}.yaml"
        path.write_text(yaml.safe_dump(observed, sort_keys=False, allow_unicode=True))
    rules = matrix(package_of(name))
    # pages outside /api/ (a redirect to a dashboard) are not in the OpenAPI
    declared = {f"{m} {p}" for (m, p), r in rules.items() if p.startswith("/api/") or not r.publik}
    documented = {f"{m} {p}" for m, p, _ in ops}
    assert documented - declared == set(), "endpoints without a rule in authz.yaml"
    assert declared - documented == set(), "rules in authz.yaml for endpoints that do not exist"
    for key, seen in observed.items():
        method, path = key.split(" ", 1)
        rule = rules[(method, path)]
        want = PUBLIK if rule.publik else TOKEN if rule.roles is None else sorted(r.value for r in rule.roles)
        assert seen == want, f"{key}: the code answers as {seen}, the matrix says {want}"


def _forge(common: Any, **changes: Any) -> str:
    key_path, jwks_path = ensure_dev_keys(common.var_dir)
    import json

    kid = json.loads(jwks_path.read_text())["keys"][0]["kid"]
    now = dt.datetime.now(dt.UTC)
    claims = {"iss": common.jwt_issuer, "aud": common.jwt_audience, "sub": "x", "iat": now,
              "exp": now + dt.timedelta(hours=1), "roles": ["ADMIN_INSTANSI", "PEGAWAI"],
              "instansi": "pemkot-bandung", "nip": NIP, **changes}
    if changes.get("alg") == "none":
        claims.pop("alg")
        return jwt.encode(claims, None, algorithm="none", headers={"kid": kid})
    return jwt.encode(claims, key_path.read_bytes(), algorithm="RS256", headers={"kid": kid})


@pytest.mark.parametrize("name", SERVICES)
async def test_bad_tokens_are_401(name: str, make_runtime: Any, common_settings: Any) -> None:
    runtime = make_runtime(name)
    app = runtime.api()
    now = dt.datetime.now(dt.UTC)
    bad = {"expired": _forge(common_settings, iat=now - dt.timedelta(hours=3), exp=now - dt.timedelta(hours=1)),
           "wrong issuer": _forge(common_settings, iss="https://evil.example/realms/x"),
           "wrong audience": _forge(common_settings, aud="another-app"),
           "alg none": _forge(common_settings, alg="none")}
    rules = matrix(package_of(name))
    guarded = [(m, p) for (m, p), r in rules.items() if not r.publik and "{" not in p and m == "GET"]
    targets = guarded or [(m, p) for (m, p), r in rules.items() if not r.publik][:1]
    assert targets, f"{name} has no guarded endpoint to try"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as c:
        for method, path in targets[:3]:
            url = path.replace("{", "").replace("}", "")
            for what, token in bad.items():
                r = await c.request(method, url, headers=auth(token))
                assert r.status_code == 401, f"{name} {method} {path} with an {what} token: {r.status_code}"
