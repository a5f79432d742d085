"""The state of every pegawai's months as kinerja's own public events tell it: waiting for the
atasan, or final (with the latest revisi). Feeds the late-evaluation view for the atasan's
atasan and the export to BKN's central e-Kinerja."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Integer, MetaData, String, Table, select

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import kinerja as c
from simpeg_shared.persistence import as_utc
from simpeg_shared.projection import Projection, insert_or_ignore, upsert_if_newer

MENUNGGU, FINAL = "MENUNGGU", "FINAL"


class StatusPenilaian(Projection):
    name = "kinerja.penilaian_status"
    topics = (topic_for("kinerja"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"bulan": Table(
            f"kin_bulan{suffix}", metadata,
            Column("nip", String(18), primary_key=True),
            Column("tahun", Integer, primary_key=True),
            Column("bulan", Integer, primary_key=True),
            Column("instansi_id", String(64), nullable=False, index=True),
            Column("status", String(10), nullable=False),
            Column("hasil", String(10)), Column("perilaku", String(10)),
            Column("predikat", String(20)), Column("aturan", String(64)),
            Column("nip_penilai", String(18)), Column("revisi", Integer, nullable=False),
            Column("diperbarui_pada", DateTime(timezone=True), nullable=False),
        )}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        t = tables["bulan"]
        when = event.occurred_at.astimezone(dt.UTC)
        if isinstance(event, c.RealisasiSubmittedV1):
            insert_or_ignore(conn, t, nip=event.nip, tahun=event.tahun, bulan=event.bulan,
                             instansi_id=event.instansi_id, status=MENUNGGU, revisi=0,
                             diperbarui_pada=when)
        elif isinstance(event, c.PenilaianPeriodikFinalizedV1):
            final = {"status": FINAL, "hasil": event.hasil, "perilaku": event.perilaku,
                     "predikat": event.predikat, "aturan": event.aturan,
                     "nip_penilai": event.nip_penilai, "revisi": event.revisi,
                     "instansi_id": event.instansi_id, "diperbarui_pada": when}
            upsert_if_newer(conn, t, {"nip": event.nip, "tahun": event.tahun, "bulan": event.bulan},
                            final, "revisi")


def menunggu(conn: Connection, tables: dict[str, Table], nips: set[str]) -> list[dict[str, Any]]:
    t = tables["bulan"]
    rows = conn.execute(select(t).where(t.c.status == MENUNGGU, t.c.nip.in_(sorted(nips)))
                        .order_by(t.c.tahun, t.c.bulan, t.c.nip)).mappings().all()
    return [{**r, "diperbarui_pada": as_utc(r["diperbarui_pada"])} for r in rows]


def final(conn: Connection, tables: dict[str, Table], instansi_id: str | None, tahun: int,
          bulan: int) -> list[dict[str, Any]]:
    t = tables["bulan"]
    query = select(t).where(t.c.status == FINAL, t.c.tahun == tahun, t.c.bulan == bulan)
    if instansi_id is not None:
        query = query.where(t.c.instansi_id == instansi_id)
    rows = conn.execute(query.order_by(t.c.instansi_id, t.c.nip)).mappings().all()
    return [{**r, "diperbarui_pada": as_utc(r["diperbarui_pada"])} for r in rows]
