"""The web portal (ADR 0025): plain ES modules, no build step, served by the gateway at ``/``.

Only static files are public here: the page, its modules and styles under ``/portal/``, the web
app manifest, and the service worker at ``/sw.js`` (root scope, so it controls the whole
portal). Every data call of the portal goes to ``/api/…`` with the user's token, through the
same proxy, limits and authorisation matrices as any other client.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

ROOT = Path(__file__).parent / "portal"

#: Everything from our own origin; the camera preview and captured photos are blob:/mediastream:
#: URLs, a letter's PDF opens as a blob: frame. No inline script, no CDN.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self'; "
       "manifest-src 'self'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "Permissions-Policy": "camera=(self), geolocation=(self), microphone=()"}
#: Revalidate on every load (ETag): the service worker keeps the offline copy.
FRESH = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(ROOT / "index.html", media_type="text/html; charset=utf-8",
                        headers={**FRESH, **SECURITY, "Content-Security-Policy": CSP})


@router.get("/sw.js")
def service_worker() -> FileResponse:
    return FileResponse(ROOT / "sw.js", media_type="text/javascript; charset=utf-8",
                        headers={**FRESH, **SECURITY, "Service-Worker-Allowed": "/"})


@router.get("/manifest.webmanifest")
def manifest() -> FileResponse:
    return FileResponse(ROOT / "manifest.webmanifest", media_type="application/manifest+json",
                        headers={**FRESH, **SECURITY})


class _Aset(StaticFiles):
    """The portal's modules, styles and icons, revalidated on every load."""

    async def get_response(self, path: str, scope: Scope):  # type: ignore[no-untyped-def]
        response = await super().get_response(path, scope)
        response.headers.update({**FRESH, **SECURITY})
        return response


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/portal", _Aset(directory=ROOT / "aset"), name="portal")
