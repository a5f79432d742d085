"""The Kafka envelope: CloudEvents 1.0, Kafka protocol binding, binary content mode.

Attributes travel as ``ce_*`` headers (plus the ``instansi`` extension), the value is the JSON
of the contract, the key is the NIP (per-pegawai order) or the subject.
"""

from __future__ import annotations

from dataclasses import dataclass

from simpeg_shared.contracts import ContractEvent, contract_for

SPECVERSION = "1.0"
SOURCE_PREFIX = "/simpeg/"
CONTENT_TYPE = "application/json"


class EnvelopeError(ValueError):
    """A record that is not a SIMPEG CloudEvent or whose data does not match its contract."""


@dataclass(frozen=True)
class KafkaRecord:
    topic: str
    key: bytes
    value: bytes
    headers: list[tuple[str, bytes]]


def encode(event: ContractEvent) -> KafkaRecord:
    headers = [
        ("ce_specversion", SPECVERSION.encode()),
        ("ce_id", str(event.event_id).encode()),
        ("ce_type", event.type_name().encode()),
        ("ce_source", (SOURCE_PREFIX + event.context).encode()),
        ("ce_subject", event.subject().encode()),
        ("ce_time", event.occurred_at.isoformat().encode()),
        ("ce_instansi", event.instansi_id.encode()),
        ("content-type", CONTENT_TYPE.encode()),
    ]
    return KafkaRecord(
        topic=event.topic(),
        key=event.subject().encode(),
        value=event.model_dump_json().encode(),
        headers=headers,
    )


def header_map(headers: list[tuple[str, bytes]] | tuple[tuple[str, bytes], ...]) -> dict[str, str]:
    return {k: (v.decode() if isinstance(v, bytes | bytearray) else str(v)) for k, v in headers}


def decode(headers: list[tuple[str, bytes]] | tuple[tuple[str, bytes], ...], value: bytes) -> ContractEvent | None:
    """The contract event in a record; ``None`` for a type this build does not know (a newer
    producer's event), :class:`EnvelopeError` for a record that is broken."""
    attrs = header_map(headers)
    if attrs.get("ce_specversion") != SPECVERSION or "ce_type" not in attrs or "ce_id" not in attrs:
        raise EnvelopeError("record has no CloudEvents 1.0 binary-mode headers")
    cls = contract_for(attrs["ce_type"])
    if cls is None:
        return None
    try:
        event = cls.model_validate_json(value)
    except ValueError as exc:
        raise EnvelopeError(f"{attrs['ce_type']}: {exc}") from exc
    if str(event.event_id) != attrs["ce_id"]:
        raise EnvelopeError("ce_id header and data event_id differ")
    return event
