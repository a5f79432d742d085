"""The organisation of one instansi: its tree of unit organisasi, its jabatan, and dated
Plt/Plh assignments. One aggregate per instansi.

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

INSTANSI_NAMESPACE = uuid.UUID("3c1f0e9a-7d42-5b8e-a0c6-9f2d4e6b8a17")


class Instansi(Aggregate):
    """A Pemda or ministry (instansi) with its unit tree, jabatan and acting officials."""

    @staticmethod
    def create_id(instansi_id: str) -> uuid.UUID:
        return uuid.uuid5(INSTANSI_NAMESPACE, instansi_id)

    @event("Registered")
    def __init__(self, instansi_id: str, nama: str, zona_waktu: str) -> None:
        self.instansi_id = instansi_id
        self.nama = nama
        self.zona_waktu = zona_waktu
        self.units: dict[str, dict[str, Any]] = {}
        self.jabatan: dict[str, dict[str, Any]] = {}
        self.plt: list[dict[str, Any]] = []

    @event("UnitAdded")
    def add_unit(self, unit_id: str, nama: str, induk_id: str | None, zona_waktu: str,
                 jadwal_kerja: str) -> None:
        self.units[unit_id] = {"unit_id": unit_id, "nama": nama, "induk_id": induk_id,
                               "zona_waktu": zona_waktu, "jadwal_kerja": jadwal_kerja}

    @event("JabatanAdded")
    def add_jabatan(self, jabatan_id: str, nama: str, kelas_jabatan: int, unit_id: str,
                    jenis: str) -> None:
        self.jabatan[jabatan_id] = {"jabatan_id": jabatan_id, "nama": nama,
                                    "kelas_jabatan": kelas_jabatan, "unit_id": unit_id,
                                    "jenis": jenis}

    def assign_plt(self, jabatan_id: str, nip: str, jenis: str, mulai: dt.date, selesai: dt.date,
                   nomor_sk: str | None) -> None:
        self._plt_assigned(jabatan_id=jabatan_id, nip=nip, jenis=jenis, mulai=mulai,
                           selesai=selesai, nomor_sk=nomor_sk, instansi_id=self.instansi_id)

    @event("PltAssigned")
    def _plt_assigned(self, jabatan_id: str, nip: str, jenis: str, mulai: dt.date,
                      selesai: dt.date, nomor_sk: str | None, instansi_id: str) -> None:
        self.plt.append({"jabatan_id": jabatan_id, "nip": nip, "jenis": jenis, "mulai": mulai,
                         "selesai": selesai, "nomor_sk": nomor_sk})

    def plt_on(self, jabatan_id: str, per: dt.date) -> dict[str, Any] | None:
        """Who acts for ``jabatan_id`` on ``per`` (Plh, standing in for an absent holder, wins
        over Plt for a vacancy when both are recorded for the day)."""
        found = [p for p in self.plt
                 if p["jabatan_id"] == jabatan_id and p["mulai"] <= per <= p["selesai"]]
        found.sort(key=lambda p: p["jenis"] != "PLH")
        return found[0] if found else None

    def overlapping_plt(self, jabatan_id: str, jenis: str, mulai: dt.date,
                        selesai: dt.date) -> dict[str, Any] | None:
        for p in self.plt:
            if (p["jabatan_id"] == jabatan_id and p["jenis"] == jenis
                    and p["mulai"] <= selesai and mulai <= p["selesai"]):
                return p
        return None
