"""The KGB service's runtime (so far: the gaji pokok tables as an API)."""

from __future__ import annotations

from fastapi import FastAPI

from simpeg_kgb.api.gaji import router as gaji_router
from simpeg_kgb.settings import KgbSettings
from simpeg_shared.http import create_app
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class KgbRuntime(ServiceRuntime):
    settings: KgbSettings

    def api(self) -> FastAPI:
        return create_app(service="kgb", title="SIMPEG KGB",
                          description="Kenaikan gaji berkala: the gaji pokok tables and schedules.",
                          routers=[gaji_router], verifier=self.verifier, readiness=self.readiness())


SERVICE = ServiceDefinition(name="kgb", settings=KgbSettings, runtime=KgbRuntime, order=40)
