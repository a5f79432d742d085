"""One OpenAPI for the whole suite at ``/openapi.json`` and its docs page at ``/docs``.

Each service's own document is fetched (and cached for a minute), its paths kept as they are
(every service owns ``/api/<context>/…``), and its component schemas renamed ``<service>.<Name>``
with every ``$ref`` rewritten, so two services' same-named models never collide. The docs page is
Swagger UI served from the ``swagger-ui-bundle`` package: nothing from a CDN.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import swagger_ui_bundle
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)
CACHE_SECONDS = 60.0


def _rename(node: Any, service: str) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/schemas/"):
                out[k] = f"#/components/schemas/{service}.{v.rsplit('/', 1)[1]}"
            else:
                out[k] = _rename(v, service)
        return out
    if isinstance(node, list):
        return [_rename(v, service) for v in node]
    return node


def merge(documents: dict[str, dict[str, Any]], title: str) -> dict[str, Any]:
    merged: dict[str, Any] = {"openapi": "3.1.0",
                              "info": {"title": title, "version": "1",
                                       "description": "Every SIMPEG API behind the gateway."},
                              "paths": {}, "components": {"schemas": {}}, "tags": []}
    for service, doc in sorted(documents.items()):
        doc = _rename(doc, service)
        for path, ops in doc.get("paths", {}).items():
            if not path.startswith(f"/api/{service}/"):
                continue  # health, metrics and pages are per process, not part of the API
            merged["paths"][path] = ops
        for name, schema in doc.get("components", {}).get("schemas", {}).items():
            merged["components"]["schemas"][f"{service}.{name}"] = schema
        merged["tags"].append({"name": service, "description": doc.get("info", {}).get("description", "")})
    merged["components"]["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
    merged["security"] = [{"bearer": []}]
    return merged


async def _fetch(client: httpx.AsyncClient, name: str, base: str) -> tuple[str, dict[str, Any] | None]:
    try:
        r = await client.get(f"{base}/openapi.json", timeout=5)
        return name, r.json() if r.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return name, None


@router.get("/openapi.json")
async def openapi(request: Request) -> JSONResponse:
    state = request.app.state
    cached = getattr(state, "openapi_cache", None)
    if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
        return JSONResponse(cached[1])
    found = await asyncio.gather(*(_fetch(state.http, n, u) for n, u in state.upstreams.items()))
    documents = {n: d for n, d in found if d is not None}
    doc = merge(documents, "SIMPEG API")
    doc["info"]["x-simpeg-unavailable"] = sorted(n for n, d in found if d is None)
    if len(documents) == len(found):  # cache only a complete document
        state.openapi_cache = (time.monotonic(), doc)
    return JSONResponse(doc)


DOCS = """<!doctype html><html lang="id"><head><meta charset="utf-8"><title>SIMPEG API</title>
<link rel="stylesheet" href="/docs/static/swagger-ui.css"></head><body><div id="swagger-ui"></div>
<script src="/docs/static/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});</script>
</body></html>"""


@router.get("/docs")
def docs() -> HTMLResponse:
    return HTMLResponse(DOCS)


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/docs/static", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
