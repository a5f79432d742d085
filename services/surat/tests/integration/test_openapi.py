"""The OpenAPI documents every route, its problems, and a verification page needing no token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def test_the_openapi_is_complete_and_verification_is_public(make_runtime: Callable[..., Any]) -> None:
    spec = make_runtime("surat").api().openapi()
    paths = spec["paths"]
    for path in ("/api/surat/v1/surat", "/api/surat/v1/surat/{surat_id}/paraf",
                 "/api/surat/v1/surat/{surat_id}/pengembalian",
                 "/api/surat/v1/surat/{surat_id}/tanda-tangan", "/api/surat/v1/surat/{surat_id}/arsip",
                 "/api/surat/v1/surat/{surat_id}/srikandi", "/api/surat/v1/kotak-masuk",
                 "/api/surat/v1/nomor", "/api/surat/v1/verifikasi/{surat_id}"):
        assert path in paths, path
    sign = paths["/api/surat/v1/surat/{surat_id}/tanda-tangan"]["post"]["responses"]
    assert {"403", "409", "422", "503"} <= set(sign)
    assert sign["422"]["content"]["application/problem+json"]
    verify = paths["/api/surat/v1/verifikasi/{surat_id}"]
    assert "401" not in verify["get"]["responses"] and "401" not in verify["post"]["responses"]
    assert "application/pdf" in verify["post"]["requestBody"]["content"]
