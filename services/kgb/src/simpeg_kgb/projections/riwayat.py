"""What KGB needs to know of each PNS, from profile's events: pangkat by TMT with its MKG, PMK
recognised, CLTN periods. Schedules are computed from these rows when asked, so a new rule or
table never needs a migration of stored schedules."""

from __future__ import annotations

from sqlalchemy import (Column, Connection, Date, DateTime, Integer, MetaData, String, Table, select,
                        update)

from simpeg_kgb.domain.jadwal import Cltn, Pangkat, Pmk
from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import profile as c
from simpeg_shared.projection import Projection, insert_or_ignore


class RiwayatKgb(Projection):
    name = "kgb.riwayat"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "pegawai": Table(f"kgb_pegawai{suffix}", metadata,
                             Column("nip", String(18), primary_key=True),
                             Column("instansi_id", String(64), nullable=False, index=True),
                             Column("jenis_pegawai", String(8), nullable=True)),
            "pangkat": Table(f"kgb_pangkat{suffix}", metadata,
                             Column("event_id", String(36), primary_key=True),
                             Column("nip", String(18), nullable=False, index=True),
                             Column("golongan_ruang", String(8), nullable=False),
                             Column("tmt", Date, nullable=False),
                             Column("mkg_tahun", Integer, nullable=False),
                             Column("mkg_bulan", Integer, nullable=False),
                             Column("dicatat", DateTime(timezone=True), nullable=False)),
            "pmk": Table(f"kgb_pmk{suffix}", metadata,
                         Column("event_id", String(36), primary_key=True),
                         Column("nip", String(18), nullable=False, index=True),
                         Column("tmt", Date, nullable=False),
                         Column("tahun", Integer, nullable=False),
                         Column("bulan", Integer, nullable=False)),
            "cltn": Table(f"kgb_cltn{suffix}", metadata,
                          Column("event_id", String(36), primary_key=True),
                          Column("nip", String(18), nullable=False, index=True),
                          Column("mulai", Date, nullable=False),
                          Column("selesai", Date, nullable=False)),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        eid = str(event.event_id)
        if isinstance(event, c.PegawaiRegisteredV1):
            insert_or_ignore(conn, tables["pegawai"], nip=event.nip, instansi_id=event.instansi_id,
                             jenis_pegawai=event.jenis_pegawai)
        elif isinstance(event, c.UnitChangedV1):
            conn.execute(update(tables["pegawai"]).where(tables["pegawai"].c.nip == event.nip)
                         .values(instansi_id=event.instansi_id))
        elif isinstance(event, c.PangkatChangedV1):
            insert_or_ignore(conn, tables["pangkat"], event_id=eid, nip=event.nip,
                             golongan_ruang=event.golongan_ruang, tmt=event.tmt,
                             mkg_tahun=event.mkg_tahun, mkg_bulan=event.mkg_bulan,
                             dicatat=event.occurred_at)
        elif isinstance(event, c.PmkRecordedV1):
            insert_or_ignore(conn, tables["pmk"], event_id=eid, nip=event.nip, tmt=event.tmt,
                             tahun=event.tahun, bulan=event.bulan)
        elif isinstance(event, c.CltnRecordedV1):
            insert_or_ignore(conn, tables["cltn"], event_id=eid, nip=event.nip, mulai=event.mulai,
                             selesai=event.selesai)


def riwayat(conn: Connection, tables: dict[str, Table], nip: str) -> dict[str, object] | None:
    """The pegawai's instansi and kind, and the inputs of their schedule, in recorded order."""
    peg = conn.execute(select(tables["pegawai"]).where(tables["pegawai"].c.nip == nip)).first()
    if peg is None:
        return None

    def rows(name: str) -> list:
        t = tables[name]
        order = t.c.dicatat if "dicatat" in t.c else t.c.event_id  # a same-TMT correction wins
        return conn.execute(select(t).where(t.c.nip == nip).order_by(order)).all()

    return {
        "instansi_id": peg.instansi_id,
        "jenis_pegawai": peg.jenis_pegawai,
        "pangkat": [Pangkat(r.golongan_ruang, r.tmt, r.mkg_tahun, r.mkg_bulan) for r in rows("pangkat")],
        "pmk": [Pmk(r.tmt, r.tahun, r.bulan) for r in rows("pmk")],
        "cltn": [Cltn(r.mulai, r.selesai) for r in rows("cltn")],
    }
