"""The audit trail's follower (``JejakAudit.langkah``) on SQLite and on the session's database
(PostgreSQL when it answers): each row is the pegawai's whose aggregate it is, learned from the
events that name a NIP, also in a later batch; an event naming a NIP without an instansi (an
erasure) takes the pegawai's instansi; and the owners a batch needs are read in one query per
kind, however many aggregates the batch touches."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from simpeg_shared import jejak
from simpeg_shared.persistence import make_engine
from simpeg_shared.testing import Databases

N1, N2, N3, N4 = "199001012015031001", "199002022015032002", "199003032015031003", \
    "199004042015032004"
A, B, C, D, D2, E, F, G = (uuid.uuid5(uuid.NAMESPACE_URL, f"agregat:{x}") for x in "ABCDdEFG")


@dataclass
class Notification:
    id: int
    originator_id: uuid.UUID
    originator_version: int
    topic: str
    state: dict[str, Any]


class Log:
    """The application as the follower sees it: a notification log (recorder) and its mapper."""

    def __init__(self) -> None:
        self.notifications: list[Notification] = []
        self.recorder = self
        self.mapper = self

    def add(self, agregat: uuid.UUID, peristiwa: str, **state: Any) -> None:
        version = 1 + sum(n.originator_id == agregat for n in self.notifications)
        self.notifications.append(Notification(
            len(self.notifications) + 1, agregat, version, f"simpeg_uji:{peristiwa}",
            {"timestamp": dt.datetime(2025, 1, 2, 3, 4, tzinfo=dt.UTC),
             jejak.KUNCI: {"proses": "uji"}, **state}))

    def select_notifications(self, start: int, limit: int) -> list[Notification]:
        return [n for n in self.notifications if n.id >= start][:limit]

    def decode_state(self, n: Notification) -> dict[str, Any]:
        return n.state


@pytest.fixture(params=["sqlite", "session"])
def engine(request: pytest.FixtureRequest, tmp_path: Path,
           databases: Databases) -> Iterator[sa.Engine]:
    url = (f"sqlite:///{tmp_path / 'jejak.sqlite3'}" if request.param == "sqlite"
           else databases.fresh("jejak"))
    made = make_engine(url)
    jejak.setup(made)
    yield made
    made.dispose()


def _owner_queries(engine: sa.Engine) -> list[str]:
    """The SELECTs on ``jejak_audit_pemilik`` the engine runs from now on."""
    seen: list[str] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "jejak_audit_pemilik" in statement:
            seen.append(statement)

    return seen


def _trail(engine: sa.Engine, since: int = 0) -> list[tuple[str, str | None, str | None, str]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(jejak.TABEL).where(jejak.TABEL.c.notification_id > since)
                            .order_by(jejak.TABEL.c.notification_id)).mappings().all()
    return [(r["peristiwa"], r["nip"], r["instansi_id"], r["agregat_id"]) for r in rows]


def test_rows_belong_to_the_aggregates_pegawai_across_batches(engine: sa.Engine) -> None:
    log = Log()
    follower = jejak.JejakAudit(engine, log)
    log.add(A, "Pegawai.Registered", nip=N1, instansi_id="pemkot-bandung")
    log.add(B, "Pegawai.Registered", nip=N2, instansi_id="pemkot-bandung")
    log.add(D, "CheckIn.Recorded", nip=N3, instansi_id="pemprov-jabar")
    log.add(D2, "CheckIn.Recorded", nip=N3, instansi_id="pemprov-jabar")
    assert follower.langkah() == 4
    assert follower.posisi() == 4

    # one batch: several aggregates known from the last batch name no NIP, one is unknown, and
    # NIPs come without an instansi (erasures), known only from the last batch or not at all
    queries = _owner_queries(engine)
    log.add(A, "Pegawai.Updated")
    log.add(B, "Pegawai.Moved", instansi_id="pemkab-garut")  # the event's own instansi wins
    log.add(C, "Unit.Renamed")
    log.add(A, "Pegawai.Updated")
    log.add(E, "PenghapusanDataPribadi.Dihapus", nip=N3)
    log.add(F, "PenghapusanDataPribadi.Dihapus", nip=N4)
    log.add(G, "PenghapusanDataPribadi.Dihapus", nip=N1)
    assert follower.langkah() == 7
    assert len(queries) == 2, queries  # by aggregate, by NIP: not one per aggregate or event
    assert _trail(engine, since=4) == [
        ("Pegawai.Updated", N1, "pemkot-bandung", str(A)),
        ("Pegawai.Moved", N2, "pemkab-garut", str(B)),
        ("Unit.Renamed", None, None, str(C)),
        ("Pegawai.Updated", N1, "pemkot-bandung", str(A)),
        ("PenghapusanDataPribadi.Dihapus", N3, "pemprov-jabar", str(E)),
        ("PenghapusanDataPribadi.Dihapus", N4, None, str(F)),
        ("PenghapusanDataPribadi.Dihapus", N1, "pemkot-bandung", str(G)),
    ]

    # the next batch knows the owners the last one learned, and an aggregate that first names
    # its NIP in the batch needs no query for its later events
    queries.clear()
    log.add(F, "Foto.Dihapus")
    log.add(E, "Foto.Dihapus")
    log.add(C, "Unit.Renamed")
    log.add(B, "Pegawai.Updated")
    log.add(uuid.UUID(int=7), "Cuti.Requested", nip=N2, instansi_id="pemkab-garut")
    log.add(uuid.UUID(int=7), "Cuti.Approved")
    assert follower.langkah() == 6
    assert len(queries) == 1, queries  # every NIP came with its instansi
    assert _trail(engine, since=11) == [
        ("Foto.Dihapus", N4, None, str(F)),
        ("Foto.Dihapus", N3, "pemprov-jabar", str(E)),
        ("Unit.Renamed", None, None, str(C)),
        ("Pegawai.Updated", N2, "pemkot-bandung", str(B)),
        ("Cuti.Requested", N2, "pemkab-garut", str(uuid.UUID(int=7))),
        ("Cuti.Approved", N2, "pemkab-garut", str(uuid.UUID(int=7))),
    ]
    with engine.connect() as conn:
        oleh = conn.execute(sa.select(jejak.TABEL.c.oleh)).scalars().first()
    assert oleh is not None and json.loads(oleh) == {"proses": "uji"}

    # nothing new: nothing read, nothing asked
    queries.clear()
    assert follower.langkah() == 0 and not queries
