"""Ringkasan per instansi: how many pegawai each instansi has (and in how many units), following
registrations, imports, mutasi between units and pindah instansi."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Connection, DateTime, Integer, MetaData, String, Table, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts.profile import PegawaiRegisteredV1, UnitChangedV1
from simpeg_shared.persistence import as_utc
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
        if isinstance(event, PegawaiRegisteredV1):
            # Counted by NIP as well as by event id: a pegawai is one person however often told.
            if insert_or_ignore(conn, tables["pegawai"], nip=event.nip,
                                instansi_id=event.instansi_id, unit_id=event.unit_id):
                _add(conn, tables["instansi"], event.instansi_id, +1, event)
        elif isinstance(event, UnitChangedV1):
            pegawai = tables["pegawai"]
            row = conn.execute(select(pegawai).where(pegawai.c.nip == event.nip)).first()
            if row is None:
                return  # registered before this read model's history began; nothing to move
            conn.execute(update(pegawai).where(pegawai.c.nip == event.nip)
                         .values(instansi_id=event.instansi_id, unit_id=event.unit_id))
            if row.instansi_id != event.instansi_id:  # pindah instansi
                _add(conn, tables["instansi"], row.instansi_id, -1, event)
                _add(conn, tables["instansi"], event.instansi_id, +1, event)


def _add(conn: Connection, instansi: Table, instansi_id: str, delta: int, event: ContractEvent) -> None:
    when = event.occurred_at.astimezone(dt.UTC)
    if delta > 0 and insert_or_ignore(conn, instansi, instansi_id=instansi_id,
                                      jumlah_pegawai=delta, diperbarui_pada=when):
        return
    conn.execute(update(instansi).where(instansi.c.instansi_id == instansi_id)
                 .values(jumlah_pegawai=instansi.c.jumlah_pegawai + delta, diperbarui_pada=when))


def ringkasan(conn: Connection, tables: dict[str, Table], instansi_id: str) -> dict[str, object]:
    row = conn.execute(select(tables["instansi"]).where(
        tables["instansi"].c.instansi_id == instansi_id)).first()
    pegawai = tables["pegawai"]
    units = conn.execute(
        select(pegawai.c.unit_id).where(pegawai.c.instansi_id == instansi_id).distinct()
    ).all()
    return {
        "instansi_id": instansi_id,
        "jumlah_pegawai": row.jumlah_pegawai if row else 0,
        "jumlah_unit": len(units),
        "diperbarui_pada": as_utc(row.diperbarui_pada) if row else None,
    }
