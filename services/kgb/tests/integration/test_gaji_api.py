from typing import Any

import httpx

from simpeg_shared.testing import auth


async def test_the_gaji_pokok_endpoint_answers_from_the_table_in_force(make_runtime: Any, make_token: Any) -> None:
    kgb = make_runtime("kgb")
    headers = auth(make_token("PEGAWAI"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=kgb.api()), base_url="http://k") as c:
        r = await c.get("/api/kgb/v1/gaji-pokok", params={"golongan_ruang": "III/a", "mkg": 5, "per": "2026-01-01"},
                        headers=headers)
        assert r.status_code == 200
        assert r.json() == {"golongan_ruang": "III/a", "mkg": 5, "gaji_pokok": 2964000, "dasar_hukum": "PP 5/2024"}
        bad = await c.get("/api/kgb/v1/gaji-pokok", params={"golongan_ruang": "III/a", "mkg": 50}, headers=headers)
        assert bad.status_code == 422 and "0–40" in bad.json()["detail"]
        assert bad.json()["errors"][0]["field"] == "query.mkg"
        old = await c.get("/api/kgb/v1/gaji-pokok", params={"golongan_ruang": "III/a", "mkg": 5, "per": "2020-01-01"},
                          headers=headers)
        assert old.status_code == 422 and old.json()["errors"][0]["field"] == "query.per"
        assert (await c.get("/api/kgb/v1/gaji-pokok", params={"golongan_ruang": "III/a", "mkg": 5})).status_code == 401
