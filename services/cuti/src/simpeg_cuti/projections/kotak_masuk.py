"""Every step of a leave request, delivered to the people concerned (kotak masuk): the pegawai
hears of each step of their own request, the atasan and the official with authority (or whoever
acts for them) hear what waits for them. Fed by cuti's own public events, and by surat's
``SuratSignedV1`` for the signed *surat izin cuti*, which is also kept per request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column, Connection, DateTime, MetaData, String, Table, select

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import cuti as c
from simpeg_shared.contracts import surat as s
from simpeg_shared.persistence import as_utc
from simpeg_shared.projection import Projection, insert_or_ignore

NAMA_JENIS = {"TAHUNAN": "cuti tahunan", "BESAR": "cuti besar", "SAKIT": "cuti sakit",
              "MELAHIRKAN": "cuti melahirkan", "ALASAN_PENTING": "cuti karena alasan penting",
              "CLTN": "cuti di luar tanggungan negara"}


class KotakMasuk(Projection):
    name = "cuti.kotak_masuk"
    topics = (topic_for("cuti"), topic_for("surat"))

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "pesan": Table(f"cuti_pesan{suffix}", metadata,
                           Column("event_id", String(36), primary_key=True),
                           Column("penerima", String(18), primary_key=True),
                           Column("cuti_id", String(36), nullable=False, index=True),
                           Column("langkah", String(32), nullable=False),
                           Column("pesan", String(500), nullable=False),
                           Column("waktu", DateTime(timezone=True), nullable=False)),
            "surat": Table(f"cuti_surat{suffix}", metadata,
                           Column("cuti_id", String(36), primary_key=True),
                           Column("surat_id", String(36), nullable=False),
                           Column("nomor", String(100), nullable=False),
                           Column("nip_penandatangan", String(18), nullable=False),
                           Column("ditandatangani_pada", DateTime(timezone=True), nullable=False)),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        for penerima, cuti_id, langkah, pesan in _pesan(event):
            insert_or_ignore(conn, tables["pesan"], event_id=str(event.event_id), penerima=penerima,
                             cuti_id=cuti_id, langkah=langkah, pesan=pesan[:500],
                             waktu=event.occurred_at.astimezone(dt.UTC))
        if isinstance(event, s.SuratSignedV1) and event.sumber == "cuti" and event.sumber_id:
            insert_or_ignore(conn, tables["surat"], cuti_id=event.sumber_id,
                             surat_id=str(event.surat_id), nomor=event.nomor,
                             nip_penandatangan=event.nip_penandatangan,
                             ditandatangani_pada=event.ditandatangani_pada.astimezone(dt.UTC))


def _pesan(event: ContractEvent) -> list[tuple[str, str, str, str]]:
    if isinstance(event, s.SuratSignedV1):
        if event.sumber != "cuti" or not event.sumber_id or not event.nip:
            return []
        return [(event.nip, event.sumber_id, "SURAT_DITANDATANGANI",
                 f"Surat izin cuti nomor {event.nomor} telah ditandatangani.")]
    if not isinstance(event, c.CutiEvent):
        return []
    cid = str(event.cuti_id)
    out: list[tuple[str, str, str, str]] = []
    if isinstance(event, c.CutiRequestedV1):
        what = f"{NAMA_JENIS[event.jenis]} {event.mulai}..{event.selesai} ({event.hari_kerja} hari kerja)"
        out.append((event.nip, cid, "DIAJUKAN", f"Permintaan {what} telah diajukan."))
        out += [(n, cid, "MENUNGGU_ANDA", f"Permintaan {what} dari {event.nip} menunggu tindakan Anda.")
                for n in event.diteruskan_ke or []]
    elif isinstance(event, c.CutiConsideredV1):
        out.append((event.nip, cid, "DIPERTIMBANGKAN",
                    f"Atasan ({event.nip_atasan}) memberi pertimbangan {event.pertimbangan}."))
        out += [(n, cid, "MENUNGGU_ANDA",
                 f"Permintaan cuti dari {event.nip} menunggu keputusan Anda.")
                for n in event.diteruskan_ke or []]
    elif isinstance(event, c.CutiDecidedV1):
        what = (f"{NAMA_JENIS[event.jenis]} diputuskan: {event.hasil}"
                + (f" ({event.mulai}..{event.selesai})" if event.hasil in ("DISETUJUI", "PERUBAHAN") else "")
                + (f"; alasan: {event.alasan}" if event.alasan else ""))
        out.append((event.nip, cid, "DIPUTUSKAN", f"Permintaan {what}."))
        out += [(n, cid, "DIPUTUSKAN", f"Permintaan {what} (pegawai {event.nip}).")
                for n in event.diberitahukan_ke or []]
    elif isinstance(event, c.CutiCancelledV1):
        what = f"{NAMA_JENIS[event.jenis].capitalize()} {event.mulai}..{event.selesai}"
        out.append((event.nip, cid, "DIBATALKAN", f"{what} dibatalkan."))
        out += [(n, cid, "DIBATALKAN", f"{what} dari {event.nip} dibatalkan oleh pegawai.")
                for n in event.diberitahukan_ke or []]
    return out


def pesan_untuk(conn: Connection, tables: dict[str, Table], nip: str, limit: int) -> list[dict[str, Any]]:
    t = tables["pesan"]
    rows = conn.execute(select(t).where(t.c.penerima == nip)
                        .order_by(t.c.waktu.desc(), t.c.event_id).limit(limit)).mappings().all()
    return [{"event_id": r["event_id"], "cuti_id": r["cuti_id"], "langkah": r["langkah"],
             "pesan": r["pesan"], "waktu": as_utc(r["waktu"])} for r in rows]


def surat_untuk(conn: Connection, tables: dict[str, Table], cuti_id: str) -> dict[str, Any] | None:
    t = tables["surat"]
    row = conn.execute(select(t).where(t.c.cuti_id == cuti_id)).mappings().first()
    if row is None:
        return None
    return {"surat_id": row["surat_id"], "nomor": row["nomor"],
            "nip_penandatangan": row["nip_penandatangan"],
            "ditandatangani_pada": as_utc(row["ditandatangani_pada"])}
