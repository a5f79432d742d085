"""Who works where, as profile tells it: each pegawai's instansi, unit and status by TMT, CLTN
periods, and the hierarchy (atasan langsung, jabatan, Plt/Plh) that decides who reviews a
check-in. Attendance decides from this, never from profile's database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Column, Connection, Date, MetaData, String, Table, and_, func, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import profile as c
from simpeg_shared.projection import Projection, insert_or_ignore

#: TMT of the unit and status a pegawai was registered with, when profile gave no TMT CPNS.
AWAL = dt.date(1900, 1, 1)
AKTIF = "AKTIF"


class PegawaiAttendance(Projection):
    name = "attendance.pegawai"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        def riwayat(name: str, *cols: Column) -> Table:
            return Table(f"att_{name}{suffix}", metadata,
                         Column("event_id", String(36), primary_key=True),
                         Column("nip", String(18), nullable=False, index=True), *cols)

        return {
            "pegawai": Table(f"att_pegawai{suffix}", metadata,
                             Column("nip", String(18), primary_key=True),
                             Column("instansi_id", String(64), nullable=False, index=True)),
            "unit": riwayat("unit_riwayat", Column("unit_id", String(64), nullable=False),
                            Column("instansi_id", String(64), nullable=False),
                            Column("tmt", Date, nullable=False)),
            "status": riwayat("status_riwayat", Column("status", String(20), nullable=False),
                              Column("tmt", Date, nullable=False)),
            "cltn": riwayat("cltn", Column("mulai", Date, nullable=False),
                            Column("selesai", Date, nullable=False)),
            "atasan": riwayat("atasan", Column("nip_atasan", String(18), nullable=True),
                              Column("tmt", Date, nullable=False)),
            "jabatan": riwayat("jabatan", Column("jabatan_id", String(64), nullable=False),
                               Column("tmt", Date, nullable=False)),
            "plt": Table(f"att_plt{suffix}", metadata,
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
            tmt = event.tmt_cpns or AWAL
            insert_or_ignore(conn, tables["pegawai"], nip=event.nip, instansi_id=event.instansi_id)
            insert_or_ignore(conn, tables["unit"], event_id=eid, nip=event.nip, unit_id=event.unit_id,
                             instansi_id=event.instansi_id, tmt=tmt)
            insert_or_ignore(conn, tables["status"], event_id=eid, nip=event.nip,
                             status=event.status or AKTIF, tmt=tmt)
        elif isinstance(event, c.UnitChangedV1):
            conn.execute(update(tables["pegawai"]).where(tables["pegawai"].c.nip == event.nip)
                         .values(instansi_id=event.instansi_id))
            insert_or_ignore(conn, tables["unit"], event_id=eid, nip=event.nip, unit_id=event.unit_id,
                             instansi_id=event.instansi_id, tmt=event.tmt)
        elif isinstance(event, c.StatusChangedV1):
            insert_or_ignore(conn, tables["status"], event_id=eid, nip=event.nip,
                             status=event.status, tmt=event.tmt)
        elif isinstance(event, c.CltnRecordedV1):
            insert_or_ignore(conn, tables["cltn"], event_id=eid, nip=event.nip, mulai=event.mulai,
                             selesai=event.selesai)
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


def _latest(conn: Connection, table: Table, columns: list[str], nip: str, per: dt.date) -> Any:
    return conn.execute(select(*(table.c[col] for col in columns))
                        .where(table.c.nip == nip, table.c.tmt <= per)
                        .order_by(table.c.tmt.desc()).limit(1)).first()


def instansi_of(conn: Connection, tables: dict[str, Table], nip: str) -> str | None:
    row = conn.execute(select(tables["pegawai"].c.instansi_id)
                       .where(tables["pegawai"].c.nip == nip)).first()
    return row[0] if row else None


def penempatan(conn: Connection, tables: dict[str, Table], nip: str,
               per: dt.date) -> tuple[str, str] | None:
    """(instansi, unit) of ``nip`` on ``per``; ``None`` before the first entry."""
    row = _latest(conn, tables["unit"], ["instansi_id", "unit_id"], nip, per)
    return (row[0], row[1]) if row else None


def semua_penempatan(conn: Connection, tables: dict[str, Table],
                     per: dt.date) -> dict[str, tuple[str, str]]:
    """(instansi, unit) on ``per`` of every pegawai who is AKTIF and not on CLTN that day."""
    units: dict[str, tuple[dt.date, str, str]] = {}
    for nip, unit_id, instansi_id, tmt in conn.execute(
            select(tables["unit"].c.nip, tables["unit"].c.unit_id, tables["unit"].c.instansi_id,
                   tables["unit"].c.tmt).where(tables["unit"].c.tmt <= per)):
        if nip not in units or tmt >= units[nip][0]:
            units[nip] = (tmt, instansi_id, unit_id)
    status: dict[str, tuple[dt.date, str]] = {}
    for nip, st, tmt in conn.execute(select(tables["status"].c.nip, tables["status"].c.status,
                                            tables["status"].c.tmt)
                                     .where(tables["status"].c.tmt <= per)):
        if nip not in status or tmt >= status[nip][0]:
            status[nip] = (tmt, st)
    cltn = {r[0] for r in conn.execute(select(tables["cltn"].c.nip).where(
        tables["cltn"].c.mulai <= per, tables["cltn"].c.selesai >= per))}
    return {nip: (i, u) for nip, (_, i, u) in units.items()
            if status.get(nip, (None, AKTIF))[1] == AKTIF and nip not in cltn}


def atasan_of(conn: Connection, tables: dict[str, Table], nip: str, per: dt.date) -> str | None:
    row = _latest(conn, tables["atasan"], ["nip_atasan"], nip, per)
    return row[0] if row else None


def peninjau_sah(conn: Connection, tables: dict[str, Table], nip: str, per: dt.date,
                 hari_ini: dt.date) -> tuple[str | None, set[str]]:
    """The atasan of ``nip`` on ``per``, and everyone who may act as them today (the atasan and
    the Plt/Plh of the atasan's jabatan). Never ``nip`` itself."""
    atasan = atasan_of(conn, tables, nip, per)
    if atasan is None:
        return None, set()
    allowed = {atasan}
    row = _latest(conn, tables["jabatan"], ["jabatan_id"], atasan, hari_ini)
    if row is not None:
        plt = tables["plt"]
        allowed.update(r[0] for r in conn.execute(select(plt.c.nip).where(
            plt.c.jabatan_id == row[0], plt.c.mulai <= hari_ini, plt.c.selesai >= hari_ini)))
    allowed.discard(nip)
    return atasan, allowed


def ditinjau_oleh(conn: Connection, tables: dict[str, Table], actor: str,
                  hari_ini: dt.date) -> set[str]:
    """Whose check-ins ``actor`` reviews today: their own staff, and the staff of every
    jabatan they act for as Plt/Plh."""
    a, j, plt = tables["atasan"], tables["jabatan"], tables["plt"]

    def latest(table: Table, column: str) -> dict[str, str | None]:
        sub = (select(table.c.nip, func.max(table.c.tmt).label("tmt"))
               .where(table.c.tmt <= hari_ini).group_by(table.c.nip).subquery())
        rows = conn.execute(select(table.c.nip, table.c[column]).join(
            sub, and_(table.c.nip == sub.c.nip, table.c.tmt == sub.c.tmt)))
        return {r[0]: r[1] for r in rows}

    atasan = latest(a, "nip_atasan")
    acting_for = {r[0] for r in conn.execute(select(plt.c.jabatan_id).where(
        plt.c.nip == actor, plt.c.mulai <= hari_ini, plt.c.selesai >= hari_ini))}
    bosses = {actor}
    if acting_for:
        bosses |= {nip for nip, jab in latest(j, "jabatan_id").items() if jab in acting_for}
    by_boss: dict[str | None, set[str]] = defaultdict(set)
    for nip, boss in atasan.items():
        by_boss[boss].add(nip)
    staff = set().union(*(by_boss.get(b, set()) for b in bosses))
    staff.discard(actor)
    return staff
