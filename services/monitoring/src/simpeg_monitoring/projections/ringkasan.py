"""Ringkasan per instansi: how many pegawai each instansi has (and in how many units)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Connection, DateTime, Integer, MetaData, String, Table, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts.profile import PegawaiRegisteredV1
from simpeg_shared.projection import Projection, insert_or_ignore


class RingkasanInstansi(Projection):
    name = "monitoring.ringkasan_instansi"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "pegawai": Table(
                f"mon_pegawai{suffix}", metadata,
                Column("nip", String(18), primary_key=True),
                Column("instansi_id", String(64), nullable=False, index=True),
                Column("unit_id", String(64), nullable=False),
            ),
            "instansi": Table(
                f"mon_instansi{suffix}", metadata,
                Column("instansi_id", String(64), primary_key=True),
                Column("jumlah_pegawai", Integer, nullable=False),
                Column("diperbarui_pada", DateTime(timezone=True), nullable=False),
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        if not isinstance(event, PegawaiRegisteredV1):
            return
        # Counted by NIP as well as by event id: a pegawai is one person however often told.
        if not insert_or_ignore(conn, tables["pegawai"], nip=event.nip,
                                instansi_id=event.instansi_id, unit_id=event.unit_id):
            return
        instansi = tables["instansi"]
        when = event.occurred_at.astimezone(dt.UTC)
        if not insert_or_ignore(conn, instansi, instansi_id=event.instansi_id, jumlah_pegawai=1,
                                diperbarui_pada=when):
            conn.execute(update(instansi)
                         .where(instansi.c.instansi_id == event.instansi_id)
                         .values(jumlah_pegawai=instansi.c.jumlah_pegawai + 1, diperbarui_pada=when))


def ringkasan(conn: Connection, tables: dict[str, Table], instansi_id: str) -> dict[str, object]:
    row = conn.execute(select(tables["instansi"]).where(
        tables["instansi"].c.instansi_id == instansi_id)).first()
    pegawai = tables["pegawai"]
    units = conn.execute(
        select(pegawai.c.unit_id).where(pegawai.c.instansi_id == instansi_id).distinct()
    ).all()
    when = row.diperbarui_pada if row else None
    if when is not None and when.tzinfo is None:  # SQLite keeps no zone; we stored UTC
        when = when.replace(tzinfo=dt.UTC)
    return {
        "instansi_id": instansi_id,
        "jumlah_pegawai": row.jumlah_pegawai if row else 0,
        "jumlah_unit": len(units),
        "diperbarui_pada": when,
    }
