"""Aggregates of the attendance context.

- ``UnitKerja``: a unit's attendance configuration (time zone, schedule history, locations).
- ``PegawaiPresensi``: one pegawai's dated assignments (WFH, WFA, dinas luar, shifts) and the
  trace risk scoring needs (the previous check-in, the devices used).
- ``CheckIn``: one check-in or check-out, its decision and risk, and its review.
- ``FotoPresensi``: a photo hash seen once; its existence makes a second use a signal.
- ``HariKerja``: one pegawai's closed working day and its corrections (revisi).
- ``TandaDisiplin``: one threshold of the discipline ladder reached (a flag, never a sanction).

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

NS = uuid.UUID("3b0f6c52-8e1d-5a47-9c2e-6d4a1f7b0e93")


class UnitKerja(Aggregate):
    @staticmethod
    def create_id(instansi_id: str, unit_id: str) -> uuid.UUID:
        # unit ids are the instansi's own ("setda"): unique only within one instansi
        return uuid.uuid5(NS, f"unit:{instansi_id}:{unit_id}")

    @event("Configured")
    def __init__(self, unit_id: str, instansi_id: str, zona_waktu: str, jadwal: str,
                 berlaku_mulai: dt.date) -> None:
        self.unit_id = unit_id
        self.instansi_id = instansi_id
        self.zona_waktu = zona_waktu
        self.aktif_mulai = berlaku_mulai
        self.riwayat_jadwal: list[tuple[dt.date, str]] = [(berlaku_mulai, jadwal)]
        self.lokasi: dict[str, dict[str, Any]] = {}

    @event("Reconfigured")
    def reconfigure(self, zona_waktu: str, jadwal: str, berlaku_mulai: dt.date) -> None:
        self.zona_waktu = zona_waktu
        kept = [(d, k) for d, k in self.riwayat_jadwal if d != berlaku_mulai]
        self.riwayat_jadwal = sorted([*kept, (berlaku_mulai, jadwal)])
        self.aktif_mulai = min(self.aktif_mulai, berlaku_mulai)

    @event("LokasiSet")
    def set_lokasi(self, lokasi_id: str, nama: str, bentuk: dict[str, Any]) -> None:
        self.lokasi[lokasi_id] = {"nama": nama, "bentuk": bentuk}

    @event("LokasiRemoved")
    def remove_lokasi(self, lokasi_id: str) -> None:
        self.lokasi.pop(lokasi_id, None)

    def jadwal_pada(self, tanggal: dt.date) -> str | None:
        berlaku = [k for d, k in self.riwayat_jadwal if d <= tanggal]
        return berlaku[-1] if berlaku else None


class PegawaiPresensi(Aggregate):
    @staticmethod
    def create_id(nip: str) -> uuid.UUID:
        return uuid.uuid5(NS, f"pegawai:{nip}")

    @event("Started")
    def __init__(self, nip: str) -> None:
        self.nip = nip
        self.penugasan: dict[str, dict[str, Any]] = {}
        self.perangkat: list[str] = []
        self.terakhir: dict[str, Any] | None = None

    @event("PenugasanAdded")
    def tambah_penugasan(self, nip: str, penugasan_id: str, jenis: str, mulai: dt.date,
                         selesai: dt.date,
                         lokasi: dict[str, Any] | None, shift: str | None,
                         keterangan: str | None, instansi_id: str) -> None:
        self.penugasan[penugasan_id] = {"penugasan_id": penugasan_id, "jenis": jenis,
                                        "mulai": mulai, "selesai": selesai, "lokasi": lokasi,
                                        "shift": shift, "keterangan": keterangan}

    @event("PenugasanCancelled")
    def batalkan_penugasan(self, penugasan_id: str, alasan: str) -> None:
        self.penugasan.pop(penugasan_id, None)

    @event("Traced")
    def jejak(self, checkin_id: uuid.UUID, waktu: dt.datetime, lat: float, lon: float,
              perangkat: str) -> None:
        """The latest check-in by time (an offline capture older than the last one does not
        replace it) and the devices used."""
        if self.terakhir is None or waktu >= self.terakhir["waktu"]:
            self.terakhir = {"checkin_id": checkin_id, "waktu": waktu, "lat": lat, "lon": lon}
        if perangkat not in self.perangkat:
            self.perangkat.append(perangkat)

    def penugasan_pada(self, tanggal: dt.date) -> list[dict[str, Any]]:
        return [p for p in self.penugasan.values() if p["mulai"] <= tanggal <= p["selesai"]]


class CheckIn(Aggregate):
    @staticmethod
    def create_id(checkin_id: uuid.UUID) -> uuid.UUID:
        return checkin_id

    @event("Recorded")
    def __init__(self, checkin_id: uuid.UUID, nip: str, instansi_id: str, unit_id: str,
                 zona_waktu: str, jenis: str, waktu: dt.datetime, tanggal: dt.date,
                 lokasi_id: str | None, jarak_meter: float | None, menit_terlambat: int | None,
                 menit_pulang_cepat: int | None, offline: bool, diterima_pada: dt.datetime,
                 waktu_ponsel: dt.datetime, waktu_ambil: dt.datetime | None, lat: float,
                 lon: float, akurasi_m: float, lokasi_palsu: bool, perangkat: str,
                 foto_sha256: str, skor_risiko: int, alasan_risiko: list[str],
                 aturan_risiko: str, status: str) -> None:
        self.checkin_id = checkin_id
        self.nip = nip
        self.instansi_id = instansi_id
        self.unit_id = unit_id
        self.zona_waktu = zona_waktu
        self.jenis = jenis
        self.waktu = waktu
        self.tanggal = tanggal
        self.lokasi_id = lokasi_id
        self.jarak_meter = jarak_meter
        self.menit_terlambat = menit_terlambat
        self.menit_pulang_cepat = menit_pulang_cepat
        self.offline = offline
        self.status = status
        self.skor_risiko = skor_risiko
        self.alasan_risiko = list(alasan_risiko)
        self.review: dict[str, Any] | None = None

    @event("Reviewed")
    def tinjau(self, nip: str, instansi_id: str, tanggal: dt.date, keputusan: str, alasan: str,
               nip_peninjau: str) -> None:
        self.status = keputusan
        self.review = {"keputusan": keputusan, "alasan": alasan, "nip_peninjau": nip_peninjau}


class FotoPresensi(Aggregate):
    """A check-in photo's SHA-256, first seen. Only the hash; the photo is in object storage."""

    @staticmethod
    def create_id(sha256: str) -> uuid.UUID:
        return uuid.uuid5(NS, f"foto:{sha256}")

    @event("FirstUsed")
    def __init__(self, sha256: str, checkin_id: uuid.UUID) -> None:
        self.sha256 = sha256
        self.checkin_id = checkin_id


class HariKerja(Aggregate):
    @staticmethod
    def create_id(nip: str, tanggal: dt.date) -> uuid.UUID:
        return uuid.uuid5(NS, f"hari:{nip}:{tanggal.isoformat()}")

    @event("Closed")
    def __init__(self, nip: str, instansi_id: str, unit_id: str, zona_waktu: str,
                 tanggal: dt.date, jadwal: str, status: str, tl: str | None, psw: str | None,
                 menit_terlambat: int, menit_pulang_cepat: int,
                 checkin_ids: list[uuid.UUID]) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.unit_id = unit_id
        self.zona_waktu = zona_waktu
        self.tanggal = tanggal
        self._apply(jadwal, status, tl, psw, menit_terlambat, menit_pulang_cepat, checkin_ids)
        self.revisi = 1

    def _apply(self, jadwal: str, status: str, tl: str | None, psw: str | None,
               menit_terlambat: int, menit_pulang_cepat: int, checkin_ids: list[uuid.UUID]) -> None:
        self.jadwal = jadwal
        self.status = status
        self.tl = tl
        self.psw = psw
        self.menit_terlambat = menit_terlambat
        self.menit_pulang_cepat = menit_pulang_cepat
        self.checkin_ids = list(checkin_ids)

    def nilai(self) -> tuple[Any, ...]:
        return (self.status, self.tl, self.psw, self.menit_terlambat, self.menit_pulang_cepat,
                tuple(self.checkin_ids))

    def correct(self, jadwal: str, status: str, tl: str | None, psw: str | None,
                menit_terlambat: int, menit_pulang_cepat: int, checkin_ids: list[uuid.UUID],
                alasan: str, sumber: str) -> None:
        self._corrected(nip=self.nip, instansi_id=self.instansi_id, unit_id=self.unit_id,
                        zona_waktu=self.zona_waktu, tanggal=self.tanggal, jadwal=jadwal,
                        status=status, tl=tl, psw=psw, menit_terlambat=menit_terlambat,
                        menit_pulang_cepat=menit_pulang_cepat, checkin_ids=checkin_ids,
                        revisi=self.revisi + 1, alasan=alasan, sumber=sumber)

    @event("Corrected")
    def _corrected(self, nip: str, instansi_id: str, unit_id: str, zona_waktu: str,
                   tanggal: dt.date, jadwal: str, status: str, tl: str | None, psw: str | None,
                   menit_terlambat: int, menit_pulang_cepat: int, checkin_ids: list[uuid.UUID],
                   revisi: int, alasan: str, sumber: str) -> None:
        self._apply(jadwal, status, tl, psw, menit_terlambat, menit_pulang_cepat, checkin_ids)
        self.revisi = revisi


class TandaDisiplin(Aggregate):
    """A step of the PP 94/2021 ladder reached; created once per (pegawai, year, kind, step,
    and for consecutive days the first day of the run)."""

    @staticmethod
    def create_id(nip: str, tahun: int, jenis: str, ambang: int, mulai: dt.date | None) -> uuid.UUID:
        return uuid.uuid5(NS, f"disiplin:{nip}:{tahun}:{jenis}:{ambang}:{mulai}")

    @event("Reached")
    def __init__(self, nip: str, instansi_id: str, tahun: int, tanggal: dt.date, jenis: str,
                 jumlah_hari: int, ambang: int, keterangan: str, aturan: str,
                 mulai: dt.date | None) -> None:
        self.nip = nip
        self.tahun = tahun
        self.jenis = jenis
        self.ambang = ambang
