"""RFC 9457 problem details: the one error format of every SIMPEG API."""

from __future__ import annotations

import sqlite3
import traceback
from typing import Any

import psycopg
import sqlalchemy.exc as sa_exc
import structlog
from eventsourcing import persistence as es
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from simpeg_shared.auth import AuthError
from simpeg_shared.errors import DomainError

PROBLEM_TYPE_BASE = "https://simpeg.go.id/problems/"
MEDIA_TYPE = "application/problem+json"


class FieldError(BaseModel):
    field: str = Field(description="Where the error is: body.nip, query.mulai, header.…")
    message: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    request_id: str | None = None
    errors: list[FieldError] | None = None


def problem(status: int, title: str, detail: str | None = None, *, code: str | None = None,
            request: Request | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> JSONResponse:
    body = Problem(
        type=PROBLEM_TYPE_BASE + code if code else "about:blank",
        title=title, status=status, detail=detail,
        instance=request.url.path if request is not None else None,
        request_id=getattr(request.state, "request_id", None) if request is not None else None,
        **extra,
    ).model_dump(exclude_none=True, mode="json")
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


#: seconds a client is asked to wait when the database cannot be reached (Retry-After)
RETRY_AFTER_UNAVAILABLE = 5


def database_unavailable(exc: BaseException) -> bool:
    """The database cannot be reached just now (restarting, connection cut, pool exhausted, an
    SQLite file locked past its timeout): worth a 503 and a retry, unlike a bug (500).

    Looks through the chain of causes, since SQLAlchemy and eventsourcing wrap the driver's
    error in their own."""
    transient: tuple[type[BaseException], ...] = (
        psycopg.OperationalError, psycopg.InterfaceError, sa_exc.DisconnectionError,
        sa_exc.TimeoutError, es.OperationalError, es.InterfaceError,
    )
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not c for c in chain):
        chain.append(current)
        orig = getattr(current, "orig", None)  # SQLAlchemy's DBAPIError keeps the driver's error
        current = orig if isinstance(orig, BaseException) else (current.__cause__ or current.__context__)
    for error in chain:  # SQLite says "operational" of a missing table too: only a lock is transient
        if isinstance(error, sqlite3.OperationalError):
            text = str(error).lower()
            return "locked" in text or "busy" in text
    return any(isinstance(error, transient) for error in chain)


#: what FastAPI raises (HTTPException 400) when it cannot decode a request body
_FASTAPI_UNPARSABLE_BODY = "There was an error parsing the body"


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(p) for p in loc)


def _install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for err in exc.errors():
            loc = err.get("loc", ())
            msg = err.get("msg", "invalid")
            if err.get("type") == "extra_forbidden":
                msg = "unknown field: remove it (only documented fields are accepted)"
            elif err.get("type") == "json_invalid":
                msg = "the body is not valid JSON"
            errors.append(FieldError(field=_field_path(loc), message=msg))
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        return problem(422, "The request has invalid fields", detail, code="validation",
                       request=request, errors=[e.model_dump() for e in errors])

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        extra: dict[str, Any] = {}
        detail = exc.message
        if exc.field:
            extra["errors"] = [{"field": exc.field, "message": exc.message}]
            detail = f"{exc.field}: {exc.message}"
        return problem(exc.status, exc.title, detail, code=exc.code, request=request, **extra)

    @app.exception_handler(AuthError)
    async def _auth(request: Request, exc: AuthError) -> JSONResponse:
        return problem(401, "Not authenticated", str(exc), code="unauthenticated",
                       request=request, headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and exc.detail == _FASTAPI_UNPARSABLE_BODY:
            # FastAPI's answer to a body it cannot decode (bytes that are not UTF-8): the same
            # documented 422 as a body that is not JSON, naming the field and what to send.
            message = "the body could not be read: send JSON encoded as UTF-8"
            return problem(422, "The request has invalid fields", f"body: {message}",
                           code="validation", request=request,
                           errors=[{"field": "body", "message": message}])
        titles = {404: "Not found", 405: "Method not allowed", 401: "Not authenticated",
                  403: "Not allowed", 413: "Request too large"}
        return problem(exc.status_code, titles.get(exc.status_code, "Request failed"),
                       str(exc.detail) if exc.detail else None, request=request,
                       headers=getattr(exc, "headers", None))

    async def _database(request: Request, exc: Exception) -> JSONResponse:
        if not database_unavailable(exc):
            raise exc  # a bug, not an outage: the 500 below
        return _unavailable(request, exc)

    for family in (sa_exc.SQLAlchemyError, es.PersistenceError, psycopg.Error, sqlite3.Error):
        app.add_exception_handler(family, _database)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        if database_unavailable(exc):  # raised outside the routes (a middleware)
            return _unavailable(request, exc)
        structlog.get_logger("simpeg.http").error("http.unhandled", error=type(exc).__name__,
                                                  where=_where(exc))
        return problem(500, "Internal error", "The error was logged with this request id.",
                       code="internal", request=request)


def _where(exc: BaseException) -> list[str]:
    """Type and place only: an exception's message may hold personal data (a NIK, a name)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return [f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}" for f in frames[-5:]]


def _unavailable(request: Request, exc: BaseException) -> JSONResponse:
    structlog.get_logger("simpeg.http").warning("http.database_unavailable",
                                                error=type(exc).__name__, where=_where(exc))
    return problem(
        503, "Service temporarily unavailable",
        "The database cannot be reached just now. Try again in a few seconds; send the same "
        "Idempotency-Key so that a command is applied once.",
        code="unavailable", request=request, headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)})


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI documentation of the problem responses a route may give."""
    descriptions = {
        400: "Bad request", 401: "Missing, expired or forged token", 403: "Role or instansi not allowed",
        404: "Not found", 409: "Conflict with the current state", 413: "Request too large",
        422: "Invalid fields (each named in `errors`)", 429: "Too many requests",
        503: "A dependency is unavailable",
    }
    return {
        s: {"description": descriptions.get(s, "Problem"), "model": Problem,
            "content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
        for s in statuses
    }
