"""Evidence files (berkas): stored by SHA-256, PDF/JPEG/PNG only, size-limited."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from simpeg_shared.auth import Principal
from simpeg_shared.http import current_principal, responses
from simpeg_shared.objects import receive_upload, upload_openapi

router = APIRouter(prefix="/api/profile/v1", tags=["berkas"])


class BerkasOut(BaseModel):
    sha256: str
    size: int
    media_type: str


@router.post("/berkas", status_code=201, response_model=BerkasOut,
             summary="Upload an evidence file (raw body; Content-Type application/pdf, image/jpeg or image/png)",
             responses=responses(401, 413, 422), openapi_extra=upload_openapi())
async def upload(request: Request, principal: Principal = Depends(current_principal)) -> BerkasOut:
    stored = await receive_upload(request, request.app.state.objects,
                                  max_bytes=request.app.state.max_berkas_bytes)
    return BerkasOut(sha256=stored.sha256, size=stored.size, media_type=stored.media_type)
