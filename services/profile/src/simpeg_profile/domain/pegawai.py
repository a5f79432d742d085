"""The Pegawai aggregate: one per NIP.

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from eventsourcing.domain import Aggregate, event

from simpeg_profile.domain.nip import JenisKelamin

#: Namespace of pegawai aggregate ids: uuid5(PEGAWAI_NAMESPACE, NIP).
PEGAWAI_NAMESPACE = uuid.UUID("0b7d1c52-8f3e-5a61-b9d4-2e6f7a8c1d30")


class Pegawai(Aggregate):
    """A civil servant (PNS, PPPK) or non-ASN staff member of one instansi."""

    @staticmethod
    def create_id(nip: str) -> uuid.UUID:
        return uuid.uuid5(PEGAWAI_NAMESPACE, nip)

    @event("Registered")
    def __init__(self, nip: str, nama: str, instansi_id: str, unit_id: str,
                 tanggal_lahir: dt.date, jenis_kelamin: str, tmt_cpns: dt.date) -> None:
        self.nip = nip
        self.nama = nama
        self.instansi_id = instansi_id
        self.unit_id = unit_id
        self.tanggal_lahir = tanggal_lahir
        self.jenis_kelamin = JenisKelamin(jenis_kelamin)
        self.tmt_cpns = tmt_cpns
