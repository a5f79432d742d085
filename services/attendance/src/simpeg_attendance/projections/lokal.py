"""Attendance's read model of its own events, fed from its own notification log (not Kafka).

The closing of a day must see every check-in, review and assignment already recorded, however
far behind the relay or the broker is. So this projection follows the event store directly: it
reads notifications after its stored position and applies them, and writes the new position in
the same transaction (eventsourcing's tracking idea, ADR 0004's exactly-once effect). Whoever
needs it current — the closing job, a review, the queue — calls :meth:`ProyeksiLokal.ikuti`
first. The position row is locked while applying, so two processes never apply the same
notification twice; inserts are keyed and idempotent besides.

Rebuild: drop the ``att_l_*`` tables and the position row; the next ``ikuti`` replays the log.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (Boolean, Column, Connection, Date, DateTime, Engine, Float, Integer,
                        MetaData, String, Table, Text, select, text, update)
from sqlalchemy.dialects import postgresql, sqlite

from simpeg_attendance.domain.presensi import (CheckIn, HariKerja, PegawaiPresensi, TandaDisiplin,
                                               UnitKerja)
from simpeg_shared.projection import insert_or_ignore

META = MetaData()
POSISI = Table("att_l_posisi", META, Column("nama", String(64), primary_key=True),
               Column("posisi", Integer, nullable=False))
UNIT = Table("att_l_unit", META, Column("instansi_id", String(64), primary_key=True),
             Column("unit_id", String(64), primary_key=True))
PENUGASAN = Table("att_l_penugasan", META,
                  Column("penugasan_id", String(64), primary_key=True),
                  Column("nip", String(18), nullable=False, index=True),
                  Column("jenis", String(12), nullable=False),
                  Column("mulai", Date, nullable=False), Column("selesai", Date, nullable=False),
                  Column("shift", String(32)), Column("dibatalkan", Boolean, nullable=False))
CHECKIN = Table("att_l_checkin", META,
                Column("checkin_id", String(36), primary_key=True),
                Column("nip", String(18), nullable=False),
                Column("tanggal", Date, nullable=False),
                Column("instansi_id", String(64), nullable=False),
                Column("unit_id", String(64), nullable=False),
                Column("jenis", String(6), nullable=False),
                Column("waktu", DateTime(timezone=True), nullable=False),
                Column("lokasi_id", String(80)), Column("jarak_meter", Float),
                Column("offline", Boolean, nullable=False),
                Column("skor_risiko", Integer, nullable=False),
                Column("alasan_risiko", Text, nullable=False),
                Column("status", String(20), nullable=False, index=True),
                Column("nip_peninjau", String(18)), Column("alasan_review", Text))
HARI = Table("att_l_hari", META,
             Column("nip", String(18), primary_key=True),
             Column("tanggal", Date, primary_key=True),
             Column("instansi_id", String(64), nullable=False),
             Column("unit_id", String(64), nullable=False),
             Column("status", String(12), nullable=False),
             Column("tl", String(4)), Column("psw", String(4)),
             Column("menit_terlambat", Integer, nullable=False),
             Column("menit_pulang_cepat", Integer, nullable=False),
             Column("jadwal", String(80), nullable=False),
             Column("revisi", Integer, nullable=False))
DISIPLIN = Table("att_l_disiplin", META,
                 Column("kunci", String(120), primary_key=True),
                 Column("nip", String(18), nullable=False, index=True),
                 Column("tahun", Integer, nullable=False),
                 Column("jenis", String(16), nullable=False),
                 Column("ambang", Integer, nullable=False),
                 Column("tanggal", Date, nullable=False),
                 Column("keterangan", Text, nullable=False))
#: Days to recompute (a cuti decided or cancelled, a review, a late offline sync); written by
#: the cuti projection and the application, emptied by the worker.
KOREKSI = Table("att_koreksi_tertunda", META,
                Column("nip", String(18), primary_key=True),
                Column("tanggal", Date, primary_key=True),
                Column("sumber", String(80), primary_key=True))
#: The last date closed for each unit (the closing job's progress).
PENUTUPAN = Table("att_penutupan_unit", META,
                  Column("instansi_id", String(64), primary_key=True),
                  Column("unit_id", String(64), primary_key=True),
                  Column("sampai", Date, nullable=False))

def kunci_disiplin(nip: str, tahun: int, jenis: str, ambang: int, mulai: dt.date | None) -> str:
    return f"{nip}:{tahun}:{jenis}:{ambang}:{mulai.isoformat() if mulai else '-'}"


def antre_koreksi(conn: Connection, nip: str, tanggal: dt.date, sumber: str) -> None:
    insert_or_ignore(conn, KOREKSI, nip=nip, tanggal=tanggal, sumber=sumber[:80])


def _insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = postgresql if conn.engine.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


class ProyeksiLokal:
    NAMA = "attendance.lokal"

    def __init__(self, engine: Engine, app: Any, batch: int = 2000) -> None:
        self.engine = engine
        self.app = app
        self.batch = batch

    def setup(self) -> None:
        META.create_all(self.engine, checkfirst=True)
        with self.engine.begin() as conn:
            insert_or_ignore(conn, POSISI, nama=self.NAMA, posisi=0)

    def ikuti(self) -> int:
        """Apply every notification not applied yet; returns how many were applied."""
        total = 0
        while True:
            with self.engine.begin() as conn:
                sql = "SELECT posisi FROM att_l_posisi WHERE nama = :n"
                if conn.engine.dialect.name == "postgresql":
                    sql += " FOR UPDATE"
                posisi = int(conn.execute(text(sql), {"n": self.NAMA}).scalar_one())
                notifications = self.app.recorder.select_notifications(posisi + 1, self.batch)
                if not notifications:
                    return total
                self._apply(conn, (self.app.mapper.to_domain_event(n) for n in notifications))
                conn.execute(update(POSISI).where(POSISI.c.nama == self.NAMA)
                             .values(posisi=notifications[-1].id))
            total += len(notifications)
            if len(notifications) < self.batch:
                return total

    def _apply(self, conn: Connection, events: Iterable[Any]) -> None:
        closed: list[dict[str, Any]] = []
        for e in events:
            if isinstance(e, HariKerja.Closed):
                closed.append({"nip": e.nip, "tanggal": e.tanggal, "instansi_id": e.instansi_id,
                               "unit_id": e.unit_id, "status": e.status, "tl": e.tl, "psw": e.psw,
                               "menit_terlambat": e.menit_terlambat,
                               "menit_pulang_cepat": e.menit_pulang_cepat, "jadwal": e.jadwal,
                               "revisi": 1})
                continue
            _insert_many(conn, HARI, closed)  # keep the log's order around other events
            closed = []
            self._one(conn, e)
        _insert_many(conn, HARI, closed)

    def _one(self, conn: Connection, e: Any) -> None:
        if isinstance(e, UnitKerja.Configured):
            insert_or_ignore(conn, UNIT, unit_id=e.unit_id, instansi_id=e.instansi_id)
        elif isinstance(e, PegawaiPresensi.PenugasanAdded):
            insert_or_ignore(conn, PENUGASAN, penugasan_id=e.penugasan_id, nip=e.nip, jenis=e.jenis,
                             mulai=e.mulai, selesai=e.selesai, shift=e.shift, dibatalkan=False)
        elif isinstance(e, PegawaiPresensi.PenugasanCancelled):
            conn.execute(update(PENUGASAN).where(PENUGASAN.c.penugasan_id == e.penugasan_id)
                         .values(dibatalkan=True))
        elif isinstance(e, CheckIn.Recorded):
            insert_or_ignore(conn, CHECKIN, checkin_id=str(e.checkin_id), nip=e.nip,
                             tanggal=e.tanggal, instansi_id=e.instansi_id, unit_id=e.unit_id,
                             jenis=e.jenis, waktu=e.waktu.astimezone(dt.UTC), lokasi_id=e.lokasi_id,
                             jarak_meter=e.jarak_meter, offline=e.offline,
                             skor_risiko=e.skor_risiko, alasan_risiko=json.dumps(e.alasan_risiko),
                             status=e.status)
        elif isinstance(e, CheckIn.Reviewed):
            conn.execute(update(CHECKIN).where(CHECKIN.c.checkin_id == str(e.originator_id))
                         .values(status=e.keputusan, nip_peninjau=e.nip_peninjau,
                                 alasan_review=e.alasan))
        elif isinstance(e, HariKerja.Corrected):
            values = {"instansi_id": e.instansi_id, "unit_id": e.unit_id, "status": e.status,
                      "tl": e.tl, "psw": e.psw, "menit_terlambat": e.menit_terlambat,
                      "menit_pulang_cepat": e.menit_pulang_cepat, "jadwal": e.jadwal,
                      "revisi": e.revisi}
            if not insert_or_ignore(conn, HARI, nip=e.nip, tanggal=e.tanggal, **values):
                conn.execute(update(HARI).where(HARI.c.nip == e.nip, HARI.c.tanggal == e.tanggal,
                                                HARI.c.revisi < e.revisi).values(**values))
        elif isinstance(e, TandaDisiplin.Reached):
            insert_or_ignore(conn, DISIPLIN,
                             kunci=kunci_disiplin(e.nip, e.tahun, e.jenis, e.ambang, e.mulai),
                             nip=e.nip, tahun=e.tahun, jenis=e.jenis, ambang=e.ambang,
                             tanggal=e.tanggal, keterangan=e.keterangan)


def checkin_rows(conn: Connection, where: Any) -> list[dict[str, Any]]:
    rows = conn.execute(select(CHECKIN).where(where).order_by(CHECKIN.c.waktu)).mappings().all()
    out = []
    for r in rows:
        row = dict(r)
        if row["waktu"].tzinfo is None:
            row["waktu"] = row["waktu"].replace(tzinfo=dt.UTC)
        row["alasan_risiko"] = json.loads(row["alasan_risiko"])
        out.append(row)
    return out
