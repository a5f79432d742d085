"""The shared problem+json layer answers bodies FastAPI cannot decode with the documented 422,
and a database that cannot be reached with a 503 and Retry-After; command bodies refuse control
characters in text and numbers in dates."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
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


def _sqlite_locked(tmp: Path) -> sa.Engine:
    """An SQLite file whose write lock another connection holds past the engine's timeout."""
    path = tmp / "terkunci.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    _held.append(holder)
    return sa.create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.1})


_held: list[sqlite3.Connection] = []


@pytest.mark.parametrize(("engine_of", "status"), [
    # nothing listens there: the database is down or restarting
    (lambda tmp: sa.create_engine("postgresql+psycopg://simpeg@127.0.0.1:1/simpeg",
                                  connect_args={"connect_timeout": 2}), 503),
    (_sqlite_locked, 503),
    # a table that is not there is a bug, not an outage: it stays a 500
    (lambda tmp: sa.create_engine(f"sqlite:///{tmp / 'kosong.db'}"), 500),
], ids=["postgresql-unreachable", "sqlite-locked", "sqlite-missing-table"])
async def test_a_database_that_cannot_be_reached_is_a_503_with_retry_after(
        engine_of: Any, status: int, tmp_path: Path) -> None:
    engine = engine_of(tmp_path)
    outage = APIRouter()

    @outage.post("/api/contoh/v1/tulis", responses=responses(422))
    def tulis(body: Perintah) -> dict[str, str]:
        with engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO t (x) VALUES (1)"))
        return {"nama": body.nama}

    app = create_app(service="contoh", title="contoh", routers=[outage])
    try:
        # an outage is answered, not raised on: the server logs no traceback for it
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=status == 503)
        async with httpx.AsyncClient(transport=transport, base_url="http://s") as c:
            r = await c.post("/api/contoh/v1/tulis", json={"nama": "Siti"})
    finally:
        engine.dispose()
        while _held:
            _held.pop().close()
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    if status == 503:
        assert r.headers["retry-after"] == "5"
        assert r.json()["type"].endswith("/unavailable")
        assert "Idempotency-Key" in r.json()["detail"]
    else:
        assert "retry-after" not in r.headers


def test_every_route_documents_the_503() -> None:
    app = create_app(service="contoh", title="contoh", routers=[router])
    operation = app.openapi()["paths"]["/api/contoh/v1/perintah"]["post"]
    assert {"500", "503"} <= set(operation["responses"])
