"""A letter (surat dinas) from draft to archive.

A draft names its paraf chain (the officials who initial it, in order) and its signer. Each
official is a reference: a NIP, or ``jabatan:<id>`` for whoever holds (or acts for) that position
when the step comes. The chain is walked strictly in order; a return sends the draft back to its
drafter with a reason and every initial lapses. The number is given when the letter is signed
(tata naskah dinas: a letter is numbered on signature, so a number is never wasted on a draft).

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

from simpeg_shared.errors import Conflict

SURAT_NAMESPACE = uuid.UUID("0b7f4c52-9d1e-5a63-8c2f-4e6a1d9b3f70")
JABATAN = "jabatan:"


class StatusSurat(enum.StrEnum):
    KONSEP = "KONSEP"                  # waiting for the next paraf
    SIAP_TTD = "SIAP_TTD"              # every paraf given: waiting for the signature
    DIKEMBALIKAN = "DIKEMBALIKAN"      # returned to the drafter with a reason
    DITANDATANGANI = "DITANDATANGANI"
    TERKIRIM = "TERKIRIM"
    DIARSIPKAN = "DIARSIPKAN"


class LangkahTidakSah(Conflict):
    code = "langkah-surat-tidak-sah"
    title = "That step is not possible for the letter now"


def jabatan_ref(jabatan_id: str) -> str:
    return JABATAN + jabatan_id


def parse_ref(ref: str) -> tuple[str | None, str | None]:
    """(nip, jabatan_id) of an official reference."""
    if ref.startswith(JABATAN):
        return None, ref.removeprefix(JABATAN)
    return ref, None


class Surat(Aggregate):
    @staticmethod
    def id_for_request(sumber: str, event_id: uuid.UUID | str) -> uuid.UUID:
        """One letter per request event: its id is derived from the request's event id, so a
        redelivered request finds the letter it already made."""
        return uuid.uuid5(SURAT_NAMESPACE, f"{sumber}:{event_id}")

    @staticmethod
    def create_id(surat_id: uuid.UUID, **_: Any) -> uuid.UUID:
        return surat_id

    @event("Drafted")
    def __init__(self, surat_id: uuid.UUID, instansi_id: str, jenis: str, nip: str | None,
                 perihal: str, unit_id: str, klasifikasi: str, data: dict[str, Any],
                 isi: list[str], penerima: list[str], paraf: list[str], penandatangan: str,
                 nip_konseptor: str | None, sumber: str | None, sumber_id: str | None,
                 tanda_tangan_sendiri: bool) -> None:
        self.instansi_id = instansi_id
        self.jenis = jenis
        self.nip = nip
        self.perihal = perihal
        self.unit_id = unit_id
        self.klasifikasi = klasifikasi
        self.data = dict(data)
        self.isi = list(isi)
        self.penerima = list(penerima)
        self.paraf = list(paraf)
        self.penandatangan = penandatangan
        self.nip_konseptor = nip_konseptor
        self.sumber = sumber
        self.sumber_id = sumber_id
        self.tanda_tangan_sendiri = tanda_tangan_sendiri
        self.paraf_diberikan: list[dict[str, Any]] = []
        self.status = StatusSurat.SIAP_TTD if not paraf else StatusSurat.KONSEP
        self.riwayat_pengembalian: list[dict[str, Any]] = []
        self.nomor: str | None = None
        self.sha256: str | None = None
        self.tanda_tangan: dict[str, Any] | None = None

    # -- the paraf chain ------------------------------------------------------------------------
    def langkah_berikut(self) -> int | None:
        """0-based index of the paraf step due now, or None when none is due."""
        if self.status is not StatusSurat.KONSEP:
            return None
        return len(self.paraf_diberikan)

    def _common(self) -> dict[str, Any]:
        return {"instansi_id": self.instansi_id, "jenis": self.jenis, "nip": self.nip}

    def beri_paraf(self, nip_paraf: str, sebagai: str, catatan: str | None) -> None:
        if self.status is not StatusSurat.KONSEP:
            raise LangkahTidakSah(f"the letter is {self.status.value}; no paraf is due")
        self._parafed(urutan=len(self.paraf_diberikan) + 1, nip_paraf=nip_paraf, sebagai=sebagai,
                      catatan=catatan, **self._common())

    @event("Parafed")
    def _parafed(self, urutan: int, nip_paraf: str, sebagai: str, catatan: str | None,
                 instansi_id: str, jenis: str, nip: str | None) -> None:
        self.paraf_diberikan.append({"urutan": urutan, "nip": nip_paraf, "sebagai": sebagai,
                                     "catatan": catatan})
        if len(self.paraf_diberikan) == len(self.paraf):
            self.status = StatusSurat.SIAP_TTD

    def kembalikan(self, nip_pengembali: str, alasan: str) -> None:
        if self.status not in (StatusSurat.KONSEP, StatusSurat.SIAP_TTD):
            raise LangkahTidakSah(f"the letter is {self.status.value}; it cannot be returned")
        self._returned(nip_pengembali=nip_pengembali, alasan=alasan, **self._common())

    @event("Returned")
    def _returned(self, nip_pengembali: str, alasan: str, instansi_id: str, jenis: str,
                  nip: str | None) -> None:
        self.status = StatusSurat.DIKEMBALIKAN
        self.riwayat_pengembalian.append({"nip": nip_pengembali, "alasan": alasan,
                                          "paraf_gugur": len(self.paraf_diberikan)})
        self.paraf_diberikan = []

    def revisi(self, perihal: str, isi: list[str], penerima: list[str], nip_perevisi: str) -> None:
        if self.status not in (StatusSurat.KONSEP, StatusSurat.DIKEMBALIKAN):
            raise LangkahTidakSah(f"the letter is {self.status.value}; only a draft is revised")
        self._revised(perihal=perihal, isi=isi, penerima=penerima, nip_perevisi=nip_perevisi,
                      **self._common())

    @event("Revised")
    def _revised(self, perihal: str, isi: list[str], penerima: list[str], nip_perevisi: str,
                 instansi_id: str, jenis: str, nip: str | None) -> None:
        # A revised draft starts its chain again: initials were given to the old text.
        self.perihal = perihal
        self.isi = list(isi)
        self.penerima = list(penerima)
        self.paraf_diberikan = []
        self.status = StatusSurat.SIAP_TTD if not self.paraf else StatusSurat.KONSEP

    # -- signature, delivery, archive -------------------------------------------------------------
    def tandatangani(self, *, nomor: str, nip_penandatangan: str, sebagai: str, sha256: str,
                     ditandatangani_pada: dt.datetime, nama_penandatangan: str,
                     jabatan_penandatangan: str) -> None:
        if self.status is not StatusSurat.SIAP_TTD:
            raise LangkahTidakSah(f"the letter is {self.status.value}; it is signed after "
                                  "every paraf and before it is sent")
        self._signed(nomor=nomor, nip_penandatangan=nip_penandatangan, sebagai=sebagai,
                     sha256=sha256, ditandatangani_pada=ditandatangani_pada,
                     nama_penandatangan=nama_penandatangan,
                     jabatan_penandatangan=jabatan_penandatangan, perihal=self.perihal,
                     sumber=self.sumber, sumber_id=self.sumber_id, **self._common())

    @event("Signed")
    def _signed(self, nomor: str, nip_penandatangan: str, sebagai: str, sha256: str,
                ditandatangani_pada: dt.datetime, nama_penandatangan: str,
                jabatan_penandatangan: str, perihal: str, sumber: str | None,
                sumber_id: str | None, instansi_id: str, jenis: str, nip: str | None) -> None:
        self.status = StatusSurat.DITANDATANGANI
        self.nomor = nomor
        self.sha256 = sha256
        self.tanda_tangan = {"nip": nip_penandatangan, "sebagai": sebagai,
                             "pada": ditandatangani_pada, "nama": nama_penandatangan,
                             "jabatan": jabatan_penandatangan}

    def kirim(self) -> None:
        if self.status is not StatusSurat.DITANDATANGANI:
            raise LangkahTidakSah(f"the letter is {self.status.value}; only a signed letter is sent")
        assert self.nomor is not None and self.sha256 is not None
        self._sent(nomor=self.nomor, perihal=self.perihal, penerima=self.penerima,
                   sha256=self.sha256, **self._common())

    @event("Sent")
    def _sent(self, nomor: str, perihal: str, penerima: list[str], sha256: str,
              instansi_id: str, jenis: str, nip: str | None) -> None:
        self.status = StatusSurat.TERKIRIM

    def arsipkan(self, nip_pengarsip: str | None) -> None:
        if self.status is not StatusSurat.TERKIRIM:
            raise LangkahTidakSah(f"the letter is {self.status.value}; a letter is archived "
                                  "after it is sent")
        assert self.nomor is not None
        self._archived(nomor=self.nomor, nip_pengarsip=nip_pengarsip, **self._common())

    @event("Archived")
    def _archived(self, nomor: str, nip_pengarsip: str | None, instansi_id: str, jenis: str,
                  nip: str | None) -> None:
        self.status = StatusSurat.DIARSIPKAN
