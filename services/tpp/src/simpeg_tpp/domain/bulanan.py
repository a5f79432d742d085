"""A pegawai's TPP month once the admin closed it, and the instansi's closing calendar.

A closed month is fixed (``Ditetapkan``); later facts and accepted objections are corrections
(``Dikoreksi``) paid in a later payroll, never a rewrite. Module path and class names are stored in
every event's topic: do not move or rename them.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

TPP_NAMESPACE = uuid.UUID("0b6c2f4e-8a1d-5e37-9c42-6d1f3a7b8e25")


class TppBulanan(Aggregate):
    """One pegawai's TPP for one month: what was fixed at closing, its corrections, objections."""

    @staticmethod
    def create_id(nip: str, tahun: int, bulan: int) -> uuid.UUID:
        return uuid.uuid5(TPP_NAMESPACE, f"bulanan:{nip}:{tahun}:{bulan}")

    @event("Ditetapkan")
    def __init__(self, nip: str, instansi_id: str, unit_id: str, tahun: int, bulan: int,
                 masukan: dict[str, Any], hasil: dict[str, Any]) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.unit_id = unit_id
        self.tahun = tahun
        self.bulan = bulan
        self.masukan = masukan
        self.hasil = hasil
        self.koreksi: list[dict[str, Any]] = []
        self.keberatan: dict[str, dict[str, Any]] = {}
        self.pengecualian: list[str] = []

    @property
    def berlaku(self) -> dict[str, Any]:
        """The month's result as it stands now: the last correction, else the closing."""
        return self.koreksi[-1]["hasil"] if self.koreksi else self.hasil

    @property
    def masukan_berlaku(self) -> dict[str, Any]:
        return self.koreksi[-1]["masukan"] if self.koreksi else self.masukan

    def keberatan_terbuka(self) -> str | None:
        for kid, k in self.keberatan.items():
            if k["keputusan"] is None:
                return kid
        return None

    def _identitas(self) -> dict[str, Any]:
        return {"nip": self.nip, "instansi_id": self.instansi_id, "unit_id": self.unit_id,
                "tahun": self.tahun, "bulan": self.bulan}

    def koreksikan(self, masukan: dict[str, Any], hasil: dict[str, Any], dibayar_tahun: int,
                   dibayar_bulan: int, sebab: str, keberatan_id: str | None) -> None:
        self._dikoreksi(**self._identitas(), koreksi_ke=len(self.koreksi) + 1,
                        total_sebelumnya=self.berlaku["total"], masukan=masukan, hasil=hasil,
                        dibayar_tahun=dibayar_tahun, dibayar_bulan=dibayar_bulan, sebab=sebab,
                        keberatan_id=keberatan_id)

    @event("Dikoreksi")
    def _dikoreksi(self, nip: str, instansi_id: str, unit_id: str, tahun: int, bulan: int,
                   koreksi_ke: int, total_sebelumnya: int, masukan: dict[str, Any],
                   hasil: dict[str, Any], dibayar_tahun: int, dibayar_bulan: int, sebab: str,
                   keberatan_id: str | None) -> None:
        self.koreksi.append({"koreksi_ke": koreksi_ke, "masukan": masukan, "hasil": hasil,
                             "total_sebelumnya": total_sebelumnya,
                             "selisih": hasil["total"] - total_sebelumnya,
                             "dibayar_tahun": dibayar_tahun, "dibayar_bulan": dibayar_bulan,
                             "sebab": sebab, "keberatan_id": keberatan_id})

    def ajukan_keberatan(self, keberatan_id: str, alasan: str, tanggal: list[str]) -> None:
        self._keberatan_diajukan(**self._identitas(), keberatan_id=keberatan_id, alasan=alasan,
                                 tanggal=tanggal)

    @event("KeberatanDiajukan")
    def _keberatan_diajukan(self, nip: str, instansi_id: str, unit_id: str, tahun: int,
                            bulan: int, keberatan_id: str, alasan: str, tanggal: list[str]) -> None:
        self.keberatan[keberatan_id] = {"keberatan_id": keberatan_id, "alasan": alasan,
                                        "tanggal": list(tanggal), "keputusan": None,
                                        "tanggal_dikecualikan": [], "catatan": None,
                                        "nip_pemutus": None}

    def putuskan_keberatan(self, keberatan_id: str, keputusan: str,
                           tanggal_dikecualikan: list[str], catatan: str, nip_pemutus: str) -> None:
        self._keberatan_diputuskan(**self._identitas(), keberatan_id=keberatan_id,
                                   keputusan=keputusan, tanggal_dikecualikan=tanggal_dikecualikan,
                                   catatan=catatan, nip_pemutus=nip_pemutus)

    @event("KeberatanDiputuskan")
    def _keberatan_diputuskan(self, nip: str, instansi_id: str, unit_id: str, tahun: int,
                              bulan: int, keberatan_id: str, keputusan: str,
                              tanggal_dikecualikan: list[str], catatan: str,
                              nip_pemutus: str) -> None:
        self.keberatan[keberatan_id].update(keputusan=keputusan, catatan=catatan,
                                            tanggal_dikecualikan=list(tanggal_dikecualikan),
                                            nip_pemutus=nip_pemutus)
        if keputusan == "DITERIMA":
            self.pengecualian = sorted(set(self.pengecualian) | set(tanggal_dikecualikan))


class PenutupanInstansi(Aggregate):
    """The months an instansi's admin has closed (the payroll calendar)."""

    @staticmethod
    def create_id(instansi_id: str) -> uuid.UUID:
        return uuid.uuid5(TPP_NAMESPACE, f"penutupan:{instansi_id}")

    @event("Dibuka")
    def __init__(self, instansi_id: str) -> None:
        self.instansi_id = instansi_id
        self.ditutup: list[dict[str, Any]] = []

    def sudah_ditutup(self, tahun: int, bulan: int) -> bool:
        return any((d["tahun"], d["bulan"]) == (tahun, bulan) for d in self.ditutup)

    def terakhir(self) -> tuple[int, int] | None:
        return max(((d["tahun"], d["bulan"]) for d in self.ditutup), default=None)

    @event("BulanDitutup")
    def tutup(self, tahun: int, bulan: int, aturan: str, jumlah_pegawai: int, jumlah_total: int,
              jumlah_koreksi: int, nip_admin: str) -> None:
        self.ditutup.append({"tahun": tahun, "bulan": bulan, "aturan": aturan,
                             "jumlah_pegawai": jumlah_pegawai, "jumlah_total": jumlah_total,
                             "jumlah_koreksi": jumlah_koreksi, "nip_admin": nip_admin})


class PenandaBulan(Aggregate):
    """Flags the admin records for an instansi's month that make a pegawai's month unpaid under
    the rule set (``tidak_dibayar.penanda``): a disciplinary sanction, a late LHKPN/LHKASN. No
    context publishes these facts yet, so the admin records them from the decree or the report."""

    @staticmethod
    def create_id(instansi_id: str, tahun: int, bulan: int) -> uuid.UUID:
        return uuid.uuid5(TPP_NAMESPACE, f"penanda:{instansi_id}:{tahun}:{bulan}")

    @event("Dibuka")
    def __init__(self, instansi_id: str, tahun: int, bulan: int) -> None:
        self.instansi_id = instansi_id
        self.tahun = tahun
        self.bulan = bulan
        self.penanda: dict[str, list[str]] = {}

    def dari(self, nip: str) -> list[str]:
        return list(self.penanda.get(nip, []))

    @event("Ditandai")
    def tandai(self, nip: str, jenis: str, keterangan: str, nip_admin: str) -> None:
        self.penanda[nip] = sorted(set(self.penanda.get(nip, [])) | {jenis})

    @event("Dicabut")
    def cabut(self, nip: str, jenis: str, keterangan: str, nip_admin: str) -> None:
        self.penanda[nip] = [j for j in self.penanda.get(nip, []) if j != jenis]
