"""Gap-free letter numbers per instansi, unit and year.

A number is taken in ONE transaction that locks the series' counter row (``SELECT … FOR UPDATE``
on PostgreSQL; on SQLite every write transaction begins with ``BEGIN IMMEDIATE``, which takes the
database's write lock), increments it and records in the register who holds the number. If the
transaction fails, the increment rolls back with it: no gap. The holder is unique: a letter that
asks again (a retried signature) gets the number it already holds, never a second one; so a
number is never reused either. See ADR 0018.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import (Column, DateTime, Engine, Integer, MetaData, String, Table, select,
                        update)
from sqlalchemy.exc import IntegrityError

from simpeg_shared.projection import insert_or_ignore
from simpeg_surat.domain.format import bulan_romawi

_META = MetaData()
COUNTER = Table("surat_nomor_counter", _META,
                Column("instansi_id", String(64), primary_key=True),
                Column("unit", String(32), primary_key=True),
                Column("tahun", Integer, primary_key=True),
                Column("terakhir", Integer, nullable=False))
REGISTER = Table("surat_nomor_register", _META,
                 Column("instansi_id", String(64), primary_key=True),
                 Column("unit", String(32), primary_key=True),
                 Column("tahun", Integer, primary_key=True),
                 Column("urut", Integer, primary_key=True),
                 Column("nomor", String(128), nullable=False),
                 Column("klasifikasi", String(32), nullable=False),
                 Column("pemegang", String(64), nullable=False, unique=True),
                 Column("keterangan", String(255)),
                 Column("diberikan_pada", DateTime(timezone=True), nullable=False))


@dataclass(frozen=True)
class Nomor:
    nomor: str
    urut: int
    instansi_id: str
    unit: str
    tahun: int
    klasifikasi: str
    pemegang: str


def format_nomor(fmt: str, *, klasifikasi: str, urut: int, unit: str, tanggal: dt.date) -> str:
    return fmt.format(klasifikasi=klasifikasi, nomor=urut, unit=unit, tahun=tanggal.year,
                      bulan=tanggal.month, bulan_romawi=bulan_romawi(tanggal.month))


class Penomoran:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def held_by(self, pemegang: str) -> Nomor | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(REGISTER).where(REGISTER.c.pemegang == pemegang)).first()
        return _nomor(row) if row else None

    def ambil(self, *, instansi_id: str, unit: str, klasifikasi: str, format: str,
              tanggal: dt.date, pemegang: str, keterangan: str | None = None) -> Nomor:
        """The number ``pemegang`` holds, taking the next one of the series if it holds none."""
        for _ in range(5):
            held = self.held_by(pemegang)
            if held is not None:
                return held
            try:
                return self._take(instansi_id, unit, klasifikasi, format, tanggal, pemegang,
                                  keterangan)
            except IntegrityError:
                continue  # the same holder took one concurrently: read it back
        raise RuntimeError("could not take a letter number")  # pragma: no cover

    def _take(self, instansi_id: str, unit: str, klasifikasi: str, fmt: str, tanggal: dt.date,
              pemegang: str, keterangan: str | None) -> Nomor:
        key = {"instansi_id": instansi_id, "unit": unit, "tahun": tanggal.year}
        with self.engine.begin() as conn:
            insert_or_ignore(conn, COUNTER, **key, terakhir=0)
            where = [COUNTER.c[k] == v for k, v in key.items()]
            query = select(COUNTER.c.terakhir).where(*where)
            if conn.dialect.name == "postgresql":
                query = query.with_for_update()
            urut = int(conn.execute(query).scalar_one()) + 1
            conn.execute(update(COUNTER).where(*where).values(terakhir=urut))
            nomor = format_nomor(fmt, klasifikasi=klasifikasi, urut=urut, unit=unit,
                                 tanggal=tanggal)
            conn.execute(REGISTER.insert().values(
                **key, urut=urut, nomor=nomor, klasifikasi=klasifikasi, pemegang=pemegang,
                keterangan=keterangan, diberikan_pada=dt.datetime.now(dt.UTC)))
        return Nomor(nomor, urut, instansi_id, unit, tanggal.year, klasifikasi, pemegang)

    def register(self, instansi_id: str, tahun: int, unit: str | None = None) -> list[Nomor]:
        query = select(REGISTER).where(REGISTER.c.instansi_id == instansi_id,
                                       REGISTER.c.tahun == tahun)
        if unit is not None:
            query = query.where(REGISTER.c.unit == unit)
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(REGISTER.c.unit, REGISTER.c.urut)).all()
        return [_nomor(r) for r in rows]


def _nomor(row: object) -> Nomor:
    m = row._mapping  # type: ignore[attr-defined]
    return Nomor(m["nomor"], m["urut"], m["instansi_id"], m["unit"], m["tahun"],
                 m["klasifikasi"], m["pemegang"])
