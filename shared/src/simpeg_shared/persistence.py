"""Persistence: one database per service, PostgreSQL or SQLite, for both sides.

The write side is eventsourcing (its stored-events table is the outbox); read models, the relay
position, processed-event ids and idempotency keys use SQLAlchemy Core on the same database, with
Alembic migrations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from alembic import command
from alembic.config import Config
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import JSONTranscoder, Transcoding
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
            "POSTGRES_POOL_SIZE": "5",
            "POSTGRES_LOCK_TIMEOUT": "5",
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


def make_engine(url: str) -> Engine:
    """A SQLAlchemy engine for read models. SQLite: WAL, busy timeout, and write transactions
    that take the lock at BEGIN (so two writers queue instead of failing mid-transaction)."""
    if is_postgres(url):
        sa_url = "postgresql+psycopg://" + url.split("://", 1)[1]
        return create_engine(sa_url, pool_pre_ping=True, pool_size=5, max_overflow=10)
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


class SimpegApplication(Application[Any]):
    """Base of every service's eventsourcing Application: persistence from a database URL and
    the transcodings SIMPEG events need beyond eventsourcing's defaults."""

    def __init__(self, database_url: str, **env: str) -> None:
        super().__init__(env={**eventsourcing_env(database_url), **env})

    def find(self, aggregate_id: Any) -> Any:
        """The aggregate, or ``None`` when it does not exist."""
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())
