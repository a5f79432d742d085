"""Attendance per instansi, unit and day, from attendance's and cuti's events.

Rows are kept per check-in, per pegawai-day and per cuti, and every roll-up is a query over them,
so a correction (a reviewed check-in, a corrected day, a cancelled cuti) changes the figures by
replacing one row, and a replay rebuilds exactly the same rows. Live figures for today (checked
in, on time, late by band, awaiting review) come from check-ins; once a day is closed, its
statuses (HADIR, TK, CUTI, …) come from the closed and corrected days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (Boolean, Column, Connection, Date, DateTime, Integer, MetaData, String, Table,
                        and_, func, select, update)

from simpeg_monitoring.projections import kesegaran
from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import attendance as a
from simpeg_shared.contracts import cuti as c
from simpeg_shared.projection import Projection, insert_ignoring, insert_or_ignore, upsert_if_newer

BAND_TL = (("TL1", 1, 30), ("TL2", 31, 60), ("TL3", 61, 90), ("TL4", 91, 10**6))
STATUS_HARI = ("HADIR", "TK", "CUTI", "DINAS_LUAR", "SAKIT", "LIBUR")


class PresensiHarian(Projection):
    name = "monitoring.presensi"
    topics = (topic_for("attendance"), topic_for("cuti"))

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "checkin": _checkin(metadata, suffix),
            "hari": Table(
                f"mon_hari{suffix}", metadata,
                Column("nip", String(18), primary_key=True),
                Column("tanggal", Date, primary_key=True),
                Column("instansi_id", String(64), nullable=False, index=True),
                Column("unit_id", String(64), nullable=False),
                Column("status", String(12), nullable=False),
                Column("tl", String(4), nullable=True),
                Column("psw", String(4), nullable=True),
                Column("revisi", Integer, nullable=False)),
            "cuti": Table(
                f"mon_cuti{suffix}", metadata,
                Column("cuti_id", String(36), primary_key=True),
                Column("nip", String(18), nullable=False),
                Column("instansi_id", String(64), nullable=False, index=True),
                Column("jenis", String(16), nullable=False),
                Column("mulai", Date, nullable=False),
                Column("selesai", Date, nullable=False),
                Column("aktif", Boolean, nullable=False)),
            "ambang": Table(
                f"mon_ambang{suffix}", metadata,
                Column("event_id", String(36), primary_key=True),
                Column("nip", String(18), nullable=False),
                Column("instansi_id", String(64), nullable=False, index=True),
                Column("tanggal", Date, nullable=False),
                Column("ambang", Integer, nullable=False),
                Column("jenis", String(16), nullable=False)),
            "zona": Table(
                f"mon_zona{suffix}", metadata,
                Column("instansi_id", String(64), primary_key=True),
                Column("zona_waktu", String(40), nullable=False)),
            # reviews by check-in: a review delivered before its check-in is applied when the
            # check-in arrives (after a broker lost a topic, a lagging consumer can meet them so)
            "tinjauan": Table(
                f"mon_tinjauan{suffix}", metadata,
                Column("checkin_id", String(36), primary_key=True),
                Column("status", String(16), nullable=False),
                Column("ditinjau", DateTime(timezone=True), nullable=False)),
            "kesegaran": kesegaran.table(metadata, "mon_presensi", suffix),
        }

    def apply_many(self, conn: Connection, tables: dict[str, Table],
                   events: Sequence[ContractEvent]) -> None:
        """Check-ins (the hot path: the morning peak, a replay) go in with one statement per
        batch; a check-in's review always comes after it (same key), so applying the rest in
        order afterwards keeps every review after its check-in."""
        if not events:
            return
        kesegaran.catat(conn, tables["kesegaran"], self.name, max(events, key=lambda e: e.occurred_at))
        checkins = [e for e in events if isinstance(e, a.CheckInRecordedV1)]
        insert_ignoring(conn, tables["checkin"], [_checkin_row(e) for e in checkins])
        if checkins:
            t, r = tables["checkin"], tables["tinjauan"]
            early = conn.execute(select(r.c.checkin_id, r.c.status, r.c.ditinjau).where(
                r.c.checkin_id.in_([str(e.checkin_id) for e in checkins]))).all()
            for checkin_id, status, ditinjau in early:
                conn.execute(update(t).where(t.c.checkin_id == checkin_id)
                             .values(status=status, ditinjau=ditinjau))
        zones = {e.instansi_id: e.zona_waktu for e in checkins}
        for instansi_id, zona_waktu in zones.items():
            if not insert_or_ignore(conn, tables["zona"], instansi_id=instansi_id, zona_waktu=zona_waktu):
                conn.execute(update(tables["zona"]).where(tables["zona"].c.instansi_id == instansi_id)
                             .values(zona_waktu=zona_waktu))
        for event in events:
            if not isinstance(event, a.CheckInRecordedV1):
                self.apply(conn, tables, event)

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        if isinstance(event, a.CheckInRecordedV1):
            self.apply_many(conn, tables, [event])
        elif isinstance(event, a.CheckInReviewedV1):
            t, review = tables["checkin"], {"status": event.keputusan, "ditinjau": event.occurred_at}
            conn.execute(update(t).where(t.c.checkin_id == str(event.checkin_id)).values(**review))
            r = tables["tinjauan"]
            if not insert_or_ignore(conn, r, checkin_id=str(event.checkin_id), **review):
                conn.execute(update(r).where(r.c.checkin_id == str(event.checkin_id)).values(**review))
        elif isinstance(event, a.DailyAttendanceV1):
            upsert_if_newer(conn, tables["hari"], {"nip": event.nip, "tanggal": event.tanggal},
                            {"instansi_id": event.instansi_id, "unit_id": event.unit_id,
                             "status": event.status, "tl": event.tl, "psw": event.psw,
                             "revisi": event.revisi}, "revisi")
        elif isinstance(event, a.DisciplineThresholdReachedV1):
            insert_or_ignore(conn, tables["ambang"], event_id=str(event.event_id), nip=event.nip,
                             instansi_id=event.instansi_id, tanggal=event.tanggal,
                             ambang=event.ambang, jenis=event.jenis)
        elif isinstance(event, c.CutiDecidedV1):
            if event.hasil in ("DISETUJUI", "PERUBAHAN"):
                if not insert_or_ignore(conn, tables["cuti"], cuti_id=str(event.cuti_id),
                                        nip=event.nip, instansi_id=event.instansi_id,
                                        jenis=event.jenis, mulai=event.mulai,
                                        selesai=event.selesai, aktif=True):
                    t = tables["cuti"]
                    conn.execute(update(t).where(t.c.cuti_id == str(event.cuti_id), t.c.aktif)
                                 .values(mulai=event.mulai, selesai=event.selesai))
        elif isinstance(event, c.CutiCancelledV1):
            t = tables["cuti"]
            # a cancellation that arrives before its approval (redelivery across partitions
            # cannot happen: one cuti is one key) still leaves a row that says "not active"
            if not insert_or_ignore(conn, t, cuti_id=str(event.cuti_id), nip=event.nip,
                                    instansi_id=event.instansi_id, jenis=event.jenis,
                                    mulai=event.mulai, selesai=event.selesai, aktif=False):
                conn.execute(update(t).where(t.c.cuti_id == str(event.cuti_id)).values(aktif=False))


def _checkin_row(event: a.CheckInRecordedV1) -> dict[str, Any]:
    local = event.waktu.astimezone(ZoneInfo(event.zona_waktu))
    return {"checkin_id": str(event.checkin_id), "nip": event.nip, "instansi_id": event.instansi_id,
            "unit_id": event.unit_id, "tanggal": event.tanggal, "jenis": event.jenis,
            "menit": local.hour * 60 + local.minute, "menit_terlambat": event.menit_terlambat or 0,
            "status": event.status, "ditinjau": None}


def _checkin(metadata: MetaData, suffix: str) -> Table:
    from sqlalchemy import Index

    t = Table(f"mon_checkin{suffix}", metadata,
              Column("checkin_id", String(36), primary_key=True),
              Column("nip", String(18), nullable=False),
              Column("instansi_id", String(64), nullable=False),
              Column("unit_id", String(64), nullable=False),
              Column("tanggal", Date, nullable=False),
              Column("jenis", String(8), nullable=False),
              Column("menit", Integer, nullable=False),  # minutes after local midnight
              Column("menit_terlambat", Integer, nullable=False),
              Column("status", String(16), nullable=False),
              Column("ditinjau", DateTime(timezone=True), nullable=True))
    Index(f"ix_mon_checkin_hari{suffix}", t.c.instansi_id, t.c.tanggal, t.c.jenis)
    return t


# -- queries -----------------------------------------------------------------------------------
def zona(conn: Connection, tables: dict[str, Table], instansi_id: str) -> str:
    t = tables["zona"]
    return conn.execute(select(t.c.zona_waktu).where(t.c.instansi_id == instansi_id)).scalar() \
        or "Asia/Jakarta"


def _masuk_pertama(tables: dict[str, Table], instansi_id: str | None, tanggal: dt.date) -> Any:
    """One row per pegawai who checked in: their unit, earliest minute, least lateness."""
    t = tables["checkin"]
    where = [t.c.tanggal == tanggal, t.c.jenis == "MASUK", t.c.status != "DITOLAK"]
    if instansi_id is not None:
        where.append(t.c.instansi_id == instansi_id)
    return (select(t.c.nip, t.c.instansi_id, func.min(t.c.unit_id).label("unit_id"),
                   func.min(t.c.menit).label("menit"),
                   func.min(t.c.menit_terlambat).label("terlambat"))
            .where(*where).group_by(t.c.nip, t.c.instansi_id).subquery())


def harian(conn: Connection, tables: dict[str, Table], instansi_id: str | None,
           tanggal: dt.date, by: str) -> dict[str, dict[str, int]]:
    """Figures of one day grouped ``by`` 'unit_id' or 'instansi_id' (for one instansi, or all
    when ``instansi_id`` is None): checked in, on time, late by band, awaiting review, and the
    closed days' statuses."""
    out: dict[str, dict[str, int]] = {}

    def row(key: str) -> dict[str, int]:
        return out.setdefault(key, {"hadir_sejauh_ini": 0, "tepat_waktu": 0, "TL1": 0, "TL2": 0,
                                    "TL3": 0, "TL4": 0, "menunggu_review": 0,
                                    **{f"ditutup_{s}": 0 for s in STATUS_HARI}})

    first = _masuk_pertama(tables, instansi_id, tanggal)
    for key, terlambat, n in conn.execute(
            select(first.c[by], first.c.terlambat, func.count()).group_by(first.c[by], first.c.terlambat)):
        r = row(key)
        r["hadir_sejauh_ini"] += n
        if terlambat <= 0:
            r["tepat_waktu"] += n
        else:
            r[next(b for b, lo, hi in BAND_TL if lo <= terlambat <= hi)] += n
    t = tables["checkin"]
    where = [t.c.tanggal == tanggal, t.c.status == "MENUNGGU_REVIEW"]
    if instansi_id is not None:
        where.append(t.c.instansi_id == instansi_id)
    for key, n in conn.execute(select(t.c[by], func.count()).where(*where).group_by(t.c[by])):
        row(key)["menunggu_review"] += n
    h = tables["hari"]
    where = [h.c.tanggal == tanggal] + ([h.c.instansi_id == instansi_id] if instansi_id else [])
    for key, status, n in conn.execute(select(h.c[by], h.c.status, func.count())
                                       .where(*where).group_by(h.c[by], h.c.status)):
        row(key)[f"ditutup_{status}"] += n
    return out


def cuti_pada(conn: Connection, tables: dict[str, Table], instansi_id: str | None,
              tanggal: dt.date) -> list[tuple[str, str]]:
    """(nip, instansi) of everyone on approved, not cancelled leave on ``tanggal``."""
    t = tables["cuti"]
    where = [t.c.aktif, t.c.mulai <= tanggal, t.c.selesai >= tanggal]
    if instansi_id is not None:
        where.append(t.c.instansi_id == instansi_id)
    return [(r.nip, r.instansi_id) for r in conn.execute(
        select(t.c.nip, t.c.instansi_id).where(*where).distinct())]


def kurva(conn: Connection, tables: dict[str, Table], instansi_id: str,
          tanggal: dt.date) -> list[tuple[int, int]]:
    """(minute after local midnight, pegawai whose first check-in was then), ascending."""
    first = _masuk_pertama(tables, instansi_id, tanggal)
    return [(m, n) for m, n in conn.execute(
        select(first.c.menit, func.count()).group_by(first.c.menit).order_by(first.c.menit))]


def bulanan(conn: Connection, tables: dict[str, Table], instansi_id: str | None, mulai: dt.date,
            akhir: dt.date) -> dict[str, Any]:
    """TK days and the discipline thresholds reached in [mulai, akhir)."""
    h, amb = tables["hari"], tables["ambang"]
    scope_h = [h.c.instansi_id == instansi_id] if instansi_id else []
    scope_a = [amb.c.instansi_id == instansi_id] if instansi_id else []
    tk = conn.execute(select(func.count()).select_from(h).where(
        h.c.status == "TK", h.c.tanggal >= mulai, h.c.tanggal < akhir, *scope_h)).scalar()
    ambang = {str(k): n for k, n in conn.execute(
        select(amb.c.ambang, func.count()).where(and_(amb.c.tanggal >= mulai, amb.c.tanggal < akhir),
                                                 *scope_a).group_by(amb.c.ambang))}
    return {"hari_tk": tk, "ambang_disiplin": ambang}
