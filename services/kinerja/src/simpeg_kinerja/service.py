"""The kinerja service's runtime: its application, API, relay and read models."""

from __future__ import annotations

from fastapi import FastAPI

from simpeg_kinerja.api.predikat import router as predikat_router
from simpeg_kinerja.settings import KinerjaSettings
from simpeg_shared.http import create_app
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class KinerjaRuntime(ServiceRuntime):
    settings: KinerjaSettings

    def api(self) -> FastAPI:
        return create_app(service="kinerja", title="SIMPEG kinerja",
                          description="e-kinerja: SKP, realisation, evaluation and predikat.",
                          routers=[predikat_router], verifier=self.verifier,
                          readiness=self.readiness())


SERVICE = ServiceDefinition(name="kinerja", settings=KinerjaSettings, runtime=KinerjaRuntime, order=30)
