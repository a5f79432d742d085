"""Public event contracts: what one context tells the others.

A contract is a frozen pydantic model named ``<Fact>V<n>``. Within a version it may only grow
optional fields; a breaking change is a new ``V<n+1>`` beside the old one. Every contract is
registered by its CloudEvents ``type`` so a consumer can decode what it reads, and its JSON
schema is snapshotted under ``contracts/schemas/`` (checked by a test).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field

#: Namespace of deterministic event ids: uuid5(EVENT_NAMESPACE, "<originator id>:<version>").
EVENT_NAMESPACE = uuid.UUID("5f1d7a3e-2b8c-5d4e-9a61-3c0f2e7b9d10")


def event_id_for(originator_id: uuid.UUID | str, originator_version: int) -> uuid.UUID:
    """The id of the public event published for one stored domain event.

    Deterministic, so a relay that republishes (after a crash or an emptied broker) sends the
    same id again and every consumer recognises it.
    """
    return uuid.uuid5(EVENT_NAMESPACE, f"{originator_id}:{originator_version}")


class ContractEvent(BaseModel):
    """Base of every public event. Subclasses set ``context`` and ``version`` class variables."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    context: ClassVar[str]
    version: ClassVar[int]

    event_id: uuid.UUID = Field(description="Deterministic: uuid5 of originator id and version.")
    occurred_at: dt.datetime = Field(description="When the fact happened (timezone-aware).")
    nip: str | None = Field(None, description="NIP of the pegawai concerned, where there is one.")
    instansi_id: str = Field(description="The instansi the fact belongs to.")

    @classmethod
    def type_name(cls) -> str:
        """CloudEvents ``type``: ``id.simpeg.<context>.<Fact>`` with the version suffix."""
        return f"id.simpeg.{cls.context}.{cls.__name__}"

    @classmethod
    def topic(cls) -> str:
        return topic_for(cls.context, cls.version)

    def subject(self) -> str:
        return self.nip or str(self.event_id)


def topic_for(context: str, version: int = 1) -> str:
    return f"simpeg.{context}.v{version}"


_REGISTRY: dict[str, type[ContractEvent]] = {}

C = TypeVar("C", bound=type[ContractEvent])


def register(cls: C) -> C:
    """Class decorator: make a contract decodable by its type name."""
    name = cls.type_name()
    if name in _REGISTRY and _REGISTRY[name] is not cls:
        raise ValueError(f"contract type {name} registered twice")
    _REGISTRY[name] = cls
    return cls


def contract_for(type_name: str) -> type[ContractEvent] | None:
    _load_all()
    return _REGISTRY.get(type_name)


def all_contracts() -> dict[str, type[ContractEvent]]:
    _load_all()
    return dict(sorted(_REGISTRY.items()))


_LOADED = False


def _load_all() -> None:
    # Contracts live in one module per context (this package's modules, except ``compat``);
    # importing them registers them. A new context adds its module and nothing else. Once per
    # process: every decode asks.
    global _LOADED
    if _LOADED:
        return
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        if info.name != "compat" and not info.ispkg:
            importlib.import_module(f"{__name__}.{info.name}")
    _LOADED = True


def json_schema(cls: type[ContractEvent]) -> dict[str, Any]:
    schema = cls.model_json_schema()
    schema["x-simpeg-type"] = cls.type_name()
    schema["x-simpeg-topic"] = cls.topic()
    return schema
