"""Persistence: one database per service, PostgreSQL or SQLite, for both sides.

The write side is eventsourcing (its stored-events table is the outbox); read models, the relay
position, processed-event ids and idempotency keys use SQLAlchemy Core on the same database, with
Alembic migrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from alembic import command
from alembic.config import Config
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoder, Transcoding
from sqlalchemy import Engine, create_engine, event, text

SHARED_MIGRATIONS = Path(__file__).with_name("migrations")
_MIGRATION_LOCK = 0x53494D50  # "SIMP"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://"))


def eventsourcing_env(url: str) -> dict[str, str]:
    """The eventsourcing environment for a database URL (``PERSISTENCE_MODULE`` and friends)."""
    if is_postgres(url):
        parts = urlsplit(url)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parts.path.lstrip("/"),
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            # Not POSTGRES_ENABLE_DB_FUNCTIONS: its insert function skips the table lock, so
            # notification ids could commit out of order and the relay, which reads by
            # position, would skip the late one (ADR 0003). Hot paths batch saves instead.
            # connections held open per process (more are opened on demand): a suite of eight
            # services on one PostgreSQL must stay well under its max_connections (100)
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_LOCK_TIMEOUT": "5",
            # While the database is away a request waits at most this long for a connection
            # per attempt (eventsourcing tries 10 times) and then answers 503, instead of the
            # default 30 s x 10. No pre-ping: it doubles the round trips of every read (15 of
            # 57 s of a 10,000-record import), and a connection cut by a restart fails once
            # and is replaced by eventsourcing's retry.
            "POSTGRES_CONNECT_TIMEOUT": "2",
        }
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            "SQLITE_LOCK_TIMEOUT": "10",
        }
    raise ValueError(f"unsupported database URL {url!r}: use postgresql://… or sqlite:///…")


def make_engine(url: str, pool_size: int = 3) -> Engine:
    """A SQLAlchemy engine for read models. SQLite: WAL, busy timeout, and write transactions
    that take the lock at BEGIN (so two writers queue instead of failing mid-transaction)."""
    if is_postgres(url):
        sa_url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return create_engine(sa_url, pool_pre_ping=True, pool_size=pool_size,
                             max_overflow=10)
    eventsourcing_env(url)  # creates the parent folder
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30, "isolation_level": None}
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A timestamp read back from a read model, zone-aware: SQLite keeps no zone, and SIMPEG
    writes every timestamp in UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


def ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Serialise schema changes between replicas starting together (PostgreSQL advisory lock;
    SQLite's own write lock already does it)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATION_LOCK})
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATION_LOCK})
            conn.commit()


def migrate(engine: Engine, script_location: Path, version_table: str) -> None:
    """Bring the database to the head of one Alembic script folder.

    Shared tables (relay position, processed ids, idempotency keys) and each service's own
    tables have separate script folders and version tables, so they evolve independently.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location))
    cfg.attributes["version_table"] = version_table
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


class DateAsISO(Transcoding):
    """Stores ``datetime.date`` in events as an ISO string (TMT, tanggal lahir, cuti dates)."""

    type = dt.date
    name = "date_iso"

    def encode(self, obj: dt.date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> dt.date:
        return dt.date.fromisoformat(data)


#: aggregate id -> NIP of the aggregates being saved (set by SimpegApplication.save): the owner
#: of an event that does not carry the NIP itself
_PEMILIK: ContextVar[dict[Any, str]] = ContextVar("simpeg_pemilik_agregat", default={})


class SimpegMapper(Mapper[Any]):
    """eventsourcing's mapper plus two things every SIMPEG event store needs:

    - the audit metadata of the request (or process) that stored the event, under ``_jejak``
      (:mod:`simpeg_shared.jejak`); domain events never see it (eventsourcing passes a decorated
      method only the arguments it declares);
    - personal fields (``data_pribadi``: any dict key of that name, at any depth) of a pegawai's
      events (the event names the NIP, or its aggregate does) encrypted with the pegawai's own
      key (:mod:`simpeg_shared.kunci`); with the key erased they read as None. Events of no
      pegawai (an office's geofence has a ``lat`` too) are left as they are.
    """

    def __init__(self, transcoder: Transcoder, compressor: Any = None, cipher: Any = None, *,
                 data_pribadi: frozenset[str] = frozenset(), kunci: Any = None) -> None:
        super().__init__(transcoder, compressor, cipher)
        if data_pribadi and kunci is None:
            raise ValueError("personal fields need the per-pegawai key store")
        self.data_pribadi = data_pribadi
        self.kunci = kunci

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        from simpeg_shared import jejak

        state = dict(vars(domain_event))
        state.setdefault(jejak.KUNCI, jejak.metadata_sekarang())
        if self.data_pribadi:
            inner = state.get("state")  # a snapshot carries the aggregate's own state
            nip = (state.get("nip") or (inner.get("nip") if isinstance(inner, dict) else None)
                   or _PEMILIK.get().get(state.get("originator_id")))
            state = {k: self._sandikan(v, nip, k) for k, v in state.items()}
        shadow = object.__new__(type(domain_event))
        object.__setattr__(shadow, "__dict__", state)
        return super().to_stored_event(shadow)

    def _sandikan(self, value: Any, nip: Any, key: str | None = None) -> Any:
        if key in self.data_pribadi and value is not None and isinstance(nip, str) and nip:
            return self.kunci.sandikan(nip, self.transcoder.encode(value))
        if isinstance(value, dict):
            return {k: self._sandikan(v, nip, k) for k, v in value.items()}
        if isinstance(value, list):
            return [self._sandikan(v, nip) for v in value]
        return value

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        event = super().to_domain_event(stored_event)
        if self.data_pribadi:
            object.__setattr__(event, "__dict__", self._buka(vars(event)))
        return event

    def _buka(self, value: Any) -> Any:
        from simpeg_shared.kunci import tersandi

        if tersandi(value):
            plaintext = self.kunci.buka(value)
            return None if plaintext is None else self.transcoder.decode(plaintext)
        if isinstance(value, dict):
            return {k: self._buka(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self._buka(v) for v in value]
        return value

    def decode_state(self, stored_event: StoredEvent) -> dict[str, Any]:
        """The stored state as a dict (personal fields left encrypted): for the audit trail."""
        state = stored_event.state
        if self.cipher:
            state = self.cipher.decrypt(state)
        if self.compressor:
            state = self.compressor.decompress(state)
        return self.transcoder.decode(state)


class SimpegApplication(Application[Any]):
    """Base of every service's eventsourcing Application: persistence from a database URL, the
    transcodings SIMPEG events need beyond eventsourcing's defaults, the audit metadata on every
    event, and per-pegawai encryption of the fields named in ``data_pribadi``."""

    #: names of personal fields in this service's events (NIK, addresses, …): encrypted per pegawai
    data_pribadi: frozenset[str] = frozenset()

    def __init__(self, database_url: str, *, master_key: bytes | None = None, **env: str) -> None:
        self.kunci_pegawai = None
        if self.data_pribadi:
            from simpeg_shared.kunci import KunciPegawai

            if master_key is None:
                from simpeg_shared.devkeys import master_key as dev_master_key
                from simpeg_shared.settings import CommonSettings

                master_key = dev_master_key(CommonSettings())
            self.kunci_pegawai = KunciPegawai(make_engine(database_url, pool_size=1), master_key)
            self.kunci_pegawai.setup()  # like eventsourcing's own tables: made by the application
        super().__init__(env={**eventsourcing_env(database_url), **env})

    def construct_mapper(self) -> Mapper[Any]:
        base = super().construct_mapper()
        return SimpegMapper(base.transcoder, base.compressor, base.cipher,
                            data_pribadi=self.data_pribadi, kunci=self.kunci_pegawai)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        if self.kunci_pegawai is None:
            return super().save(*objs, **kwargs)
        # whose events these are, for those that do not name the pegawai themselves
        owners = {o.id: o.nip for o in objs if isinstance(getattr(o, "nip", None), str)}
        nips = {getattr(e, "nip", None) for o in objs for e in getattr(o, "_pending_events", ())}
        # one round trip for the keys of a whole batch (an import of thousands)
        self.kunci_pegawai.siapkan(n for n in nips | set(owners.values())
                                   if isinstance(n, str) and n)
        token = _PEMILIK.set(owners)
        try:
            return super().save(*objs, **kwargs)
        finally:
            _PEMILIK.reset(token)

    def setelah_dilupakan(self, nip: str) -> None:
        """After ``simpeg forget`` erased the pegawai's key: remove what the key does not cover
        (attendance: the photos in the object store). Idempotent."""

    def find(self, aggregate_id: Any) -> Any:
        """The aggregate, or ``None`` when it does not exist."""
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    def close(self) -> None:
        super().close()
        if self.kunci_pegawai is not None:
            self.kunci_pegawai.engine.dispose()
