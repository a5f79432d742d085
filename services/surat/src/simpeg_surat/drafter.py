"""Turns recorded letter requests (:mod:`simpeg_surat.projections.permintaan`) into drafts.

Runs in the worker role beside the consumers. Each request becomes the letter whose id derives
from the request's event id, so processing a request twice finds the letter already there. A
request that cannot be drafted yet (say, an instansi without a configured signer) is marked
GAGAL with the reason and retried a minute later.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import structlog

from simpeg_shared.contracts import contract_for
from simpeg_shared.errors import DomainError
from simpeg_shared.projection import ProjectionStore
from simpeg_surat.application import SuratApplication
from simpeg_surat.projections import permintaan as pm

log = structlog.get_logger("simpeg.surat.drafter")


class Drafter:
    group_id = "surat.drafter"

    def __init__(self, app: SuratApplication, store: ProjectionStore, interval: float = 0.5) -> None:
        self.app = app
        self.store = store
        self.interval = interval

    def process_pending(self) -> int:
        """Draft every request due now; returns how many were handled."""
        rows = self.store.read(lambda conn, t: pm.menunggu(conn, t, dt.datetime.now(dt.UTC)))
        for row in rows:
            surat_id, galat = None, None
            try:
                cls = contract_for(row.type)
                if cls is None:
                    raise ValueError(f"unknown request type {row.type}")
                surat_id = self.app.draft_from_request(cls.model_validate_json(row.payload)).id
            except DomainError as exc:
                galat = f"{exc.code}: {exc.message}"[:500]
                log.warning("surat.request_not_drafted", event_id=row.event_id, code=exc.code)
            except Exception as exc:  # noqa: BLE001 - one bad request must not stop the others
                # The type only: a message or traceback could carry the request's personal data.
                galat = f"{type(exc).__name__}"
                log.error("surat.request_failed", event_id=row.event_id, error=galat)
            self._mark(row.event_id, surat_id, galat)
        return len(rows)

    def _mark(self, event_id: str, surat_id: object, galat: str | None) -> None:
        generation = self.store.current_generation()
        with self.store.engine.begin() as conn:
            pm.tandai(conn, self.store.tables(generation), event_id, surat_id=surat_id,  # type: ignore[arg-type]
                      galat=galat)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                handled = await asyncio.to_thread(self.process_pending)
            except Exception as exc:  # noqa: BLE001 - outlive database outages
                log.warning("surat.drafter_error", error=type(exc).__name__)
                handled = 0
            if handled:
                continue
            try:
                await asyncio.wait_for(stop.wait(), timeout=self.interval)
            except TimeoutError:
                pass
