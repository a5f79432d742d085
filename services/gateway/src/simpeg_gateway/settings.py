"""Settings of the gateway (``SIMPEG_GATEWAY_*``)."""

from typing import ClassVar

from pydantic import Field

from simpeg_shared.settings import ServiceSettings

MiB = 1024 * 1024


class GatewaySettings(ServiceSettings):
    service_name: ClassVar[str] = "gateway"
    default_port: ClassVar[int] = 8000

    upstreams: dict[str, str] = Field(
        default_factory=dict,
        description='Context -> base URL, e.g. {"profile": "http://profile-api:8080"}; contexts '
        "not listed are found from the installed services' own settings.",
    )
    max_body_bytes: int = Field(1 * MiB, ge=1024, description="Largest request body accepted "
                                "for a context without its own limit.")
    max_body_bytes_per_context: dict[str, int] = Field(
        default_factory=lambda: {"attendance": 3 * MiB, "profile": 3 * MiB, "surat": 11 * MiB},
        description="Larger limits where photos and evidence files are uploaded (the services "
        "refuse files over 2 MiB themselves; the rest is multipart overhead).")
    upstream_timeout: float = Field(30.0, gt=0)
    rate_per_user: float = Field(20.0, gt=0, description="Requests per second per user (token sub).")
    burst_per_user: int = Field(60, ge=1)
    rate_per_ip: float = Field(100.0, gt=0, description="Requests per second per client IP.")
    burst_per_ip: int = Field(300, ge=1)
    dev_idp: bool = Field(True, description="Serve the embedded dev identity provider at /auth "
                          "(false where Keycloak issues the tokens).")
    cors_origins: list[str] = Field(
        default_factory=lambda: ["http://localhost:8000", "http://127.0.0.1:8000"],
        description="Web origins allowed to call the APIs from a browser.")
