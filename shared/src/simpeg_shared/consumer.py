"""Consumers: Kafka -> :class:`~simpeg_shared.projection.ProjectionStore`, offsets after commit.

Two drivers over the same store: :class:`ConsumerWorker`, a batched plain-aiokafka loop (one
``getmany`` page = one database transaction = one offset commit), for hot paths; and
:func:`faust_agent`, for contexts that use faust-streaming agents. Either way the read-model write
and the processed event id are one transaction, and the offset is committed only after it.
:func:`rebuild` refills a projection from the topics into a fresh generation and swaps it in.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from typing import Any

import structlog
from aiokafka import AIOKafkaConsumer, ConsumerRecord
from aiokafka.admin import AIOKafkaAdminClient

from simpeg_shared import envelope, kafka, metrics
from simpeg_shared.contracts import ContractEvent
from simpeg_shared.projection import ProjectionStore

log = structlog.get_logger("simpeg.consumer")


def decode_records(store: ProjectionStore, records: Sequence[ConsumerRecord[Any, Any]],
                   dead: list[tuple[Any, ...]] | None = None) -> list[ContractEvent]:
    """Decode a page; records that cannot be decoded go to the dead-letter table (or, inside
    a transaction that holds the write lock, into ``dead`` to be recorded after it)."""
    events: list[ContractEvent] = []
    for rec in records:
        try:
            event = envelope.decode(list(rec.headers or ()), rec.value or b"")
        except envelope.EnvelopeError as exc:
            letter = (rec.topic, rec.partition, rec.offset, rec.key, list(rec.headers or ()),
                      rec.value, str(exc))
            if dead is None:
                store.record_dead_letter(*letter)
            else:
                dead.append(letter)
            continue
        if event is not None:
            events.append(event)
    return events


class ConsumerWorker:
    """A consumer group member feeding one projection with batched transactions.

    Positions belong to one Kafka cluster. The worker remembers that cluster's id and asks for it
    again every ``cluster_check_interval`` seconds: a different id means the broker it reads was
    replaced by an empty one (the embedded broker restarted, a real cluster rebuilt after a
    disaster), so every position it holds, and every offset committed there since, is
    meaningless. It then reads every partition again from the start; the projection ignores the
    events it has already applied. Without this, a live consumer kept its old position and
    skipped whatever the relays republished below it (ADR 0030).
    """

    def __init__(self, store: ProjectionStore, bootstrap: str, *, session_timeout_ms: int = 6000,
                 max_records: int = 2000, group_id: str | None = None,
                 cluster_check_interval: float = 2.0) -> None:
        self.store = store
        self.bootstrap = bootstrap
        self.session_timeout_ms = session_timeout_ms
        self.max_records = max_records
        self.group_id = group_id or store.projection.name
        self.cluster_check_interval = cluster_check_interval
        self._consumer: AIOKafkaConsumer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        #: the cluster our positions were read from; kept across consumer restarts
        self._cluster: str | None = None
        self._cluster_checked = 0.0
        #: the cluster changed and the partitions we hold have not been sent back to 0 yet
        self._rewind_pending = False

    async def start(self) -> None:
        await asyncio.to_thread(self.store.setup)
        self._admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=5000)
        await asyncio.wait_for(self._admin.start(), 15)
        # Which cluster, asked before the consumer joins its group and is handed positions: a
        # first look after the join could see a replacement and keep the old cluster's positions.
        self._note_cluster(await self._cluster_id())
        self._cluster_checked = time.monotonic()
        self._consumer = AIOKafkaConsumer(
            *self.store.projection.topics,
            bootstrap_servers=self.bootstrap,
            group_id=self.group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=self.session_timeout_ms,
            heartbeat_interval_ms=max(self.session_timeout_ms // 3, 500),
            metadata_max_age_ms=5000,
        )
        await self._consumer.start()

    async def _cluster_id(self) -> str | None:
        assert self._admin is not None
        return (await asyncio.wait_for(self._admin.describe_cluster(), 5)).get("cluster_id")

    def _note_cluster(self, cluster: str | None) -> None:
        if cluster and self._cluster is None:
            self._cluster = cluster
        elif cluster and cluster != self._cluster:
            log.warning("consumer.cluster_replaced", consumer=self.store.projection.name,
                        was=self._cluster, now=cluster)
            self._cluster = cluster
            self._rewind_pending = True

    async def stop(self) -> None:
        """Leave the group without committing anything. Never raises: a client that failed to
        start is closed as far as it can be, so that ``run`` can start again."""
        admin, consumer, self._admin, self._consumer = self._admin, self._consumer, None, None
        closing = [c for c in (admin.close() if admin else None, consumer.stop() if consumer else None)
                   if c is not None]
        for done in closing:
            try:
                await done
            except Exception as exc:  # noqa: BLE001 - half started, or the broker went away
                log.info("consumer.stop_failed", consumer=self.store.projection.name,
                         error=type(exc).__name__)

    async def _cluster_replaced(self) -> bool:
        """True when the positions we hold belong to a cluster that is gone. Sends the assigned
        partitions back to offset 0 (at once, or as soon as partitions are assigned)."""
        assert self._consumer is not None and self._admin is not None
        now = time.monotonic()
        if not self._rewind_pending and now - self._cluster_checked < self.cluster_check_interval:
            return False
        self._cluster_checked = now
        try:
            self._note_cluster(await self._cluster_id())
        except Exception as exc:  # noqa: BLE001 - the broker is away: look again next time
            log.info("consumer.cluster_unknown", consumer=self.store.projection.name,
                     error=type(exc).__name__)
        if not self._rewind_pending:
            return False
        assigned = self._consumer.assignment()
        for tp in assigned:
            # a plain seek: seek_to_beginning waits for a ListOffsets answer, with no limit,
            # from a broker whose topics may not all exist again yet
            self._consumer.seek(tp, 0)
        if assigned:
            self._rewind_pending = False
        return True

    async def poll_once(self, timeout_ms: int = 200, *, commit: bool = True) -> int:
        """Read one page, apply it in one transaction, then commit its offsets. Returns the
        number of records read. ``commit=False`` stops between the two, as a crash would."""
        assert self._consumer is not None
        page = await self._consumer.getmany(timeout_ms=timeout_ms, max_records=self.max_records)
        if await self._cluster_replaced():
            return 0  # this page may be read at a stale position: it comes again from offset 0
        records = [r for recs in page.values() for r in recs]
        if not records:
            await self._rewind_if_log_shrank()
            return 0
        events = await asyncio.to_thread(decode_records, self.store, records)
        await asyncio.to_thread(self.store.apply_batch, events)
        if not commit:
            return len(records)
        await self._consumer.commit(
            {tp: recs[-1].offset + 1 for tp, recs in page.items() if recs}
        )
        for tp, recs in page.items():
            high = self._consumer.highwater(tp)
            if high is not None and recs:
                metrics.CONSUMER_LAG.labels(self.group_id, str(tp.partition)).set(
                    max(high - recs[-1].offset - 1, 0))
        return len(records)

    async def _rewind_if_log_shrank(self) -> None:
        """A broker restarted empty (the embedded one keeps nothing) starts every partition at
        offset 0 again, while this live consumer still fetches from its old position: whatever
        the relays republish below it would be skipped. When a partition's end is below our
        position, read it again from the start; the projection ignores what it has seen."""
        assert self._consumer is not None
        for tp in self._consumer.assignment():
            high = self._consumer.highwater(tp)
            if high is None:
                continue
            position = await self._consumer.position(tp)
            if high < position:
                log.warning("consumer.rewind", consumer=self.store.projection.name,
                            topic=tp.topic, partition=tp.partition, position=position, end=high)
                self._consumer.seek(tp, 0)

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 0.2
        while not stop.is_set():
            try:
                if self._consumer is None:
                    await self.start()
                await self.poll_once()
                backoff = 0.2
            except Exception as exc:  # noqa: BLE001 - outlive broker and database outages
                log.warning("consumer.error", consumer=self.store.projection.name, error=repr(exc))
                await self.stop()
                try:
                    await asyncio.wait_for(stop.wait(), timeout=backoff)
                except TimeoutError:
                    pass
                backoff = min(backoff * 2, 5.0)
        await self.stop()


def faust_agent(app: Any, store: ProjectionStore, *, batch: int = 500, within: float = 0.2,
                retry_pause: float = 0.5) -> Any:
    """Register a faust-streaming agent that feeds ``store`` from its projection's topics.

    Values arrive raw (the CloudEvents attributes are headers); each batch is one database
    transaction, and its events are acknowledged (so that faust may commit their offsets) only
    after that transaction committed. A batch the database refuses is tried again, pausing
    ``retry_pause`` seconds and up to 5 s, until it is applied: the agent waits for the
    database as :class:`ConsumerWorker` does.

    Not ``take_events``: it acknowledges a batch in a ``finally``, also when the agent failed
    on it, and faust then committed offsets of events never applied (``make faults`` seed 20
    lost 15 events of tpp.fakta across a PostgreSQL restart). ``noack_take`` leaves the
    acknowledgement to us; a batch cut short by a stop or a crash stays unacknowledged and is
    read again.
    """
    topic = app.topic(*store.projection.topics, value_serializer="raw", key_serializer="raw")

    def decode_and_apply(events: Sequence[Any]) -> int:
        decoded: list[ContractEvent] = []
        for ev in events:
            raw = ev.message.headers or []
            headers = list(raw.items() if isinstance(raw, Mapping) else raw)
            try:
                item = envelope.decode(headers, ev.value or b"")
            except envelope.EnvelopeError as exc:
                store.record_dead_letter(ev.message.topic, ev.message.partition, ev.message.offset,
                                         ev.message.key, headers, ev.value, str(exc))
                continue
            if item is not None:
                decoded.append(item)
        return store.apply_batch(decoded)

    async def _agent(stream: Any) -> Any:
        async for events in stream.noack_take(batch, within=within):
            pause = retry_pause
            while True:
                try:
                    applied = await asyncio.to_thread(decode_and_apply, events)
                    break
                except Exception as exc:  # noqa: BLE001 - wait for the database, lose nothing
                    log.warning("consumer.retry", consumer=store.projection.name,
                                error=type(exc).__name__, events=len(events))
                    await asyncio.sleep(pause)
                    pause = min(pause * 2, 5.0)
            for ev in events:
                await stream.ack(ev)
            yield applied

    _agent.__name__ = store.projection.name.replace(".", "_")
    return app.agent(topic, name=store.projection.name)(_agent)


async def rebuild(store: ProjectionStore, bootstrap: str) -> int:
    """Refill the projection from the beginning of its topics into a fresh generation, then
    swap it in. Returns the number of events applied. Live consumers keep running throughout."""
    await asyncio.to_thread(store.setup)
    generation = await asyncio.to_thread(store.begin_rebuild)
    consumer = kafka.plain_consumer(bootstrap)
    await consumer.start()
    try:
        tps = [tp for t in store.projection.topics for tp in await kafka.partitions_of(consumer, t)]
        applied = 0
        if tps:
            consumer.assign(tps)
            await consumer.seek_to_beginning(*tps)
            records = await kafka.drain(consumer, tps)
            applied += await asyncio.to_thread(store.apply_to, generation,
                                               decode_records(store, records))
        dead: list[tuple[Any, ...]] = []
        with store.swapping(generation) as apply_locked:
            if tps:
                records = await kafka.drain(consumer, tps)
                applied += apply_locked(decode_records(store, records, dead))
        for letter in dead:
            store.record_dead_letter(*letter)
        log.info("projection.rebuilt", projection=store.projection.name, events=applied)
        return applied
    finally:
        await consumer.stop()
