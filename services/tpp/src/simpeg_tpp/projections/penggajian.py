"""The payroll as TPP itself published it: each closed month (``TppCalculatedV1``) and each
correction (``TppCorrectedV1``) with the payroll month it is paid in. Finance's export reads this."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, func, select

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import tpp as c
from simpeg_shared.projection import Projection, insert_or_ignore


class Penggajian(Projection):
    name = "tpp.penggajian"
    topics = (topic_for("tpp"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "bulan": Table(f"tpp_gaji{suffix}", metadata,
                           Column("nip", String(18), primary_key=True),
                           Column("tahun", Integer, primary_key=True),
                           Column("bulan", Integer, primary_key=True),
                           Column("instansi_id", String(64), nullable=False, index=True),
                           Column("unit_id", String(64), nullable=False),
                           Column("aturan", String(80), nullable=False),
                           Column("basis", Integer, nullable=False),
                           Column("disiplin", Integer, nullable=False),
                           Column("kinerja", Integer, nullable=False),
                           Column("total", Integer, nullable=False),
                           Column("potongan", Integer, nullable=False),
                           Column("predikat", String(32), nullable=True)),
            "koreksi": Table(f"tpp_gaji_koreksi{suffix}", metadata,
                             Column("event_id", String(36), primary_key=True),
                             Column("nip", String(18), nullable=False),
                             Column("tahun", Integer, nullable=False),
                             Column("bulan", Integer, nullable=False),
                             Column("instansi_id", String(64), nullable=False),
                             Column("unit_id", String(64), nullable=False),
                             Column("dibayar_tahun", Integer, nullable=False, index=True),
                             Column("dibayar_bulan", Integer, nullable=False),
                             Column("selisih", Integer, nullable=False)),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        if isinstance(event, c.TppCalculatedV1):
            insert_or_ignore(conn, tables["bulan"], nip=event.nip, tahun=event.tahun,
                             bulan=event.bulan, instansi_id=event.instansi_id,
                             unit_id=event.unit_id, aturan=event.aturan, basis=event.basis,
                             disiplin=event.disiplin, kinerja=event.kinerja, total=event.total,
                             potongan=event.potongan, predikat=event.predikat)
        elif isinstance(event, c.TppCorrectedV1):
            insert_or_ignore(conn, tables["koreksi"], event_id=str(event.event_id), nip=event.nip,
                             tahun=event.tahun, bulan=event.bulan, instansi_id=event.instansi_id,
                             unit_id=event.unit_id, dibayar_tahun=event.dibayar_tahun,
                             dibayar_bulan=event.dibayar_bulan, selisih=event.selisih)


def daftar_gaji(conn: Connection, t: dict[str, Table], instansi_id: str, tahun: int, bulan: int,
                unit_id: str | None = None) -> list[dict[str, Any]]:
    """One row per pegawai paid in this payroll: the month's TPP and the corrections of earlier
    months paid with it."""
    g, k = t["bulan"], t["koreksi"]
    q = select(g).where(g.c.instansi_id == instansi_id, g.c.tahun == tahun, g.c.bulan == bulan)
    if unit_id is not None:
        q = q.where(g.c.unit_id == unit_id)
    rows: dict[str, dict[str, Any]] = {}
    for r in conn.execute(q.order_by(g.c.unit_id, g.c.nip)):
        rows[r.nip] = {"nip": r.nip, "unit_id": r.unit_id, "aturan": r.aturan, "basis": r.basis,
                       "potongan": r.potongan, "disiplin": r.disiplin, "kinerja": r.kinerja,
                       "predikat": r.predikat, "tpp_bulan_ini": r.total, "koreksi": 0,
                       "koreksi_bulan": []}
    qk = select(k).where(k.c.instansi_id == instansi_id, k.c.dibayar_tahun == tahun,
                         k.c.dibayar_bulan == bulan)
    if unit_id is not None:
        qk = qk.where(k.c.unit_id == unit_id)
    for r in conn.execute(qk.order_by(k.c.nip, k.c.tahun, k.c.bulan)):
        row = rows.setdefault(r.nip, {"nip": r.nip, "unit_id": r.unit_id, "aturan": None,
                                      "basis": 0, "potongan": 0, "disiplin": 0, "kinerja": 0,
                                      "predikat": None, "tpp_bulan_ini": 0, "koreksi": 0,
                                      "koreksi_bulan": []})
        row["koreksi"] += r.selisih
        row["koreksi_bulan"].append(f"{r.tahun:04d}-{r.bulan:02d}")
    out = sorted(rows.values(), key=lambda r: (r["unit_id"], r["nip"]))
    for r in out:
        r["dibayar"] = r["tpp_bulan_ini"] + r["koreksi"]
    return out


def kelengkapan(conn: Connection, t: dict[str, Table], instansi_id: str, tahun: int,
                bulan: int) -> tuple[int, int]:
    """How many pegawai-months of this payroll, and corrections paid in it, have arrived."""
    g, k = t["bulan"], t["koreksi"]
    n = conn.execute(select(func.count()).select_from(g).where(
        g.c.instansi_id == instansi_id, g.c.tahun == tahun, g.c.bulan == bulan)).scalar_one()
    nk = conn.execute(select(func.count()).select_from(k).where(
        k.c.instansi_id == instansi_id, k.c.dibayar_tahun == tahun,
        k.c.dibayar_bulan == bulan)).scalar_one()
    return int(n), int(nk)
