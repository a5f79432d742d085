"""Settings of the monitoring service (``SIMPEG_MONITORING_*``)."""

from typing import ClassVar

from pydantic import Field

from simpeg_shared.settings import ServiceSettings


class MonitoringSettings(ServiceSettings):
    service_name: ClassVar[str] = "monitoring"
    default_port: ClassVar[int] = 8108

    stream_interval: float = Field(0.25, gt=0, le=10, description="Seconds between the live "
                                   "stream's looks at the read model (the dashboard's delay).")
