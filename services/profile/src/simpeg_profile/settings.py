"""Settings of the profile service (``SIMPEG_PROFILE_*``)."""

from typing import ClassVar

from pydantic import Field, SecretStr

from simpeg_shared.settings import ServiceSettings


class ProfileSettings(ServiceSettings):
    service_name: ClassVar[str] = "profile"
    default_port: ClassVar[int] = 8101

    cipher_key: SecretStr | None = Field(
        None, description="AES key (base64) encrypting profile's stored events: NIK, addresses, "
        "phones never rest in clear. Unset: a local dev key under var/dev-keys.")
    max_berkas_bytes: int = Field(2 * 1024 * 1024, ge=1024, le=50 * 1024 * 1024,
                                  description="Largest evidence file accepted")
