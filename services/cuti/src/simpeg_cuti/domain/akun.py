"""A pegawai's leave account (akun cuti): the cuti tahunan ledger per year, every movement with
its source, the days the official postponed, and an index of the pegawai's requests (for
overlaps, pending days and the cuti besar rule). One aggregate per pegawai, saved together with
the request it changes, so the balance and the requests never disagree.

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from simpeg_cuti.domain.cuti import DIAMBIL, TERBUKA

AKUN_NAMESPACE = uuid.UUID("3f1c8a52-7d4e-5b96-a0c2-e81f4d6b7a09")

#: Kinds of movement (kategori) in the ledger.
HAK, BAWA, PAKAI, PULIH = "HAK", "BAWA", "PAKAI", "PULIH"
HAPUS, PULIH_HAPUS, KOREKSI = "HAPUS", "PULIH_HAPUS", "KOREKSI"


class AkunCuti(Aggregate):
    @staticmethod
    def create_id(nip: str) -> uuid.UUID:
        return uuid.uuid5(AKUN_NAMESPACE, nip)

    @event("Dibuka")
    def __init__(self, nip: str, instansi_id: str) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.buku: dict[int, dict[str, Any]] = {}   # tahun -> saldo, hak, bawa, dipakai, ...
        self.mutasi: list[dict[str, Any]] = []
        self.cuti: dict[str, dict[str, Any]] = {}   # str(cuti_id) -> jenis, dates, days, status

    @event("InstansiBerubah")
    def pindah(self, instansi_id: str) -> None:
        """The pegawai moved to another instansi (pindah instansi): later movements are theirs."""
        self.instansi_id = instansi_id

    # -- the ledger ---------------------------------------------------------------------------
    def dibuka(self, tahun: int) -> bool:
        return tahun in self.buku

    def saldo(self, tahun: int) -> int:
        return self.buku[tahun]["saldo"] if tahun in self.buku else 0

    def gerak(self, tahun: int, perubahan: int, kategori: str, sumber: str, keterangan: str,
              tanggal: dt.date) -> None:
        if tahun not in self.buku and kategori != HAK:
            raise ValueError(f"the ledger of {tahun} is not open")
        self._bergerak(tahun=tahun, perubahan=perubahan, saldo=self.saldo(tahun) + perubahan,
                       kategori=kategori, sumber=sumber, keterangan=keterangan, tanggal=tanggal,
                       nip=self.nip, instansi_id=self.instansi_id)

    @event("SaldoBergerak")
    def _bergerak(self, tahun: int, perubahan: int, saldo: int, kategori: str, sumber: str,
                  keterangan: str, tanggal: dt.date, nip: str, instansi_id: str) -> None:
        buku = self.buku.setdefault(tahun, {"saldo": 0, "hak": 0, "bawa": 0, "dipakai": 0,
                                            "tangguhan": 0, "hapus": {}})
        buku["saldo"] = saldo
        if kategori == HAK:
            buku["hak"] += perubahan
        elif kategori == BAWA:
            buku["bawa"] += perubahan
        elif kategori in (PAKAI, PULIH):
            buku["dipakai"] -= perubahan
        elif kategori == HAPUS:  # cuti besar removed the year's tahunan; kept to restore it
            buku["hapus"][sumber.split(":", 1)[1]] = -perubahan
        elif kategori == PULIH_HAPUS:
            buku["hapus"].pop(sumber.split(":", 1)[1], None)
        self.mutasi.append({"tahun": tahun, "perubahan": perubahan, "saldo": saldo,
                            "kategori": kategori, "sumber": sumber, "keterangan": keterangan,
                            "tanggal": tanggal})

    @event("Ditangguhkan")
    def tangguhkan(self, tahun: int, hari: int, cuti_id: str) -> None:
        """The official postponed ``hari`` days of cuti tahunan: they carry over in full."""
        self.buku[tahun]["tangguhan"] += hari

    def mutasi_tahun(self, tahun: int) -> list[dict[str, Any]]:
        return [m for m in self.mutasi if m["tahun"] == tahun]

    # -- the index of requests ------------------------------------------------------------------
    @event("CutiDicatat")
    def catat(self, cuti_id: str, jenis: str, mulai: dt.date, selesai: dt.date, hari_kerja: int,
              status: str) -> None:
        self.cuti[cuti_id] = {"jenis": jenis, "mulai": mulai, "selesai": selesai,
                              "hari_kerja": hari_kerja, "status": status}

    def tumpang_tindih(self, mulai: dt.date, selesai: dt.date, kecuali: str | None = None
                       ) -> tuple[str, dict[str, Any]] | None:
        """A live request (open or taken) sharing a day with ``mulai``..``selesai``."""
        for cuti_id, c in self.cuti.items():
            if cuti_id != kecuali and c["status"] in (*TERBUKA, *DIAMBIL) \
                    and c["mulai"] <= selesai and mulai <= c["selesai"]:
                return cuti_id, c
        return None

    def awal_rangkaian(self, jenis: str, mulai: dt.date, kecuali: str | None = None) -> dt.date:
        """The first day of the run of live leave of ``jenis`` that a leave from ``mulai``
        continues without a gap (``mulai`` itself when it continues none): an extension."""
        awal = mulai
        while True:
            before = [c for cid, c in self.cuti.items()
                      if cid != kecuali and c["jenis"] == jenis and c["status"] in (*TERBUKA, *DIAMBIL)
                      and c["selesai"] == awal - dt.timedelta(days=1)]
            if not before:
                return awal
            awal = before[0]["mulai"]

    def tertunda(self, tahun: int, kecuali: str | None = None) -> int:
        """Days of cuti tahunan of ``tahun`` requested and not yet decided."""
        return sum(c["hari_kerja"] for cid, c in self.cuti.items()
                   if cid != kecuali and c["jenis"] == "TAHUNAN" and c["status"] in TERBUKA
                   and c["mulai"].year == tahun)

    def besar_pada(self, tahun: int) -> str | None:
        """The taken cuti besar starting in ``tahun``, if any."""
        for cuti_id, c in self.cuti.items():
            if c["jenis"] == "BESAR" and c["status"] in DIAMBIL and c["mulai"].year == tahun:
                return cuti_id
        return None
