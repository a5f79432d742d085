"""The KGB process: from a pegawai's schedule to the signed SK KGB.

``periksa(nip, per)`` is the one decision procedure, run whenever a fact about the pegawai arrives
and once a day for everyone (time alone brings increases due). It is idempotent: running it twice
on the same facts changes nothing, so redelivered events, replays and restarts are harmless.

1. Compute the schedule (:func:`simpeg_kgb.domain.jadwal.jadwal`) as of ``per``.
2. Announce (``KgbDueV1``) every increase whose TMT lies from ``lacak_mundur_bulan`` months back
   to ``pengingat_bulan`` months ahead; cancel announced ones the schedule no longer has.
3. For each open increase: eligible (kinerja at least Baik, no disciplinary postponement) →
   request the SK from surat (``SkKgbRequestedV1``); otherwise postpone (``KgbPostponedV1``, at
   most 12 months). A postponed one whose obstacle went away is requested then, effective the
   first of the month after the lift (never before its TMT).
4. A signed SK (``SuratSignedV1`` from surat) grants it (``KgbGrantedV1``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from simpeg_kgb.domain.gaji import langkah_pada
from simpeg_kgb.domain.jadwal import Kgb, jadwal
from simpeg_kgb.domain.kelayakan import TanpaPenilaian, aturan_pada, nilai, tambah_bulan
from simpeg_kgb.domain.usulan import BerkasKgb, StatusKgb, UsulanKgb
from simpeg_kgb.projections import riwayat as r
from simpeg_shared.errors import Conflict, DomainError, NotFound
from simpeg_shared.persistence import SimpegApplication
from simpeg_shared.projection import ProjectionStore


class UsulanTidakDitemukan(NotFound):
    code = "usulan-kgb-tidak-ditemukan"
    title = "KGB not found"


class LangkahTidakSah(Conflict):
    code = "langkah-tidak-sah"
    title = "That step is not possible now"


def _first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


class KgbApplication(SimpegApplication):
    name = "kgb"

    def __init__(self, database_url: str, riwayat: ProjectionStore, *, pengingat_bulan: int = 3,
                 lacak_mundur_bulan: int = 12, tanpa_penilaian: TanpaPenilaian = "LAYAK",
                 **env: str) -> None:
        super().__init__(database_url, **env)
        self.riwayat = riwayat
        self.pengingat_bulan = pengingat_bulan
        self.lacak_mundur_bulan = lacak_mundur_bulan
        self.tanpa_penilaian = tanpa_penilaian

    # -- the decision procedure ------------------------------------------------------------------
    def periksa(self, nip: str, per: dt.date) -> list[UsulanKgb]:
        """Bring the pegawai's announced increases in line with their facts as of ``per``.
        Returns the increases in the window (changed or not)."""
        data = self.riwayat.read(lambda conn, t: r.riwayat(conn, t, nip))
        if data is None or data["jenis_pegawai"] not in (None, "PNS") or not data["pangkat"]:
            return []
        j = jadwal(data["pangkat"], data["pmk"], data["cltn"], per, langkah_pada)
        schedule = [*j.riwayat, *([j.berikut] if j.berikut else [])]
        dari = tambah_bulan(per, -self.lacak_mundur_bulan)
        sampai = tambah_bulan(per, self.pengingat_bulan)

        berkas: BerkasKgb | None = self.find(BerkasKgb.create_id(nip))
        current: list[UsulanKgb] = []
        for index, kgb in enumerate(schedule):
            if not dari <= kgb.tmt <= sampai or kgb.gaji_pokok is None or kgb.gaji_pokok_lama is None:
                continue
            usulan = self.find(UsulanKgb.create_id(nip, kgb.tmt))
            if usulan is None:
                nxt = schedule[index + 1].tmt if index + 1 < len(schedule) else self._berikutnya(data, kgb)
                usulan = UsulanKgb(nip=nip, instansi_id=data["instansi_id"], tmt=kgb.tmt,
                                   golongan_ruang=kgb.golongan_ruang, mkg_tahun=kgb.mkg_tahun,
                                   gaji_lama=kgb.gaji_pokok_lama, gaji_baru=kgb.gaji_pokok,
                                   dasar_hukum=kgb.dasar_hukum or "", kgb_berikutnya=nxt)
                berkas = berkas or BerkasKgb(nip=nip)
                berkas.lacak(tmt=kgb.tmt, kgb_id=usulan.id)
            self._nilai(usulan, data["penilaian"], per)
            current.append(usulan)
        cancelled: list[UsulanKgb] = []
        in_schedule = {k.tmt for k in schedule}
        for tmt, kgb_id in (berkas.usulan.items() if berkas else ()):
            if dt.date.fromisoformat(tmt) in in_schedule:
                continue
            old = self.find(kgb_id)
            if old is not None and old.status.terbuka:
                old.batalkan(alasan="the KGB schedule changed (pangkat, PMK or CLTN recorded); "
                             "the new date is announced separately")
                cancelled.append(old)
        # one transaction: the announcement, the decision on it and the index; an aggregate
        # without new events saves nothing
        self.save(*([berkas] if berkas else []), *current, *cancelled)
        return current

    def _berikutnya(self, data: dict[str, Any], kgb: Kgb) -> dt.date | None:
        after = jadwal(data["pangkat"], data["pmk"], data["cltn"], kgb.tmt, langkah_pada)
        return after.berikut.tmt if after.berikut else None

    def _nilai(self, usulan: UsulanKgb, penilaian: dict[int, str], per: dt.date) -> bool:
        """Take the eligibility decision on an open increase; True when something changed."""
        if usulan.status not in (StatusKgb.JATUH_TEMPO, StatusKgb.DITUNDA):
            return False
        aturan = aturan_pada(usulan.tmt)
        batas = tambah_bulan(usulan.tmt, aturan.penundaan_maksimum_bulan)
        if usulan.disiplin is not None and usulan.disiplin[1] >= per:
            alasan, until = usulan.disiplin
            if usulan.status is StatusKgb.DITUNDA and usulan.alasan == alasan:
                return False
            usulan.tunda(alasan=alasan, sampai=min(until, batas), sebab="DISIPLIN")
            return True
        hasil = nilai(penilaian, usulan.tmt, self.tanpa_penilaian)
        if hasil.layak:
            tmt = usulan.tmt if usulan.status is StatusKgb.JATUH_TEMPO else \
                max(usulan.tmt, _first_of_next_month(per))
            usulan.minta_sk(tmt_berlaku=tmt)
            return True
        if usulan.status is StatusKgb.DITUNDA and usulan.alasan == hasil.alasan:
            return False
        usulan.tunda(alasan=hasil.alasan, sampai=batas, sebab="KINERJA")
        return True

    # -- the signed decree -----------------------------------------------------------------------
    def terapkan_sk(self, limit: int = 200) -> int:
        """Grant the increases whose SK surat signed. Returns how many were granted."""
        granted = 0
        for kgb_id, surat_id, nomor in self.riwayat.read(lambda c, t: r.sk_belum_diterapkan(c, t, limit)):
            usulan = self.find(uuid.UUID(kgb_id))
            if usulan is not None and usulan.status is StatusKgb.SK_DIMINTA:
                usulan.beri(nomor_sk=nomor, surat_id=uuid.UUID(surat_id))
                self.save(usulan)
                granted += 1
            # a signature for an increase that is not waiting for one (cancelled meanwhile, or
            # unknown) stays recorded in kgb_sk for a person to look at; it grants nothing
            self.riwayat.write(lambda c, t, k=kgb_id: r.sk_diterapkan(c, t, k))
        return granted

    # -- disciplinary postponement (set and lifted by the admin) ---------------------------------
    def tunda_disiplin(self, kgb_id: uuid.UUID, alasan: str, sampai: dt.date, oleh: str,
                       per: dt.date) -> UsulanKgb:
        usulan = self.get(kgb_id)
        if not usulan.status.terbuka:
            raise LangkahTidakSah(f"the KGB of {usulan.nip} at {usulan.tmt} is "
                                  f"{usulan.status.value}: it can no longer be postponed")
        batas = tambah_bulan(usulan.tmt, aturan_pada(usulan.tmt).penundaan_maksimum_bulan)
        if sampai > batas:
            raise DomainError(f"a KGB is postponed for at most "
                              f"{aturan_pada(usulan.tmt).penundaan_maksimum_bulan} months: "
                              f"until {batas.isoformat()} at the latest", field="body.sampai")
        if sampai < per:
            raise DomainError("sampai is in the past", field="body.sampai")
        usulan.set_disiplin(alasan=alasan, sampai=sampai, oleh=oleh)
        if usulan.status is StatusKgb.SK_DIMINTA:
            usulan.tunda(alasan=alasan, sampai=sampai, sebab="DISIPLIN")
        else:
            self._nilai(usulan, {}, per)
        self.save(usulan)
        return usulan

    def cabut_disiplin(self, kgb_id: uuid.UUID, alasan: str, oleh: str, per: dt.date) -> UsulanKgb:
        usulan = self.get(kgb_id)
        if usulan.disiplin is None:
            raise LangkahTidakSah(f"the KGB of {usulan.nip} at {usulan.tmt} has no disciplinary "
                                  "postponement")
        usulan.cabut_disiplin(alasan=alasan, oleh=oleh)
        self.save(usulan)
        self.periksa(usulan.nip, per)
        return self.get(kgb_id)

    def get(self, kgb_id: uuid.UUID) -> UsulanKgb:
        try:
            return self.repository.get(kgb_id)
        except AggregateNotFoundError:
            raise UsulanTidakDitemukan(f"no KGB {kgb_id}") from None
