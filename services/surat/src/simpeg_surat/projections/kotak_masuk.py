"""The in-app inbox: every signed letter a pegawai received, from surat's own ``SuratSentV1``
(and ``SuratArchivedV1``, which marks it archived)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (Boolean, Column, Connection, DateTime, MetaData, String, Table, select,
                        update)

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import surat as c
from simpeg_shared.persistence import as_utc
from simpeg_shared.projection import Projection, insert_or_ignore


class KotakMasuk(Projection):
    name = "surat.kotak_masuk"
    topics = (topic_for("surat"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"masuk": Table(
            f"srt_kotak_masuk{suffix}", metadata,
            Column("nip", String(18), primary_key=True),
            Column("surat_id", String(36), primary_key=True),
            Column("instansi_id", String(64), nullable=False),
            Column("jenis", String(16), nullable=False),
            Column("nomor", String(128), nullable=False),
            Column("perihal", String(300), nullable=False),
            Column("sha256", String(64), nullable=False),
            Column("diterima_pada", DateTime(timezone=True), nullable=False),
            Column("diarsipkan", Boolean, nullable=False, default=False),
        )}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        t = tables["masuk"]
        if isinstance(event, c.SuratSentV1):
            for nip in dict.fromkeys(event.penerima):
                insert_or_ignore(conn, t, nip=nip, surat_id=str(event.surat_id),
                                 instansi_id=event.instansi_id, jenis=event.jenis,
                                 nomor=event.nomor, perihal=event.perihal[:300],
                                 sha256=event.sha256, diarsipkan=False,
                                 diterima_pada=event.occurred_at.astimezone(dt.UTC))
        elif isinstance(event, c.SuratArchivedV1):
            conn.execute(update(t).where(t.c.surat_id == str(event.surat_id)).values(diarsipkan=True))


def kotak_masuk(conn: Connection, t: dict[str, Table], nip: str) -> list[dict[str, Any]]:
    m = t["masuk"]
    rows = conn.execute(select(m).where(m.c.nip == nip)
                        .order_by(m.c.diterima_pada.desc())).mappings().all()
    return [{**r, "diterima_pada": as_utc(r["diterima_pada"])} for r in rows]
