"""The admin's worklist and the pegawai's notices: every announced increase and where it stands,
from KGB's own public events (so it is rebuilt by replay like any other read model)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (Column, Connection, Date, DateTime, Integer, MetaData, String, Table, and_,
                        func, select)

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import kgb as c
from simpeg_shared.projection import Projection, insert_or_ignore

STATUS = {c.KgbDueV1: "JATUH_TEMPO", c.KgbPostponedV1: "DITUNDA", c.SkKgbRequestedV1: "SK_DIMINTA",
          c.KgbGrantedV1: "DIBERIKAN", c.KgbCancelledV1: "DIBATALKAN"}
TERBUKA = ("JATUH_TEMPO", "SK_DIMINTA")


class UsulanKgbView(Projection):
    name = "kgb.usulan"
    topics = (topic_for("kgb"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"usulan": Table(
            f"kgb_usulan{suffix}", metadata,
            Column("kgb_id", String(36), primary_key=True),
            Column("nip", String(18), nullable=False, index=True),
            Column("instansi_id", String(64), nullable=False, index=True),
            Column("tmt", Date, nullable=False, index=True),
            Column("tmt_berlaku", Date, nullable=False),
            Column("golongan_ruang", String(8), nullable=False),
            Column("mkg_tahun", Integer, nullable=False),
            Column("gaji_lama", Integer, nullable=True),
            Column("gaji_baru", Integer, nullable=True),
            Column("status", String(16), nullable=False),
            Column("alasan", String(500), nullable=True),
            Column("ditunda_sampai", Date, nullable=True),
            Column("nomor_sk", String(120), nullable=True),
            Column("diperbarui", DateTime(timezone=True), nullable=False),
        )}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        status = STATUS.get(type(event))
        if status is None:
            return
        t = tables["usulan"]
        assert isinstance(event, c.KgbEvent)
        kid = str(event.kgb_id)
        if isinstance(event, c.KgbDueV1):
            insert_or_ignore(conn, t, kgb_id=kid, nip=event.nip, instansi_id=event.instansi_id,
                             tmt=event.tmt, tmt_berlaku=event.tmt,
                             golongan_ruang=event.golongan_ruang, mkg_tahun=event.mkg_tahun,
                             gaji_lama=event.gaji_lama, gaji_baru=event.gaji_baru,
                             status=status, diperbarui=event.occurred_at)
            return
        values: dict[str, Any] = {"status": status, "diperbarui": event.occurred_at,
                                  "alasan": getattr(event, "alasan", None), "ditunda_sampai": None}
        if isinstance(event, c.KgbPostponedV1):
            values["ditunda_sampai"] = event.ditunda_sampai
        if isinstance(event, (c.SkKgbRequestedV1, c.KgbGrantedV1)):
            values["tmt_berlaku"] = event.tmt
        if isinstance(event, c.KgbGrantedV1):
            values["nomor_sk"] = event.nomor_sk
        # events of one increase share a key (the NIP), so they arrive in order; a redelivered
        # older one must still not overwrite a newer state
        conn.execute(t.update().where(t.c.kgb_id == kid, t.c.diperbarui <= event.occurred_at)
                     .values(**values))


def _bulan(per: dt.date) -> tuple[dt.date, dt.date]:
    start = per.replace(day=1)
    return start, dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)


def daftar_kerja(conn: Connection, tables: dict[str, Table], per: dt.date,
                 instansi: str | None) -> dict[str, Any]:
    """Counts and rows on ``per``: due this month, overdue (due before this month and still not
    granted), postponed, and upcoming."""
    t = tables["usulan"]
    start, end = _bulan(per)
    scope = [t.c.instansi_id == instansi] if instansi else []
    groups = {
        "jatuh_tempo_bulan_ini": and_(t.c.status.in_(TERBUKA), t.c.tmt >= start, t.c.tmt < end),
        "terlambat": and_(t.c.status.in_(TERBUKA), t.c.tmt < start),
        "ditunda": t.c.status == "DITUNDA",
        "akan_datang": and_(t.c.status.in_(TERBUKA), t.c.tmt >= end),
    }
    out: dict[str, Any] = {"per": per, "jumlah": {}, "daftar": {}}
    for name, cond in groups.items():
        out["jumlah"][name] = conn.execute(select(func.count()).select_from(t).where(cond, *scope)).scalar()
        out["daftar"][name] = [dict(r._mapping) for r in conn.execute(
            select(t).where(cond, *scope).order_by(t.c.tmt, t.c.nip).limit(500))]
    return out


def usulan_pegawai(conn: Connection, tables: dict[str, Table], nip: str) -> list[dict[str, Any]]:
    t = tables["usulan"]
    return [dict(r._mapping) for r in conn.execute(select(t).where(t.c.nip == nip).order_by(t.c.tmt))]
