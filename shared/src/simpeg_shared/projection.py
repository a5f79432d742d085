"""Read models fed by public events, with an exactly-once effect and rebuild by replay.

A :class:`Projection` says which topics it reads, which tables it keeps and how one event changes
them. A :class:`ProjectionStore` applies events: for each event it records the event id in the
projection's processed-ids table and applies the change *in the same transaction*, skipping ids it
has already seen. Redelivery, duplicates and republishing therefore change nothing twice. Kafka
offsets are committed only after that transaction (see :mod:`simpeg_shared.consumer`).

Tables are versioned by *generation* (``<table>_g<N>``): a rebuild fills generation N+1 from the
topics and swaps the pointer in ``projection_generation`` atomically; queries always read the
current generation. A read-model schema change is a new generation filled by replay, not an
ALTER of live tables (ADR 0006).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import structlog
from sqlalchemy import (BigInteger, Column, Connection, DateTime, Engine, Integer, LargeBinary,
                        MetaData, String, Table, Text, text)
from sqlalchemy.dialects import postgresql, sqlite

from simpeg_shared import metrics
from simpeg_shared.contracts import ContractEvent
from simpeg_shared.persistence import is_postgres

log = structlog.get_logger("simpeg.projection")

_DEAD_LETTER = Table(
    "dead_letter", MetaData(),
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("consumer", String(128)), Column("topic", String(255)), Column("partition", Integer),
    Column("offset", BigInteger), Column("key", LargeBinary), Column("headers", Text),
    Column("value", LargeBinary), Column("error", Text),
    Column("received_at", DateTime(timezone=True)), Column("fingerprint", String(64)),
)
T = TypeVar("T")


class Projection(ABC):
    """What one read model is: its name, topics, tables and how an event changes them."""

    #: unique, also the consumer-group id: ``<service>.<read model>``
    name: str
    topics: Sequence[str]

    @abstractmethod
    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        """Declare this projection's tables in ``metadata``, each name ending in ``suffix``."""

    @abstractmethod
    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        """Change the tables for one event (ignore events this read model does not need)."""

    def apply_many(self, conn: Connection, tables: dict[str, Table],
                   events: Sequence[ContractEvent]) -> None:
        """Change the tables for a batch of new events, in order. Override to write a batch with
        set-based statements (hot read models and replays); the default applies one by one."""
        for event in events:
            self.apply(conn, tables, event)


class ProjectionStore:
    def __init__(self, engine: Engine, projection: Projection) -> None:
        self.engine = engine
        self.projection = projection
        self._postgres = is_postgres(str(engine.url))
        self._tables: dict[int, dict[str, Table]] = {}

    # -- generations -----------------------------------------------------------------------
    def tables(self, generation: int) -> dict[str, Table]:
        if generation not in self._tables:
            metadata = MetaData()
            suffix = f"_g{generation}"
            tables = self.projection.define_tables(metadata, suffix)
            tables["_processed"] = Table(
                f"{self.projection.name.replace('.', '_')}_processed{suffix}",
                metadata,
                Column("event_id", String(36), primary_key=True),
            )
            self._tables[generation] = tables
        return self._tables[generation]

    def _create(self, conn: Connection, generation: int) -> None:
        for table in self.tables(generation).values():
            table.create(conn, checkfirst=True)

    def _drop(self, conn: Connection, generation: int) -> None:
        for table in self.tables(generation).values():
            table.drop(conn, checkfirst=True)

    def _generation(self, conn: Connection, *, lock: bool) -> int | None:
        sql = "SELECT generation FROM projection_generation WHERE projection = :p"
        if lock and self._postgres:
            sql += " FOR UPDATE"
        return conn.execute(text(sql), {"p": self.projection.name}).scalar()

    def setup(self) -> None:
        """Create generation 1 at first start (idempotent)."""
        with self.engine.begin() as conn:
            if self._generation(conn, lock=True) is None:
                self._create(conn, 1)
                conn.execute(
                    text("INSERT INTO projection_generation (projection, generation) VALUES (:p, 1)"),
                    {"p": self.projection.name},
                )

    def current_generation(self) -> int:
        with self.engine.connect() as conn:
            gen = self._generation(conn, lock=False)
        if gen is None:
            raise RuntimeError(f"projection {self.projection.name} is not set up")
        return int(gen)

    # -- writing ---------------------------------------------------------------------------
    def _apply_in(self, conn: Connection, generation: int, events: Sequence[ContractEvent]) -> int:
        """Record the batch's event ids (one statement) and apply the ones not seen before, in
        order: the dedupe and the change are one transaction."""
        if not events:
            return 0
        tables = self.tables(generation)
        batch: dict[str, ContractEvent] = {}
        for event in events:
            batch.setdefault(str(event.event_id), event)  # a duplicate within the batch too
        new = set(insert_ignoring(conn, tables["_processed"], [{"event_id": k} for k in batch]))
        fresh = [e for k, e in batch.items() if k in new]
        duplicates = len(events) - len(fresh)
        if duplicates:
            metrics.EVENTS_DUPLICATE.labels(self.projection.name).inc(duplicates)
        self.projection.apply_many(conn, tables, fresh)
        metrics.EVENTS_PROCESSED.labels(self.projection.name).inc(len(fresh))
        return len(fresh)

    def apply_batch(self, events: Sequence[ContractEvent]) -> int:
        """Apply a batch in ONE transaction on the current generation; returns how many were
        new. The generation row is locked so a concurrent swap waits for us (and we for it)."""
        if not events:
            return 0
        with self.engine.begin() as conn:
            generation = self._generation(conn, lock=True)
            if generation is None:
                raise RuntimeError(f"projection {self.projection.name} is not set up")
            return self._apply_in(conn, int(generation), events)

    def record_dead_letter(self, topic: str, partition: int, offset: int, key: bytes | None,
                           headers: Sequence[tuple[str, bytes]], value: bytes | None,
                           error: str) -> None:
        """Keep a record no one can decode, for a person to look at; never drop it silently."""
        metrics.DEAD_LETTERS.labels(self.projection.name).inc()
        log.error("consumer.dead_letter", consumer=self.projection.name, topic=topic,
                  partition=partition, offset=offset, error=error)
        hdrs = json.dumps([[k, v.decode("utf-8", "replace")] for k, v in headers])
        fingerprint = hashlib.sha256(
            json.dumps([topic, (key or b"").hex(), hdrs, (value or b"").hex()]).encode()
        ).hexdigest()
        with self.engine.begin() as conn:
            insert_or_ignore(
                conn, _DEAD_LETTER, consumer=self.projection.name, fingerprint=fingerprint,
                topic=topic, partition=partition, offset=offset, key=key, headers=hdrs,
                value=value, error=error[:2000], received_at=dt.datetime.now(dt.UTC))

    def write(self, change: Callable[[Connection, dict[str, Table]], T]) -> T:
        """Change the current generation's tables outside an event (e.g. clear a work queue the
        projection fills), in one transaction under the lock ``apply_batch`` takes."""
        with self.engine.begin() as conn:
            generation = self._generation(conn, lock=True)
            if generation is None:
                raise RuntimeError(f"projection {self.projection.name} is not set up")
            return change(conn, self.tables(int(generation)))

    # -- reading ---------------------------------------------------------------------------
    def read(self, query: Callable[[Connection, dict[str, Table]], T]) -> T:
        """Run a query against the current generation's tables."""
        with self.engine.connect() as conn:
            gen = self._generation(conn, lock=False)
            if gen is None:
                raise RuntimeError(f"projection {self.projection.name} is not set up")
            return query(conn, self.tables(int(gen)))

    # -- rebuild ---------------------------------------------------------------------------
    def begin_rebuild(self) -> int:
        """Prepare an empty next generation; returns its number."""
        nxt = self.current_generation() + 1
        with self.engine.begin() as conn:
            self._drop(conn, nxt)
            self._create(conn, nxt)
        return nxt

    def apply_to(self, generation: int, events: Sequence[ContractEvent]) -> int:
        with self.engine.begin() as conn:
            return self._apply_in(conn, generation, events)

    @contextmanager
    def swapping(self, generation: int) -> Iterator[Callable[[Sequence[ContractEvent]], int]]:
        """Make ``generation`` current, atomically. Inside the block, events published since the
        rebuild read the topics are applied with the function it yields, under the same lock
        the live consumer takes, so nothing falls between the old and the new generation."""
        with self.engine.begin() as conn:
            old = self._generation(conn, lock=True)
            yield lambda events: self._apply_in(conn, generation, events)
            conn.execute(
                text("UPDATE projection_generation SET generation = :g WHERE projection = :p"),
                {"g": generation, "p": self.projection.name},
            )
        if old is not None and int(old) != generation:
            with self.engine.begin() as conn:
                self._drop(conn, int(old))
        log.info("projection.swapped", projection=self.projection.name, generation=generation)


def insert_ignoring(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> list[Any]:
    """Insert many rows, skipping those whose key exists, in one statement (batched VALUES);
    returns the primary keys of the rows inserted."""
    if not rows:
        return []
    dialect = postgresql if conn.engine.dialect.name == "postgresql" else sqlite
    pk = next(iter(table.primary_key.columns))
    stmt = dialect.insert(table).on_conflict_do_nothing().returning(pk)
    return list(conn.execute(stmt, list(rows)).scalars())


def insert_or_ignore(conn: Connection, table: Table, **values: Any) -> bool:
    """Insert a row unless its key exists; True when inserted.

    Uses RETURNING, not ``rowcount``: psycopg reports -1 for ``ON CONFLICT DO NOTHING``.
    """
    dialect = postgresql if conn.engine.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**values).on_conflict_do_nothing()
    pk = next(iter(table.primary_key.columns))
    return conn.execute(stmt.returning(pk)).first() is not None




def upsert_if_newer(conn: Connection, table: Table, key: dict[str, Any], values: dict[str, Any],
                    version: str) -> None:
    """Keep one row per ``key`` holding the values of the highest ``version`` seen: a fact that
    is corrected by a later revision, whatever order the revisions arrive in."""
    if insert_or_ignore(conn, table, **key, **values):
        return
    where = [table.c[k] == v for k, v in key.items()]
    conn.execute(table.update().where(*where, table.c[version] < values[version]).values(**values))
