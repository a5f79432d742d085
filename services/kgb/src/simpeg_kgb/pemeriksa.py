"""The KGB process loop (worker role): works off the re-check queue the ``kgb.riwayat``
projection fills, applies signed SKs, and once a day queues every PNS (time alone brings
increases due). Several workers may run: each NIP is re-checked by the one that takes it, and a
check is idempotent, so two workers checking the same NIP at once at worst do the same work twice
(the event store's optimistic concurrency refuses the second write; it is retried next round).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable

import structlog

from simpeg_kgb.application import KgbApplication
from simpeg_kgb.projections import riwayat as r
from simpeg_shared.projection import ProjectionStore

log = structlog.get_logger("simpeg.kgb.pemeriksa")


class Pemeriksa:
    group_id = "kgb.pemeriksa"

    def __init__(self, app: KgbApplication, riwayat: ProjectionStore, *, interval: float = 2.0,
                 batch: int = 200, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.app = app
        self.riwayat = riwayat
        self.interval = interval
        self.batch = batch
        self.today = today
        self._swept: dt.date | None = None

    def sweep_if_due(self) -> int:
        day = self.today()
        if self._swept == day:
            return 0
        now = dt.datetime.now(dt.UTC)
        queued = self.riwayat.write(lambda conn, t: r.antre_semua(conn, t, now))
        self._swept = day
        log.info("kgb.sweep", queued=queued, day=day.isoformat())
        return queued

    def step(self) -> int:
        """One round: signed SKs first, then up to ``batch`` queued NIPs. Returns work done."""
        done = self.app.terapkan_sk()
        per = self.today()
        for nip, sejak in self.riwayat.read(lambda conn, t: r.antrean(conn, t, self.batch)):
            try:
                self.app.periksa(nip, per)
            except Exception as exc:  # noqa: BLE001 - one pegawai's bad data must not stop the rest
                # e.g. a golongan ruang no table knows: re-checked on the next fact or sweep
                log.warning("kgb.periksa_failed", nip=nip, error=repr(exc))
            self.riwayat.write(lambda conn, t, n=nip, s=sejak: r.selesai_periksa(conn, t, n, s))
            done += 1
        return done

    async def run(self, stop: asyncio.Event) -> None:
        await asyncio.to_thread(self.riwayat.setup)
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.sweep_if_due)
                busy = await asyncio.to_thread(self.step)
            except Exception as exc:  # noqa: BLE001 - outlive database outages
                log.warning("kgb.pemeriksa_error", error=repr(exc))
                busy = 0
            if not busy:
                try:
                    await asyncio.wait_for(stop.wait(), timeout=self.interval)
                except TimeoutError:
                    pass
