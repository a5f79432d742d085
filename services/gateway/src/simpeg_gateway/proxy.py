"""Routing ``/api/<context>/…`` to the context's service, unchanged, after checking the token."""

from __future__ import annotations

import re
from urllib.parse import quote
from contextlib import asynccontextmanager
from typing import AsyncIterator

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from starlette.background import BackgroundTask
from starlette.convertors import Convertor, register_url_convertor
from starlette.responses import StreamingResponse

from simpeg_shared.auth import bearer_token
from simpeg_shared.http import problem

#: Request headers passed on to services; everything else (cookies, hop-by-hop) stays here.
FORWARD_REQUEST = ("authorization", "content-type", "accept", "accept-language",
                   "idempotency-key", "if-match", "if-none-match")
DROP_RESPONSE = {"connection", "keep-alive", "transfer-encoding", "content-length",
                 "x-request-id", "server", "date"}

router = APIRouter()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.http = httpx.AsyncClient(timeout=app.state.upstream_timeout,
                                       limits=httpx.Limits(max_connections=200))
    try:
        yield
    finally:
        await app.state.http.aclose()


#: characters kept as they are when the received path is passed on (``%`` keeps escapes escaped)
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"

#: API paths anyone may call without a token (``<context>/<path>``).
PUBLIC = re.compile(r"^surat/v1/verifikasi/[0-9a-fA-F-]{36}$")

#: Web pages served by a service under ``/<name>/`` (static files; their data calls go through
#: ``/api/…`` with the user's token like any other client's).
PAGES = {"monitoring": "monitoring"}


@router.get("/monitoring", include_in_schema=False)
@router.get("/monitoring/{path:path}", include_in_schema=False)
async def page(request: Request, path: str = "") -> Response:
    upstream = request.app.state.upstreams.get(PAGES["monitoring"])
    if upstream is None:
        return problem(404, "Not found", "the monitoring service is not part of this suite",
                       request=request)
    return await _send(request, "monitoring", httpx.URL(f"{upstream}/monitoring/{path}"), b"")


class _SemuaJalur(Convertor[str]):
    """Starlette's ``path`` (``.*``) stops at a line break, so ``/api/x/%0A`` matched no route and
    the gateway answered its own 404 (found by the fuzz run): this one takes every character."""

    regex = "(?s:.*)"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("semua_jalur", _SemuaJalur())


@router.api_route("/api/{context}/{path:semua_jalur}",
                  methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
async def forward(context: str, path: str, request: Request) -> Response:
    upstream = request.app.state.upstreams.get(context)
    if upstream is None:
        return problem(404, "Not found", f"no context named {context!r}", request=request)
    # Check the token here; the service checks it again (defence in depth). A few paths are
    # public by design: the verification page a signed letter's QR code opens.
    if not PUBLIC.match(f"{context}/{path}"):
        request.app.state.verifier.verify(bearer_token(request.headers.get("authorization")))
    declared = request.headers.get("content-length")
    limit = request.app.state.max_body_bytes_per_context.get(context, request.app.state.max_body_bytes)
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return problem(413, "Request too large", f"the body may be at most {limit} bytes",
                       request=request)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return problem(413, "Request too large", f"the body may be at most {limit} bytes",
                           request=request)
    # The path as the client sent it, still percent-encoded: decoded, a %03 or %1D in it made
    # httpx refuse the URL and the gateway answer 500 (found by the fuzz run, tests/fuzz).
    raw = request.scope.get("raw_path") or f"/api/{context}/{path}".encode()
    url = httpx.URL(upstream + quote(raw, safe=_PATH_SAFE), params=request.query_params.multi_items())
    return await _send(request, context, url, body)


async def _send(request: Request, context: str, url: httpx.URL, body: bytes) -> Response:
    headers = {k: v for k, v in request.headers.items() if k in FORWARD_REQUEST}
    headers["x-request-id"] = request.state.request_id
    headers["x-forwarded-for"] = request.client.host if request.client else ""
    client: httpx.AsyncClient = request.app.state.http
    try:
        upstream_response = await client.send(
            client.build_request(request.method, url, headers=headers, content=body), stream=True
        )
    except httpx.TimeoutException:
        return problem(504, "Upstream timeout", f"the {context} service did not answer in time",
                       request=request)
    except httpx.TransportError:
        return problem(503, "Service unavailable", f"the {context} service cannot be reached",
                       code="upstream-unavailable", request=request, headers={"Retry-After": "5"})
    return StreamingResponse(
        upstream_response.aiter_raw(),
        status_code=upstream_response.status_code,
        headers={k: v for k, v in upstream_response.headers.items() if k.lower() not in DROP_RESPONSE},
        background=BackgroundTask(upstream_response.aclose),
    )
