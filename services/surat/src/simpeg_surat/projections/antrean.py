"""Whose turn it is: for every letter in the workflow, the step due now (a paraf step or the
signature) or "returned to its drafter", from surat's own public events. Officials find the
letters waiting for them here (``GET /api/surat/v1/tugas``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (Column, Connection, DateTime, Integer, MetaData, String, Table, Text,
                        select, update)

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import surat as c
from simpeg_shared.persistence import as_utc
from simpeg_shared.projection import Projection, insert_or_ignore

PARAF, TTD, DIKEMBALIKAN, SELESAI = "PARAF", "TTD", "DIKEMBALIKAN", "SELESAI"


class Antrean(Projection):
    name = "surat.antrean"
    topics = (topic_for("surat"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {"antrean": Table(
            f"srt_antrean{suffix}", metadata,
            Column("surat_id", String(36), primary_key=True),
            Column("instansi_id", String(64), nullable=False, index=True),
            Column("jenis", String(16), nullable=False),
            Column("perihal", String(300), nullable=False),
            Column("nip", String(18)),
            Column("nip_konseptor", String(18)),
            Column("paraf", Text, nullable=False),
            Column("penandatangan", String(80), nullable=False),
            Column("tahap", String(12), nullable=False, index=True),
            Column("langkah", String(80), index=True),
            Column("urutan", Integer, nullable=False),
            Column("sejak", DateTime(timezone=True), nullable=False),
        )}

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        t = tables["antrean"]
        when = event.occurred_at.astimezone(dt.UTC)
        if isinstance(event, c.SuratDraftedV1):
            insert_or_ignore(conn, t, surat_id=str(event.surat_id), instansi_id=event.instansi_id,
                             jenis=event.jenis, perihal=event.perihal[:300], nip=event.nip,
                             nip_konseptor=event.nip_konseptor, paraf=json.dumps(event.paraf),
                             penandatangan=event.penandatangan, sejak=when,
                             **_step(event.paraf, event.penandatangan, 0))
            return
        row = conn.execute(select(t).where(t.c.surat_id == str(getattr(event, "surat_id", "")))).first()
        if row is None:
            return
        paraf = json.loads(row.paraf)
        where = t.c.surat_id == row.surat_id
        if isinstance(event, c.SuratParafedV1) and event.urutan > row.urutan:
            conn.execute(update(t).where(where).values(sejak=when,
                                                       **_step(paraf, row.penandatangan, event.urutan)))
        elif isinstance(event, c.SuratReturnedV1):
            conn.execute(update(t).where(where).values(tahap=DIKEMBALIKAN, langkah=None, urutan=0,
                                                       sejak=when))
        elif isinstance(event, c.SuratRevisedV1):
            conn.execute(update(t).where(where).values(perihal=event.perihal[:300], sejak=when,
                                                       **_step(paraf, row.penandatangan, 0)))
        elif isinstance(event, c.SuratSignedV1):
            conn.execute(update(t).where(where).values(tahap=SELESAI, langkah=None, sejak=when))


def _step(paraf: list[str], penandatangan: str, done: int) -> dict[str, Any]:
    if done < len(paraf):
        return {"tahap": PARAF, "langkah": paraf[done], "urutan": done}
    return {"tahap": TTD, "langkah": penandatangan, "urutan": done}


def tugas(conn: Connection, t: dict[str, Table], instansi_id: str, refs: set[str],
          nip: str) -> list[dict[str, Any]]:
    """Letters of ``instansi_id`` whose due step names one of ``refs``, and drafts returned to
    ``nip`` as their drafter; never a letter about ``nip``."""
    a = t["antrean"]
    due = (a.c.langkah.in_(sorted(refs))) | ((a.c.tahap == DIKEMBALIKAN) & (a.c.nip_konseptor == nip))
    rows = conn.execute(select(a).where(a.c.instansi_id == instansi_id, due,
                                        (a.c.nip.is_(None)) | (a.c.nip != nip))
                        .order_by(a.c.sejak)).mappings().all()
    return [{"surat_id": r["surat_id"], "jenis": r["jenis"], "perihal": r["perihal"],
             "tahap": r["tahap"], "langkah": r["langkah"],
             "urutan": r["urutan"] + 1 if r["tahap"] == PARAF else None,
             "sejak": as_utc(r["sejak"])} for r in rows]
