"""A leave request (permintaan cuti) from submission through the atasan's consideration and the
decision of the official with authority, to its end (approved, changed, postponed, refused or
cancelled).

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventsourcing.domain import Aggregate, event

MENUNGGU_PERTIMBANGAN = "MENUNGGU_PERTIMBANGAN"  # waiting for the atasan langsung
MENUNGGU_KEPUTUSAN = "MENUNGGU_KEPUTUSAN"        # waiting for the official with authority
DIBATALKAN = "DIBATALKAN"
#: Outcomes of a decision (PP 11/2017 Pasal 340 and Peraturan BKN 24/2017).
DISETUJUI, PERUBAHAN, DITANGGUHKAN, TIDAK_DISETUJUI = (
    "DISETUJUI", "PERUBAHAN", "DITANGGUHKAN", "TIDAK_DISETUJUI")
HASIL = (DISETUJUI, PERUBAHAN, DITANGGUHKAN, TIDAK_DISETUJUI)
TERBUKA = (MENUNGGU_PERTIMBANGAN, MENUNGGU_KEPUTUSAN)
DIAMBIL = (DISETUJUI, PERUBAHAN)  # the leave is taken (days off, balance used)


class Cuti(Aggregate):
    @event("Diajukan")
    def __init__(self, nip: str, instansi_id: str, unit_id: str, jenis: str, mulai: dt.date,
                 selesai: dt.date, hari_kerja: int, alasan: str, alamat_selama_cuti: str,
                 lampiran: dict[str, Any] | None, anak_ke: int | None, aturan: str,
                 status: str, diteruskan_ke: list[str]) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.unit_id = unit_id
        self.jenis = jenis
        self.mulai = mulai
        self.selesai = selesai
        self.hari_kerja = hari_kerja
        self.alasan = alasan
        self.alamat_selama_cuti = alamat_selama_cuti
        self.lampiran = lampiran
        self.anak_ke = anak_ke
        self.aturan = aturan
        self.status = status
        self.diteruskan_ke = list(diteruskan_ke)
        self.pertimbangan: dict[str, Any] | None = None
        self.keputusan: dict[str, Any] | None = None
        self.pembatalan: dict[str, Any] | None = None
        # the final dates: the requested ones until a decision changes them
        self.mulai_final, self.selesai_final, self.hari_final = mulai, selesai, hari_kerja

    @property
    def terbuka(self) -> bool:
        return self.status in TERBUKA

    @property
    def diambil(self) -> bool:
        return self.status in DIAMBIL

    def pertimbangkan(self, pertimbangan: str, nip_atasan: str, sebagai: str, catatan: str | None,
                      diteruskan_ke: list[str]) -> None:
        self._dipertimbangkan(pertimbangan=pertimbangan, nip_atasan=nip_atasan, sebagai=sebagai,
                              catatan=catatan, diteruskan_ke=diteruskan_ke, nip=self.nip,
                              instansi_id=self.instansi_id)

    @event("Dipertimbangkan")
    def _dipertimbangkan(self, pertimbangan: str, nip_atasan: str, sebagai: str,
                         catatan: str | None, diteruskan_ke: list[str], nip: str,
                         instansi_id: str) -> None:
        self.pertimbangan = {"pertimbangan": pertimbangan, "nip_atasan": nip_atasan,
                             "sebagai": sebagai, "catatan": catatan}
        self.status = MENUNGGU_KEPUTUSAN
        self.diteruskan_ke = list(diteruskan_ke)

    def putuskan(self, hasil: str, mulai: dt.date, selesai: dt.date, hari_kerja: int,
                 nip_pejabat: str, sebagai: str, alasan: str | None) -> None:
        taken = hasil in DIAMBIL
        # the atasan who gave the consideration hears the outcome too
        told = [self.pertimbangan["nip_atasan"]] if self.pertimbangan else []
        self._diputuskan(hasil=hasil, mulai=mulai, selesai=selesai,
                         hari_kerja=hari_kerja if taken else 0,
                         hari_ditangguhkan=hari_kerja if hasil == DITANGGUHKAN else None,
                         nip_pejabat=nip_pejabat, sebagai=sebagai, alasan=alasan, nip=self.nip,
                         instansi_id=self.instansi_id, jenis=self.jenis,
                         diberitahukan_ke=[n for n in told if n not in (self.nip, nip_pejabat)])
        if taken:
            # the permit letter, for the surat service to draft and have signed
            self._surat_diminta(nip=self.nip, instansi_id=self.instansi_id, jenis=self.jenis,
                                mulai=mulai, selesai=selesai, hari_kerja=hari_kerja,
                                unit_id=self.unit_id, nip_penandatangan=nip_pejabat)

    @event("Diputuskan")
    def _diputuskan(self, hasil: str, mulai: dt.date, selesai: dt.date, hari_kerja: int,
                    hari_ditangguhkan: int | None, nip_pejabat: str, sebagai: str,
                    alasan: str | None, nip: str, instansi_id: str, jenis: str,
                    diberitahukan_ke: list[str]) -> None:
        self.keputusan = {"hasil": hasil, "nip_pejabat": nip_pejabat, "sebagai": sebagai,
                          "alasan": alasan, "mulai": mulai, "selesai": selesai,
                          "hari_kerja": hari_kerja, "hari_ditangguhkan": hari_ditangguhkan}
        self.status = hasil
        self.diteruskan_ke = []
        if hasil in DIAMBIL:
            self.mulai_final, self.selesai_final, self.hari_final = mulai, selesai, hari_kerja

    @event("SuratDiminta")
    def _surat_diminta(self, nip: str, instansi_id: str, jenis: str, mulai: dt.date,
                       selesai: dt.date, hari_kerja: int, unit_id: str,
                       nip_penandatangan: str) -> None:
        pass

    def batalkan(self, alasan: str, oleh: str) -> None:
        # everyone who was asked to act or acted hears of it
        told = set(self.diteruskan_ke)
        if self.pertimbangan:
            told.add(self.pertimbangan["nip_atasan"])
        if self.keputusan:
            told.add(self.keputusan["nip_pejabat"])
        told.discard(self.nip)
        self._dibatalkan(alasan=alasan, oleh=oleh, status_sebelum=self.status, nip=self.nip,
                         instansi_id=self.instansi_id, jenis=self.jenis, mulai=self.mulai_final,
                         selesai=self.selesai_final, diberitahukan_ke=sorted(told))

    @event("Dibatalkan")
    def _dibatalkan(self, alasan: str, oleh: str, status_sebelum: str, nip: str,
                    instansi_id: str, jenis: str, mulai: dt.date, selesai: dt.date,
                    diberitahukan_ke: list[str]) -> None:
        self.pembatalan = {"alasan": alasan, "oleh": oleh, "status_sebelum": status_sebelum}
        self.status = DIBATALKAN
        self.diteruskan_ke = []
