"""Settings of the profile service (``SIMPEG_PROFILE_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class ProfileSettings(ServiceSettings):
    service_name: ClassVar[str] = "profile"
    default_port: ClassVar[int] = 8101
