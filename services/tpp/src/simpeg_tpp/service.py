"""The TPP service's runtime: its application, API, relay and the faust-streaming worker."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from fastapi import FastAPI

from simpeg_shared.http import create_app
from simpeg_shared.projection import Projection
from simpeg_shared.relay import Relay
from simpeg_shared.service import ServiceDefinition, ServiceRuntime
from simpeg_tpp.api.tpp import router
from simpeg_tpp.application import TppApplication
from simpeg_tpp.projections.fakta import Fakta
from simpeg_tpp.projections.penggajian import Penggajian
from simpeg_tpp.settings import TppSettings
from simpeg_tpp.translate import translate
from simpeg_tpp.worker import FaustWorker


class TppRuntime(ServiceRuntime):
    settings: TppSettings

    def projections(self) -> list[Projection]:
        return [Fakta(), Penggajian()]

    @cached_property
    def application(self) -> TppApplication:
        return TppApplication(self.settings.db_url, self.store("tpp.fakta"),
                              self.store("tpp.penggajian"))

    def api(self) -> FastAPI:
        app = create_app(service="tpp", authz="simpeg_tpp", title="SIMPEG TPP",
                         description="The monthly TPP allowance: rule sets, monthly calculation "
                                     "with a deduction trail, objections and payroll export.",
                         routers=[router],
                         audit=self.engine, verifier=self.verifier, readiness=self.readiness())
        app.state.tpp = self.application
        return app

    def relay(self) -> Relay:
        return self.make_relay(self.application, translate)

    def workers(self) -> list[Any]:  # type: ignore[override]
        common = self.settings.common
        return [FaustWorker(self.stores, common.kafka_bootstrap,
                            group_id=self.settings.consumer_group,
                            session_timeout_ms=common.broker_session_timeout_ms,
                            partitions=common.kafka_partitions,
                            replication=common.kafka_replication)]


SERVICE = ServiceDefinition(name="tpp", settings=TppSettings, runtime=TppRuntime, order=60)
