"""Penilaian: the monthly realisation of an SKP and the atasan's periodic evaluation, and the
yearly evaluation. A finalized evaluation is corrected by a correcting event, never edited.

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import enum
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

PENILAIAN_NAMESPACE = uuid.UUID("9d4b7e21-0c6f-5a3e-8b19-2f7a6c4e0d58")

#: The seven BerAKHLAK core values of ASN (perilaku kerja): Berorientasi pelayanan, Akuntabel,
#: Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif.
BERAKHLAK = ("BERORIENTASI_PELAYANAN", "AKUNTABEL", "KOMPETEN", "HARMONIS", "LOYAL", "ADAPTIF",
             "KOLABORATIF")


class StatusPenilaian(enum.StrEnum):
    REALISASI = "REALISASI"  # realisation submitted, waiting for the atasan
    DINILAI = "DINILAI"      # rated, not yet final
    FINAL = "FINAL"


class PenilaianPeriodik(Aggregate):
    """One pegawai's month: realisation, then the atasan's rating, then final (and corrections)."""

    @staticmethod
    def create_id(nip: str, tahun: int, bulan: int) -> uuid.UUID:
        return uuid.uuid5(PENILAIAN_NAMESPACE, f"{nip}:{tahun}:{bulan}")

    @event("RealisasiSubmitted")
    def __init__(self, nip: str, instansi_id: str, tahun: int, bulan: int,
                 realisasi: list[dict[str, Any]]) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.tahun = tahun
        self.bulan = bulan
        self.realisasi = [dict(r) for r in realisasi]
        self.status = StatusPenilaian.REALISASI
        self.rating: dict[str, Any] | None = None
        self.revisi = 0

    @event("RealisasiRevised")
    def revise_realisasi(self, realisasi: list[dict[str, Any]]) -> None:
        self.realisasi = [dict(r) for r in realisasi]

    @event("Rated")
    def rate(self, hasil: str, perilaku: str, perilaku_rinci: dict[str, str],
             umpan_balik: str | None, nip_penilai: str) -> None:
        self.rating = {"hasil": hasil, "perilaku": perilaku, "perilaku_rinci": dict(perilaku_rinci),
                       "umpan_balik": umpan_balik, "nip_penilai": nip_penilai}
        self.status = StatusPenilaian.DINILAI

    def finalize(self, predikat: str, aturan: str, nip_penilai: str) -> None:
        assert self.rating is not None
        self._finalized(**self._facts(), predikat=predikat, aturan=aturan, nip_penilai=nip_penilai,
                        revisi=1, alasan_koreksi=None)

    def correct(self, hasil: str, perilaku: str, perilaku_rinci: dict[str, str],
                umpan_balik: str | None, predikat: str, aturan: str, nip_penilai: str,
                alasan: str) -> None:
        self.rate(hasil=hasil, perilaku=perilaku, perilaku_rinci=perilaku_rinci,
                  umpan_balik=umpan_balik, nip_penilai=nip_penilai)
        self._finalized(**self._facts(), predikat=predikat, aturan=aturan, nip_penilai=nip_penilai,
                        revisi=self.revisi + 1, alasan_koreksi=alasan)

    def _facts(self) -> dict[str, Any]:
        assert self.rating is not None
        return {"nip": self.nip, "instansi_id": self.instansi_id, "tahun": self.tahun,
                "bulan": self.bulan, "hasil": self.rating["hasil"],
                "perilaku": self.rating["perilaku"]}

    @event("Finalized")
    def _finalized(self, nip: str, instansi_id: str, tahun: int, bulan: int, hasil: str,
                   perilaku: str, predikat: str, aturan: str, nip_penilai: str, revisi: int,
                   alasan_koreksi: str | None) -> None:
        self.status = StatusPenilaian.FINAL
        self.revisi = revisi
        self.predikat = predikat


class PenilaianTahunan(Aggregate):
    """One pegawai's yearly evaluation against their SKP."""

    @staticmethod
    def create_id(nip: str, tahun: int) -> uuid.UUID:
        return uuid.uuid5(PENILAIAN_NAMESPACE, f"{nip}:{tahun}")

    @event("Finalized")
    def __init__(self, nip: str, instansi_id: str, tahun: int, hasil: str, perilaku: str,
                 predikat: str, aturan: str, nip_penilai: str, umpan_balik: str | None) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.tahun = tahun
        self.hasil = hasil
        self.perilaku = perilaku
        self.predikat = predikat
        self.nip_penilai = nip_penilai
