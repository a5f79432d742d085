"""The surat service's runtime: its application, API, relay, read models and the drafter."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from simpeg_shared.devkeys import dev_secret
from simpeg_shared.http import create_app
from simpeg_shared.objects import object_store
from simpeg_shared.projection import Projection
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime
from simpeg_surat.api.surat import router as surat_router
from simpeg_surat.api.verifikasi import router as verifikasi_router
from simpeg_surat.application import SuratApplication
from simpeg_surat.drafter import Drafter
from simpeg_surat.penomoran import Penomoran
from simpeg_surat.projections.antrean import Antrean
from simpeg_surat.projections.kotak_masuk import KotakMasuk
from simpeg_surat.projections.pejabat import Pejabat
from simpeg_surat.projections.permintaan import PermintaanSurat
from simpeg_surat.settings import SuratSettings
from simpeg_surat.templat import Katalog
from simpeg_surat.translate import translate
from simpeg_surat.tte import Penandatangan
from simpeg_surat.tte.bsre import BsreSigner
from simpeg_surat.tte.ca import LocalCaSigner, ProjectCa


class SuratRuntime(ServiceRuntime):
    settings: SuratSettings
    migrations = Path(__file__).with_name("migrations")

    def projections(self) -> list[Projection]:
        return [Pejabat(), PermintaanSurat(), KotakMasuk(), Antrean()]

    @cached_property
    def katalog(self) -> Katalog:
        return Katalog(self.settings.template_dir)

    def _secret(self) -> str:
        s = self.settings.signing_secret
        return s.get_secret_value() if s else dev_secret(
            self.settings.common.var_dir, "surat-signing.key", lambda: secrets.token_urlsafe(32))

    @cached_property
    def ca(self) -> ProjectCa:
        return ProjectCa(self.settings.common.var_dir / "surat-tte", self._secret())

    @cached_property
    def penandatangan(self) -> Penandatangan:
        s = self.settings
        if s.signer == "bsre":
            if not s.bsre_url:
                raise ValueError("SIMPEG_SURAT_SIGNER=bsre needs SIMPEG_SURAT_BSRE_URL")
            return BsreSigner(s.bsre_url, client_id=s.bsre_client_id,
                              client_secret=s.bsre_client_secret.get_secret_value()
                              if s.bsre_client_secret else None,
                              trust_roots=s.bsre_trust_roots, timeout=s.bsre_timeout_seconds)
        return LocalCaSigner(self.ca)

    def migrate(self) -> None:
        super().migrate()
        self.katalog  # noqa: B018 - a broken template fails at start-up, not at signing
        if self.settings.signer == "local-ca":
            self.ca.setup()

    @cached_property
    def application(self) -> SuratApplication:
        return SuratApplication(
            self.settings.db_url, pejabat=self.store("surat.pejabat"),
            penomoran=Penomoran(self.engine), katalog=self.katalog,
            penandatangan=self.penandatangan, objects=object_store(self.settings.common),
            public_base_url=self.settings.public_base_url,
            max_pdf_bytes=self.settings.max_pdf_bytes)

    @cached_property
    def drafter(self) -> Drafter:
        return Drafter(self.application, self.store("surat.permintaan"),
                       interval=self.settings.drafter_interval)

    def api(self) -> FastAPI:
        app = create_app(service="surat", authz="simpeg_surat", title="SIMPEG surat",
                         description="e-surat: templates, gap-free numbering, paraf chain, "
                                     "PAdES signatures and public verification by QR code.",
                         routers=[surat_router, verifikasi_router],
                         audit=self.engine, verifier=self.verifier,
                         readiness=self.readiness())
        app.state.surat = self.application
        app.state.engine = self.engine
        app.state.kotak_masuk = self.store("surat.kotak_masuk")
        app.state.antrean = self.store("surat.antrean")
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, translate)

    def workers(self) -> list[Any]:
        return [*super().workers(), self.drafter]


SERVICE = ServiceDefinition(name="surat", settings=SuratSettings, runtime=SuratRuntime, order=60)
