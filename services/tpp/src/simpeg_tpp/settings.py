"""Settings of the tpp service (``SIMPEG_TPP_*``)."""

from typing import ClassVar

from pydantic import Field

from simpeg_shared.settings import ServiceSettings


class TppSettings(ServiceSettings):
    service_name: ClassVar[str] = "tpp"
    default_port: ClassVar[int] = 8107

    consumer_group: str = Field("tpp", min_length=1, max_length=100,
                                description="faust app id = Kafka consumer group of the worker.")
