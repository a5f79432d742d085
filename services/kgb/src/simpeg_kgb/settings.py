"""Settings of the KGB service (``SIMPEG_KGB_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class KgbSettings(ServiceSettings):
    service_name: ClassVar[str] = "kgb"
    default_port: ClassVar[int] = 8105
