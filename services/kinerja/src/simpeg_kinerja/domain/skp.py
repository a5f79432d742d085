"""SKP (sasaran kinerja pegawai): a pegawai's yearly plan of rencana hasil kerja with indicators
and targets, cascaded from the atasan's SKP, drafted by the pegawai and agreed by the atasan.

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import enum
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

SKP_NAMESPACE = uuid.UUID("6a2e9c14-3f7b-5d80-b1e4-8c5d0f2a7e93")


class StatusSkp(enum.StrEnum):
    DRAFT = "DRAFT"
    DISETUJUI = "DISETUJUI"


class Skp(Aggregate):
    @staticmethod
    def create_id(nip: str, tahun: int) -> uuid.UUID:
        return uuid.uuid5(SKP_NAMESPACE, f"{nip}:{tahun}")

    @event("Drafted")
    def __init__(self, nip: str, tahun: int, instansi_id: str, items: list[dict[str, Any]]) -> None:
        self.nip = nip
        self.tahun = tahun
        self.instansi_id = instansi_id
        self.items = [dict(i) for i in items]
        self.status = StatusSkp.DRAFT
        self.nip_penyetuju: str | None = None

    def item_ids(self) -> set[str]:
        return {i["item_id"] for i in self.items}

    @event("Revised")
    def revise(self, items: list[dict[str, Any]]) -> None:
        self.items = [dict(i) for i in items]

    def agree(self, nip_penyetuju: str) -> None:
        self._agreed(nip_penyetuju=nip_penyetuju, nip=self.nip, instansi_id=self.instansi_id,
                     tahun=self.tahun, jumlah_item=len(self.items))

    @event("Agreed")
    def _agreed(self, nip_penyetuju: str, nip: str, instansi_id: str, tahun: int,
                jumlah_item: int) -> None:
        self.status = StatusSkp.DISETUJUI
        self.nip_penyetuju = nip_penyetuju
