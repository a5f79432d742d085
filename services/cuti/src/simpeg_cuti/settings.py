"""Settings of the cuti service (``SIMPEG_CUTI_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class CutiSettings(ServiceSettings):
    service_name: ClassVar[str] = "cuti"
    default_port: ClassVar[int] = 8104
