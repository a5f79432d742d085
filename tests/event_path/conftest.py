"""Helpers for the event-path tests: unique NIPs and instansi, relay and worker drivers."""

from __future__ import annotations

import asyncio
import itertools
import random
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from simpeg_shared import kafka
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.contracts import topic_for

_seq = itertools.count(1)


def unique_nip() -> str:
    """A valid NIP no other test uses (random birth date, running sequence)."""
    n = next(_seq)
    lahir = f"{random.randint(1960, 1995)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    return f"{lahir}2015{random.randint(1, 12):02d}{random.choice('12')}{n % 999 + 1:03d}"


@pytest.fixture
def instansi() -> str:
    return f"pemda-{uuid.uuid4().hex[:10]}"


def register(profile: Any, instansi_id: str, count: int, unit: str = "setda") -> list[str]:
    nips = []
    while len(nips) < count:
        nip = unique_nip()
        try:
            profile.application.register_pegawai(nip=nip, nama=f"Pegawai {nip[-3:]}",
                                                 instansi_id=instansi_id, unit_id=unit)
        except Exception:  # noqa: BLE001 - a random NIP collided; draw again
            continue
        nips.append(nip)
    return nips


def count(monitoring: Any, instansi_id: str) -> int:
    from simpeg_monitoring.projections.ringkasan import ringkasan

    store = monitoring.store("monitoring.ringkasan_instansi")
    return store.read(lambda conn, t: ringkasan(conn, t, instansi_id))["jumlah_pegawai"]


async def wait_until(check: Callable[[], bool], timeout: float) -> bool:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await asyncio.to_thread(check):
            return True
        await asyncio.sleep(0.1)
    return await asyncio.to_thread(check)


async def wait_until_async(poll: Callable[..., Any], check: Callable[[], bool], timeout: float) -> bool:
    """Call ``poll()`` (e.g. a worker's ``poll_once``) until ``check()`` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        await poll(0.1) if poll is asyncio.sleep else await poll()
        if check():
            return True
    return check()


async def publish_all(relay: Any) -> None:
    await relay.start()
    try:
        while await relay.step():
            pass
    finally:
        await relay.stop()


def worker_for(runtime: Any, bootstrap: str,
               projection: str = "monitoring.ringkasan_instansi") -> ConsumerWorker:
    """A consumer in a group of its own, feeding one of ``runtime``'s projections."""
    return ConsumerWorker(runtime.store(projection), bootstrap, session_timeout_ms=6000,
                          group_id=f"test-{uuid.uuid4().hex[:8]}")


async def topic_size(bootstrap: str) -> int:
    return len(await kafka.read_topic(bootstrap, topic_for("profile")))


@pytest.fixture
def slice_(make_runtime: Callable[..., Any]) -> tuple[Any, Any]:
    """A profile and a monitoring runtime, each on its own fresh database."""
    return make_runtime("profile"), make_runtime("monitoring")
