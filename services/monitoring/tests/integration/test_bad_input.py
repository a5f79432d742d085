"""Found by the fuzz run (tests/fuzz): a number in ``tanggal`` was read as a Unix time, so
``?tanggal=-2.3e-192`` answered 200 with the figures of 1 January 1970."""

from __future__ import annotations

from typing import Any

import httpx

from simpeg_shared.testing import auth


async def test_a_number_is_not_a_date(make_runtime: Any, make_token: Any) -> None:
    app = make_runtime("monitoring").api()
    bkn = auth(make_token("BKN_PUSAT", instansi=None))
    admin = auth(make_token("ADMIN_INSTANSI"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://m") as c:
        for url, headers in (("/api/monitoring/v1/nasional/harian?tanggal=-2.3e-192", bkn),
                             ("/api/monitoring/v1/instansi/pemkot-bandung/harian?tanggal=0", admin),
                             ("/api/monitoring/v1/instansi/pemkot-bandung/kurva?tanggal=1e3", admin)):
            r = await c.get(url, headers=headers)
            assert r.status_code == 422, (url, r.status_code)
            assert r.headers["content-type"] == "application/problem+json"
            assert r.json()["errors"][0]["field"] == "query.tanggal"
            assert "YYYY-MM-DD" in r.json()["detail"]
        ok = await c.get("/api/monitoring/v1/nasional/harian?tanggal=2026-08-18", headers=bkn)
        assert ok.status_code == 200 and ok.json()["tanggal"] == "2026-08-18"
