"""The profile service's runtime: its application, API, relay and own read models."""

from __future__ import annotations

from functools import cached_property

from eventsourcing.cryptography import AESCipher
from fastapi import FastAPI

from simpeg_profile.api.berkas import router as berkas_router
from simpeg_profile.api.organisasi import router as organisasi_router
from simpeg_profile.api.pegawai import router as pegawai_router
from simpeg_profile.api.usulan import router as usulan_router
from simpeg_profile.application import ProfileApplication
from simpeg_profile.projections.usulan import UsulanDanNotifikasi
from simpeg_profile.settings import ProfileSettings
from simpeg_profile.translate import translate
from simpeg_shared.devkeys import dev_secret, master_key
from simpeg_shared.http import create_app
from simpeg_shared.objects import object_store
from simpeg_shared.projection import Projection
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime


class ProfileRuntime(ServiceRuntime):
    settings: ProfileSettings
    keeps_personal_data = True

    @cached_property
    def application(self) -> ProfileApplication:
        key = self.settings.cipher_key
        cipher_key = key.get_secret_value() if key else dev_secret(
            self.settings.common.var_dir, "profile-cipher.key", lambda: AESCipher.create_key(32))
        return ProfileApplication(self.settings.db_url, master_key=master_key(self.settings.common),
                                  CIPHER_TOPIC="eventsourcing.cryptography:AESCipher",
                                  CIPHER_KEY=cipher_key)

    def projections(self) -> list[Projection]:
        return [UsulanDanNotifikasi()]

    def api(self) -> FastAPI:
        app = create_app(service="profile", authz="simpeg_profile", title="SIMPEG profile",
                         description="Pegawai master data, organisation, and the self-update "
                                     "workflow (pemutakhiran data mandiri).",
                         routers=[pegawai_router, organisasi_router, usulan_router, berkas_router],
                         audit=self.engine, verifier=self.verifier, readiness=self.readiness())
        app.state.profile = self.application
        app.state.engine = self.engine
        app.state.objects = object_store(self.settings.common)
        app.state.max_berkas_bytes = self.settings.max_berkas_bytes
        (app.state.usulan_store,) = self.stores
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, translate)


SERVICE = ServiceDefinition(name="profile", settings=ProfileSettings, runtime=ProfileRuntime, order=10)
