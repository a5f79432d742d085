"""The HTTP conventions of every SIMPEG service, in one app factory.

problem+json errors, ``X-Request-ID``, ``/healthz`` ``/readyz`` ``/metrics``, an access log
without personal data, and the auth dependencies.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Header, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, ConfigDict
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simpeg_shared import jejak, metrics
from simpeg_shared.auth import AuthError, Principal, Role, TokenVerifier, bearer_token
from simpeg_shared.errors import Forbidden
from simpeg_shared.http.authz import enforcer
from simpeg_shared.http.masukan import MasukanBersih
from simpeg_shared.http.problems import Problem, _install, problem, responses

access_log = structlog.get_logger("simpeg.access")
_REQUEST_ID_OK = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


class CommandModel(MasukanBersih):
    """Base of request bodies: unknown fields are rejected, strings are stripped, and no text
    holds control or direction characters nor a date a number (``masukan``)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def valid_request_id(value: str | None) -> str:
    if value and len(value) <= 128 and set(value) <= _REQUEST_ID_OK:
        return value
    return uuid.uuid4().hex


class RequestContextMiddleware:
    """Request id (accepted from the gateway or made here), access log, latency metric."""

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        request_id = valid_request_id(headers.get(b"x-request-id", b"").decode("latin-1") or None)
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        start = time.perf_counter()
        status = 500

        async def _send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            with jejak.permintaan(request_id, jejak.alamat_klien(headers, scope.get("client"))):
                await self.app(scope, receive, _send)
        finally:
            elapsed = time.perf_counter() - start
            route = scope.get("route")
            template = getattr(route, "path", "unmatched")
            metrics.HTTP_LATENCY.labels(self.service, scope["method"], template, str(status)).observe(elapsed)
            if template not in ("/healthz", "/readyz", "/metrics"):
                access_log.info("http.request", method=scope["method"], route=template,
                                status=status, ms=round(elapsed * 1000, 1))
            structlog.contextvars.unbind_contextvars("request_id")


def create_app(
    *,
    service: str,
    title: str,
    version: str = "1",
    routers: Sequence[APIRouter] = (),
    verifier: TokenVerifier | None = None,
    readiness: Sequence[Callable[[], Any]] = (),
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    description: str | None = None,
    openapi_url: str | None = "/openapi.json",
    authz: str | None = None,
    audit: Any = None,
) -> FastAPI:
    # No docs pages here: FastAPI's load Swagger UI from a CDN. The gateway serves one docs page
    # for the whole suite from a local copy (simpeg_gateway.openapi).
    app = FastAPI(title=title, version=version, lifespan=lifespan, description=description,
                  responses=responses(500, 503), openapi_url=openapi_url, docs_url=None,
                  redoc_url=None,
                  # the authorisation matrix of the service's package (simpeg_shared.http.authz)
                  dependencies=[Depends(enforcer(authz))] if authz else None)
    app.state.verifier = verifier
    app.state.service = service
    _install(app)
    app.add_middleware(RequestContextMiddleware, service=service)

    @app.get("/healthz", tags=["ops"], summary="The process is alive")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["ops"], summary="Database and broker reachable",
             responses=responses(503))
    def readyz(request: Request) -> Any:
        failures = []
        for check in readiness:
            try:
                check()
            except Exception as exc:  # noqa: BLE001 - any failure means not ready
                failures.append(f"{getattr(check, '__name__', 'check')}: {type(exc).__name__}")
        if failures:
            return problem(503, "Not ready", "; ".join(failures), code="not-ready", request=request)
        return {"status": "ready"}

    @app.get("/metrics", tags=["ops"], summary="Prometheus metrics", response_class=Response)
    def metrics_endpoint() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    for router in routers:
        app.include_router(router)
    if audit is not None:  # the service's database: GET /api/<service>/v1/audit (jejak audit)
        app.include_router(jejak.router(service, audit))
    _problem_openapi(app)
    return app


def _problem_openapi(app: FastAPI) -> None:
    """Make the OpenAPI say what the API does: FastAPI documents its own 422 body
    (HTTPValidationError) for every route with parameters, but every error here — validation
    included — is problem+json."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for ops in schema.get("paths", {}).values():
            for op in ops.values():
                bad = op.get("responses", {}).get("422")
                if bad is not None:
                    bad["description"] = responses(422)[422]["description"]
                    bad["content"] = {"application/problem+json": {"schema": problem_ref}}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        if "Problem" not in components:
            components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(components["Problem"].pop("$defs", {}))
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def current_principal(request: Request,
                      authorization: Annotated[str | None, Header(include_in_schema=False)] = None) -> Principal:
    verifier: TokenVerifier | None = request.app.state.verifier
    if verifier is None:
        raise AuthError("this service has no token verifier configured")
    principal = verifier.verify(bearer_token(authorization))
    request.state.principal = principal
    jejak.pemanggil(principal)
    return principal


def require_roles(*roles: Role) -> Callable[..., Principal]:
    def _dep(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not principal.has_any(*roles):
            raise Forbidden(f"needs one of the roles {', '.join(r.value for r in roles)}")
        return principal

    return _dep


IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", description="Repeat a command safely: the same key returns "
           "the first response.", max_length=255),
]

__all__ = ["CommandModel", "IdempotencyKey", "create_app", "current_principal", "problem",
           "require_roles", "responses"]
