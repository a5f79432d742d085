"""What a service is, and how its processes run.

Each service package exposes a :class:`ServiceDefinition` under the ``simpeg.services`` entry-point
group; the CLI finds services there, so this library never imports a service. A service's
:class:`ServiceRuntime` builds its API, relay and projections from its settings; :func:`serve`
runs any of the process roles: ``api``, ``relay``, ``worker`` or ``all`` (the three in one
process, for the embedded default).
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
import contextlib
import signal
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import structlog
import uvicorn
import uvloop
from fastapi import FastAPI
from prometheus_client import start_http_server
from sqlalchemy import Engine

from simpeg_shared import jejak
from simpeg_shared import logging as slog
from simpeg_shared.auth import TokenVerifier
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.persistence import SHARED_MIGRATIONS, make_engine, migrate, migration_lock, ping
from simpeg_shared.projection import Projection, ProjectionStore
from simpeg_shared.relay import Relay, run_as_leader
from simpeg_shared.settings import ServiceSettings

log = structlog.get_logger("simpeg.service")
MODES = ("api", "relay", "worker", "all", "migrate")


class ServiceRuntime(ABC):
    """The objects of one service process; subclasses add their application and routers."""

    #: Alembic folder of the service's own tables, if it has any.
    migrations: Path | None = None
    #: False for a stateless process (the gateway): no database, no migrate job.
    uses_database: bool = True
    #: its events hold personal fields under per-pegawai keys (``simpeg forget`` erases them)
    keeps_personal_data: bool = False

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.settings.db_url)

    @cached_property
    def verifier(self) -> TokenVerifier:
        return TokenVerifier(self.settings.common)

    def migrate(self) -> None:
        with migration_lock(self.engine):
            migrate(self.engine, SHARED_MIGRATIONS, "alembic_version_simpeg")
            if self.migrations is not None:
                migrate(self.engine, self.migrations, f"alembic_version_{self.settings.service_name}")
            for store in self.stores:
                store.setup()
            if self.has_event_store:
                jejak.setup(self.engine)

    @abstractmethod
    def api(self) -> FastAPI:
        """The service's FastAPI application."""

    def relay(self) -> Relay | None:
        return None

    @property
    def has_event_store(self) -> bool:
        """The service keeps an eventsourcing application (``self.application``)."""
        return self.uses_database and hasattr(type(self), "application")

    def audit_trail(self) -> jejak.JejakAudit | None:
        """Follows the event store into the audit trail (``GET …/audit?nip=``)."""
        if not self.has_event_store:
            return None
        return jejak.JejakAudit(self.engine, self.application)  # type: ignore[attr-defined]

    def projections(self) -> list[Projection]:
        return []

    @cached_property
    def stores(self) -> list[ProjectionStore]:
        return [ProjectionStore(self.engine, p) for p in self.projections()]

    def store(self, projection: str) -> ProjectionStore:
        """The store of the projection named ``projection`` (e.g. "monitoring.ringkasan_instansi")."""
        for store in self.stores:
            if store.projection.name == projection:
                return store
        raise KeyError(f"{self.settings.service_name} keeps no projection {projection!r}")

    def readiness(self) -> list[Callable[[], Any]]:
        def database() -> None:
            ping(self.engine)

        def broker() -> None:
            host, _, port = self.settings.common.kafka_bootstrap.split(",")[0].rpartition(":")
            socket.create_connection((host or "127.0.0.1", int(port)), timeout=1).close()

        return [database, broker]

    def workers(self) -> list[ConsumerWorker]:
        common = self.settings.common
        return [ConsumerWorker(s, common.kafka_bootstrap,
                               session_timeout_ms=common.broker_session_timeout_ms)
                for s in self.stores]

    def make_relay(self, app: Any, translate: Callable[[Any], Any]) -> Relay:
        s, common = self.settings, self.settings.common
        return Relay(
            context=s.service_name, app=app, translate=translate, engine=self.engine,
            bootstrap=common.kafka_bootstrap, partitions=common.kafka_partitions,
            replication=common.kafka_replication, batch_size=s.relay_batch_size,
            poll_interval=s.relay_poll_interval, crash_after_batches=s.relay_crash_after_batches,
        )

    def close(self) -> None:
        application = self.__dict__.get("application")  # a cached eventsourcing Application
        if application is not None:
            application.close()
        if "engine" in self.__dict__:
            self.engine.dispose()


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    settings: Callable[[], ServiceSettings]
    runtime: Callable[[ServiceSettings], ServiceRuntime]
    #: services started by ``simpeg run``; the gateway is started last
    order: int = 50


def services() -> dict[str, ServiceDefinition]:
    found = {}
    for ep in entry_points(group="simpeg.services"):
        definition = ep.load()
        found[definition.name] = definition
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


class _Server(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:  # we handle signals for the whole process
        yield


def uvicorn_server(app: FastAPI, host: str, port: int) -> uvicorn.Server:
    config = uvicorn.Config(app, host=host, port=port, loop="uvloop", http="httptools",
                            access_log=False, log_config=None, lifespan="on")
    return _Server(config)


async def serve(runtime: ServiceRuntime, mode: str, stop: asyncio.Event | None = None) -> None:
    """Run a process role until SIGINT/SIGTERM (or ``stop``)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    jejak.sebagai_proses(f"{runtime.settings.service_name}:{mode}")
    await asyncio.to_thread(runtime.migrate)
    if mode == "migrate":
        return
    tasks: list[asyncio.Task[Any]] = []
    server = None
    metrics_server = None
    if mode in ("relay", "worker") and runtime.settings.metrics_port:
        # Relay and consumer lag live in these processes; without an api they need their own
        # /metrics for Prometheus to see them.
        metrics_server, _ = start_http_server(runtime.settings.metrics_port,
                                              addr=runtime.settings.http_host)
    if mode in ("api", "all"):
        server = uvicorn_server(runtime.api(), runtime.settings.http_host, runtime.settings.port)
        tasks.append(asyncio.create_task(server.serve(), name="api"))
    if mode in ("relay", "all"):
        relay = runtime.relay()
        if relay is not None:
            tasks.append(asyncio.create_task(run_as_leader(relay, stop), name="relay"))
        trail = runtime.audit_trail()
        if trail is not None:
            tasks.append(asyncio.create_task(trail.run(stop), name="jejak"))
    if mode in ("worker", "all"):
        tasks.extend(asyncio.create_task(w.run(stop), name=f"worker:{w.group_id}")
                     for w in runtime.workers())
    log.info("service.started", service=runtime.settings.service_name, mode=mode,
             url=runtime.settings.base_url if server else None)
    stopper = asyncio.create_task(stop.wait())
    done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        if task is not stopper and task.exception() is not None:
            log.error("service.task_failed", task=task.get_name(), error=repr(task.exception()))
    stop.set()
    if server is not None:
        server.should_exit = True
    await asyncio.gather(*tasks, return_exceptions=True)
    stopper.cancel()
    if metrics_server is not None:
        metrics_server.shutdown()
    runtime.close()
    log.info("service.stopped", service=runtime.settings.service_name)


def service(name: str) -> ServiceDefinition:
    """One service's definition, importing only that service (a process of one service need
    not import the other eight: on a busy machine that halves ``simpeg run``'s start)."""
    for ep in entry_points(group="simpeg.services", name=name):
        return ep.load()  # type: ignore[no-any-return]
    raise KeyError(name)


def run_service(name: str, mode: str) -> None:
    definition = service(name)
    settings = definition.settings()
    slog.configure(settings.common.log_level, settings.common.log_json)
    uvloop.install()
    asyncio.run(serve(definition.runtime(settings), mode))


def main_for(name: str) -> None:
    """``python -m simpeg_<name> MODE``: the same as ``simpeg service <name> MODE``."""
    import sys

    mode = sys.argv[1] if len(sys.argv) > 1 else "all"
    if mode not in MODES:
        sys.exit(f"usage: python -m simpeg_{name} {{{'|'.join(MODES)}}}")
    run_service(name, mode)
