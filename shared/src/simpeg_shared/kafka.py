"""Small aiokafka helpers shared by the relay, consumers, replay and tests.

Plain Kafka, nothing broker-specific — and nothing that trusts ListOffsets: the embedded broker
answers it with the base offset of the last batch + 1, not the end of the log. Where the end
matters we read it from fetch responses (``highwater``), which every broker reports correctly.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError


async def ensure_topic(bootstrap: str, topic: str, partitions: int, replication: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = await admin.list_topics()
        if topic not in existing:
            try:
                await admin.create_topics(
                    [NewTopic(topic, num_partitions=partitions, replication_factor=replication)]
                )
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


def plain_consumer(bootstrap: str) -> AIOKafkaConsumer:
    """A consumer outside any group, for reading by position."""
    return AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None,
                            auto_offset_reset="earliest", metadata_max_age_ms=1000)


async def partitions_of(consumer: AIOKafkaConsumer, topic: str) -> list[TopicPartition]:
    await consumer._client.force_metadata_update()  # noqa: SLF001 - a fresh view of the topics
    return [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]


async def drain(consumer: AIOKafkaConsumer, tps: Sequence[TopicPartition],
                poll_ms: int = 300) -> list[ConsumerRecord[Any, Any]]:
    """Read the assigned partitions from their positions to their current end.

    Done when one fetch brings nothing new and every position has reached its high watermark.
    """
    records: list[ConsumerRecord[Any, Any]] = []
    while True:
        page = await consumer.getmany(*tps, timeout_ms=poll_ms, max_records=5000)
        for recs in page.values():
            records.extend(recs)
        if page:
            continue
        ends = [consumer.highwater(tp) for tp in tps]
        positions = [await consumer.position(tp) for tp in tps]
        if all(end is not None and pos >= end for end, pos in zip(ends, positions, strict=True)):
            return records


async def read_topic(bootstrap: str, topic: str) -> list[ConsumerRecord[Any, Any]]:
    """Every record of ``topic`` now (for replay tools and tests)."""
    consumer = plain_consumer(bootstrap)
    await consumer.start()
    try:
        tps = await partitions_of(consumer, topic)
        if not tps:
            return []
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        return await drain(consumer, tps)
    finally:
        await consumer.stop()


async def record_missing(bootstrap: str, topic: str, marks: dict[int, tuple[int, str]]) -> str | None:
    """Why the records we wrote last (partition -> (offset, ce_id)) are gone, or ``None`` when
    they are all there or the answer is not certain (we then look again later)."""
    consumer = plain_consumer(bootstrap)
    await consumer.start()
    try:
        tps = {tp.partition: tp for tp in await partitions_of(consumer, topic)}
        if not tps:
            return "the topic is missing"
        consumer.assign(list(tps.values()))
        for partition, (offset, ce_id) in marks.items():
            tp = tps.get(partition)
            if tp is None:
                return f"partition {partition} is missing"
            consumer.seek(tp, offset)
            try:
                page = await consumer.getmany(tp, timeout_ms=1000, max_records=1)
            except KafkaError as exc:  # out of range and friends: the log is shorter than before
                return f"partition {partition}: {type(exc).__name__}"
            recs = page.get(tp, [])
            if recs:
                got = dict(recs[0].headers or ()).get("ce_id", b"").decode()
                if recs[0].offset != offset or got != ce_id:
                    return f"partition {partition} offset {offset} holds another record"
                continue
            end = consumer.highwater(tp)
            if end is not None and end <= offset:
                return f"partition {partition} ends at {end}, we wrote offset {offset}"
        return None
    finally:
        await consumer.stop()


async def publish(bootstrap: str, events: Sequence[Any], *, partitions: int = 3,
                  replication: int = 1) -> None:
    """Send contract events as a context's relay would (acks=all, CloudEvents headers): for
    tools and for tests that stand in for a context not under test."""
    from aiokafka import AIOKafkaProducer

    from simpeg_shared import envelope

    for topic in sorted({e.topic() for e in events}):
        await ensure_topic(bootstrap, topic, partitions, replication)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for event in events:
            rec = envelope.encode(event)
            await producer.send(rec.topic, rec.value, key=rec.key, headers=rec.headers)
        await producer.flush()
    finally:
        await producer.stop()
