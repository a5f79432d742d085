"""Settings of the surat service (``SIMPEG_SURAT_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class SuratSettings(ServiceSettings):
    service_name: ClassVar[str] = "surat"
    default_port: ClassVar[int] = 8106
