"""Settings of the tpp service (``SIMPEG_TPP_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class TppSettings(ServiceSettings):
    service_name: ClassVar[str] = "tpp"
    default_port: ClassVar[int] = 8107
