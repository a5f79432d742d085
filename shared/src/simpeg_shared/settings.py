"""Settings: the only place SIMPEG reads the environment.

Shared keys use the ``SIMPEG_`` prefix (``SIMPEG_KAFKA_BOOTSTRAP``); per-service keys use
``SIMPEG_<SERVICE>_`` (``SIMPEG_PROFILE_DATABASE_URL``) so one process — the CLI's ``replay``, the
embedded suite — can hold the settings of several services at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class CommonSettings(BaseSettings):
    """Settings every SIMPEG process shares."""

    model_config = SettingsConfigDict(env_prefix="SIMPEG_", extra="ignore")

    var_dir: Path = Field(Path("var"), description="Local state: SQLite files, dev keys, objects.")
    kafka_bootstrap: str = Field("127.0.0.1:9092", description="Kafka bootstrap servers.")
    kafka_partitions: int = Field(3, ge=1, description="Partitions of topics a relay creates.")
    kafka_replication: int = Field(1, ge=1, description="Replication of topics a relay creates.")
    broker_session_timeout_ms: int = Field(
        6000, ge=1000, description="Consumer-group session timeout (short: see ADR 0005)."
    )
    jwt_issuer: str = Field("simpeg-dev", description="The only token issuer services trust.")
    jwt_audience: str = Field("simpeg", description="Audience every token must carry.")
    jwks_url: str | None = Field(None, description="JWKS of the issuer (production).")
    jwks_file: Path | None = Field(None, description="JWKS file (embedded default and tests).")
    master_key: SecretStr | None = Field(
        None, description="Base64 AES-256 key wrapping every per-pegawai key (crypto-shredding, "
        "simpeg_shared.kunci). Unset: the embedded default makes one under var/dev-keys.")
    log_level: str = "INFO"
    log_json: bool = True


class ServiceSettings(BaseSettings):
    """Settings of one service; subclasses set ``service_name`` and ``default_port``."""

    service_name: ClassVar[str] = ""
    default_port: ClassVar[int] = 0

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str | None = Field(
        None, description="postgresql://user:pw@host:port/db or sqlite:///path; default var/NAME.sqlite3"
    )
    http_host: str = "127.0.0.1"
    http_port: int | None = None
    metrics_port: int | None = Field(
        None, ge=1, le=65535,
        description="Serve /metrics on this port in the relay and worker roles (the api role "
        "serves it on its own port); unset: not served.")
    relay_batch_size: int = Field(500, ge=1, le=10_000)
    relay_poll_interval: float = Field(0.05, gt=0, le=10)
    relay_crash_after_batches: int | None = Field(
        None,
        description="Fault injection for tests: exit the process after producing batch N and "
        "before storing its position, as a kill -9 would.",
    )
    common: CommonSettings = Field(default_factory=CommonSettings)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.service_name:
            cls.model_config = SettingsConfigDict(
                env_prefix=f"SIMPEG_{cls.service_name.upper()}_", extra="ignore"
            )

    @property
    def port(self) -> int:
        return self.http_port or self.default_port

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.common.var_dir / (self.service_name + '.sqlite3')}"

    @property
    def base_url(self) -> str:
        return f"http://{self.http_host}:{self.port}"
