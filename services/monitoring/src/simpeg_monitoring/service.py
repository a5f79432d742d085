"""The monitoring service's runtime: projections of every context's events and their API."""

from __future__ import annotations

from fastapi import FastAPI

from simpeg_monitoring.api.instansi import router as instansi_router
from simpeg_monitoring.projections.kinerja import PredikatBulanan
from simpeg_monitoring.projections.ringkasan import RingkasanInstansi
from simpeg_monitoring.settings import MonitoringSettings
from simpeg_shared.http import create_app
from simpeg_shared.projection import Projection
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class MonitoringRuntime(ServiceRuntime):
    def projections(self) -> list[Projection]:
        return [RingkasanInstansi(), PredikatBulanan()]

    def api(self) -> FastAPI:
        app = create_app(service="monitoring", title="SIMPEG monitoring",
                         description="The central, BKN-style monitoring view.",
                         routers=[instansi_router], verifier=self.verifier,
                         readiness=self.readiness())
        app.state.ringkasan, app.state.predikat = self.stores
        return app


SERVICE = ServiceDefinition(name="monitoring", settings=MonitoringSettings,
                            runtime=MonitoringRuntime, order=80)
