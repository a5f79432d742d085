"""The kinerja service's runtime: its application, API, relay and read models."""

from __future__ import annotations

from functools import cached_property

from fastapi import FastAPI

from simpeg_kinerja.api.kinerja import router as kinerja_router
from simpeg_kinerja.api.predikat import router as predikat_router
from simpeg_kinerja.application import KinerjaApplication
from simpeg_kinerja.projections.hierarki import Hierarki
from simpeg_kinerja.projections.penilaian import StatusPenilaian
from simpeg_kinerja.settings import KinerjaSettings
from simpeg_kinerja.translate import translate
from simpeg_shared.http import create_app
from simpeg_shared.projection import Projection
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class KinerjaRuntime(ServiceRuntime):
    settings: KinerjaSettings

    def projections(self) -> list[Projection]:
        return [Hierarki(), StatusPenilaian()]

    @cached_property
    def application(self) -> KinerjaApplication:
        return KinerjaApplication(self.settings.db_url, self.store("kinerja.hierarki"),
                                  self.store("kinerja.penilaian_status"))

    def api(self) -> FastAPI:
        app = create_app(service="kinerja", authz="simpeg_kinerja", title="SIMPEG kinerja",
                         description="e-kinerja: SKP, realisation, evaluation and predikat.",
                         routers=[kinerja_router, predikat_router],
                         audit=self.engine, verifier=self.verifier,
                         readiness=self.readiness())
        app.state.kinerja = self.application
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, translate)


SERVICE = ServiceDefinition(name="kinerja", settings=KinerjaSettings, runtime=KinerjaRuntime, order=30)
