"""A TPP runtime on a fresh database with its faust-streaming worker running against the real
broker, and a producer that publishes other contexts' contract events onto their topics."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import random
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import select

from simpeg_shared import envelope, kafka
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.testing import auth

_n = itertools.count(1)


def unique_nip() -> str:
    """A valid NIP no other test uses (random birth date, running sequence)."""
    n = next(_n)
    lahir = f"{random.randint(1965, 1995)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    return f"{lahir}2015{random.randint(1, 12):02d}{random.choice('12')}{n % 999 + 1:03d}"


def ev(cls: type[ContractEvent], instansi: str, **kw: Any) -> Any:
    """A contract event with a fresh deterministic-style id, as a producer's relay would send."""
    return cls(event_id=event_id_for(uuid.uuid4(), next(_n)),
               occurred_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC), instansi_id=instansi, **kw)


@dataclass
class Suite:
    runtime: Any
    instansi: str
    nip: str
    admin: str
    client: httpx.AsyncClient
    producer: AIOKafkaProducer
    tokens: dict[str, dict[str, str]]
    stop: asyncio.Event
    task: asyncio.Task[Any]
    sent: list[ContractEvent] = field(default_factory=list)

    async def publish(self, *events: ContractEvent) -> None:
        for e in events:
            rec = envelope.encode(e)
            await self.producer.send_and_wait(rec.topic, rec.value, key=rec.key, headers=rec.headers)
            self.sent.append(e)

    def missing(self, store: str = "tpp.fakta", ids: set[str] | None = None) -> set[str]:
        """Ids of the events sent (or ``ids``) the projection has not recorded yet."""
        want = ids if ids is not None else {str(e.event_id) for e in self.sent}

        def q(conn: Any, t: dict[str, Any]) -> set[str]:
            c = t["_processed"].c.event_id
            return {r[0] for r in conn.execute(select(c).where(c.in_(want)))}

        return want - self.runtime.store(store).read(q)

    async def settle(self, store: str = "tpp.fakta", ids: set[str] | None = None,
                     timeout: float = 60) -> None:
        """Wait until the worker has applied every event sent (or ``ids``)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            if not await asyncio.to_thread(self.missing, store, ids):
                return
            await asyncio.sleep(0.2)
        raise AssertionError(f"worker has not applied {len(self.missing(store, ids))} events")

    async def relay_all(self) -> None:
        relay = self.runtime.relay()
        await relay.start()
        try:
            while await relay.step():
                pass
        finally:
            await relay.stop()


@pytest.fixture
async def suite(make_runtime: Callable[..., Any], make_token: Callable[..., str],
                broker: Any) -> AsyncIterator[Suite]:
    runtime = make_runtime("tpp", consumer_group=f"tpp-test-{uuid.uuid4().hex[:8]}")
    for topic in ("simpeg.attendance.v1", "simpeg.kinerja.v1", "simpeg.profile.v1", "simpeg.cuti.v1",
                  "simpeg.tpp.v1"):
        await kafka.ensure_topic(broker.bootstrap, topic, 3, 1)
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
    await producer.start()
    stop = asyncio.Event()
    [worker] = runtime.workers()
    task = asyncio.create_task(worker.run(stop))
    instansi, nip, admin = f"pemda-{uuid.uuid4().hex[:10]}", unique_nip(), unique_nip()
    tokens = {"pegawai": auth(make_token("PEGAWAI", instansi=instansi, nip=nip)),
              "admin": auth(make_token("ADMIN_INSTANSI", "PEGAWAI", instansi=instansi, nip=admin)),
              "luar": auth(make_token("ADMIN_INSTANSI", "PEGAWAI", instansi="pemkab-lain",
                                      nip=unique_nip())),
              "bkn": auth(make_token("BKN_PUSAT", instansi=None))}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()),
                                 base_url="http://tpp") as client:
        s = Suite(runtime, instansi, nip, admin, client, producer, tokens, stop, task)
        yield s
    s.stop.set()  # the worker running now (a test may have restarted it)
    await asyncio.wait_for(s.task, timeout=30)
    await producer.stop()
