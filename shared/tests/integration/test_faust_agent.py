"""The consumer base driven by a faust-streaming agent (faust's own test harness, real DB)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import faust
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select, text, update

from simpeg_shared import envelope
from simpeg_shared.consumer import faust_agent
from simpeg_shared.contracts import ContractEvent, event_id_for, topic_for
from simpeg_shared.contracts.profile import PegawaiRegisteredV1
from simpeg_shared.persistence import SHARED_MIGRATIONS, make_engine, migrate
from simpeg_shared.projection import Projection, ProjectionStore, insert_or_ignore


class PerUnit(Projection):
    name = "test.per_unit"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"unit": Table(f"t_unit{suffix}", metadata, Column("unit_id", String(64), primary_key=True),
                              Column("n", Integer, nullable=False))}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        assert isinstance(event, PegawaiRegisteredV1)
        t = tables["unit"]
        if not insert_or_ignore(conn, t, unit_id=event.unit_id, n=1):
            conn.execute(update(t).where(t.c.unit_id == event.unit_id).values(n=t.c.n + 1))


async def test_a_faust_agent_applies_each_event_once(databases: Any) -> None:
    engine = make_engine(databases.fresh("faust"))
    migrate(engine, SHARED_MIGRATIONS, "alembic_version_simpeg")
    store = ProjectionStore(engine, PerUnit())
    store.setup()
    app = faust.App(f"t-{uuid.uuid4().hex[:6]}", broker="kafka://127.0.0.1:1", store="memory://")
    agent = faust_agent(app, store, batch=10, within=0.05, retry_pause=0.01)

    events = [PegawaiRegisteredV1(event_id=event_id_for(uuid.uuid4(), 1), occurred_at=dt.datetime.now(dt.UTC),
                                  nip=f"19850315201001100{i}", nama="N", instansi_id="i", unit_id=u)
              for i, u in enumerate(["a", "a", "b"], start=1)]
    async with agent.test_context() as agent_under_test:
        for event in [*events, events[0]]:  # the first one delivered twice
            rec = envelope.encode(event)
            await agent_under_test.put(value=rec.value, key=rec.key, headers=dict(rec.headers))
        broken = await agent_under_test.put(value=b"{oops", key=b"x", headers={"ce_specversion": b"1.0"})
        assert broken is not None

    rows = store.read(lambda conn, t: dict(conn.execute(select(t["unit"].c.unit_id, t["unit"].c.n)).all()))
    assert rows == {"a": 2, "b": 1}
    with engine.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM dead_letter")).scalar() == 1
    engine.dispose()


class Unsteady(PerUnit):
    """PerUnit whose first transactions the database refuses (a query of a table that is not
    there: a real error from the real database, and the whole transaction rolled back), as
    while PostgreSQL restarts."""

    name = "test.per_unit_unsteady"

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        super().apply(conn, tables, event)
        if self.refusals:
            self.refusals -= 1
            conn.execute(text("SELECT n FROM t_tidak_ada"))


async def test_a_batch_the_database_refused_is_applied_before_its_offsets_are_acknowledged(
        databases: Any) -> None:
    """``take_events`` acknowledged a batch in a ``finally`` even when the agent failed on it,
    and faust committed the offsets of events never applied (``make faults`` seed 20: 15 events
    of tpp.fakta lost across a PostgreSQL restart). The agent now waits for the database and
    acknowledges only what it applied."""
    engine = make_engine(databases.fresh("faust_unsteady"))
    migrate(engine, SHARED_MIGRATIONS, "alembic_version_simpeg")
    projection = Unsteady(refusals=2)
    store = ProjectionStore(engine, projection)
    store.setup()
    app = faust.App(f"t-{uuid.uuid4().hex[:6]}", broker="kafka://127.0.0.1:1", store="memory://")
    agent = faust_agent(app, store, batch=10, within=0.05, retry_pause=0.01)
    event = PegawaiRegisteredV1(event_id=event_id_for(uuid.uuid4(), 1),
                                occurred_at=dt.datetime.now(dt.UTC), nip="198503152010011001",
                                nama="N", instansi_id="i", unit_id="a")
    async with agent.test_context() as agent_under_test:
        rec = envelope.encode(event)
        delivered = await agent_under_test.put(value=rec.value, key=rec.key, headers=dict(rec.headers))
        rows = store.read(lambda conn, t: dict(conn.execute(select(t["unit"].c.unit_id, t["unit"].c.n)).all()))
        assert projection.refusals == 0, "the database never refused: the test proves nothing"
        assert rows == {"a": 1}, "the refused batch was dropped"
        assert delivered.message.acked, "an applied event was not acknowledged"
    engine.dispose()
