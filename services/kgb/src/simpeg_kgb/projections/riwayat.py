"""What KGB needs to know of each PNS: from profile's events pangkat by TMT with its MKG, PMK
recognised, CLTN periods; from cuti's the CLTN leave approved (or changed, or cancelled); from
kinerja's the final yearly predikat; from surat's the signed SK KGB. Schedules are computed from these rows when asked, so a new rule or table never needs a
migration of stored schedules.

Every fact about a pegawai also puts their NIP on the ``periksa`` queue (in the same
transaction), which the KGB process (:mod:`simpeg_kgb.pemeriksa`) works off: new facts re-check
due and postponed increases. A replay refills the queue with everyone, which is harmless: the
process is idempotent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, Column, Connection, Date, DateTime, Integer, MetaData, String, Table,
                        delete, select, update)

from simpeg_kgb.domain.jadwal import Cltn, Pangkat, Pmk
from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import cuti as ct
from simpeg_shared.contracts import kinerja as k
from simpeg_shared.contracts import profile as c
from simpeg_shared.contracts import surat as s
from simpeg_shared.projection import Projection, insert_or_ignore, upsert_if_newer


class RiwayatKgb(Projection):
    name = "kgb.riwayat"
    topics = (topic_for("profile"), topic_for("kinerja"), topic_for("surat"), topic_for("cuti"))

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
            "penilaian": Table(f"kgb_penilaian{suffix}", metadata,
                               Column("nip", String(18), primary_key=True),
                               Column("tahun", Integer, primary_key=True),
                               Column("predikat", String(24), nullable=False),
                               Column("versi", String(40), nullable=False)),
            "sk": Table(f"kgb_sk{suffix}", metadata,
                        Column("kgb_id", String(36), primary_key=True),
                        Column("surat_id", String(36), nullable=False),
                        Column("nomor", String(120), nullable=False),
                        Column("diterapkan", Boolean, nullable=False, default=False)),
            "periksa": Table(f"kgb_periksa{suffix}", metadata,
                             Column("nip", String(18), primary_key=True),
                             Column("sejak", DateTime(timezone=True), nullable=False)),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        if self._apply(conn, tables, event) and event.nip:
            insert_or_ignore(conn, tables["periksa"], nip=event.nip, sejak=event.occurred_at)

    def _apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> bool:
        """Record the fact; True when it may change a pegawai's KGB."""
        eid = str(event.event_id)
        if isinstance(event, k.PenilaianTahunanFinalizedV1):
            upsert_if_newer(conn, tables["penilaian"], {"nip": event.nip, "tahun": event.tahun},
                            {"predikat": event.predikat, "versi": event.occurred_at.isoformat()},
                            "versi")
            return True
        if isinstance(event, (ct.CutiDecidedV1, ct.CutiCancelledV1)):
            if event.jenis != "CLTN":
                return False
            key = str(event.cuti_id)  # a PERUBAHAN or a cancellation replaces the period
            conn.execute(delete(tables["cltn"]).where(tables["cltn"].c.event_id == key))
            if isinstance(event, ct.CutiDecidedV1) and event.hasil in ("DISETUJUI", "PERUBAHAN"):
                insert_or_ignore(conn, tables["cltn"], event_id=key, nip=event.nip,
                                 mulai=event.mulai, selesai=event.selesai)
            return True
        if isinstance(event, s.SuratSignedV1):
            if event.sumber == "kgb" and event.sumber_id:
                insert_or_ignore(conn, tables["sk"], kgb_id=event.sumber_id,
                                 surat_id=str(event.surat_id), nomor=event.nomor, diterapkan=False)
            return False
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
        else:
            return False
        return True


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
        "penilaian": {r.tahun: r.predikat for r in conn.execute(
            select(tables["penilaian"]).where(tables["penilaian"].c.nip == nip))},
    }


def antrean(conn: Connection, tables: dict[str, Table], limit: int) -> list[tuple[str, dt.datetime]]:
    """NIPs waiting for a re-check, oldest first."""
    t = tables["periksa"]
    return [(r.nip, r.sejak) for r in conn.execute(select(t).order_by(t.c.sejak).limit(limit))]


def selesai_periksa(conn: Connection, tables: dict[str, Table], nip: str, sejak: dt.datetime) -> None:
    """Take a NIP off the queue unless a newer fact put it back meanwhile."""
    t = tables["periksa"]
    conn.execute(delete(t).where(t.c.nip == nip, t.c.sejak <= sejak))


def antre_semua(conn: Connection, tables: dict[str, Table], pada: dt.datetime) -> int:
    """Put every PNS on the queue (the daily sweep: time alone brings increases due)."""
    peg = tables["pegawai"]
    count = 0
    for (nip,) in conn.execute(select(peg.c.nip).where(
            (peg.c.jenis_pegawai == "PNS") | peg.c.jenis_pegawai.is_(None))):
        count += insert_or_ignore(conn, tables["periksa"], nip=nip, sejak=pada)
    return count


def sk_belum_diterapkan(conn: Connection, tables: dict[str, Table], limit: int) -> list[tuple[str, str, str]]:
    t = tables["sk"]
    return [(r.kgb_id, r.surat_id, r.nomor)
            for r in conn.execute(select(t).where(t.c.diterapkan.is_(False)).limit(limit))]


def sk_diterapkan(conn: Connection, tables: dict[str, Table], kgb_id: str) -> None:
    conn.execute(update(tables["sk"]).where(tables["sk"].c.kgb_id == kgb_id).values(diterapkan=True))
