"""The gateway's runtime: no database, no events; routing and the token check."""

from __future__ import annotations

from fastapi import FastAPI

from simpeg_gateway.proxy import lifespan, router
from simpeg_gateway.settings import GatewaySettings
from simpeg_shared.http import create_app
from simpeg_shared.service import ServiceDefinition, ServiceRuntime, services


class GatewayRuntime(ServiceRuntime):
    settings: GatewaySettings

    def migrate(self) -> None:
        """The gateway keeps no state."""

    def readiness(self) -> list:  # type: ignore[type-arg]
        return []

    def upstreams(self) -> dict[str, str]:
        found = {name: d.settings().base_url for name, d in services().items() if name != "gateway"}
        return {**found, **self.settings.upstreams}

    def api(self) -> FastAPI:
        app = create_app(service="gateway", title="SIMPEG gateway", routers=[router],
                         verifier=self.verifier, readiness=self.readiness(), lifespan=lifespan,
                         description="The one entry point of SIMPEG's APIs.")
        app.state.upstreams = self.upstreams()
        app.state.max_body_bytes = self.settings.max_body_bytes
        app.state.upstream_timeout = self.settings.upstream_timeout
        return app


SERVICE = ServiceDefinition(name="gateway", settings=GatewaySettings, runtime=GatewayRuntime,
                            order=99)
