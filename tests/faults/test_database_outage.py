"""While the database is down, the API answers 503 with Retry-After (a person or a phone can
wait and send again), never a 500; a command sent again with the same Idempotency-Key once the
database is back is applied exactly once. Found by the fault suite: a PostgreSQL restart was
answered 500."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx
import pytest

from .harness import A, auth
from .pgcluster import PrivatePostgres

pytestmark = pytest.mark.integration


def notifications(runtime: Any) -> int:
    return len(runtime.application.recorder.select_notifications(1, 10**6))


@pytest.mark.timeout(300)
async def test_a_database_outage_is_a_503_and_the_retried_command_is_applied_once(
        pg: PrivatePostgres, make_runtime: Any, make_token: Any) -> None:
    runtime = make_runtime("attendance", database_url=pg.fresh("outage_attendance"))
    admin = auth(make_token("ADMIN_INSTANSI", instansi="pemda-outage"))
    unit = {"zona_waktu": "Asia/Jayapura", "jadwal": "perpres-21-2023", "berlaku_mulai": "2026-07-01"}
    transport = httpx.ASGITransport(app=runtime.api(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://attendance") as client:
        r = await client.get(f"{A}/unit/bkpsdm", headers=admin)
        assert r.status_code == 404, r.text  # the database answers; nothing configured yet

        key = {"Idempotency-Key": uuid.uuid4().hex}
        await asyncio.to_thread(pg.halt)
        try:
            during = [await client.put(f"{A}/unit/bkpsdm", headers={**admin, **key}, json=unit)]
            started = time.monotonic()
            during.append(await client.get(f"{A}/unit/bkpsdm", headers=admin))
            waited = time.monotonic() - started
        finally:
            await asyncio.to_thread(pg.resume)
        for r in during:
            assert r.status_code == 503, (r.request.method, r.status_code, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            assert r.headers["retry-after"] == "5"
            assert r.json()["type"].endswith("/unavailable")
        # the event store's reads are retried (eventsourcing: 10 attempts), each waiting for a
        # connection at most POSTGRES_CONNECT_TIMEOUT (2 s): seconds, not the default 5 minutes
        assert waited < 45, f"a read waited {waited:.0f} s for the database before answering 503"

        # The pool's connections were cut by the stop: the service recovers on its own.
        first = await client.put(f"{A}/unit/bkpsdm", headers={**admin, **key}, json=unit)
        assert first.status_code == 200, first.text
        stored = notifications(runtime)
        again = await client.put(f"{A}/unit/bkpsdm", headers={**admin, **key}, json=unit)
        assert again.status_code == 200 and again.headers.get("idempotent-replayed") == "true"
        assert again.json() == first.json()
        assert notifications(runtime) == stored, "the retried command was applied twice"
        r = await client.get(f"{A}/unit/bkpsdm", headers=admin)
        assert r.status_code == 200 and r.json()["zona_waktu"] == "Asia/Jayapura", r.text
