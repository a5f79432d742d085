"""The cuti service's runtime: its application, API, relay and read models."""

from __future__ import annotations

from functools import cached_property

from fastapi import FastAPI

from simpeg_cuti.api.cuti import router as cuti_router
from simpeg_cuti.api.hari_kerja import router as hari_kerja_router
from simpeg_cuti.application import CutiApplication
from simpeg_cuti.projections.kotak_masuk import KotakMasuk
from simpeg_cuti.projections.pegawai import PegawaiCuti
from simpeg_cuti.settings import CutiSettings
from simpeg_cuti.translate import translate
from simpeg_shared.devkeys import master_key
from simpeg_shared.http import create_app
from simpeg_shared.projection import Projection
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class CutiRuntime(ServiceRuntime):
    settings: CutiSettings
    keeps_personal_data = True

    def projections(self) -> list[Projection]:
        return [PegawaiCuti(), KotakMasuk()]

    @cached_property
    def application(self) -> CutiApplication:
        return CutiApplication(self.settings.db_url, self.store("cuti.pegawai"),
                               self.store("cuti.kotak_masuk"),
                               master_key=master_key(self.settings.common))

    def api(self) -> FastAPI:
        app = create_app(service="cuti", authz="simpeg_cuti", title="SIMPEG cuti",
                         description="Leave of PP 11/2017 and PP 49/2018: requests, approvals "
                                     "with Plt/Plh, balances and the holiday calendar.",
                         routers=[hari_kerja_router, cuti_router],
                         audit=self.engine, verifier=self.verifier,
                         readiness=self.readiness())
        app.state.cuti = self.application
        app.state.engine = self.engine
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, translate)


SERVICE = ServiceDefinition(name="cuti", settings=CutiSettings, runtime=CutiRuntime, order=35)
