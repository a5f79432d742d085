"""The letter requests of other contexts, waiting to become drafts: ``SuratIzinCutiRequestedV1``
from cuti and ``SkKgbRequestedV1`` from KGB.

The consumer only records a request (deduplicated by event id like every projection); the
drafter (:mod:`simpeg_surat.drafter`) then turns each into a draft in surat's event store, with a
letter id derived from the request's event id. A request delivered twice, or replayed into a new
generation, therefore still makes exactly one letter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Column, Connection, DateTime, MetaData, String, Table, Text, or_, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts.cuti import SuratIzinCutiRequestedV1
from simpeg_shared.contracts.kgb import SkKgbRequestedV1
from simpeg_shared.projection import Projection, insert_or_ignore

BARU, SELESAI, GAGAL = "BARU", "SELESAI", "GAGAL"
RETRY_AFTER = dt.timedelta(seconds=60)


class PermintaanSurat(Projection):
    name = "surat.permintaan"
    topics = (topic_for("cuti"), topic_for("kgb"))

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"permintaan": Table(
            f"srt_permintaan{suffix}", metadata,
            Column("event_id", String(36), primary_key=True),
            Column("sumber", String(16), nullable=False),
            Column("type", String(128), nullable=False),
            Column("payload", Text, nullable=False),
            Column("status", String(8), nullable=False, index=True),
            Column("surat_id", String(36)),
            Column("galat", String(500)),
            Column("diterima_pada", DateTime(timezone=True), nullable=False),
            Column("dicoba_pada", DateTime(timezone=True)),
        )}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        if isinstance(event, SuratIzinCutiRequestedV1 | SkKgbRequestedV1):
            insert_or_ignore(conn, tables["permintaan"], event_id=str(event.event_id),
                             sumber=event.context, type=event.type_name(),
                             payload=event.model_dump_json(), status=BARU,
                             diterima_pada=dt.datetime.now(dt.UTC))


def menunggu(conn: Connection, t: dict[str, Table], now: dt.datetime, limit: int = 100) -> list[Any]:
    p = t["permintaan"]
    due = or_(p.c.status == BARU, (p.c.status == GAGAL) & (p.c.dicoba_pada < now - RETRY_AFTER))
    return list(conn.execute(select(p).where(due).order_by(p.c.diterima_pada).limit(limit)).all())


def tandai(conn: Connection, t: dict[str, Table], event_id: str, *, surat_id: uuid.UUID | None,
           galat: str | None) -> None:
    p = t["permintaan"]
    conn.execute(update(p).where(p.c.event_id == event_id).values(
        status=SELESAI if galat is None else GAGAL, galat=galat,
        surat_id=str(surat_id) if surat_id else None, dicoba_pada=dt.datetime.now(dt.UTC)))


def status_of(conn: Connection, t: dict[str, Table], event_id: str) -> Any:
    p = t["permintaan"]
    return conn.execute(select(p).where(p.c.event_id == event_id)).first()
