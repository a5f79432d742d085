"""The profile service's runtime: its application, API and relay."""

from __future__ import annotations

from functools import cached_property

from fastapi import FastAPI

from simpeg_profile.api.pegawai import router as pegawai_router
from simpeg_profile.application import ProfileApplication
from simpeg_profile.settings import ProfileSettings
from simpeg_profile.translate import translate
from simpeg_shared.http import create_app
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class ProfileRuntime(ServiceRuntime):
    @cached_property
    def application(self) -> ProfileApplication:
        return ProfileApplication(self.settings.db_url)

    def api(self) -> FastAPI:
        app = create_app(service="profile", title="SIMPEG profile",
                         description="Pegawai master data: the source of truth of who each pegawai is.",
                         routers=[pegawai_router], verifier=self.verifier,
                         readiness=self.readiness())
        app.state.profile = self.application
        app.state.engine = self.engine
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, translate)

    def close(self) -> None:
        if "application" in self.__dict__:
            self.application.close()
        super().close()


SERVICE = ServiceDefinition(name="profile", settings=ProfileSettings, runtime=ProfileRuntime, order=10)
