"""The fault-injection harness: a seeded load of check-ins and cuti decisions through the real
APIs, while relays are killed (SIGKILL of ``simpeg service NAME relay`` processes), consumers
crash between their read-model transaction and their offset commit, the embedded broker restarts
empty, the private PostgreSQL cluster restarts, and slices of a topic are delivered again out of
order. Afterwards the live read models are compared with a from-scratch replay (ADR 0028)."""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import io
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from aiokafka import AIOKafkaProducer
from PIL import Image
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import func, select, text

from simpeg_shared import kafka
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.contracts import event_id_for, topic_for
from simpeg_shared.contracts import profile as p
from simpeg_shared.testing import auth

WIB = ZoneInfo("Asia/Jakarta")
DAY = dt.date(2026, 8, 10)  # a Monday
A, C = "/api/attendance/v1", "/api/cuti/v1"
KANTOR = (-6.9147, 107.6098)
#: services whose projections are fed by their own worker process (``simpeg service NAME worker``)
#: rather than by an in-process ConsumerWorker: TPP's faust agents
WORKER_PROCESSES = {"tpp"}
LIVE_PROJECTIONS = {  # service -> projections its consumers feed
    "attendance": ("attendance.pegawai", "attendance.cuti"),
    "cuti": ("cuti.pegawai",),
    "monitoring": ("monitoring.presensi",),
    "tpp": ("tpp.fakta",),
}
COMPARED = {"attendance": ("attendance.pegawai", "attendance.cuti"),
            "monitoring": ("monitoring.presensi",), "tpp": ("tpp.fakta",)}
#: columns that are wall-clock or random by design, not derived from events
VOLATILE = {"diterapkan_pada", "token"}


class FaultSettings(BaseSettings):
    """``SIMPEG_FAULTS_SEEDS`` seeds share ``SIMPEG_FAULTS_LOAD`` commands (check-ins and cuti
    decisions). ``make test`` keeps the defaults; ``make faults`` runs 20 seeds and 10,000."""

    model_config = SettingsConfigDict(env_prefix="SIMPEG_FAULTS_", extra="ignore")

    seeds: int = 1
    load: int = 40
    first_seed: int = 1

    @property
    def per_seed(self) -> int:
        return max(self.load // max(self.seeds, 1), 40)


_now: contextvars.ContextVar[dt.datetime | None] = contextvars.ContextVar("faults_now", default=None)


class Clock:
    """Attendance's clock: the time the load generator set for this request (a context
    variable, so concurrent requests each have their own), else ``default``."""

    def __init__(self, default: dt.datetime) -> None:
        self.default = default

    def __call__(self) -> dt.datetime:
        return _now.get() or self.default


def photo(rng: random.Random) -> bytes:
    img = Image.new("RGB", (64, 64), tuple(rng.randrange(256) for _ in range(3)))
    for _ in range(8):
        img.putpixel((rng.randrange(64), rng.randrange(64)), tuple(rng.randrange(256) for _ in range(3)))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=85)
    return buf.getvalue()


def nips_for(seed: int, n: int) -> list[str]:
    """n distinct, valid NIPs for a seed (birth date, TMT 2010-mm, sex, running number)."""
    out = []
    for i in range(n):
        born = dt.date(1970, 1, 1) + dt.timedelta(days=(seed * 7919 + i * 37) % 9000)
        out.append(f"{born:%Y%m%d}2010{(i // 1000) % 12 + 1:02d}{1 + i % 2}{i % 1000:03d}")
    return out


# -- processes and consumers --------------------------------------------------------------------

class ServiceProcess:
    """``simpeg service NAME ROLE`` in a process of its own, killed with SIGKILL and started again."""

    def __init__(self, name: str, role: str, db_url: str, bootstrap: str, var_dir: Path, log: Path,
                 **env: str) -> None:
        self.name, self.role, self.log = name, role, log
        self.env = {**os.environ, f"SIMPEG_{name.upper()}_DATABASE_URL": db_url,
                    "SIMPEG_KAFKA_BOOTSTRAP": bootstrap, "SIMPEG_VAR_DIR": str(var_dir),
                    "SIMPEG_LOG_JSON": "false", **env}
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "simpeg_shared.cli", "service", self.name, self.role],
                env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
            self.kills += 1
        self.proc = None

    def ensure_running(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.start()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None


class RelayProcess(ServiceProcess):
    """A context's relay, publishing in batches of 100."""

    def __init__(self, name: str, db_url: str, bootstrap: str, var_dir: Path, log: Path) -> None:
        super().__init__(name, "relay", db_url, bootstrap, var_dir, log,
                         **{f"SIMPEG_{name.upper()}_RELAY_BATCH_SIZE": "100"})


class WorkerProcess(ServiceProcess):
    """A service's own worker process (TPP's: faust-streaming agents, which commit offsets on
    their own schedule), with the same faults as :class:`LiveConsumer`: SIGKILL at a random
    moment and a start right after, or down for a while."""

    def __init__(self, name: str, db_url: str, bootstrap: str, var_dir: Path, log: Path) -> None:
        super().__init__(name, "worker", db_url, bootstrap, var_dir, log)
        self.crashes = 0

    async def pause(self) -> None:
        self.kill()
        self.crashes += 1

    async def crash(self, rng: random.Random) -> None:
        await asyncio.sleep(rng.uniform(0, 1.0))
        await self.pause()
        self.start()

    async def close(self) -> None:
        await asyncio.to_thread(self.stop)


class LiveConsumer:
    """One projection's consumer (the shared ``ConsumerWorker``) as an asyncio task that the
    harness can crash: cancelled at a random moment, or stopped right after a transaction and
    before its offset commit."""

    def __init__(self, store: Any, bootstrap: str) -> None:
        self.store, self.bootstrap = store, bootstrap
        self.stop_event = asyncio.Event()
        self.worker: ConsumerWorker | None = None
        self.task: asyncio.Task[None] | None = None
        self.crashes = 0

    def start(self) -> None:
        self.worker = ConsumerWorker(self.store, self.bootstrap, session_timeout_ms=6000,
                                     max_records=500)
        self.task = asyncio.create_task(self.worker.run(self.stop_event))

    async def _abandon(self) -> None:
        assert self.task is not None and self.worker is not None
        self.task.cancel()
        try:
            await self.task
        except (asyncio.CancelledError, Exception):  # noqa: BLE001 - it is being killed
            pass
        try:
            await self.worker.stop()  # leaves the group without committing anything
        except Exception:  # noqa: BLE001
            pass

    async def pause(self) -> None:
        """Die and stay down until ``start()``."""
        await self._abandon()
        self.crashes += 1

    async def crash(self, rng: random.Random) -> None:
        """Die at a random moment; half the time exactly between the transaction and the
        offset commit of a page."""
        await asyncio.sleep(rng.uniform(0, 0.5))
        await self._abandon()
        if rng.random() < 0.5:
            worker = ConsumerWorker(self.store, self.bootstrap, session_timeout_ms=6000,
                                    max_records=500)
            try:
                await worker.start()
                for _ in range(20):
                    if await worker.poll_once(300, commit=False):
                        break
            except Exception:  # noqa: BLE001 - the database or broker may be down right now
                pass
            finally:
                try:
                    await worker.stop()
                except Exception:  # noqa: BLE001
                    pass
        self.crashes += 1
        self.start()

    async def close(self) -> None:
        self.stop_event.set()
        if self.task is not None:
            try:
                await asyncio.wait_for(self.task, 30)
            except (TimeoutError, asyncio.CancelledError):
                await self._abandon()


async def redeliver_shuffled(bootstrap: str, topic: str, rng: random.Random) -> int:
    """Deliver a slice of ``topic`` again, in a shuffled order: what a resent batch, a relay
    that lost its lock, or a republish onto a topic read half-way looks like to a consumer."""
    records = await kafka.read_topic(bootstrap, topic)
    if not records:
        return 0
    start = rng.randrange(len(records))
    return await produce_shuffled(bootstrap, topic, records[start:start + rng.randint(20, 300)], rng)


async def produce_shuffled(bootstrap: str, topic: str, chunk: list[Any], rng: random.Random) -> int:
    """Produce ``chunk`` (records read from ``topic``) onto ``topic`` in a shuffled order."""
    if not chunk:
        return 0
    chunk = list(chunk)
    rng.shuffle(chunk)
    await kafka.ensure_topic(bootstrap, topic, 3, 1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False)
    await producer.start()
    try:
        futures = [await producer.send(topic, r.value, key=r.key, headers=list(r.headers or ()))
                   for r in chunk]  # keyed by NIP: the partition a relay would choose
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return len(chunk)


# -- the load ---------------------------------------------------------------------------------------

@dataclass
class Outcome:
    checkins: dict[str, tuple[str, str]] = field(default_factory=dict)  # checkin_id -> (nip, jenis)
    cuti: dict[str, str] = field(default_factory=dict)  # cuti_id -> nip, decided DISETUJUI (2xx)
    batal: set[str] = field(default_factory=set)  # of those, cancelled afterwards (2xx)
    batal_ragu: set[str] = field(default_factory=set)  # cancellations with no clear answer
    tinjauan: dict[str, str] = field(default_factory=dict)  # checkin_id -> review decision (2xx)
    failed: int = 0  # commands that never got a 2xx (refused while the database restarted)
    answers: Counter[int] = field(default_factory=Counter)  # status -> how many times a client got it


def profile_events(instansi: str, unit: str, kepala: str, atasan: str, staff: list[str]) -> list[Any]:
    origin = uuid.uuid5(uuid.NAMESPACE_URL, f"simpeg-faults:{instansi}")
    seq = iter(range(1, 10**6))

    def ev(cls: type, **kw: Any) -> Any:
        return cls(event_id=event_id_for(origin, next(seq)),
                   occurred_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC), instansi_id=instansi, **kw)

    events = [ev(p.PegawaiRegisteredV1, nip=n, nama=f"Pegawai {n[-4:]}", unit_id=unit,
                 jenis_pegawai="PNS", status="AKTIF", tmt_cpns=dt.date(2010, 1, 1))
              for n in (kepala, atasan, *staff)]
    events.append(ev(p.AtasanChangedV1, nip=atasan, nip_atasan=kepala, tmt=dt.date(2015, 1, 1)))
    events += [ev(p.AtasanChangedV1, nip=n, nip_atasan=atasan, tmt=dt.date(2015, 1, 1)) for n in staff]
    events.append(ev(p.JabatanChangedV1, nip=kepala, jabatan_id="kaban", nama_jabatan="Kepala Badan",
                     kelas_jabatan=14, unit_id=unit, tmt=dt.date(2020, 1, 1)))
    return events


async def send(client: httpx.AsyncClient, method: str, url: str, *, ok: tuple[int, ...],
               seen: Counter[int], tries: int = 6, when: dt.datetime | None = None,
               unsure: set[str] | None = None, about: str = "", **kw: Any) -> httpx.Response | None:
    """One command with an Idempotency-Key, repeated (same key) while the service is refusing
    because its database restarts: the first 2xx answer counts. ``seen`` counts every status
    the client got (0: no answer at all).

    ``None`` is "not accepted". When an attempt had no clear answer (5xx, 409, no answer) the
    command may still have committed, and a later refusal may be the command meeting its own
    effect ("already cancelled"); ``about`` is then added to ``unsure``: neither accepted nor
    known to be absent."""
    headers = {**kw.pop("headers"), "Idempotency-Key": uuid.uuid4().hex}
    unclear = False
    for attempt in range(tries):
        token = _now.set(when) if when is not None else None
        try:
            r = await client.request(method, url, headers=headers, **kw)
        except Exception:  # noqa: BLE001 - a connection cut by the database restart
            r = None
        finally:
            if token is not None:
                _now.reset(token)
        seen[r.status_code if r is not None else 0] += 1
        if r is not None and r.status_code in ok:
            return r
        if r is not None and r.status_code < 500 and r.status_code not in (409, 429):
            break  # refused for a reason: not accepted, not retried
        unclear = True
        await asyncio.sleep(0.3 * (attempt + 1))
    if unclear and unsure is not None:
        unsure.add(about)
    return None


# -- comparing with a replay ---------------------------------------------------------------------

def rows_of(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the projection's current generation, per logical table, sorted, without the
    wall-clock and random columns."""
    def query(conn: Any, tables: dict[str, Any]) -> dict[str, list[tuple[Any, ...]]]:
        out = {}
        for key, table in tables.items():
            cols = [c for c in table.columns if c.name not in VOLATILE]
            out[key] = sorted((tuple(r) for r in conn.execute(select(*cols))), key=repr)
        return out

    return store.read(query)


def diff_rows(live: dict[str, list[tuple[Any, ...]]], replay: dict[str, list[tuple[Any, ...]]]
              ) -> tuple[dict[str, tuple[int, int]], int]:
    """Per table (rows only live, rows only in the replay), and the rows live holds beyond the
    replay's (a row counted twice)."""
    from collections import Counter

    out, extra = {}, 0
    for key in sorted(set(live) | set(replay)):
        a, b = Counter(live.get(key, [])), Counter(replay.get(key, []))
        only_live, only_replay = sum((a - b).values()), sum((b - a).values())
        if only_live or only_replay:
            out[key] = (only_live, only_replay)
        extra += max(sum(a.values()) - sum(b.values()), 0)
    return out, extra


def wait_for(check: Callable[[], bool], timeout: float, interval: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return True
        except Exception:  # noqa: BLE001 - the database may be restarting
            pass
        time.sleep(interval)
    return check()


def count_rows(store: Any, key: str) -> int:
    return store.read(lambda c, t: c.execute(select(func.count()).select_from(t[key])).scalar_one())


def relay_done(runtime: Any, context: str) -> bool:
    with runtime.engine.connect() as conn:
        pos = conn.execute(text("SELECT position FROM relay_position WHERE context = :c"),
                           {"c": context}).scalar() or 0
    return pos >= (runtime.application.recorder.max_notification_id() or 0)


__all__ = ["A", "C", "COMPARED", "DAY", "KANTOR", "LIVE_PROJECTIONS", "WIB", "Clock", "FaultSettings",
           "LiveConsumer", "Outcome", "RelayProcess", "WORKER_PROCESSES", "WorkerProcess", "auth", "count_rows", "diff_rows", "nips_for",
           "photo", "produce_shuffled", "profile_events", "redeliver_shuffled", "relay_done", "rows_of", "send", "topic_for",
           "wait_for"]
