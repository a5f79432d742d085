"""Predikat distribution per instansi and month, from kinerja's finalized evaluations. A
correction (higher revisi) replaces the earlier predikat of the same pegawai and month."""

from __future__ import annotations

from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, func, select

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts.kinerja import PenilaianPeriodikFinalizedV1
from simpeg_shared.projection import Projection, upsert_if_newer

PREDIKAT = ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG")


class PredikatBulanan(Projection):
    name = "monitoring.predikat_bulanan"
    topics = (topic_for("kinerja"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"penilaian": Table(
            f"mon_predikat{suffix}", metadata,
            Column("nip", String(18), primary_key=True),
            Column("tahun", Integer, primary_key=True),
            Column("bulan", Integer, primary_key=True),
            Column("instansi_id", String(64), nullable=False, index=True),
            Column("predikat", String(20), nullable=False),
            Column("revisi", Integer, nullable=False),
        )}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        if not isinstance(event, PenilaianPeriodikFinalizedV1):
            return
        upsert_if_newer(conn, tables["penilaian"],
                        {"nip": event.nip, "tahun": event.tahun, "bulan": event.bulan},
                        {"instansi_id": event.instansi_id, "predikat": event.predikat,
                         "revisi": event.revisi}, "revisi")


def distribusi(conn: Connection, tables: dict[str, Table], instansi_id: str, tahun: int,
               bulan: int) -> dict[str, int]:
    t = tables["penilaian"]
    rows = conn.execute(select(t.c.predikat, func.count()).where(
        t.c.instansi_id == instansi_id, t.c.tahun == tahun, t.c.bulan == bulan)
        .group_by(t.c.predikat)).all()
    counts = dict.fromkeys(PREDIKAT, 0)
    counts.update({p: n for p, n in rows})
    return counts
