"""The usulan queue (for verifikator and pejabat) and each pegawai's in-app notifications,
fed by profile's own public events."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Column, Connection, DateTime, MetaData, String, Table, Text, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import profile as c
from simpeg_shared.persistence import as_utc
from simpeg_shared.projection import Projection, insert_or_ignore

PESAN = {
    c.UsulanPerubahanSubmittedV1: ("DIAJUKAN", "Usulan perubahan {jenis} Anda telah diajukan dan menunggu verifikasi."),
    c.UsulanPerubahanVerifiedV1: ("DIVERIFIKASI", "Usulan perubahan {jenis} Anda telah diverifikasi dan menunggu persetujuan."),
    c.UsulanPerubahanReturnedV1: ("DIKEMBALIKAN", "Usulan perubahan {jenis} Anda dikembalikan: {alasan}"),
    c.UsulanPerubahanApprovedV1: ("DISETUJUI", "Usulan perubahan {jenis} Anda telah disetujui; data Anda telah diperbarui."),
}


class UsulanDanNotifikasi(Projection):
    name = "profile.usulan_notifikasi"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "usulan": Table(
                f"prof_usulan{suffix}", metadata,
                Column("usulan_id", String(36), primary_key=True),
                Column("nip", String(18), nullable=False, index=True),
                Column("instansi_id", String(64), nullable=False, index=True),
                Column("jenis", String(32), nullable=False),
                Column("status", String(16), nullable=False),
                Column("diperbarui_pada", DateTime(timezone=True), nullable=False),
            ),
            "notifikasi": Table(
                f"prof_notifikasi{suffix}", metadata,
                Column("event_id", String(36), primary_key=True),
                Column("nip", String(18), nullable=False, index=True),
                Column("pesan", Text, nullable=False),
                Column("usulan_id", String(36), nullable=True),
                Column("dibuat_pada", DateTime(timezone=True), nullable=False),
                Column("dibaca", Boolean, nullable=False, default=False),
            ),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        entry = PESAN.get(type(event))
        if entry is None:
            return
        assert isinstance(event, c.UsulanEvent)
        status, template = entry
        when = event.occurred_at.astimezone(dt.UTC)
        usulan = tables["usulan"]
        if not insert_or_ignore(conn, usulan, usulan_id=str(event.usulan_id), nip=event.nip,
                                instansi_id=event.instansi_id, jenis=event.jenis_usulan,
                                status=status, diperbarui_pada=when):
            conn.execute(update(usulan).where(usulan.c.usulan_id == str(event.usulan_id))
                         .where(usulan.c.diperbarui_pada <= when)
                         .values(status=status, diperbarui_pada=when))
        pesan = template.format(jenis=event.jenis_usulan.replace("_", " ").lower(),
                                alasan=getattr(event, "alasan", ""))
        insert_or_ignore(conn, tables["notifikasi"], event_id=str(event.event_id), nip=event.nip,
                         pesan=pesan, usulan_id=str(event.usulan_id), dibuat_pada=when, dibaca=False)


def antrian(conn: Connection, tables: dict[str, Table], instansi_id: str, status: str) -> list[dict[str, Any]]:
    t = tables["usulan"]
    rows = conn.execute(select(t).where(t.c.instansi_id == instansi_id, t.c.status == status)
                        .order_by(t.c.diperbarui_pada)).mappings().all()
    return [{**r, "diperbarui_pada": as_utc(r["diperbarui_pada"])} for r in rows]


def notifikasi(conn: Connection, tables: dict[str, Table], nip: str) -> list[dict[str, Any]]:
    t = tables["notifikasi"]
    rows = conn.execute(select(t).where(t.c.nip == nip).order_by(t.c.dibuat_pada.desc())
                        .limit(200)).mappings().all()
    return [{**r, "dibuat_pada": as_utc(r["dibuat_pada"])} for r in rows]

