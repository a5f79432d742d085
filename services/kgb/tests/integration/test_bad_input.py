"""What the fuzz run (tests/fuzz) found in kgb: answers the OpenAPI did not document, and numbers
read as dates (pydantic's lax mode took ``per=0`` for 1 January 1970)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from simpeg_shared.testing import auth


async def test_the_worklist_of_a_foreign_instansi_is_a_documented_404(make_runtime: Any,
                                                                      make_token: Any) -> None:
    app = make_runtime("kgb").api()
    documented = app.openapi()["paths"]["/api/kgb/v1/daftar-kerja"]["get"]["responses"]
    assert "404" in documented
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://k") as c:
        r = await c.get("/api/kgb/v1/daftar-kerja", params={"instansi_id": "pemkab-garut"},
                        headers=auth(make_token("ADMIN_INSTANSI")))
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


async def test_a_number_is_not_a_date(make_runtime: Any, make_token: Any) -> None:
    app = make_runtime("kgb").api()
    admin = auth(make_token("ADMIN_INSTANSI"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://k") as c:
        for url in ("/api/kgb/v1/gaji-pokok?golongan_ruang=III/a&mkg=5&per=0",
                    "/api/kgb/v1/daftar-kerja?per=-2.3e-192",
                    "/api/kgb/v1/pegawai/199003152015031001/jadwal?per=1700000000"):
            r = await c.get(url, headers=admin)
            assert r.status_code == 422, (url, r.status_code)
            assert r.json()["errors"][0]["field"] == "query.per"
            assert "YYYY-MM-DD" in r.json()["detail"]
        r = await c.post(f"/api/kgb/v1/usulan/{uuid.uuid4()}/penundaan", headers=admin,
                         json={"alasan": "hukuman disiplin", "sampai": 0})
        assert r.status_code == 422, r.text
        assert "sampai" in r.json()["detail"] and "YYYY-MM-DD" in r.json()["detail"]
