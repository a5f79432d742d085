"""Approved leave, as cuti's public events tell it: the days of each approved cuti (CUTI, or
SAKIT for cuti sakit), removed again when it is cancelled.

A decision or a cancellation that touches days that may already be closed also queues those
days for a correction (``att_koreksi_tertunda``) in the same transaction; the worker recomputes
them and publishes a ``DailyAttendanceCorrectedV1`` where the status changed. A redelivered
event is skipped by id; a replay queues the days again, and recomputing an unchanged day
publishes nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, Connection, Date, MetaData, String, Table, select, update

from simpeg_attendance.projections.lokal import antre_koreksi
from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import cuti as c
from simpeg_shared.projection import Projection, insert_or_ignore

DIAMBIL = ("DISETUJUI", "PERUBAHAN")  # decisions whose dates are leave taken


class CutiAttendance(Projection):
    name = "attendance.cuti"
    topics = (topic_for("cuti"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"cuti": Table(
            f"att_cuti{suffix}", metadata,
            Column("cuti_id", String(36), primary_key=True),
            Column("nip", String(18), nullable=False, index=True),
            Column("instansi_id", String(64), nullable=False),
            Column("jenis", String(20), nullable=False),
            Column("mulai", Date, nullable=False),
            Column("selesai", Date, nullable=False),
            Column("dibatalkan", Boolean, nullable=False, default=False),
        )}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        t = tables["cuti"]
        if isinstance(event, c.CutiDecidedV1) and event.hasil in DIAMBIL:
            cuti_id = str(event.cuti_id)
            old = conn.execute(select(t.c.mulai, t.c.selesai).where(t.c.cuti_id == cuti_id)).first()
            if not insert_or_ignore(conn, t, cuti_id=cuti_id, nip=event.nip,
                                    instansi_id=event.instansi_id, jenis=event.jenis,
                                    mulai=event.mulai, selesai=event.selesai, dibatalkan=False):
                # a later decision about the same request (PERUBAHAN): its dates replace the old
                conn.execute(update(t).where(t.c.cuti_id == cuti_id).values(
                    jenis=event.jenis, mulai=event.mulai, selesai=event.selesai))
            _queue(conn, event.nip, event.mulai, event.selesai, f"CUTI:{cuti_id}")
            if old is not None:
                _queue(conn, event.nip, old[0], old[1], f"CUTI:{cuti_id}")
        elif isinstance(event, c.CutiCancelledV1):
            cuti_id = str(event.cuti_id)
            # a cancellation that arrives before the decision still wins: the row stays cancelled
            if not insert_or_ignore(conn, t, cuti_id=cuti_id, nip=event.nip,
                                    instansi_id=event.instansi_id, jenis=event.jenis,
                                    mulai=event.mulai, selesai=event.selesai, dibatalkan=True):
                conn.execute(update(t).where(t.c.cuti_id == cuti_id).values(dibatalkan=True))
            _queue(conn, event.nip, event.mulai, event.selesai, f"BATAL_CUTI:{cuti_id}")


def _queue(conn: Connection, nip: str, mulai: dt.date, selesai: dt.date, sumber: str) -> None:
    day = mulai
    while day <= selesai and (day - mulai).days <= 400:
        antre_koreksi(conn, nip, day, sumber)
        day += dt.timedelta(days=1)


def cuti_pada(conn: Connection, tables: dict[str, Table], nips: list[str] | None,
              mulai: dt.date, selesai: dt.date) -> dict[tuple[str, dt.date], str]:
    """(nip, date) -> jenis of approved, not cancelled leave between ``mulai`` and ``selesai``."""
    t = tables["cuti"]
    query = select(t.c.nip, t.c.jenis, t.c.mulai, t.c.selesai).where(
        t.c.dibatalkan.is_(False), t.c.mulai <= selesai, t.c.selesai >= mulai)
    out: dict[tuple[str, dt.date], str] = {}
    chunks = [nips[i:i + 500] for i in range(0, len(nips), 500)] if nips is not None else [None]
    for chunk in chunks:
        q = query if chunk is None else query.where(t.c.nip.in_(chunk))
        for nip, jenis, a, b in conn.execute(q):
            day = max(a, mulai)
            while day <= min(b, selesai):
                out[(nip, day)] = jenis
                day += dt.timedelta(days=1)
    return out
