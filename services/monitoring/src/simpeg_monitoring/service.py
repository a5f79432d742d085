"""The monitoring service's runtime: projections of every context's events, their API and the
dashboard (static files, no build step) at ``/monitoring/``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from simpeg_monitoring.api.dasbor import router as dasbor_router
from simpeg_monitoring.api.instansi import router as instansi_router
from simpeg_monitoring.projections.bulanan import RingkasanBulanan
from simpeg_monitoring.projections.kinerja import PredikatBulanan
from simpeg_monitoring.projections.presensi import PresensiHarian
from simpeg_monitoring.projections.ringkasan import RingkasanInstansi
from simpeg_monitoring.settings import MonitoringSettings
from simpeg_shared.http import create_app
from simpeg_shared.projection import Projection
from simpeg_shared.service import ServiceDefinition, ServiceRuntime

STATIC = Path(__file__).parent / "static"


class MonitoringRuntime(ServiceRuntime):
    settings: MonitoringSettings

    def projections(self) -> list[Projection]:
        return [RingkasanInstansi(), PredikatBulanan(), PresensiHarian(), RingkasanBulanan()]

    def api(self) -> FastAPI:
        app = create_app(service="monitoring", authz="simpeg_monitoring", title="SIMPEG monitoring",
                         description="The central, BKN-style monitoring view.",
                         routers=[instansi_router, dasbor_router], verifier=self.verifier,
                         readiness=self.readiness())
        state = app.state
        state.ringkasan = self.store("monitoring.ringkasan_instansi")
        state.predikat = self.store("monitoring.predikat_bulanan")
        state.presensi = self.store("monitoring.presensi")
        state.bulanan = self.store("monitoring.bulanan")
        state.stream_interval = self.settings.stream_interval

        @app.get("/monitoring", include_in_schema=False)
        def dashboard_root() -> RedirectResponse:
            return RedirectResponse("/monitoring/")

        app.mount("/monitoring", StaticFiles(directory=STATIC, html=True), name="dasbor")
        return app


SERVICE = ServiceDefinition(name="monitoring", settings=MonitoringSettings,
                            runtime=MonitoringRuntime, order=80)
