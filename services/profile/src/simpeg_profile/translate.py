"""Private domain events of profile -> public contracts on ``simpeg.profile.v1``."""

from __future__ import annotations

from typing import Any

from simpeg_profile.domain.pegawai import Pegawai
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts.profile import PegawaiRegisteredV1


def translate(event: Any) -> ContractEvent | None:
    if isinstance(event, Pegawai.Registered):
        return PegawaiRegisteredV1(
            event_id=event_id_for(event.originator_id, event.originator_version),
            occurred_at=event.timestamp,
            nip=event.nip,
            nama=event.nama,
            instansi_id=event.instansi_id,
            unit_id=event.unit_id,
        )
    return None
