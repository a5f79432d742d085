"""The relay: event store (outbox) -> Kafka, at least once, in order, and self-healing.

It reads the service's notification log from the last position it *delivered*, translates each
private domain event into its public contract (or nothing), produces to ``simpeg.<context>.v1``
keyed by NIP with acks=all, and only then stores the new position. A crash anywhere therefore
re-sends at most one batch, with the same deterministic event ids, which consumers ignore.

It also notices a broker that lost the topic (the embedded broker keeps nothing on restart; a
disaster on a real cluster): it remembers, per partition, the offset and event id of the last
record it wrote; when that record is no longer there — or a new write lands at or below that
offset — the topic was emptied, so it starts again from position 0. Nothing is lost; nothing is
counted twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import time
import zlib
from collections.abc import Callable, Sequence
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Engine, text

from simpeg_shared import envelope, kafka, metrics
from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.persistence import is_postgres

Translate = Callable[[Any], ContractEvent | None]
log = structlog.get_logger("simpeg.relay")


class Relay:
    def __init__(
        self,
        *,
        context: str,
        app: Application[Any],
        translate: Translate,
        engine: Engine,
        bootstrap: str,
        partitions: int = 3,
        replication: int = 1,
        batch_size: int = 500,
        poll_interval: float = 0.05,
        broker_check_interval: float = 1.0,
        crash_after_batches: int | None = None,
    ) -> None:
        self.context = context
        self.topic = topic_for(context)
        self.app = app
        self.translate = translate
        self.engine = engine
        self.bootstrap = bootstrap
        self.partitions = partitions
        self.replication = replication
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.broker_check_interval = broker_check_interval
        self.crash_after_batches = crash_after_batches
        self._batches = 0
        self._last_check = 0.0
        self._producer: AIOKafkaProducer | None = None

    # -- position -------------------------------------------------------------------------
    def load_position(self) -> tuple[int, dict[int, tuple[int, str]]]:
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT position, watermarks FROM relay_position WHERE context = :c"),
                {"c": self.context},
            ).first()
        if row is None:
            return 0, {}
        return int(row[0]), {int(k): (int(v[0]), str(v[1])) for k, v in json.loads(row[1]).items()}

    def store_position(self, position: int, watermarks: dict[int, tuple[int, str]]) -> None:
        params = {
            "c": self.context,
            "p": position,
            "w": json.dumps({str(k): list(v) for k, v in sorted(watermarks.items())}),
            "t": dt.datetime.now(dt.UTC),
        }
        with self.engine.begin() as conn:
            updated = conn.execute(
                text("UPDATE relay_position SET position = :p, watermarks = :w, updated_at = :t "
                     "WHERE context = :c"),
                params,
            ).rowcount
            if not updated:
                conn.execute(
                    text("INSERT INTO relay_position (context, position, watermarks, updated_at) "
                         "VALUES (:c, :p, :w, :t)"),
                    params,
                )

    def reset(self, reason: str) -> None:
        """Republish everything from the start of the notification log."""
        log.warning("relay.republish", context=self.context, reason=reason)
        metrics.RELAY_REPUBLISH.labels(self.context).inc()
        self.store_position(0, {})

    # -- lifecycle ------------------------------------------------------------------------
    async def start(self) -> None:
        await kafka.ensure_topic(self.bootstrap, self.topic, self.partitions, self.replication)
        self._producer = AIOKafkaProducer(
            bootstrap_servers=self.bootstrap,
            acks="all",
            enable_idempotence=False,  # not assumed: consumers dedupe by event id (ADR 0004)
            linger_ms=5,
            max_batch_size=256 * 1024,
            request_timeout_ms=15000,
        )
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until ``stop`` is set; errors are logged and retried with backoff."""
        backoff = self.poll_interval
        while not stop.is_set():
            try:
                if self._producer is None:
                    await self.start()
                sent = await self.step()
                backoff = self.poll_interval
                if sent:
                    continue
            except Exception as exc:  # noqa: BLE001 - the relay must outlive broker/db outages
                log.warning("relay.error", context=self.context, error=repr(exc))
                await self.stop()
                backoff = min(backoff * 2 or 0.1, 5.0)
            try:
                await asyncio.wait_for(stop.wait(), timeout=backoff)
            except TimeoutError:
                pass
        await self.stop()

    # -- one step -------------------------------------------------------------------------
    async def _broker_lost_topic(self, watermarks: dict[int, tuple[int, str]]) -> str | None:
        if not watermarks:
            return None
        return await kafka.record_missing(self.bootstrap, self.topic, watermarks)

    async def produce(self, notifications: Sequence[Notification]) -> list[tuple[Any, str]]:
        """Translate and produce; returns (record metadata, event id) once the broker
        acknowledged every record."""
        assert self._producer is not None
        futures, ids = [], []
        for n in notifications:
            contract = self.translate(self.app.mapper.to_domain_event(n))
            if contract is None:
                continue
            if contract.topic() != self.topic:
                raise ValueError(f"{contract.type_name()} does not belong on {self.topic}")
            rec = envelope.encode(contract)
            futures.append(
                await self._producer.send(rec.topic, rec.value, key=rec.key, headers=rec.headers)
            )
            ids.append(str(contract.event_id))
        return list(zip(await asyncio.gather(*futures), ids, strict=True))

    async def step(self) -> int:
        """Publish one batch; returns the number of notifications consumed from the log."""
        assert self._producer is not None
        position, watermarks = await asyncio.to_thread(self.load_position)
        notifications = await asyncio.to_thread(
            self.app.recorder.select_notifications, position + 1, self.batch_size
        )
        if not notifications:
            metrics.RELAY_LAG.labels(self.context).set(0)
            # While idle, look now and then whether the broker still has what we wrote; while
            # busy, a write landing at or below an old offset tells us instead (below).
            now = time.monotonic()
            if now - self._last_check >= self.broker_check_interval:
                self._last_check = now
                reason = await self._broker_lost_topic(watermarks)
                if reason:
                    await asyncio.to_thread(self.reset, reason)
                    await kafka.ensure_topic(self.bootstrap, self.topic, self.partitions,
                                             self.replication)
                    return 1
            return 0

        delivered = await self.produce(notifications)

        self._batches += 1
        if self.crash_after_batches is not None and self._batches >= self.crash_after_batches:
            os._exit(137)  # fault injection: die like kill -9 between delivery and bookkeeping

        lost = False
        new_marks = dict(watermarks)
        for meta, ce_id in delivered:
            if meta.offset <= watermarks.get(meta.partition, (-1, ""))[0]:
                lost = True  # offsets went backwards: the broker was emptied under us
            if meta.offset > new_marks.get(meta.partition, (-1, ""))[0]:
                new_marks[meta.partition] = (meta.offset, ce_id)
        if lost:
            await asyncio.to_thread(self.reset, "offsets went backwards")
            return len(notifications)
        await asyncio.to_thread(self.store_position, notifications[-1].id, new_marks)
        metrics.RELAY_PUBLISHED.labels(self.context).inc(len(delivered))
        newest = await asyncio.to_thread(self.app.recorder.max_notification_id)
        metrics.RELAY_LAG.labels(self.context).set(max((newest or 0) - notifications[-1].id, 0))
        return len(notifications)


class RelayLeadership:
    """One active relay per service: a PostgreSQL session advisory lock (SQLite: a single
    process runs the embedded default, so leadership is trivially held)."""

    def __init__(self, engine: Engine, context: str) -> None:
        self.engine = engine
        self.key = zlib.crc32(f"simpeg.relay.{context}".encode())
        self._conn = None

    def try_acquire(self) -> bool:
        if not is_postgres(str(self.engine.url)):
            return True
        if self._conn is None:
            self._conn = self.engine.connect()
        got = bool(self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}).scalar())
        self._conn.commit()
        return got

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()  # closing the session releases the advisory lock
            self._conn = None


async def run_as_leader(relay: Relay, stop: asyncio.Event, retry: float = 2.0) -> None:
    leadership = RelayLeadership(relay.engine, relay.context)
    try:
        while not stop.is_set():
            if await asyncio.to_thread(leadership.try_acquire):
                log.info("relay.leader", context=relay.context)
                await relay.run(stop)
                return
            try:
                await asyncio.wait_for(stop.wait(), timeout=retry)
            except TimeoutError:
                pass
    finally:
        await asyncio.to_thread(leadership.release)


async def republish_all(relay: Relay) -> int:
    """Send the whole notification log again (``simpeg replay``), without touching the live
    relay's position: consumers recognise every id, and a rebuild finds every event."""
    await relay.start()
    sent, position = 0, 0
    try:
        while True:
            notifications = await asyncio.to_thread(
                relay.app.recorder.select_notifications, position + 1, relay.batch_size)
            if not notifications:
                return sent
            sent += len(await relay.produce(notifications))
            position = notifications[-1].id
    finally:
        await relay.stop()
