"""The gateway's runtime: no database, no events; routing, the token check, limits, CORS, and
one OpenAPI with its docs page."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from simpeg_gateway import devidp, openapi, portal
from simpeg_gateway.proxy import lifespan, router
from simpeg_gateway.ratelimit import Limiter, RateLimitMiddleware
from simpeg_gateway.settings import GatewaySettings
from simpeg_shared.http import create_app
from simpeg_shared.service import ServiceDefinition, ServiceRuntime, services


class GatewayRuntime(ServiceRuntime):
    settings: GatewaySettings
    uses_database = False

    def migrate(self) -> None:
        """The gateway keeps no state."""

    def readiness(self) -> list:  # type: ignore[type-arg]
        return []

    def upstreams(self) -> dict[str, str]:
        found = {name: d.settings().base_url for name, d in services().items() if name != "gateway"}
        return {**found, **self.settings.upstreams}

    def api(self) -> FastAPI:
        s = self.settings
        app = create_app(service="gateway", title="SIMPEG gateway", routers=[router],
                         verifier=self.verifier, readiness=self.readiness(), lifespan=lifespan,
                         description="The one entry point of SIMPEG's APIs.", openapi_url=None)
        openapi.install(app)
        portal.install(app)  # the web portal's static files at / (ADR 0025)
        if s.dev_idp:
            devidp.install(app, s.common)
        app.state.upstreams = self.upstreams()
        app.state.max_body_bytes = s.max_body_bytes
        app.state.max_body_bytes_per_context = s.max_body_bytes_per_context
        app.state.upstream_timeout = s.upstream_timeout
        app.add_middleware(RateLimitMiddleware,
                           per_user=Limiter(s.rate_per_user, s.burst_per_user),
                           per_ip=Limiter(s.rate_per_ip, s.burst_per_ip))
        app.add_middleware(CORSMiddleware, allow_origins=s.cors_origins, allow_credentials=False,
                           allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", "Idempotency-Key",
                                          "X-Request-ID", "If-Match"],
                           expose_headers=["X-Request-ID", "Retry-After", "Location", "ETag"],
                           max_age=600)
        return app


SERVICE = ServiceDefinition(name="gateway", settings=GatewaySettings, runtime=GatewayRuntime,
                            order=99)
