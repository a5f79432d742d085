"""Who is who, as profile tells it: each pegawai's name, instansi, unit, jabatan and pangkat over
time, and the Plt/Plh acting for a jabatan. Surat fills letters from it and decides who may
initial or sign a step — never from profile's database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Column, Connection, Date, MetaData, String, Table, select, update

from simpeg_shared.contracts import ContractEvent, topic_for
from simpeg_shared.contracts import profile as c
from simpeg_shared.projection import Projection, insert_or_ignore


class Pejabat(Projection):
    name = "surat.pejabat"
    topics = (topic_for("profile"),)

    def define_tables(self, metadata: MetaData, suffix: str) -> dict[str, Table]:
        return {
            "pegawai": Table(f"srt_pegawai{suffix}", metadata,
                             Column("nip", String(18), primary_key=True),
                             Column("instansi_id", String(64), nullable=False),
                             Column("unit_id", String(64), nullable=False),
                             Column("nama", String(200), nullable=False)),
            "jabatan": Table(f"srt_jabatan{suffix}", metadata,
                             Column("event_id", String(36), primary_key=True),
                             Column("nip", String(18), nullable=False, index=True),
                             Column("instansi_id", String(64), nullable=False),
                             Column("jabatan_id", String(64), nullable=False, index=True),
                             Column("nama_jabatan", String(200), nullable=False),
                             Column("tmt", Date, nullable=False)),
            "pangkat": Table(f"srt_pangkat{suffix}", metadata,
                             Column("event_id", String(36), primary_key=True),
                             Column("nip", String(18), nullable=False, index=True),
                             Column("golongan_ruang", String(8), nullable=False),
                             Column("tmt", Date, nullable=False)),
            "plt": Table(f"srt_plt{suffix}", metadata,
                         Column("event_id", String(36), primary_key=True),
                         Column("instansi_id", String(64), nullable=False),
                         Column("jabatan_id", String(64), nullable=False, index=True),
                         Column("nip", String(18), nullable=False),
                         Column("jenis", String(3), nullable=False),
                         Column("mulai", Date, nullable=False),
                         Column("selesai", Date, nullable=False)),
        }

    def apply(self, conn: Connection, tables: dict[str, Table], event: ContractEvent) -> None:
        eid, pegawai = str(event.event_id), tables["pegawai"]
        if isinstance(event, c.PegawaiRegisteredV1):
            insert_or_ignore(conn, pegawai, nip=event.nip, instansi_id=event.instansi_id,
                             unit_id=event.unit_id, nama=event.nama)
        elif isinstance(event, c.PegawaiDataChangedV1) and event.nama:
            conn.execute(update(pegawai).where(pegawai.c.nip == event.nip).values(nama=event.nama))
        elif isinstance(event, c.UnitChangedV1):
            conn.execute(update(pegawai).where(pegawai.c.nip == event.nip)
                         .values(instansi_id=event.instansi_id, unit_id=event.unit_id))
        elif isinstance(event, c.JabatanChangedV1):
            insert_or_ignore(conn, tables["jabatan"], event_id=eid, nip=event.nip,
                             instansi_id=event.instansi_id, jabatan_id=event.jabatan_id, nama_jabatan=event.nama_jabatan,
                             tmt=event.tmt)
        elif isinstance(event, c.PangkatChangedV1):
            insert_or_ignore(conn, tables["pangkat"], event_id=eid, nip=event.nip,
                             golongan_ruang=event.golongan_ruang, tmt=event.tmt)
        elif isinstance(event, c.PltAssignedV1):
            insert_or_ignore(conn, tables["plt"], event_id=eid, instansi_id=event.instansi_id,
                             jabatan_id=event.jabatan_id,
                             nip=event.nip, jenis=event.jenis, mulai=event.mulai,
                             selesai=event.selesai)


@dataclass(frozen=True)
class Profil:
    nip: str
    nama: str
    instansi_id: str
    unit_id: str
    jabatan_id: str | None
    nama_jabatan: str | None
    golongan_ruang: str | None


def _latest_row(conn: Connection, table: Table, nip: str, per: dt.date) -> object | None:
    return conn.execute(select(table).where(table.c.nip == nip, table.c.tmt <= per)
                        .order_by(table.c.tmt.desc(), table.c.event_id).limit(1)).first()


def profil(conn: Connection, t: dict[str, Table], nip: str, per: dt.date) -> Profil | None:
    row = conn.execute(select(t["pegawai"]).where(t["pegawai"].c.nip == nip)).first()
    if row is None:
        return None
    jab = _latest_row(conn, t["jabatan"], nip, per)
    pkt = _latest_row(conn, t["pangkat"], nip, per)
    return Profil(nip=nip, nama=row.nama, instansi_id=row.instansi_id, unit_id=row.unit_id,
                  jabatan_id=jab.jabatan_id if jab else None,  # type: ignore[attr-defined]
                  nama_jabatan=jab.nama_jabatan if jab else None,  # type: ignore[attr-defined]
                  golongan_ruang=pkt.golongan_ruang if pkt else None)  # type: ignore[attr-defined]


def pemegang(conn: Connection, t: dict[str, Table], instansi_id: str, jabatan_id: str,
             per: dt.date) -> str | None:
    """Who holds ``jabatan_id`` of ``instansi_id`` on ``per`` (definitively): the latest to be
    appointed to it whose own latest jabatan on that date is still this one."""
    j = t["jabatan"]
    candidates = conn.execute(select(j.c.nip).where(j.c.instansi_id == instansi_id,
                                                    j.c.jabatan_id == jabatan_id, j.c.tmt <= per)
                              .order_by(j.c.tmt.desc())).scalars().all()
    for nip in dict.fromkeys(candidates):
        latest = _latest_row(conn, j, nip, per)
        if latest is not None and latest.jabatan_id == jabatan_id:  # type: ignore[attr-defined]
            return nip
    return None


def pelaksana(conn: Connection, t: dict[str, Table], instansi_id: str, jabatan_id: str,
              per: dt.date) -> dict[str, str]:
    """NIP -> PLT/PLH of the officials acting for ``jabatan_id`` of ``instansi_id`` on ``per``."""
    p = t["plt"]
    rows = conn.execute(select(p.c.nip, p.c.jenis).where(p.c.instansi_id == instansi_id,
                                                          p.c.jabatan_id == jabatan_id,
                                                          p.c.mulai <= per, p.c.selesai >= per)).all()
    return {r.nip: r.jenis for r in rows}


def yang_berwenang(conn: Connection, t: dict[str, Table], instansi_id: str, nip: str | None,
                   jabatan_id: str | None, per: dt.date) -> tuple[str | None, dict[str, str]]:
    """For a step naming an official (by NIP or jabatan): the definitive official on ``per``
    and everyone who may act in the step then (NIP -> DEFINITIF/PLT/PLH)."""
    if nip is not None and jabatan_id is None:
        own = profil(conn, t, nip, per)
        jabatan_id = own.jabatan_id if own else None
    elif jabatan_id is not None:
        nip = pemegang(conn, t, instansi_id, jabatan_id, per)
    allowed: dict[str, str] = {}
    if jabatan_id is not None:
        allowed.update(pelaksana(conn, t, instansi_id, jabatan_id, per))
    if nip is not None:
        allowed[nip] = "DEFINITIF"
    return nip, allowed
