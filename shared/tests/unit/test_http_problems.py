"""The shared problem+json layer answers bodies FastAPI cannot decode with the documented 422."""

from __future__ import annotations

import httpx
from fastapi import APIRouter

from simpeg_shared.http import CommandModel, create_app, responses


class Perintah(CommandModel):
    nama: str


router = APIRouter()


@router.post("/api/contoh/v1/perintah", responses=responses(422))
def perintah(body: Perintah) -> dict[str, str]:
    return {"nama": body.nama}


async def test_a_body_that_is_not_utf8_is_a_documented_422_naming_the_body() -> None:
    # found by the fuzz run (tests/fuzz): FastAPI answered 400 "There was an error parsing the
    # body", a status no route documents and a detail nobody can act on
    app = create_app(service="contoh", title="contoh", routers=[router])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://s") as c:
        r = await c.post("/api/contoh/v1/perintah", content=b"{\"nama\": \"\xc3\x28\xff\"}",
                         headers={"Content-Type": "application/json"})
        assert r.status_code == 422
        assert r.headers["content-type"] == "application/problem+json"
        body = r.json()
        assert body["type"].endswith("/validation")
        assert body["errors"] == [{"field": "body", "message": "the body could not be read: "
                                   "send JSON encoded as UTF-8"}]
        assert "UTF-8" in body["detail"]
        # a body that is JSON but not valid still names its field, as before
        r = await c.post("/api/contoh/v1/perintah", json={"nama": "x", "lain": 1})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.lain"
