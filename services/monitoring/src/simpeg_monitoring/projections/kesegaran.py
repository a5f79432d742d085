"""How current a read model is: the newest event it applied (event time) and when it applied it
(wall time). Every figure the API shows carries these, and ``/metrics`` exports the lag."""

from __future__ import annotations

import datetime as dt
from typing import Any

from prometheus_client import Gauge
from sqlalchemy import Column, Connection, DateTime, MetaData, String, Table, select, update

from simpeg_shared.contracts import ContractEvent
from simpeg_shared.persistence import as_utc
from simpeg_shared.projection import insert_or_ignore

LAG = Gauge("simpeg_projection_lag_seconds",
            "Seconds from an event's time to its being applied, for the newest event applied",
            ["projection"])


def table(metadata: MetaData, prefix: str, suffix: str) -> Table:
    return Table(f"{prefix}_kesegaran{suffix}", metadata,
                 Column("kunci", String(8), primary_key=True),
                 Column("event_terakhir", DateTime(timezone=True), nullable=False),
                 Column("diterapkan_pada", DateTime(timezone=True), nullable=False))


def catat(conn: Connection, t: Table, projection: str, event: ContractEvent) -> None:
    now = dt.datetime.now(dt.UTC)
    when = event.occurred_at.astimezone(dt.UTC)
    LAG.labels(projection).set(max((now - when).total_seconds(), 0.0))
    if insert_or_ignore(conn, t, kunci="x", event_terakhir=when, diterapkan_pada=now):
        return
    conn.execute(update(t).where(t.c.kunci == "x").values(diterapkan_pada=now))
    conn.execute(update(t).where(t.c.kunci == "x", t.c.event_terakhir < when)
                 .values(event_terakhir=when))


def baca(conn: Connection, t: Table) -> dict[str, Any]:
    row = conn.execute(select(t).where(t.c.kunci == "x")).first()
    if row is None:
        return {"event_terakhir": None, "diterapkan_pada": None, "lag_detik": None}
    event, applied = as_utc(row.event_terakhir), as_utc(row.diterapkan_pada)
    return {"event_terakhir": event, "diterapkan_pada": applied,
            "lag_detik": round(max((applied - event).total_seconds(), 0.0), 3)}
