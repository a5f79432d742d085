"""Private domain events of kinerja -> public contracts on ``simpeg.kinerja.v1``."""

from __future__ import annotations

from typing import Any

from simpeg_kinerja.domain.penilaian import PenilaianPeriodik, PenilaianTahunan
from simpeg_kinerja.domain.skp import Skp
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import kinerja as c


PUBLISHED = (Skp.Agreed, PenilaianPeriodik.RealisasiSubmitted, PenilaianPeriodik.Finalized,
             PenilaianTahunan.Finalized)


def translate(event: Any) -> ContractEvent | None:
    if not isinstance(event, PUBLISHED):
        return None  # drafts, revisions and unfinished ratings stay inside kinerja
    common = {"event_id": event_id_for(event.originator_id, event.originator_version),
              "occurred_at": event.timestamp, "nip": event.nip, "instansi_id": event.instansi_id}
    if isinstance(event, Skp.Agreed):
        return c.SkpAgreedV1(**common, tahun=event.tahun, nip_penyetuju=event.nip_penyetuju,
                             jumlah_item=event.jumlah_item)
    if isinstance(event, PenilaianPeriodik.RealisasiSubmitted):
        return c.RealisasiSubmittedV1(**common, tahun=event.tahun, bulan=event.bulan,
                                      jumlah_item=len(event.realisasi))
    if isinstance(event, PenilaianPeriodik.Finalized):
        return c.PenilaianPeriodikFinalizedV1(
            **common, tahun=event.tahun, bulan=event.bulan, hasil=event.hasil,
            perilaku=event.perilaku, predikat=event.predikat, aturan=event.aturan,
            nip_penilai=event.nip_penilai, revisi=event.revisi, alasan_koreksi=event.alasan_koreksi)
    if isinstance(event, PenilaianTahunan.Finalized):
        return c.PenilaianTahunanFinalizedV1(
            **common, tahun=event.tahun, hasil=event.hasil, perilaku=event.perilaku,
            predikat=event.predikat, aturan=event.aturan, nip_penilai=event.nip_penilai)
    return None
