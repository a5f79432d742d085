"""The facts TPP pays on, as the other contexts publish them: each pegawai's instansi, unit,
jabatan and status (profile), closed days (attendance; the highest revisi of a day wins),
finalized monthly evaluations (kinerja; the highest revisi wins) and decided leave (cuti).

Every applied event also marks the pegawai-months it touches (``perubahan``) with a fresh token:
closing a month re-checks the marked months that were already closed, and a difference becomes a
correction in that payroll. The token lets the closing clear exactly the marks it has read, so a
fact arriving meanwhile is checked next time, never lost.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (Boolean, Column, Connection, Date, Integer, MetaData, String, Table, Text,
                        and_, bindparam, delete, func, or_, select, tuple_, update)
from sqlalchemy.dialects import postgresql, sqlite

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import attendance as a
from simpeg_shared.contracts import cuti as cu
from simpeg_shared.contracts import kinerja as k
from simpeg_shared.contracts import profile as p
from simpeg_shared.projection import Projection, insert_or_ignore, upsert_if_newer

#: How far back a dated profile change (jabatan, status) marks closed months for re-checking.
BULAN_KE_BELAKANG = 24


def awal_akhir(tahun: int, bulan: int) -> tuple[dt.date, dt.date]:
    return dt.date(tahun, bulan, 1), dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def bulan_antara(mulai: dt.date, selesai: dt.date) -> list[tuple[int, int]]:
    out, y, m = [], mulai.year, mulai.month
    while (y, m) <= (selesai.year, selesai.month) and len(out) <= BULAN_KE_BELAKANG:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class Fakta(Projection):
    name = "tpp.fakta"
    topics = (topic_for("attendance"), topic_for("kinerja"), topic_for("profile"), topic_for("cuti"))

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "pegawai": Table(f"tpp_pegawai{suffix}", metadata,
                             Column("nip", String(18), primary_key=True),
                             Column("instansi_id", String(64), nullable=False, index=True),
                             Column("unit_id", String(64), nullable=False),
                             Column("nama", String(200), nullable=False)),
            "jabatan": Table(f"tpp_jabatan{suffix}", metadata,
                             Column("event_id", String(36), primary_key=True),
                             Column("nip", String(18), nullable=False, index=True),
                             Column("jabatan_id", String(64), nullable=False),
                             Column("nama_jabatan", String(200), nullable=False),
                             Column("kelas_jabatan", Integer, nullable=True),
                             Column("tmt", Date, nullable=False)),
            "status": Table(f"tpp_status{suffix}", metadata,
                            Column("event_id", String(36), primary_key=True),
                            Column("nip", String(18), nullable=False, index=True),
                            Column("status", String(32), nullable=False),
                            Column("tmt", Date, nullable=False)),
            "hari": Table(f"tpp_hari{suffix}", metadata,
                          Column("nip", String(18), primary_key=True),
                          Column("tanggal", Date, primary_key=True),
                          Column("status", String(16), nullable=False),
                          Column("tl", String(4), nullable=True),
                          Column("psw", String(4), nullable=True),
                          Column("revisi", Integer, nullable=False),
                          Column("event_id", String(36), nullable=False),
                          # the check-ins the day's status rests on, space-separated
                          Column("checkin_ids", Text, nullable=False, server_default="")),
            "penilaian": Table(f"tpp_penilaian{suffix}", metadata,
                               Column("nip", String(18), primary_key=True),
                               Column("tahun", Integer, primary_key=True),
                               Column("bulan", Integer, primary_key=True),
                               Column("predikat", String(32), nullable=False),
                               Column("revisi", Integer, nullable=False),
                               Column("aturan", String(64), nullable=False),
                               Column("event_id", String(36), nullable=False)),
            "cuti": Table(f"tpp_cuti{suffix}", metadata,
                          Column("cuti_id", String(36), primary_key=True),
                          Column("nip", String(18), nullable=False, index=True),
                          Column("jenis", String(20), nullable=False),
                          Column("mulai", Date, nullable=False),
                          Column("selesai", Date, nullable=False),
                          Column("aktif", Boolean, nullable=False),
                          Column("event_id", String(36), nullable=False)),
            "perubahan": Table(f"tpp_perubahan{suffix}", metadata,
                               Column("nip", String(18), primary_key=True),
                               Column("tahun", Integer, primary_key=True),
                               Column("bulan", Integer, primary_key=True),
                               Column("token", String(32), nullable=False)),
        }

    def apply_many(self, conn: Connection, tables: dict[str, Table],
                   events: Sequence[ContractEvent]) -> None:
        """Closed days are the hot path (a province: 100,000 a working day): a batch of them is
        two set-based statements — the days (the highest revisi per day wins, whatever the order)
        and their months' marks. Every other event is applied one by one, in order; neither kind
        depends on the order between them."""
        days: dict[tuple[str, dt.date], dict[str, Any]] = {}
        for event in events:
            if not isinstance(event, a.DailyAttendanceV1):
                self.apply(conn, tables, event)
                continue
            key = (event.nip, event.tanggal)
            if key in days and days[key]["revisi"] >= event.revisi:
                continue
            days[key] = {"nip": event.nip, "tanggal": event.tanggal, "status": event.status,
                         "tl": event.tl, "psw": event.psw, "revisi": event.revisi,
                         "event_id": str(event.event_id),
                         "checkin_ids": " ".join(str(c) for c in event.checkin_ids)}
        if not days:
            return
        h = tables["hari"]
        ins = _dialect(conn).insert(h)
        conn.execute(ins.on_conflict_do_update(
            index_elements=[h.c.nip, h.c.tanggal],
            set_={c: ins.excluded[c] for c in ("status", "tl", "psw", "revisi", "event_id", "checkin_ids")},
            where=h.c.revisi < ins.excluded.revisi), list(days.values()))
        months = {(nip, d.year, d.month) for nip, d in days}
        m = tables["perubahan"]
        ins = _dialect(conn).insert(m)
        conn.execute(ins.on_conflict_do_update(
            index_elements=[m.c.nip, m.c.tahun, m.c.bulan], set_={"token": ins.excluded.token}),
            [{"nip": nip, "tahun": y, "bulan": mo, "token": uuid.uuid4().hex} for nip, y, mo in months])

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        eid = str(event.event_id)
        touched: list[tuple[int, int]] = []
        if isinstance(event, a.DailyAttendanceV1):
            upsert_if_newer(conn, tables["hari"], {"nip": event.nip, "tanggal": event.tanggal},
                            {"status": event.status, "tl": event.tl, "psw": event.psw,
                             "revisi": event.revisi, "event_id": eid,
                             "checkin_ids": " ".join(str(c) for c in event.checkin_ids)}, "revisi")
            touched = [(event.tanggal.year, event.tanggal.month)]
        elif isinstance(event, k.PenilaianPeriodikFinalizedV1):
            upsert_if_newer(conn, tables["penilaian"],
                            {"nip": event.nip, "tahun": event.tahun, "bulan": event.bulan},
                            {"predikat": event.predikat, "revisi": event.revisi,
                             "aturan": event.aturan, "event_id": eid}, "revisi")
            touched = [(event.tahun, event.bulan)]
        elif isinstance(event, cu.CutiDecidedV1):
            # A request is decided once, so a row that is already there was left by its
            # cancellation, delivered first (after a broker lost a topic, a consumer that lagged
            # can meet a newer event before an older one it never saw): the cancellation wins.
            insert_or_ignore(conn, tables["cuti"], cuti_id=str(event.cuti_id), nip=event.nip,
                             jenis=event.jenis, mulai=event.mulai, selesai=event.selesai,
                             aktif=event.hasil in ("DISETUJUI", "PERUBAHAN"), event_id=eid)
            touched = bulan_antara(event.mulai, event.selesai)
        elif isinstance(event, cu.CutiCancelledV1):
            row = {"nip": event.nip, "jenis": event.jenis, "mulai": event.mulai,
                   "selesai": event.selesai, "aktif": False, "event_id": eid}
            if not insert_or_ignore(conn, tables["cuti"], cuti_id=str(event.cuti_id), **row):
                conn.execute(update(tables["cuti"]).where(tables["cuti"].c.cuti_id == str(event.cuti_id))
                             .values(**row))
            touched = bulan_antara(event.mulai, event.selesai)
        elif isinstance(event, p.PegawaiRegisteredV1):
            row = {"instansi_id": event.instansi_id, "unit_id": event.unit_id, "nama": event.nama}
            if not insert_or_ignore(conn, tables["pegawai"], nip=event.nip, **row):
                conn.execute(update(tables["pegawai"]).where(tables["pegawai"].c.nip == event.nip)
                             .values(**row))
            if event.status:
                insert_or_ignore(conn, tables["status"], event_id=eid, nip=event.nip,
                                 status=event.status, tmt=event.tmt_cpns or dt.date(1900, 1, 1))
        elif isinstance(event, p.PegawaiDataChangedV1):
            if event.nama:
                conn.execute(update(tables["pegawai"]).where(tables["pegawai"].c.nip == event.nip)
                             .values(nama=event.nama))
        elif isinstance(event, p.UnitChangedV1):
            conn.execute(update(tables["pegawai"]).where(tables["pegawai"].c.nip == event.nip)
                         .values(instansi_id=event.instansi_id, unit_id=event.unit_id))
        elif isinstance(event, p.JabatanChangedV1):
            insert_or_ignore(conn, tables["jabatan"], event_id=eid, nip=event.nip,
                             jabatan_id=event.jabatan_id, nama_jabatan=event.nama_jabatan,
                             kelas_jabatan=event.kelas_jabatan, tmt=event.tmt)
            touched = bulan_antara(event.tmt, event.occurred_at.date())
        elif isinstance(event, p.StatusChangedV1):
            insert_or_ignore(conn, tables["status"], event_id=eid, nip=event.nip,
                             status=event.status, tmt=event.tmt)
            touched = bulan_antara(event.tmt, event.occurred_at.date())
        if touched and event.nip:
            tandai(conn, tables["perubahan"], event.nip, touched)


def _dialect(conn: Connection) -> Any:
    return postgresql if conn.engine.dialect.name == "postgresql" else sqlite


def tandai(conn: Connection, table: Table, nip: str, months: Iterable[tuple[int, int]]) -> None:
    for tahun, bulan in months:
        token = uuid.uuid4().hex
        if not insert_or_ignore(conn, table, nip=nip, tahun=tahun, bulan=bulan, token=token):
            conn.execute(update(table).where(table.c.nip == nip, table.c.tahun == tahun,
                                             table.c.bulan == bulan).values(token=token))


# -- reading ---------------------------------------------------------------------------------------

@dataclass
class FaktaBulan:
    """What TPP knows of one pegawai for one month."""

    nip: str
    instansi_id: str
    unit_id: str
    nama: str
    jabatan: dict[str, Any] | None = None
    status: list[str] = field(default_factory=list)
    hari: list[dict[str, Any]] = field(default_factory=list)  # days that may cost a cut
    jumlah_hari: int = 0
    penilaian: dict[str, Any] | None = None
    cuti: list[dict[str, Any]] = field(default_factory=list)


def _latest_per_nip(rows: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in rows:  # ordered by nip, tmt
        out[row.nip] = row
    return out


def fakta_bulan(conn: Connection, t: dict[str, Table], tahun: int, bulan: int, *,
                instansi_id: str | None = None, nips: list[str] | None = None,
                unit_id: str | None = None) -> dict[str, FaktaBulan]:
    """The facts of a month for every pegawai of an instansi (or the given NIPs): a fixed number
    of set queries, whatever the number of pegawai."""
    awal, akhir = awal_akhir(tahun, bulan)
    peg = t["pegawai"]
    who = select(peg.c.nip)
    if instansi_id is not None:
        who = who.where(peg.c.instansi_id == instansi_id)
    if unit_id is not None:
        who = who.where(peg.c.unit_id == unit_id)
    if nips is not None:
        who = who.where(peg.c.nip.in_(nips))
    sub = who.scalar_subquery() if nips is None else nips
    out = {r.nip: FaktaBulan(r.nip, r.instansi_id, r.unit_id, r.nama)
           for r in conn.execute(select(peg).where(peg.c.nip.in_(sub)))}
    if not out:
        return out
    j = t["jabatan"]
    for nip, r in _latest_per_nip(conn.execute(
            select(j).where(j.c.nip.in_(sub), j.c.tmt <= akhir).order_by(j.c.nip, j.c.tmt, j.c.event_id))).items():
        out[nip].jabatan = {"jabatan_id": r.jabatan_id, "nama_jabatan": r.nama_jabatan,
                            "kelas_jabatan": r.kelas_jabatan, "event_id": r.event_id}
    s = t["status"]
    rows = conn.execute(select(s).where(s.c.nip.in_(sub), s.c.tmt <= akhir)
                        .order_by(s.c.nip, s.c.tmt, s.c.event_id)).all()
    berlaku: dict[str, set[str]] = {}
    for nip, r in _latest_per_nip(r for r in rows if r.tmt < awal).items():
        berlaku.setdefault(nip, set()).add(r.status)
    for r in rows:
        if r.tmt >= awal:
            berlaku.setdefault(r.nip, set()).add(r.status)
    for nip, statuses in berlaku.items():
        out[nip].status = sorted(statuses)
    h = t["hari"]
    in_month = (h.c.nip.in_(sub), h.c.tanggal >= awal, h.c.tanggal <= akhir)
    for r in conn.execute(select(h.c.nip, func.count()).where(*in_month).group_by(h.c.nip)):
        out[r[0]].jumlah_hari = int(r[1])
    # only the days that may cost a cut travel to Python
    for r in conn.execute(select(h.c.nip, h.c.tanggal, h.c.status, h.c.tl, h.c.psw, h.c.event_id,
                                 h.c.checkin_ids)
                          .where(*in_month, or_(h.c.status == "TK", h.c.tl.is_not(None),
                                                h.c.psw.is_not(None)))
                          .order_by(h.c.nip, h.c.tanggal)):
        out[r.nip].hari.append({"tanggal": r.tanggal, "status": r.status, "tl": r.tl,
                                "psw": r.psw, "event_id": r.event_id,
                                "checkin_ids": (r.checkin_ids or "").split()})
    n = t["penilaian"]
    for r in conn.execute(select(n).where(n.c.nip.in_(sub), n.c.tahun == tahun, n.c.bulan == bulan)):
        out[r.nip].penilaian = {"predikat": r.predikat, "revisi": r.revisi, "aturan": r.aturan,
                                "event_id": r.event_id}
    c = t["cuti"]
    for r in conn.execute(select(c).where(c.c.nip.in_(sub), c.c.aktif.is_(True),
                                          c.c.mulai <= akhir, c.c.selesai >= awal)
                          .order_by(c.c.nip, c.c.mulai)):
        out[r.nip].cuti.append({"cuti_id": r.cuti_id, "jenis": r.jenis, "mulai": r.mulai.isoformat(),
                                "selesai": r.selesai.isoformat(), "event_id": r.event_id})
    return out


def tanda_sebelum(conn: Connection, t: dict[str, Table], instansi_id: str, tahun: int,
                  bulan: int) -> list[tuple[str, int, int, str]]:
    """Marks of this instansi's pegawai for months up to and including ``tahun``/``bulan``."""
    m, peg = t["perubahan"], t["pegawai"]
    rows = conn.execute(select(m.c.nip, m.c.tahun, m.c.bulan, m.c.token)
                        .join(peg, peg.c.nip == m.c.nip)
                        .where(peg.c.instansi_id == instansi_id,
                               tuple_(m.c.tahun, m.c.bulan) <= tuple_(tahun, bulan))).all()
    return [tuple(r) for r in rows]


def hapus_tanda(conn: Connection, t: dict[str, Table], marks: list[tuple[str, int, int, str]]) -> None:
    """Clear exactly these marks; one renewed since (a newer fact) stays."""
    if not marks:
        return
    m = t["perubahan"]
    stmt = delete(m).where(and_(m.c.nip == bindparam("k_nip"), m.c.tahun == bindparam("k_tahun"),
                                m.c.bulan == bindparam("k_bulan"), m.c.token == bindparam("k_token")))
    conn.execute(stmt, [{"k_nip": n, "k_tahun": y, "k_bulan": b, "k_token": tok}
                        for n, y, b, tok in marks])
