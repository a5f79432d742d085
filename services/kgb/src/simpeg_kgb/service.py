"""The KGB service's runtime: the gaji pokok tables and schedules from profile's events."""

from __future__ import annotations

from fastapi import FastAPI

from simpeg_kgb.api.gaji import router as gaji_router
from simpeg_kgb.api.jadwal import router as jadwal_router
from simpeg_kgb.projections.riwayat import RiwayatKgb
from simpeg_kgb.settings import KgbSettings
from simpeg_shared.http import create_app
from simpeg_shared.projection import Projection
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class KgbRuntime(ServiceRuntime):
    settings: KgbSettings

    def projections(self) -> list[Projection]:
        return [RiwayatKgb()]

    def api(self) -> FastAPI:
        app = create_app(service="kgb", title="SIMPEG KGB",
                         description="Kenaikan gaji berkala: the gaji pokok tables and schedules.",
                         routers=[gaji_router, jadwal_router], verifier=self.verifier,
                         readiness=self.readiness())
        app.state.riwayat = self.store("kgb.riwayat")
        return app


SERVICE = ServiceDefinition(name="kgb", settings=KgbSettings, runtime=KgbRuntime, order=40)
