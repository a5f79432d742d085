"""What cuti needs to know about each pegawai, as profile's public events tell it: instansi and
unit, PNS or PPPK, status, TMT CPNS and CLTN periods (for years of service), the atasan langsung
and jabatan over time, and the dated Plt/Plh assignments. Approvals are routed from this, never
from profile's database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, Connection, Date, MetaData, String, Table, and_, func, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import profile as c
from simpeg_shared.projection import Projection, insert_or_ignore


@dataclass(frozen=True)
class InfoPegawai:
    nip: str
    instansi_id: str
    unit_id: str
    jenis_pegawai: str | None
    status: str | None
    tmt_cpns: dt.date | None
    cltn: tuple[tuple[dt.date, dt.date], ...]

    @property
    def tmt(self) -> dt.date:
        """TMT CPNS as profile recorded it, else as the NIP encodes it (digits 9-14: yyyymm)."""
        if self.tmt_cpns is not None:
            return self.tmt_cpns
        return dt.date(int(self.nip[8:12]), int(self.nip[12:14]), 1)


class PegawaiCuti(Projection):
    name = "cuti.pegawai"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "pegawai": Table(f"cuti_pegawai{suffix}", metadata,
                             Column("nip", String(18), primary_key=True),
                             Column("instansi_id", String(64), nullable=False, index=True),
                             Column("unit_id", String(64), nullable=False),
                             Column("jenis_pegawai", String(10)),
                             Column("status", String(20)),
                             Column("tmt_cpns", Date)),
            "atasan": Table(f"cuti_atasan{suffix}", metadata,
                            Column("event_id", String(36), primary_key=True),
                            Column("nip", String(18), nullable=False, index=True),
                            Column("nip_atasan", String(18)),
                            Column("tmt", Date, nullable=False)),
            "jabatan": Table(f"cuti_jabatan{suffix}", metadata,
                             Column("event_id", String(36), primary_key=True),
                             Column("nip", String(18), nullable=False, index=True),
                             Column("jabatan_id", String(64), nullable=False, index=True),
                             Column("tmt", Date, nullable=False)),
            "plt": Table(f"cuti_plt{suffix}", metadata,
                         Column("event_id", String(36), primary_key=True),
                         Column("jabatan_id", String(64), nullable=False, index=True),
                         Column("nip", String(18), nullable=False),
                         Column("jenis", String(3), nullable=False),
                         Column("mulai", Date, nullable=False),
                         Column("selesai", Date, nullable=False)),
            "cltn": Table(f"cuti_cltn{suffix}", metadata,
                          Column("event_id", String(36), primary_key=True),
                          Column("nip", String(18), nullable=False, index=True),
                          Column("mulai", Date, nullable=False),
                          Column("selesai", Date, nullable=False)),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        eid = str(event.event_id)
        p = tables["pegawai"]
        if isinstance(event, c.PegawaiRegisteredV1):
            insert_or_ignore(conn, p, nip=event.nip, instansi_id=event.instansi_id,
                             unit_id=event.unit_id, jenis_pegawai=event.jenis_pegawai,
                             status=event.status, tmt_cpns=event.tmt_cpns)
        elif isinstance(event, c.UnitChangedV1):
            conn.execute(update(p).where(p.c.nip == event.nip)
                         .values(instansi_id=event.instansi_id, unit_id=event.unit_id))
        elif isinstance(event, c.StatusChangedV1):
            conn.execute(update(p).where(p.c.nip == event.nip).values(status=event.status))
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
        elif isinstance(event, c.CltnRecordedV1):
            insert_or_ignore(conn, tables["cltn"], event_id=eid, nip=event.nip,
                             mulai=event.mulai, selesai=event.selesai)


def info(conn: Connection, tables: dict[str, Table], nip: str) -> InfoPegawai | None:
    p = tables["pegawai"]
    row = conn.execute(select(p).where(p.c.nip == nip)).mappings().first()
    if row is None:
        return None
    t = tables["cltn"]
    cltn = conn.execute(select(t.c.mulai, t.c.selesai).where(t.c.nip == nip).order_by(t.c.mulai)).all()
    return InfoPegawai(nip=row["nip"], instansi_id=row["instansi_id"], unit_id=row["unit_id"],
                       jenis_pegawai=row["jenis_pegawai"], status=row["status"],
                       tmt_cpns=row["tmt_cpns"], cltn=tuple((a, b) for a, b in cltn))


def semua_nip(conn: Connection, tables: dict[str, Table], instansi_id: str | None) -> list[str]:
    p = tables["pegawai"]
    query = select(p.c.nip).order_by(p.c.nip)
    if instansi_id is not None:
        query = query.where(p.c.instansi_id == instansi_id)
    return [r[0] for r in conn.execute(query).all()]


def _latest(conn: Connection, table: Table, column: str, nip: str, per: dt.date) -> str | None:
    row = conn.execute(select(table.c[column]).where(table.c.nip == nip, table.c.tmt <= per)
                       .order_by(table.c.tmt.desc(), table.c.event_id.desc()).limit(1)).first()
    return row[0] if row else None


def atasan_of(conn: Connection, tables: dict[str, Table], nip: str, per: dt.date) -> str | None:
    return _latest(conn, tables["atasan"], "nip_atasan", nip, per)


def jabatan_of(conn: Connection, tables: dict[str, Table], nip: str, per: dt.date) -> str | None:
    return _latest(conn, tables["jabatan"], "jabatan_id", nip, per)


def pemegang(conn: Connection, tables: dict[str, Table], jabatan_id: str, per: dt.date) -> list[str]:
    """Who holds ``jabatan_id`` on ``per`` (their latest jabatan by then is this one)."""
    j = tables["jabatan"]
    latest = (select(j.c.nip, func.max(j.c.tmt).label("tmt")).where(j.c.tmt <= per)
              .group_by(j.c.nip).subquery())
    rows = conn.execute(select(j.c.nip).join(latest, and_(j.c.nip == latest.c.nip,
                                                           j.c.tmt == latest.c.tmt))
                        .where(j.c.jabatan_id == jabatan_id)).all()
    return sorted({r[0] for r in rows})


def pelaksana(conn: Connection, tables: dict[str, Table], jabatan_id: str | None,
              per: dt.date) -> list[tuple[str, str]]:
    """The Plt/Plh acting for ``jabatan_id`` on ``per``: (nip, PLT|PLH)."""
    if jabatan_id is None:
        return []
    t = tables["plt"]
    rows = conn.execute(select(t.c.nip, t.c.jenis).where(
        t.c.jabatan_id == jabatan_id, t.c.mulai <= per, t.c.selesai >= per)
        .order_by(t.c.mulai, t.c.nip)).all()
    return [(r[0], r[1]) for r in rows]
