"""Settings of the monitoring service (``SIMPEG_MONITORING_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class MonitoringSettings(ServiceSettings):
    service_name: ClassVar[str] = "monitoring"
    default_port: ClassVar[int] = 8108
