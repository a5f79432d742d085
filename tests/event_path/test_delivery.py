"""The event path end to end on the real broker and database: profile -> Kafka -> monitoring."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from typing import Any

from sqlalchemy import text

from simpeg_shared import kafka, metrics
from simpeg_shared.consumer import ConsumerWorker

from .conftest import count, publish_all, register, topic_size, wait_until, wait_until_async, worker_for


async def test_an_event_is_counted_once(slice_, instansi, broker) -> None:
    profile, monitoring = slice_
    register(profile, instansi, 1)
    await publish_all(profile.relay())
    worker = worker_for(monitoring, broker.bootstrap)
    await worker.start()
    try:
        assert await wait_until_async(lambda: worker.poll_once(), lambda: count(monitoring, instansi) == 1, 30)
        for _ in range(5):
            await worker.poll_once()
        assert count(monitoring, instansi) == 1
    finally:
        await worker.stop()


async def test_redelivery_after_a_restart_before_the_offset_commit_is_not_counted_twice(slice_, instansi, broker) -> None:
    profile, monitoring = slice_
    register(profile, instansi, 3)
    await publish_all(profile.relay())
    first = worker_for(monitoring, broker.bootstrap)
    await first.start()
    read = 0
    while count(monitoring, instansi) < 3:
        read += await first.poll_once(commit=False)  # applied, then "crashed" before the commit
    await first.stop()
    assert count(monitoring, instansi) == 3

    duplicates_before = metrics.EVENTS_DUPLICATE.labels("monitoring.ringkasan_instansi")._value.get()
    second = worker_for(monitoring, broker.bootstrap)
    second.group_id = first.group_id  # the same member group: it resumes from the committed offset
    await second.start()
    try:
        redelivered = 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 30
        while redelivered < read and loop.time() < deadline:
            redelivered += await second.poll_once()
        assert redelivered >= read, "the uncommitted records were not delivered again"
    finally:
        await second.stop()
    assert count(monitoring, instansi) == 3
    duplicates = metrics.EVENTS_DUPLICATE.labels("monitoring.ringkasan_instansi")._value.get()
    assert duplicates - duplicates_before >= 3


async def test_a_broker_restarted_empty_gets_everything_again_and_counts_stay_exact(slice_, instansi, broker) -> None:
    profile, monitoring = slice_
    stop = asyncio.Event()
    relay = profile.relay()
    relay.broker_check_interval = 0.2
    worker = worker_for(monitoring, broker.bootstrap)
    tasks = [asyncio.create_task(relay.run(stop)), asyncio.create_task(worker.run(stop))]
    try:
        register(profile, instansi, 30)
        assert await wait_until(lambda: count(monitoring, instansi) == 30, 60)
        republished_before = metrics.RELAY_REPUBLISH.labels("profile")._value.get()

        await asyncio.to_thread(broker.restart_empty)
        register(profile, instansi, 20)
        assert await wait_until(lambda: count(monitoring, instansi) == 50, 90)
        republished = metrics.RELAY_REPUBLISH.labels("profile")._value.get() - republished_before
        assert 1 <= republished <= 2, f"the relay started over {republished} times"
        # Everything was published again onto the empty topic, and nothing counted twice.
        assert await topic_size(broker.bootstrap) >= 50
        await asyncio.sleep(2)
        assert count(monitoring, instansi) == 50
    finally:
        stop.set()
        await asyncio.gather(*tasks)


async def test_a_relay_killed_between_delivery_and_bookkeeping_resumes_with_nothing_lost(
    slice_, instansi, broker, common_settings
) -> None:
    profile, monitoring = slice_
    register(profile, instansi, 120)
    size_before = await topic_size(broker.bootstrap)
    env = {
        **os.environ,
        "SIMPEG_PROFILE_DATABASE_URL": profile.settings.db_url,
        "SIMPEG_KAFKA_BOOTSTRAP": broker.bootstrap,
        "SIMPEG_VAR_DIR": str(common_settings.var_dir),
        "SIMPEG_PROFILE_RELAY_BATCH_SIZE": "50",
        "SIMPEG_PROFILE_RELAY_CRASH_AFTER_BATCHES": "2",
    }
    proc = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "simpeg_shared.cli", "service", "profile", "relay"],
        env=env, capture_output=True, timeout=120,
    )
    assert proc.returncode == 137, proc.stderr.decode()[-2000:]
    with profile.engine.connect() as conn:
        position = conn.execute(text("SELECT position FROM relay_position WHERE context='profile'")).scalar()
    # Batch 1 was delivered and booked; batch 2 was delivered, then the process died.
    assert position == 50
    assert await topic_size(broker.bootstrap) - size_before == 100

    await publish_all(profile.relay())
    assert await topic_size(broker.bootstrap) - size_before == 170  # batch 2 went out twice
    worker = worker_for(monitoring, broker.bootstrap)
    await worker.start()
    try:
        assert await wait_until_async(worker.poll_once, lambda: count(monitoring, instansi) == 120, 60)
        for _ in range(10):
            await worker.poll_once()
    finally:
        await worker.stop()
    assert count(monitoring, instansi) == 120


async def test_a_relay_killed_at_random_moments_loses_nothing_and_counts_nothing_twice(
    slice_, instansi, broker, common_settings
) -> None:
    """kill -9 of a real relay process at random points while it publishes (three seeds)."""
    import random
    import signal
    import time

    profile, monitoring = slice_
    total = 1500
    register(profile, instansi, total)
    env = {
        **os.environ,
        "SIMPEG_PROFILE_DATABASE_URL": profile.settings.db_url,
        "SIMPEG_KAFKA_BOOTSTRAP": broker.bootstrap,
        "SIMPEG_VAR_DIR": str(common_settings.var_dir),
        "SIMPEG_PROFILE_RELAY_BATCH_SIZE": "20",
    }

    def position() -> int:
        with profile.engine.connect() as conn:
            return conn.execute(text(
                "SELECT position FROM relay_position WHERE context='profile'")).scalar() or 0

    def kill_after_progress(seed: int) -> int:
        rng = random.Random(seed)
        start = position()
        proc = subprocess.Popen([sys.executable, "-m", "simpeg_profile", "relay"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while position() == start and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.02))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        return position()

    killed_at = [await asyncio.to_thread(kill_after_progress, seed) for seed in (1, 2, 3)]
    assert all(0 < p < total for p in killed_at), f"positions at the kills: {killed_at}"

    await publish_all(profile.relay())
    assert position() == total
    worker = worker_for(monitoring, broker.bootstrap)
    await worker.start()
    try:
        assert await wait_until_async(worker.poll_once, lambda: count(monitoring, instansi) == total, 90)
        for _ in range(10):
            await worker.poll_once()
    finally:
        await worker.stop()
    assert count(monitoring, instansi) == total


def contract_events(profile: Any) -> list[Any]:
    """What profile's relay publishes, in the order of its notification log."""
    from simpeg_profile.translate import translate

    app = profile.application
    events = (translate(app.mapper.to_domain_event(n))
              for n in app.recorder.select_notifications(1, 10**7))
    return [e for e in events if e is not None]


async def test_a_live_consumer_whose_broker_came_back_empty_reads_the_new_log_from_the_start(
        slice_, instansi, broker) -> None:
    """The broker restarts empty while a consumer lives on, and the new log is filled in another
    order than the old one (newest first, as after a partial republish): the consumer's old
    positions lie inside the new log, so reading on from them would skip what lies below. It
    notices the new cluster and reads every partition from offset 0; nothing is counted twice.

    The group's own recovery (a commit or heartbeat refused by the new broker makes the member
    rejoin, and a rejoin resets positions) is held off here: a long session and no commits, as
    between a crash and the offset commit. The worker must not depend on it."""
    profile, monitoring = slice_
    register(profile, instansi, 30)
    await publish_all(profile.relay())
    worker = ConsumerWorker(monitoring.store("monitoring.ringkasan_instansi"), broker.bootstrap,
                            session_timeout_ms=60000, group_id=f"test-{uuid.uuid4().hex[:8]}",
                            cluster_check_interval=0.0)
    await worker.start()
    try:
        assert await wait_until_async(worker.poll_once, lambda: count(monitoring, instansi) == 30, 30)
        consumer = worker._consumer
        assert consumer is not None
        held = {tp: await consumer.position(tp) for tp in consumer.assignment()}
        assert sum(held.values()) >= 30

        await asyncio.to_thread(broker.restart_empty)
        register(profile, instansi, 20)
        await kafka.publish(broker.bootstrap, list(reversed(contract_events(profile))))
        for tp, position in held.items():  # a live consumer still fetches from where it was
            consumer.seek(tp, position)
        stale = lambda: worker.poll_once(commit=False)  # noqa: E731
        assert await wait_until_async(stale, lambda: count(monitoring, instansi) == 50, 10), \
            f"the consumer read on from its old positions: {count(monitoring, instansi)} of 50 counted"
        for _ in range(5):
            await worker.poll_once(commit=False)
        assert count(monitoring, instansi) == 50
    finally:
        await worker.stop()
