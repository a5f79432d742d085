"""Settings of the attendance service (``SIMPEG_ATTENDANCE_*``)."""

from typing import ClassVar

from pydantic import Field, SecretStr

from simpeg_shared.settings import ServiceSettings


class AttendanceSettings(ServiceSettings):
    service_name: ClassVar[str] = "attendance"
    default_port: ClassVar[int] = 8102

    cipher_key: SecretStr | None = Field(
        None, description="AES key (base64) encrypting attendance's stored events: coordinates "
        "(a WFH assignment holds a home), device and photo hashes. Unset: a local dev key under "
        "var/dev-keys.")
    max_foto_bytes: int = Field(2 * 1024 * 1024, ge=16 * 1024, le=20 * 1024 * 1024,
                                description="Largest check-in photo accepted (JPEG).")
    jendela_offline_jam: float = Field(
        24, gt=0, le=24 * 14,
        description="An offline capture is accepted this many hours after it was taken.")
    penutupan_interval_detik: float = Field(
        60, gt=0, le=3600, description="How often the worker looks for days to close.")
    penutupan_batch: int = Field(500, ge=1, le=5000,
                                 description="Day aggregates saved per transaction when closing.")
