"""One periodic increase of one PNS, from the reminder to the signed decree.

``UsulanKgb`` (id: uuid5 of NIP and the schedule's TMT) goes JATUH_TEMPO → SK_DIMINTA →
DIBERIKAN, or JATUH_TEMPO → DITUNDA (→ SK_DIMINTA when lifted), or → DIBATALKAN when the schedule
no longer has that date. ``BerkasKgb`` (one per NIP) remembers which increases were announced, so
one whose date left the schedule can be cancelled.

Module path and class names are stored in every event's topic: do not move or rename them.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from eventsourcing.domain import Aggregate, event

KGB_NAMESPACE = uuid.UUID("2c7e9f14-5b3a-5d81-a6e2-9f0b4c3d7e15")


class StatusKgb(enum.StrEnum):
    JATUH_TEMPO = "JATUH_TEMPO"  # announced; waiting for the eligibility check
    DITUNDA = "DITUNDA"          # postponed (kinerja below Baik, or a disciplinary postponement)
    SK_DIMINTA = "SK_DIMINTA"    # eligible: the SK KGB was requested from surat
    DIBERIKAN = "DIBERIKAN"      # the SK was signed
    DIBATALKAN = "DIBATALKAN"    # the schedule no longer has this date

    @property
    def terbuka(self) -> bool:
        return self in (StatusKgb.JATUH_TEMPO, StatusKgb.DITUNDA, StatusKgb.SK_DIMINTA)


class UsulanKgb(Aggregate):
    @staticmethod
    def create_id(nip: str, tmt: dt.date) -> uuid.UUID:
        return uuid.uuid5(KGB_NAMESPACE, f"{nip}:{tmt.isoformat()}")

    @event("Due")
    def __init__(self, nip: str, instansi_id: str, tmt: dt.date, golongan_ruang: str,
                 mkg_tahun: int, gaji_lama: int, gaji_baru: int, dasar_hukum: str,
                 kgb_berikutnya: dt.date | None) -> None:
        self.nip = nip
        self.instansi_id = instansi_id
        self.tmt = tmt
        self.golongan_ruang = golongan_ruang
        self.mkg_tahun = mkg_tahun
        self.gaji_lama = gaji_lama
        self.gaji_baru = gaji_baru
        self.dasar_hukum = dasar_hukum
        self.kgb_berikutnya = kgb_berikutnya
        self.status = StatusKgb.JATUH_TEMPO
        self.tmt_berlaku = tmt
        self.alasan: str | None = None
        self.ditunda_sampai: dt.date | None = None
        #: a disciplinary postponement set by the admin: (reason, until), or None
        self.disiplin: tuple[str, dt.date] | None = None
        self.nomor_sk: str | None = None

    @event("Postponed")
    def tunda(self, alasan: str, sampai: dt.date, sebab: str) -> None:
        self.status = StatusKgb.DITUNDA
        self.alasan = alasan
        self.ditunda_sampai = sampai
        self.sebab = sebab

    @event("DisciplinaryPostponementSet")
    def set_disiplin(self, alasan: str, sampai: dt.date, oleh: str) -> None:
        self.disiplin = (alasan, sampai)

    @event("DisciplinaryPostponementLifted")
    def cabut_disiplin(self, alasan: str, oleh: str) -> None:
        self.disiplin = None

    @event("SkRequested")
    def minta_sk(self, tmt_berlaku: dt.date) -> None:
        self.status = StatusKgb.SK_DIMINTA
        self.tmt_berlaku = tmt_berlaku
        self.alasan = None
        self.ditunda_sampai = None

    @event("Granted")
    def beri(self, nomor_sk: str, surat_id: uuid.UUID) -> None:
        self.status = StatusKgb.DIBERIKAN
        self.nomor_sk = nomor_sk
        self.surat_id = surat_id

    @event("Cancelled")
    def batalkan(self, alasan: str) -> None:
        self.status = StatusKgb.DIBATALKAN
        self.alasan = alasan


class BerkasKgb(Aggregate):
    """The increases announced for one NIP (TMT → kgb id)."""

    @staticmethod
    def create_id(nip: str) -> uuid.UUID:
        return uuid.uuid5(KGB_NAMESPACE, f"berkas:{nip}")

    @event("Opened")
    def __init__(self, nip: str) -> None:
        self.nip = nip
        self.usulan: dict[str, uuid.UUID] = {}

    @event("Tracked")
    def lacak(self, tmt: dt.date, kgb_id: uuid.UUID) -> None:
        self.usulan[tmt.isoformat()] = kgb_id
