"""The KGB service's runtime: the gaji pokok tables, schedules, and the KGB process (reminders,
eligibility, postponement, the SK request and the grant) with its relay and worklist."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from fastapi import FastAPI

from simpeg_kgb.api.gaji import router as gaji_router
from simpeg_kgb.api.jadwal import router as jadwal_router
from simpeg_kgb.api.usulan import router as usulan_router
from simpeg_kgb.application import KgbApplication
from simpeg_kgb.pemeriksa import Pemeriksa
from simpeg_kgb.projections.riwayat import RiwayatKgb
from simpeg_kgb.projections.usulan import UsulanKgbView
from simpeg_kgb.settings import KgbSettings
from simpeg_kgb.translate import make_translate
from simpeg_shared.http import create_app
from simpeg_shared.projection import Projection
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class KgbRuntime(ServiceRuntime):
    settings: KgbSettings

    def projections(self) -> list[Projection]:
        return [RiwayatKgb(), UsulanKgbView()]

    @cached_property
    def application(self) -> KgbApplication:
        s = self.settings
        return KgbApplication(s.db_url, self.store("kgb.riwayat"), pengingat_bulan=s.pengingat_bulan,
                              lacak_mundur_bulan=s.lacak_mundur_bulan,
                              tanpa_penilaian=s.tanpa_penilaian)

    def pemeriksa(self, **overrides: Any) -> Pemeriksa:
        return Pemeriksa(self.application, self.store("kgb.riwayat"),
                         interval=self.settings.periksa_interval, **overrides)

    def api(self) -> FastAPI:
        app = create_app(service="kgb", authz="simpeg_kgb", title="SIMPEG KGB",
                         description="Kenaikan gaji berkala: the gaji pokok tables, schedules, the "
                                     "worklist, postponements and the SK KGB.",
                         routers=[gaji_router, jadwal_router, usulan_router],
                         audit=self.engine, verifier=self.verifier,
                         readiness=self.readiness())
        app.state.riwayat = self.store("kgb.riwayat")
        app.state.usulan = self.store("kgb.usulan")
        app.state.kgb = self.application
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, make_translate(self.application))

    def workers(self) -> list[Any]:
        return [*super().workers(), self.pemeriksa()]


SERVICE = ServiceDefinition(name="kgb", settings=KgbSettings, runtime=KgbRuntime, order=40)
