"""The shared problem+json layer answers bodies FastAPI cannot decode with the documented 422;
command bodies refuse control characters in text and numbers in dates."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi import APIRouter
from pydantic import AwareDatetime, ValidationError

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


class Mutasi(CommandModel):
    nama: str
    tmt: dt.date
    hari: list[dt.date] = []
    waktu: AwareDatetime | None = None


@pytest.mark.parametrize(("data", "field"), [
    ({"nama": "Budi\x00Santoso"}, "nama"),                      # NUL
    ({"nama": "Budi \u202eosotnaS"}, "nama"),                   # right-to-left override
    ({"nama": "\u200b\u200b"}, "nama"),                         # only zero-width spaces
    ({"nama": "Budi\x1b[31m"}, "nama"),                         # a terminal escape
    ({"tmt": 1755388800}, "tmt"),                               # a Unix time
    ({"tmt": "0"}, "tmt"),
    ({"hari": ["2026-08-17", 0]}, "hari"),
    ({"waktu": 0}, "waktu"),
])
def test_commands_refuse_control_characters_and_numbers_for_dates(data: dict, field: str) -> None:
    # found by the bad-input corpus (tests/corpus): every service took these and stored them
    with pytest.raises(ValidationError) as err:
        Mutasi.model_validate({"nama": "Budi", "tmt": "2026-09-01", **data})
    assert field in str(err.value)


def test_ordinary_text_and_dates_still_pass() -> None:
    m = Mutasi.model_validate({"nama": "Siti Nur'aini, S.Kom. 👩‍💻\nbaris dua\tkolom",
                               "tmt": "2026-09-01", "hari": ["2026-08-17"],
                               "waktu": "2026-08-18T07:20:00+07:00"})
    assert m.tmt == dt.date(2026, 9, 1) and m.nama.startswith("Siti")
