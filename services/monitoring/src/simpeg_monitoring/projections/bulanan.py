"""Monthly figures per instansi from KGB's, TPP's and profile's events: KGB due, overdue and
postponed; TPP totals and cuts (with corrections); self-update requests pending; completeness of
the profile data other contexts depend on (pangkat, jabatan, atasan)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, Column, Connection, Date, DateTime, Integer, MetaData, String, Table, func, select, update

from simpeg_monitoring.projections import kesegaran
from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import kgb as k
from simpeg_shared.contracts import profile as p
from simpeg_shared.contracts import tpp as t
from simpeg_shared.projection import Projection, insert_or_ignore, upsert_if_newer

KGB_STATUS = {k.KgbDueV1: "JATUH_TEMPO", k.KgbPostponedV1: "DITUNDA",
              k.SkKgbRequestedV1: "SK_DIMINTA", k.KgbGrantedV1: "DIBERIKAN",
              k.KgbCancelledV1: "DIBATALKAN"}
KGB_TERBUKA = ("JATUH_TEMPO", "SK_DIMINTA")
USULAN_STATUS = {p.UsulanPerubahanSubmittedV1: "DIAJUKAN", p.UsulanPerubahanVerifiedV1: "DIVERIFIKASI",
                 p.UsulanPerubahanReturnedV1: "DIKEMBALIKAN", p.UsulanPerubahanApprovedV1: "DISETUJUI"}


class RingkasanBulanan(Projection):
    name = "monitoring.bulanan"
    topics = (topic_for("kgb"), topic_for("tpp"), topic_for("profile"))

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "kgb": Table(f"mon_kgb{suffix}", metadata,
                         Column("kgb_id", String(36), primary_key=True),
                         Column("instansi_id", String(64), nullable=False, index=True),
                         Column("tmt", Date, nullable=False),
                         Column("status", String(16), nullable=False),
                         Column("diperbarui", DateTime(timezone=True), nullable=False)),
            "tpp": Table(f"mon_tpp{suffix}", metadata,
                         Column("nip", String(18), primary_key=True),
                         Column("tahun", Integer, primary_key=True),
                         Column("bulan", Integer, primary_key=True),
                         Column("instansi_id", String(64), nullable=False, index=True),
                         Column("total", Integer, nullable=False),
                         Column("potongan", Integer, nullable=False),
                         Column("koreksi", Integer, nullable=False)),
            "usulan": Table(f"mon_usulan{suffix}", metadata,
                            Column("usulan_id", String(36), primary_key=True),
                            Column("instansi_id", String(64), nullable=False, index=True),
                            Column("status", String(16), nullable=False),
                            Column("diperbarui", DateTime(timezone=True), nullable=False)),
            "kelengkapan": Table(f"mon_kelengkapan{suffix}", metadata,
                                 Column("nip", String(18), primary_key=True),
                                 Column("instansi_id", String(64), nullable=False, index=True),
                                 Column("pangkat", Boolean, nullable=False),
                                 Column("jabatan", Boolean, nullable=False),
                                 Column("atasan", Boolean, nullable=False)),
            "kesegaran": kesegaran.table(metadata, "mon_bulanan", suffix),
        }

    def apply_many(self, conn: Connection, tables: dict[str, Table],
                   events: Sequence[ContractEvent]) -> None:
        if events:
            kesegaran.catat(conn, tables["kesegaran"], self.name,
                            max(events, key=lambda e: e.occurred_at))
        for event in events:
            self.apply(conn, tables, event)

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        status = KGB_STATUS.get(type(event))
        if status is not None:
            assert isinstance(event, k.KgbEvent)
            kt = tables["kgb"]
            if not insert_or_ignore(conn, kt, kgb_id=str(event.kgb_id), instansi_id=event.instansi_id,
                                    tmt=event.tmt, status=status, diperbarui=event.occurred_at):
                values: dict[str, Any] = {"status": status, "diperbarui": event.occurred_at}
                conn.execute(update(kt).where(kt.c.kgb_id == str(event.kgb_id),
                                              kt.c.diperbarui <= event.occurred_at).values(**values))
            return
        if isinstance(event, t.TppCalculatedV1):
            upsert_if_newer(conn, tables["tpp"], {"nip": event.nip, "tahun": event.tahun, "bulan": event.bulan},
                            {"instansi_id": event.instansi_id, "total": event.total,
                             "potongan": event.potongan, "koreksi": 0}, "koreksi")
            return
        if isinstance(event, t.TppCorrectedV1):
            tt = tables["tpp"]
            if not insert_or_ignore(conn, tt, nip=event.nip, tahun=event.tahun, bulan=event.bulan,
                                    instansi_id=event.instansi_id, total=event.total, potongan=0,
                                    koreksi=event.koreksi_ke):
                conn.execute(update(tt).where(tt.c.nip == event.nip, tt.c.tahun == event.tahun,
                                              tt.c.bulan == event.bulan, tt.c.koreksi < event.koreksi_ke)
                             .values(total=event.total, koreksi=event.koreksi_ke))
            return
        status = USULAN_STATUS.get(type(event))
        if status is not None:
            assert isinstance(event, p.UsulanEvent)
            ut = tables["usulan"]
            if not insert_or_ignore(conn, ut, usulan_id=str(event.usulan_id),
                                    instansi_id=event.instansi_id, status=status,
                                    diperbarui=event.occurred_at):
                conn.execute(update(ut).where(ut.c.usulan_id == str(event.usulan_id),
                                              ut.c.diperbarui <= event.occurred_at)
                             .values(status=status, diperbarui=event.occurred_at))
            return
        kl = tables["kelengkapan"]
        if isinstance(event, p.PegawaiRegisteredV1):
            insert_or_ignore(conn, kl, nip=event.nip, instansi_id=event.instansi_id,
                             pangkat=False, jabatan=False, atasan=False)
        elif isinstance(event, p.UnitChangedV1):
            conn.execute(update(kl).where(kl.c.nip == event.nip).values(instansi_id=event.instansi_id))
        elif isinstance(event, p.PangkatChangedV1):
            conn.execute(update(kl).where(kl.c.nip == event.nip).values(pangkat=True))
        elif isinstance(event, p.JabatanChangedV1):
            conn.execute(update(kl).where(kl.c.nip == event.nip).values(jabatan=True))
        elif isinstance(event, p.AtasanChangedV1):
            conn.execute(update(kl).where(kl.c.nip == event.nip)
                         .values(atasan=event.nip_atasan is not None))


def bulanan(conn: Connection, tables: dict[str, Table], instansi_id: str | None, tahun: int,
            bulan: int) -> dict[str, Any]:
    mulai = dt.date(tahun, bulan, 1)
    akhir = dt.date(tahun + (bulan == 12), bulan % 12 + 1, 1)
    kt, tt, ut, kl = (tables[n] for n in ("kgb", "tpp", "usulan", "kelengkapan"))

    def scope(tbl: Table) -> list[Any]:
        return [tbl.c.instansi_id == instansi_id] if instansi_id else []

    def count(tbl: Table, *where: Any) -> int:
        return conn.execute(select(func.count()).select_from(tbl).where(*where, *scope(tbl))).scalar()

    tpp = conn.execute(select(func.count(), func.coalesce(func.sum(tt.c.total), 0),
                              func.coalesce(func.sum(tt.c.potongan), 0))
                       .where(tt.c.tahun == tahun, tt.c.bulan == bulan, *scope(tt))).one()
    pegawai = count(kl)
    terisi = conn.execute(select(
        func.coalesce(func.sum(func.cast(kl.c.pangkat, Integer)), 0),
        func.coalesce(func.sum(func.cast(kl.c.jabatan, Integer)), 0),
        func.coalesce(func.sum(func.cast(kl.c.atasan, Integer)), 0)).where(*scope(kl))).one()
    return {
        "kgb": {"jatuh_tempo": count(kt, kt.c.status.in_(KGB_TERBUKA), kt.c.tmt >= mulai, kt.c.tmt < akhir),
                "terlambat": count(kt, kt.c.status.in_(KGB_TERBUKA), kt.c.tmt < mulai),
                "ditunda": count(kt, kt.c.status == "DITUNDA"),
                "diberikan": count(kt, kt.c.status == "DIBERIKAN", kt.c.tmt >= mulai, kt.c.tmt < akhir)},
        "tpp": {"pegawai": tpp[0], "total": int(tpp[1]), "potongan": int(tpp[2])},
        "usulan_menunggu": count(ut, ut.c.status.in_(("DIAJUKAN", "DIVERIFIKASI"))),
        "kelengkapan": {"pegawai": pegawai,
                        "persen": round(100 * sum(int(x) for x in terisi) / (3 * pegawai), 1) if pegawai else None,
                        "pangkat": int(terisi[0]), "jabatan": int(terisi[1]), "atasan": int(terisi[2])},
    }
