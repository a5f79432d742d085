"""Private domain events of cuti -> public contracts on ``simpeg.cuti.v1``. The reason, the
address during leave and the attachment never leave the service."""

from __future__ import annotations

from typing import Any

from simpeg_cuti.domain.akun import AkunCuti
from simpeg_cuti.domain.cuti import Cuti
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import cuti as c

PUBLISHED = (Cuti.Diajukan, Cuti.Dipertimbangkan, Cuti.Diputuskan, Cuti.SuratDiminta,
             Cuti.Dibatalkan, AkunCuti.SaldoBergerak)


def translate(event: Any) -> ContractEvent | None:
    if not isinstance(event, PUBLISHED):
        return None  # the account's index and postponements stay inside cuti
    common = {"event_id": event_id_for(event.originator_id, event.originator_version),
              "occurred_at": event.timestamp, "nip": event.nip, "instansi_id": event.instansi_id}
    if isinstance(event, AkunCuti.SaldoBergerak):
        return c.CutiBalanceChangedV1(**common, tahun=event.tahun, perubahan=event.perubahan,
                                      saldo=event.saldo, sumber=event.sumber, kategori=event.kategori)
    common["cuti_id"] = event.originator_id
    if isinstance(event, Cuti.Diajukan):
        return c.CutiRequestedV1(**common, jenis=event.jenis, mulai=event.mulai,
                                 selesai=event.selesai, hari_kerja=event.hari_kerja,
                                 unit_id=event.unit_id, diteruskan_ke=event.diteruskan_ke)
    if isinstance(event, Cuti.Dipertimbangkan):
        return c.CutiConsideredV1(**common, pertimbangan=event.pertimbangan,
                                  nip_atasan=event.nip_atasan, sebagai=event.sebagai,
                                  catatan=event.catatan, diteruskan_ke=event.diteruskan_ke)
    if isinstance(event, Cuti.Diputuskan):
        return c.CutiDecidedV1(**common, jenis=event.jenis, hasil=event.hasil, mulai=event.mulai,
                               selesai=event.selesai, hari_kerja=event.hari_kerja,
                               nip_pejabat=event.nip_pejabat, sebagai=event.sebagai,
                               alasan=event.alasan, hari_ditangguhkan=event.hari_ditangguhkan,
                               diberitahukan_ke=event.diberitahukan_ke)
    if isinstance(event, Cuti.SuratDiminta):
        return c.SuratIzinCutiRequestedV1(**common, jenis=event.jenis, mulai=event.mulai,
                                          selesai=event.selesai, hari_kerja=event.hari_kerja,
                                          unit_id=event.unit_id,
                                          nip_penandatangan=event.nip_penandatangan)
    if isinstance(event, Cuti.Dibatalkan):
        return c.CutiCancelledV1(**common, jenis=event.jenis, mulai=event.mulai,
                                 selesai=event.selesai, alasan=event.alasan,
                                 diberitahukan_ke=event.diberitahukan_ke)
    return None
