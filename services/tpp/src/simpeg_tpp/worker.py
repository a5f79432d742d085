"""TPP's consumers: faust-streaming agents (ARCHITECTURE.md) over the projection stores.

One faust app per worker process, one agent per projection (``simpeg_shared.consumer.faust_agent``):
each batch is one database transaction that records the event ids with the read-model change, and
faust acknowledges the offsets only after it committed. Durable state lives in the database, not in
faust tables (STYLE.md). The app's id is the consumer group.
"""

from __future__ import annotations

import asyncio
from typing import Any

import faust
import structlog

from simpeg_shared import kafka
from simpeg_shared.consumer import faust_agent
from simpeg_shared.projection import ProjectionStore

log = structlog.get_logger("simpeg.tpp.worker")


class FaustWorker:
    """Runs like :class:`simpeg_shared.consumer.ConsumerWorker` under ``serve``: ``run(stop)``
    until stopped, restarting after broker or database outages."""

    def __init__(self, stores: list[ProjectionStore], bootstrap: str, *, group_id: str,
                 session_timeout_ms: int = 6000, partitions: int = 3, replication: int = 1,
                 batch: int = 500, within: float = 0.2) -> None:
        self.stores = stores
        self.bootstrap = bootstrap
        self.group_id = group_id
        self.session_timeout_ms = session_timeout_ms
        self.partitions = partitions
        self.replication = replication
        self.batch = batch
        self.within = within
        self.app: Any = None

    def _make_app(self) -> Any:
        app = faust.App(
            self.group_id, broker=f"kafka://{self.bootstrap}", store="memory://",
            web_enabled=False, autodiscover=False,
            # the topics belong to their producers' relays: never declare them with faust's own
            # partition count, and keep no leader/changelog topics (no faust tables here)
            topic_allow_declare=False, topic_disable_leader=True,
            consumer_auto_offset_reset="earliest",
            broker_session_timeout=self.session_timeout_ms / 1000,
            broker_heartbeat_interval=max(self.session_timeout_ms / 3000, 0.5),
            broker_commit_interval=0.5,
        )
        for store in self.stores:
            faust_agent(app, store, batch=self.batch, within=self.within)
        return app

    async def start(self) -> None:
        for store in self.stores:
            await asyncio.to_thread(store.setup)
            for topic in store.projection.topics:
                await kafka.ensure_topic(self.bootstrap, topic, self.partitions, self.replication)
        self.app = self._make_app()
        await self.app.start()

    async def stop(self) -> None:
        if self.app is not None:
            app, self.app = self.app, None
            try:
                await app.stop()
            except Exception as exc:  # noqa: BLE001 - stopping a broken app must not hide why
                log.warning("tpp.worker.stop_failed", error=type(exc).__name__)

    async def run(self, stop: asyncio.Event) -> None:
        backoff = 0.5
        while not stop.is_set():
            try:
                if self.app is None:
                    await self.start()
                    backoff = 0.5
                await asyncio.wait_for(stop.wait(), timeout=1.0)
            except TimeoutError:
                if self.app is not None and self.app.crashed:
                    log.warning("tpp.worker.crashed", error=type(self.app.crash_reason).__name__)
                    await self.stop()
            except Exception as exc:  # noqa: BLE001 - outlive broker and database outages (no SQL
                # parameters in the log: they hold NIPs)
                log.warning("tpp.worker.error", error=type(exc).__name__)
                await self.stop()
                try:
                    await asyncio.wait_for(stop.wait(), timeout=backoff)
                except TimeoutError:
                    pass
                backoff = min(backoff * 2, 5.0)
        await self.stop()
