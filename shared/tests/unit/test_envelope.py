import datetime as dt
import uuid

import pytest

from simpeg_shared import envelope
from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts.profile import PegawaiRegisteredV1


def _event(**kw: object) -> PegawaiRegisteredV1:
    data = dict(event_id=event_id_for(uuid.uuid4(), 1), occurred_at=dt.datetime(2026, 1, 5, 1, 30, tzinfo=dt.UTC),
                nip="198503152010011001", nama="Budi", instansi_id="pemkot-bandung", unit_id="dinkes")
    data.update(kw)
    return PegawaiRegisteredV1(**data)


def test_event_ids_are_deterministic_per_originator_and_version() -> None:
    oid = uuid.uuid4()
    assert event_id_for(oid, 3) == event_id_for(str(oid), 3)
    assert event_id_for(oid, 3) != event_id_for(oid, 4)
    assert event_id_for(oid, 1) != event_id_for(uuid.uuid4(), 1)


def test_a_record_carries_cloudevents_binary_headers_keyed_by_nip() -> None:
    event = _event()
    rec = envelope.encode(event)
    headers = envelope.header_map(rec.headers)
    assert rec.topic == "simpeg.profile.v1"
    assert rec.key == b"198503152010011001"
    assert headers["ce_specversion"] == "1.0"
    assert headers["ce_id"] == str(event.event_id)
    assert headers["ce_type"] == "id.simpeg.profile.PegawaiRegisteredV1"
    assert headers["ce_source"] == "/simpeg/profile"
    assert headers["ce_subject"] == event.nip
    assert headers["ce_instansi"] == "pemkot-bandung"
    assert dt.datetime.fromisoformat(headers["ce_time"]) == event.occurred_at
    assert envelope.decode(rec.headers, rec.value) == event


def test_an_unknown_type_decodes_to_none_so_newer_producers_do_not_stop_consumers() -> None:
    rec = envelope.encode(_event())
    headers = [(k, b"id.simpeg.profile.SomethingNewV1" if k == "ce_type" else v) for k, v in rec.headers]
    assert envelope.decode(headers, rec.value) is None


@pytest.mark.parametrize("mangle", ["no-headers", "bad-json", "id-mismatch", "bad-field"])
def test_a_broken_record_is_an_envelope_error(mangle: str) -> None:
    rec = envelope.encode(_event())
    headers, value = list(rec.headers), rec.value
    if mangle == "no-headers":
        headers = []
    elif mangle == "bad-json":
        value = b"{not json"
    elif mangle == "id-mismatch":
        headers = [(k, str(uuid.uuid4()).encode() if k == "ce_id" else v) for k, v in headers]
    else:
        value = value.replace(b'"198503152010011001"', b'"12345"')
    with pytest.raises(envelope.EnvelopeError):
        envelope.decode(headers, value)


def test_contracts_are_frozen_and_reject_unknown_fields() -> None:
    event = _event()
    with pytest.raises(ValueError):
        event.nama = "other"  # type: ignore[misc]
    with pytest.raises(ValueError):
        _event(gaji=1)
