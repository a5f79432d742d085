"""The audit trail (jejak audit): who did it, when, and from where, on every stored event.

Every HTTP request opens a :class:`Jejak` (request id, the client address the gateway saw); the
authorisation check adds the caller (subject, NIP, roles, instansi). The event mapper
(:class:`simpeg_shared.persistence.SimpegMapper`) writes it into each event it stores, under the
key ``_jejak``, in the same transaction as the event itself, so no command is stored without its
author. Events a process makes on its own (a worker closing a day, the KGB process) carry
``{"proses": "<service>:<role>"}`` instead.

:class:`JejakAudit` follows the service's notification log and keeps one row per event, indexed
by the pegawai's NIP, for ``GET /api/<service>/v1/audit?nip=…`` (ADR 0029).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Annotated, Any

import sqlalchemy as sa
import structlog
from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import Engine

from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import NotFound
from simpeg_shared.http.problems import responses
from simpeg_shared.projection import insert_ignoring

log = structlog.get_logger("simpeg.jejak")

#: the key of the audit metadata in a stored event's state
KUNCI = "_jejak"


@dataclass
class Jejak:
    """One request's audit facts; filled in as the request passes the middleware and the
    authorisation check (a mutable object, so a copy of the context still sees the caller)."""

    request_id: str
    alamat_ip: str | None
    subjek: str | None = None
    nip: str | None = None
    peran: list[str] = field(default_factory=list)
    instansi_id: str | None = None

    def metadata(self) -> dict[str, Any]:
        return {"request_id": self.request_id, "alamat_ip": self.alamat_ip, "subjek": self.subjek,
                "nip": self.nip, "peran": self.peran, "instansi_id": self.instansi_id}


_JEJAK: ContextVar[Jejak | None] = ContextVar("simpeg_jejak", default=None)
#: who acts when no request does: set by the process role (``profile:worker``, ``simpeg:cli``)
_PROSES: ContextVar[str] = ContextVar("simpeg_proses", default="sistem")


@contextmanager
def permintaan(request_id: str, alamat_ip: str | None) -> Iterator[Jejak]:
    """The audit context of one HTTP request."""
    jejak = Jejak(request_id=request_id, alamat_ip=alamat_ip)
    token = _JEJAK.set(jejak)
    try:
        yield jejak
    finally:
        _JEJAK.reset(token)


def pemanggil(principal: Principal) -> None:
    """The authorisation check found the caller: note them on the request's audit context."""
    jejak = _JEJAK.get()
    if jejak is not None:
        jejak.subjek = principal.subject
        jejak.nip = principal.nip
        jejak.peran = sorted(r.value for r in principal.roles)
        jejak.instansi_id = principal.instansi_id


def sebagai_proses(nama: str) -> None:
    """Name the process for events stored outside any request (``simpeg service x worker``)."""
    _PROSES.set(nama)


@contextmanager
def proses(nama: str) -> Iterator[None]:
    """Events stored inside the block are the named process's (a CLI command, a job)."""
    token = _PROSES.set(nama)
    outer = _JEJAK.set(None)
    try:
        yield
    finally:
        _JEJAK.reset(outer)
        _PROSES.reset(token)


def metadata_sekarang() -> dict[str, Any]:
    """What to store with an event saved now."""
    jejak = _JEJAK.get()
    if jejak is not None:
        return jejak.metadata()
    return {"proses": _PROSES.get()}


def alamat_klien(headers: dict[bytes, bytes], client: tuple[str, int] | None) -> str | None:
    """The client's address as the gateway saw it (it replaces X-Forwarded-For with the peer
    it talks to), else the peer of this connection. Services are reachable only through the
    gateway in a deployment (NetworkPolicy), so the header is the gateway's."""
    forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1").split(",")[0].strip()
    if forwarded:
        return forwarded[:64]
    return client[0] if client else None


# -- the trail: one row per stored event, by NIP ----------------------------------------------
_meta = sa.MetaData()
TABEL = sa.Table(
    "jejak_audit", _meta,
    sa.Column("notification_id", sa.BigInteger, primary_key=True),
    sa.Column("nip", sa.String(18), nullable=True, index=True),
    sa.Column("instansi_id", sa.String(64), nullable=True),
    sa.Column("peristiwa", sa.String(255), nullable=False),
    sa.Column("agregat_id", sa.String(64), nullable=False),
    sa.Column("versi", sa.Integer, nullable=False),
    sa.Column("waktu", sa.DateTime(timezone=True), nullable=False),
    sa.Column("oleh", sa.Text, nullable=False),  # JSON: the metadata above
)
POSISI = sa.Table(
    "jejak_audit_posisi", _meta,
    sa.Column("nama", sa.String(64), primary_key=True),
    sa.Column("posisi", sa.BigInteger, nullable=False),
)
PEMILIK = sa.Table(  # aggregate -> the pegawai it belongs to, learned from events that say so
    "jejak_audit_pemilik", _meta,
    sa.Column("agregat_id", sa.String(64), primary_key=True),
    sa.Column("nip", sa.String(18), nullable=True, index=True),
    sa.Column("instansi_id", sa.String(64), nullable=True),
)


def setup(engine: Engine) -> None:
    """Create the trail's tables (checkfirst: an existing trail is kept)."""
    _meta.create_all(engine)


class JejakAudit:
    """Follows the notification log (as the relay does, but for every event, published or not)
    into ``jejak_audit``; rows are keyed by notification id, so a replay or two followers
    writing the same rows change nothing."""

    def __init__(self, engine: Engine, app: Any, batch_size: int = 500,
                 poll_interval: float = 0.2) -> None:
        self.engine = engine
        self.app = app
        self.batch_size = batch_size
        self.poll_interval = poll_interval

    def posisi(self) -> int:
        with self.engine.connect() as conn:
            value = conn.execute(sa.select(POSISI.c.posisi).where(POSISI.c.nama == "log")).scalar()
        return int(value or 0)

    def langkah(self) -> int:
        """Record one batch; returns how many notifications it read."""
        start = self.posisi()
        notifications = self.app.recorder.select_notifications(start + 1, self.batch_size)
        if not notifications:
            return 0
        read = [(n, self.app.mapper.decode_state(n)) for n in notifications]
        rows: list[dict[str, Any]] = []
        owners: dict[str, dict[str, Any]] = {}
        with self.engine.begin() as conn:
            known, instansi_of = _pemilik(conn, read)
            for n, state in read:
                agregat = str(n.originator_id)
                nip, instansi = state.get("nip"), state.get("instansi_id")
                if isinstance(nip, str) and nip:
                    if not isinstance(instansi, str):  # e.g. an erasure: the pegawai's instansi
                        instansi = next((o["instansi_id"] for o in owners.values()
                                         if o["nip"] == nip and o["instansi_id"]), None) or \
                            instansi_of.get(nip)
                    owners[agregat] = {"agregat_id": agregat, "nip": nip, "instansi_id": instansi}
                elif agregat not in owners:
                    owners[agregat] = known.get(agregat) or {
                        "agregat_id": agregat, "nip": None, "instansi_id": None}
                owner = owners[agregat]
                rows.append({
                    "notification_id": n.id, "nip": owner["nip"],
                    "instansi_id": instansi if isinstance(instansi, str) else owner["instansi_id"],
                    "peristiwa": n.topic.rsplit(":", 1)[-1][:255], "agregat_id": agregat,
                    "versi": n.originator_version, "waktu": _waktu(state.get("timestamp")),
                    "oleh": json.dumps(state.get(KUNCI) or {"proses": "tidak tercatat"},
                                       sort_keys=True)})
            insert_ignoring(conn, TABEL, rows)
            for owner in owners.values():
                if owner["nip"]:
                    conn.execute(PEMILIK.delete().where(PEMILIK.c.agregat_id == owner["agregat_id"]))
                    conn.execute(PEMILIK.insert().values(**owner))
            last = notifications[-1].id
            updated = conn.execute(POSISI.update().where(POSISI.c.nama == "log")
                                   .values(posisi=last)).rowcount
            if not updated:
                conn.execute(POSISI.insert().values(nama="log", posisi=last))
        return len(notifications)

    async def run(self, stop: asyncio.Event) -> None:
        backoff = self.poll_interval
        while not stop.is_set():
            try:
                if await asyncio.to_thread(self.langkah):
                    backoff = self.poll_interval
                    continue
            except Exception as exc:  # noqa: BLE001 - keep following after a database outage
                log.warning("jejak.error", error=repr(exc))
                backoff = min(backoff * 2, 5.0)
            try:
                await asyncio.wait_for(stop.wait(), timeout=backoff)
            except TimeoutError:
                pass


def _pemilik(conn: sa.Connection, read: list[tuple[Any, dict[str, Any]]]
             ) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """What ``jejak_audit_pemilik`` knew before this batch, for the batch only, in a query each:
    the owner (NIP, instansi) of every aggregate whose first event in the batch names no NIP, and
    an instansi of every NIP that an event names without its instansi (an erasure)."""
    agregat: set[str] = set()
    nips: set[str] = set()
    seen: set[str] = set()
    for n, state in read:
        nip, instansi = state.get("nip"), state.get("instansi_id")
        if isinstance(nip, str) and nip:
            if not isinstance(instansi, str):
                nips.add(nip)
        elif str(n.originator_id) not in seen:
            agregat.add(str(n.originator_id))
        seen.add(str(n.originator_id))
    known: dict[str, dict[str, Any]] = {}
    if agregat:
        known = {r["agregat_id"]: dict(r) for r in conn.execute(
            sa.select(PEMILIK).where(PEMILIK.c.agregat_id.in_(sorted(agregat)))).mappings()}
    instansi_of: dict[str, str] = {}
    if nips:  # one instansi a NIP (the smallest, where its aggregates name several)
        instansi_of = {nip: instansi for nip, instansi in conn.execute(
            sa.select(PEMILIK.c.nip, sa.func.min(PEMILIK.c.instansi_id))
            .where(PEMILIK.c.nip.in_(sorted(nips)), PEMILIK.c.instansi_id.is_not(None))
            .group_by(PEMILIK.c.nip))}
    return known, instansi_of


def _waktu(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value)
    return dt.datetime.now(dt.UTC)


# -- the query ----------------------------------------------------------------------------------
class Oleh(BaseModel):
    subjek: str | None = None
    nip: str | None = None
    peran: list[str] = []
    instansi_id: str | None = None
    request_id: str | None = None
    alamat_ip: str | None = None
    proses: str | None = None


class BarisJejak(BaseModel):
    peristiwa: str
    agregat_id: str
    versi: int
    waktu: dt.datetime
    oleh: Oleh


class JejakPegawai(BaseModel):
    nip: str
    layanan: str
    jejak: list[BarisJejak]


def router(service: str, engine: Engine) -> APIRouter:
    """``GET /api/<service>/v1/audit?nip=…``: the pegawai's events in this service, oldest first,
    with who, when and from where. ADMIN_INSTANSI sees their own instansi; BKN_PUSAT every one;
    a pegawai of another instansi (or none at all) is 404."""
    api = APIRouter(prefix=f"/api/{service}/v1", tags=["audit"])

    @api.get("/audit", response_model=JejakPegawai, summary="The audit trail of one pegawai",
             responses=responses(401, 403, 404, 422))
    def audit(request: Request,
              nip: Annotated[str, Query(pattern=r"^\d{18}$", description="NIP, 18 digits")],
              batas: Annotated[int, Query(ge=1, le=1000)] = 200) -> JejakPegawai:
        principal: Principal = request.state.principal
        query = sa.select(TABEL).where(TABEL.c.nip == nip)
        if Role.BKN_PUSAT not in principal.roles:
            query = query.where(TABEL.c.instansi_id == principal.instansi_id)
        with engine.connect() as conn:
            rows = conn.execute(query.order_by(TABEL.c.notification_id).limit(batas)).mappings().all()
        if not rows:
            raise NotFound(f"no audit trail for pegawai {nip} in {service} that you may see")
        return JejakPegawai(nip=nip, layanan=service, jejak=[
            BarisJejak(peristiwa=r["peristiwa"], agregat_id=r["agregat_id"], versi=r["versi"],
                       waktu=r["waktu"], oleh=Oleh(**json.loads(r["oleh"]))) for r in rows])

    return api
