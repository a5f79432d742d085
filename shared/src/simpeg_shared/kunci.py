"""Per-pegawai keys (crypto-shredding): personal fields in stored events are encrypted with a key
of the pegawai's own; deleting that key makes them unreadable in every stored event at once,
while everything else in the history (dates, counts, amounts) stays as it was.

The keys live in the service's database (``kunci_pegawai``), each wrapped with AES-GCM under the
master key from settings (``SIMPEG_MASTER_KEY``; the embedded default makes one under
``var/dev-keys``). The event mapper (:class:`simpeg_shared.persistence.SimpegMapper`) calls
:meth:`KunciPegawai.kunci` for every event that carries personal data. ``simpeg forget NIP``
calls :meth:`KunciPegawai.hapus` in every service (ADR 0029).

A forgotten pegawai's key row stays as a tombstone: new personal data for them is refused, so it
cannot come back under a fresh key.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
import threading
import time
import uuid
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import Aggregate, event
from sqlalchemy import Engine

from simpeg_shared.errors import Conflict
from simpeg_shared.projection import insert_ignoring

_meta = sa.MetaData()
TABEL = sa.Table(
    "kunci_pegawai", _meta,
    sa.Column("nip", sa.String(18), primary_key=True),
    sa.Column("kunci", sa.LargeBinary, nullable=True),  # nonce | AES-GCM(master, key, aad=nip)
    sa.Column("dibuat_pada", sa.DateTime(timezone=True), nullable=False),
    sa.Column("dihapus_pada", sa.DateTime(timezone=True), nullable=True),
)

#: how long a process keeps a key in memory: after `simpeg forget`, other processes of the
#: service stop reading the personal data within this time
CACHE_DETIK = 30.0
#: marks an encrypted value inside an event's state
SANDI = "_sandi"


class DataPribadiDihapus(Conflict):
    """The pegawai's personal data was erased; new personal data for them is refused."""


def kunci_induk(value: str) -> bytes:
    """The master key from its base64 setting (32 bytes)."""
    raw = base64.b64decode(value)
    if len(raw) != 32:
        raise ValueError("the master key must be 32 bytes, base64-encoded")
    return raw


def buat_kunci_induk() -> str:
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()


class KunciPegawai:
    def __init__(self, engine: Engine, master_key: bytes) -> None:
        self.engine = engine
        self._induk = AESGCM(master_key)
        self._cache: dict[str, tuple[float, bytes | None]] = {}
        self._lock = threading.Lock()

    def setup(self) -> None:
        _meta.create_all(self.engine)

    # -- keys -------------------------------------------------------------------------------
    def _baca(self, nip: str) -> tuple[bool, bytes | None]:
        """(row exists, unwrapped key or None when erased)."""
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(TABEL.c.kunci).where(TABEL.c.nip == nip)).first()
        if row is None:
            return False, None
        if row[0] is None:
            return True, None
        blob = bytes(row[0])
        return True, self._induk.decrypt(blob[:12], blob[12:], nip.encode())

    def _bungkus(self, nip: str) -> bytes:
        fresh = AESGCM.generate_key(bit_length=256)
        nonce = os.urandom(12)
        return nonce + self._induk.encrypt(nonce, fresh, nip.encode())

    def _buka_bungkus(self, nip: str, blob: Any) -> bytes | None:
        if blob is None:
            return None
        blob = bytes(blob)
        return self._induk.decrypt(blob[:12], blob[12:], nip.encode())

    def siapkan(self, nips: Any) -> None:
        """Load (and make where missing) the keys of many pegawai in one transaction: a batch
        save (an import of thousands) then finds every key in memory."""
        now = time.monotonic()
        with self._lock:
            wanted = sorted({n for n in nips if not (
                (hit := self._cache.get(n)) and hit[1] is not None and now - hit[0] < CACHE_DETIK)})
        for i in range(0, len(wanted), 1000):
            chunk = wanted[i:i + 1000]
            with self.engine.begin() as conn:
                have = dict(conn.execute(sa.select(TABEL.c.nip, TABEL.c.kunci)
                                         .where(TABEL.c.nip.in_(chunk))).all())
                new = [{"nip": n, "kunci": self._bungkus(n), "dibuat_pada": dt.datetime.now(dt.UTC)}
                       for n in chunk if n not in have]
                if new:
                    insert_ignoring(conn, TABEL, new)
                    have = dict(conn.execute(sa.select(TABEL.c.nip, TABEL.c.kunci)
                                             .where(TABEL.c.nip.in_(chunk))).all())
            keys = {n: self._buka_bungkus(n, have.get(n)) for n in chunk}
            with self._lock:
                for n, key in keys.items():
                    self._cache[n] = (now, key)

    def kunci(self, nip: str, buat: bool) -> bytes | None:
        """The pegawai's key; made when ``buat`` and they have none. None: erased (or, when not
        ``buat``, never made)."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(nip)
        if hit is not None and now - hit[0] < CACHE_DETIK and (hit[1] is not None or not buat):
            return hit[1]
        if buat:
            self.siapkan([nip])
            with self._lock:
                key = self._cache[nip][1]
        else:
            with self.engine.connect() as conn:
                blob = conn.execute(sa.select(TABEL.c.kunci).where(TABEL.c.nip == nip)).scalar()
            key = self._buka_bungkus(nip, blob)
            with self._lock:
                self._cache[nip] = (now, key)
        if key is None and buat:
            raise DataPribadiDihapus(
                f"the personal data of pegawai {nip} was erased (simpeg forget); "
                "it cannot be stored again")
        return key

    def hapus(self, nip: str) -> bool:
        """Erase the pegawai's key (crypto-shredding); True when there was one to erase."""
        with self.engine.begin() as conn:
            erased = conn.execute(
                TABEL.update().where(TABEL.c.nip == nip, TABEL.c.kunci.is_not(None))
                .values(kunci=None, dihapus_pada=dt.datetime.now(dt.UTC))).rowcount
            if not erased:
                exists = conn.execute(sa.select(TABEL.c.nip).where(TABEL.c.nip == nip)).first()
                if exists is None:  # never had personal data here: leave a tombstone anyway
                    conn.execute(TABEL.insert().values(nip=nip, kunci=None,
                                                       dibuat_pada=dt.datetime.now(dt.UTC),
                                                       dihapus_pada=dt.datetime.now(dt.UTC)))
        with self._lock:
            self._cache.pop(nip, None)
        return bool(erased)

    # -- values -----------------------------------------------------------------------------
    def sandikan(self, nip: str, plaintext: bytes) -> dict[str, str]:
        key = self.kunci(nip, buat=True)
        assert key is not None
        nonce = os.urandom(12)
        blob = nonce + AESGCM(key).encrypt(nonce, plaintext, nip.encode())
        return {SANDI: base64.b64encode(blob).decode(), "nip": nip}

    def buka(self, sandi: dict[str, Any]) -> bytes | None:
        """The plaintext, or None when the pegawai's key was erased."""
        nip = str(sandi["nip"])
        key = self.kunci(nip, buat=False)
        if key is None:
            return None
        blob = base64.b64decode(sandi[SANDI])
        return AESGCM(key).decrypt(blob[:12], blob[12:], nip.encode())


def tersandi(value: Any) -> bool:
    return isinstance(value, dict) and SANDI in value and "nip" in value and len(value) == 2


# -- `simpeg forget` ------------------------------------------------------------------------------
FORGET_NAMESPACE = uuid.UUID("7d0c4a1e-52b3-5f08-9c6e-1a4b8e2f3d57")


class PenghapusanDataPribadi(Aggregate):
    """The record that a pegawai's personal data was erased in this service: who asked, why,
    when (its ``_jejak`` says from where). It carries no personal data itself."""

    @staticmethod
    def create_id(nip: str) -> uuid.UUID:
        return uuid.uuid5(FORGET_NAMESPACE, nip)

    @event("Dihapus")
    def __init__(self, nip: str, oleh: str, alasan: str, kunci_ada: bool) -> None:
        self.nip = nip
        self.oleh = oleh
        self.alasan = alasan
        self.kunci_ada = kunci_ada


def lupakan(app: Any, nip: str, oleh: str, alasan: str) -> bool:
    """Erase the pegawai's key in ``app``'s store and record it; False when it was already
    erased (then nothing new is recorded)."""
    if app.kunci_pegawai is None:
        raise ValueError(f"{app.name} keeps no personal data")
    recorded = app.find(PenghapusanDataPribadi.create_id(nip)) is not None
    if not recorded:  # else an earlier run stopped after recording: finish it
        app.save(PenghapusanDataPribadi(nip=nip, oleh=oleh, alasan=alasan, kunci_ada=True))
    app.kunci_pegawai.hapus(nip)
    app.setelah_dilupakan(nip)
    return not recorded
