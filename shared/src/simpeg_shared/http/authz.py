"""The authorisation matrix as data: which roles may call which endpoint, per service.

Each service ships ``authz.yaml`` in its package::

    GET /api/kgb/v1/daftar-kerja: [ADMIN_INSTANSI, BKN_PUSAT]
    GET /api/kgb/v1/pegawai/{nip}/jadwal: TOKEN      # any signed-in user (the handler scopes it)
    GET /api/surat/v1/verifikasi/{surat_id}: PUBLIK  # no token at all

An app-level dependency enforces it on every route before anything else runs: no token where one
is needed is 401, a role not listed is 403, and a route with no rule is refused (403, "fail
closed") so a new endpoint cannot ship without one; ``tests/authz`` checks every documented
endpoint against the file for every role. Which instansi a caller may see stays in the handlers,
next to the data (a foreign pegawai is 404).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Annotated, Any

import yaml
from fastapi import Header, Request

from simpeg_shared import jejak
from simpeg_shared.auth import Role, bearer_token
from simpeg_shared.errors import Forbidden

PUBLIK, TOKEN = "PUBLIK", "TOKEN"
#: the process's own endpoints, outside the matrix
OPS = frozenset({"/healthz", "/readyz", "/metrics", "/openapi.json"})


@dataclass(frozen=True)
class Aturan:
    publik: bool
    roles: frozenset[Role] | None  # None: any signed-in user

    def allows(self, roles: frozenset[Role]) -> bool:
        return self.roles is None or bool(self.roles & roles)


@cache
def matrix(package: str) -> dict[tuple[str, str], Aturan]:
    """``<package>/authz.yaml`` as (METHOD, path template) -> rule."""
    data = yaml.safe_load((resources.files(package) / "authz.yaml").read_text("utf-8")) or {}
    out: dict[tuple[str, str], Aturan] = {}
    for key, value in data.items():
        method, _, path = str(key).partition(" ")
        if method not in {"GET", "POST", "PUT", "PATCH", "DELETE"} or not path.startswith("/"):
            raise ValueError(f"{package}/authz.yaml: {key!r} is not 'METHOD /path'")
        if value == PUBLIK:
            rule = Aturan(True, None)
        elif value == TOKEN:
            rule = Aturan(False, None)
        else:
            rule = Aturan(False, frozenset(Role(r) for r in value))
        out[(method, path)] = rule
    return out


def enforcer(package: str) -> Callable[..., Any]:
    rules = matrix(package)

    def authorize(request: Request,
                  authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> None:
        route = request.scope.get("route")
        path = getattr(route, "path", None)
        if path is None or path in OPS:
            return
        rule = rules.get((request.method, path))
        if rule is None:
            raise Forbidden(f"{request.method} {path} has no rule in the authorisation matrix")
        if rule.publik:
            return
        verifier = request.app.state.verifier
        principal = verifier.verify(bearer_token(authorization)) if verifier else None
        if principal is None:
            raise Forbidden("this service has no token verifier configured")
        request.state.principal = principal
        jejak.pemanggil(principal)
        if not rule.allows(principal.roles):
            assert rule.roles is not None
            raise Forbidden(f"{request.method} {path} needs one of the roles "
                            f"{', '.join(sorted(r.value for r in rule.roles))}")

    return authorize
