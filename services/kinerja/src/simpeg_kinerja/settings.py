"""Settings of the kinerja service (``SIMPEG_KINERJA_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class KinerjaSettings(ServiceSettings):
    service_name: ClassVar[str] = "kinerja"
    default_port: ClassVar[int] = 8103
