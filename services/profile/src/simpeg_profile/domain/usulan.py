"""UsulanPerubahan: a pegawai's own request to change their record (pemutakhiran data mandiri),
checked by a verifikator and approved by an official with authority.

DIAJUKAN --verify--> DIVERIFIKASI --approve--> DISETUJUI
    \\--return (reason)--> DIKEMBALIKAN --resubmit--> DIAJUKAN   (return also from DIVERIFIKASI)

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import enum
from typing import Any

from eventsourcing.domain import Aggregate, event


class StatusUsulan(enum.StrEnum):
    DIAJUKAN = "DIAJUKAN"
    DIVERIFIKASI = "DIVERIFIKASI"
    DIKEMBALIKAN = "DIKEMBALIKAN"
    DISETUJUI = "DISETUJUI"


class UsulanPerubahan(Aggregate):
    @event("Submitted")
    def __init__(self, nip: str, instansi_id: str, jenis: str, perubahan: dict[str, Any],
                 berkas: list[str]) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.jenis = jenis
        self.perubahan = dict(perubahan)
        self.berkas = list(berkas)
        self.status = StatusUsulan.DIAJUKAN
        self.langkah: list[dict[str, Any]] = [{"status": self.status.value, "oleh": nip}]

    def _step(self, status: StatusUsulan, oleh: str, **extra: Any) -> None:
        self.status = status
        self.langkah.append({"status": status.value, "oleh": oleh, **extra})

    def _about(self) -> dict[str, str]:
        """Facts every event carries so its public contract needs nothing else."""
        return {"nip": self.nip, "instansi_id": self.instansi_id, "jenis": self.jenis}

    def verify(self, nip_verifikator: str, catatan: str | None) -> None:
        self._verified(nip_verifikator=nip_verifikator, catatan=catatan, **self._about())

    @event("Verified")
    def _verified(self, nip_verifikator: str, catatan: str | None, nip: str, instansi_id: str,
                  jenis: str) -> None:
        self._step(StatusUsulan.DIVERIFIKASI, nip_verifikator, catatan=catatan)

    def return_(self, nip_pengembali: str, alasan: str) -> None:
        self._returned(nip_pengembali=nip_pengembali, alasan=alasan, **self._about())

    @event("Returned")
    def _returned(self, nip_pengembali: str, alasan: str, nip: str, instansi_id: str,
                  jenis: str) -> None:
        self._step(StatusUsulan.DIKEMBALIKAN, nip_pengembali, alasan=alasan)

    def resubmit(self, perubahan: dict[str, Any], berkas: list[str]) -> None:
        self._resubmitted(perubahan=perubahan, berkas=berkas, **self._about())

    @event("Resubmitted")
    def _resubmitted(self, perubahan: dict[str, Any], berkas: list[str], nip: str,
                     instansi_id: str, jenis: str) -> None:
        self.perubahan = dict(perubahan)
        self.berkas = list(berkas)
        self._step(StatusUsulan.DIAJUKAN, self.nip)

    def approve(self, nip_penyetuju: str) -> None:
        self._approved(nip_penyetuju=nip_penyetuju, **self._about())

    @event("Approved")
    def _approved(self, nip_penyetuju: str, nip: str, instansi_id: str, jenis: str) -> None:
        self._step(StatusUsulan.DISETUJUI, nip_penyetuju)
