"""Settings of the gateway (``SIMPEG_GATEWAY_*``)."""

from typing import ClassVar

from pydantic import Field

from simpeg_shared.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    service_name: ClassVar[str] = "gateway"
    default_port: ClassVar[int] = 8000

    upstreams: dict[str, str] = Field(
        default_factory=dict,
        description='Context -> base URL, e.g. {"profile": "http://profile-api:8080"}; contexts '
        "not listed are found from the installed services' own settings.",
    )
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Largest request body accepted.")
    upstream_timeout: float = Field(30.0, gt=0)
