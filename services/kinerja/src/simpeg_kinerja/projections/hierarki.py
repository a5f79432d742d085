"""Who reports to whom, as profile tells it: each pegawai's instansi, atasan and jabatan over
time, and the Plt/Plh acting for each jabatan. Kinerja decides from this who may agree an SKP
and rate a month — never from profile's database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Connection, Date, MetaData, String, Table, and_, func, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import profile as c
from simpeg_shared.projection import Projection, insert_or_ignore


class Hierarki(Projection):
    name = "kinerja.hierarki"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "pegawai": Table(f"kin_pegawai{suffix}", metadata,
                             Column("nip", String(18), primary_key=True),
                             Column("instansi_id", String(64), nullable=False)),
            "atasan": Table(f"kin_atasan{suffix}", metadata,
                            Column("event_id", String(36), primary_key=True),
                            Column("nip", String(18), nullable=False, index=True),
                            Column("nip_atasan", String(18), nullable=True),
                            Column("tmt", Date, nullable=False)),
            "jabatan": Table(f"kin_jabatan{suffix}", metadata,
                             Column("event_id", String(36), primary_key=True),
                             Column("nip", String(18), nullable=False, index=True),
                             Column("jabatan_id", String(64), nullable=False),
                             Column("tmt", Date, nullable=False)),
            "plt": Table(f"kin_plt{suffix}", metadata,
                         Column("event_id", String(36), primary_key=True),
                         Column("jabatan_id", String(64), nullable=False, index=True),
                         Column("nip", String(18), nullable=False),
                         Column("jenis", String(3), nullable=False),
                         Column("mulai", Date, nullable=False),
                         Column("selesai", Date, nullable=False)),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        eid = str(event.event_id)
        if isinstance(event, c.PegawaiRegisteredV1):
            insert_or_ignore(conn, tables["pegawai"], nip=event.nip, instansi_id=event.instansi_id)
        elif isinstance(event, c.UnitChangedV1):
            conn.execute(update(tables["pegawai"]).where(tables["pegawai"].c.nip == event.nip)
                         .values(instansi_id=event.instansi_id))
        elif isinstance(event, c.AtasanChangedV1):
            insert_or_ignore(conn, tables["atasan"], event_id=eid, nip=event.nip,
                             nip_atasan=event.nip_atasan, tmt=event.tmt)
        elif isinstance(event, c.JabatanChangedV1):
            insert_or_ignore(conn, tables["jabatan"], event_id=eid, nip=event.nip,
                             jabatan_id=event.jabatan_id, tmt=event.tmt)
        elif isinstance(event, c.PltAssignedV1):
            insert_or_ignore(conn, tables["plt"], event_id=eid, jabatan_id=event.jabatan_id,
                             nip=event.nip, jenis=event.jenis, mulai=event.mulai,
                             selesai=event.selesai)


def _latest(conn: Connection, table: Table, column: str, nip: str, per: dt.date) -> str | None:
    row = conn.execute(select(table.c[column]).where(table.c.nip == nip, table.c.tmt <= per)
                       .order_by(table.c.tmt.desc()).limit(1)).first()
    return row[0] if row else None


def instansi_of(conn: Connection, tables: dict[str, Table], nip: str) -> str | None:
    row = conn.execute(select(tables["pegawai"].c.instansi_id)
                       .where(tables["pegawai"].c.nip == nip)).first()
    return row[0] if row else None


def atasan_of(conn: Connection, tables: dict[str, Table], nip: str, per: dt.date) -> str | None:
    return _latest(conn, tables["atasan"], "nip_atasan", nip, per)


def penilai_sah(conn: Connection, tables: dict[str, Table], nip: str, periode: dt.date,
                hari_ini: dt.date) -> tuple[str | None, set[str]]:
    """The atasan of ``nip`` at the end of the period, and everyone who may act as them today:
    the atasan, and the Plt/Plh of the atasan's jabatan on ``hari_ini``."""
    atasan = atasan_of(conn, tables, nip, periode)
    if atasan is None:
        return None, set()
    allowed = {atasan}
    jabatan = _latest(conn, tables["jabatan"], "jabatan_id", atasan, hari_ini)
    if jabatan is not None:
        plt = tables["plt"]
        rows = conn.execute(select(plt.c.nip).where(plt.c.jabatan_id == jabatan,
                                                     plt.c.mulai <= hari_ini,
                                                     plt.c.selesai >= hari_ini)).all()
        allowed.update(r[0] for r in rows)
    allowed.discard(nip)  # nobody rates themselves, even when acting for their own atasan
    return atasan, allowed


def bawahan(conn: Connection, tables: dict[str, Table], nip_atasan: str, per: dt.date) -> set[str]:
    """Whose atasan langsung ``nip_atasan`` is on ``per``."""
    a = tables["atasan"]
    latest = (select(a.c.nip, func.max(a.c.tmt).label("tmt")).where(a.c.tmt <= per)
              .group_by(a.c.nip).subquery())
    rows = conn.execute(select(a.c.nip).join(latest, and_(a.c.nip == latest.c.nip,
                                                           a.c.tmt == latest.c.tmt))
                        .where(a.c.nip_atasan == nip_atasan)).all()
    return {r[0] for r in rows}
