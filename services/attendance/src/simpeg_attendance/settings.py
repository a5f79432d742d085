"""Settings of the attendance service (``SIMPEG_ATTENDANCE_*``)."""

from typing import ClassVar

from simpeg_shared.settings import ServiceSettings


class AttendanceSettings(ServiceSettings):
    service_name: ClassVar[str] = "attendance"
    default_port: ClassVar[int] = 8102
