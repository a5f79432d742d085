"""Private domain events of TPP -> public contracts on ``simpeg.tpp.v1``."""

from __future__ import annotations

from typing import Any

from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import tpp as c
from simpeg_tpp.domain.bulanan import TppBulanan


def translate(event: Any) -> ContractEvent | None:
    if not isinstance(event, (TppBulanan.Ditetapkan, TppBulanan.Dikoreksi,
                              TppBulanan.KeberatanDiajukan, TppBulanan.KeberatanDiputuskan)):
        return None  # the closing calendar stays inside TPP
    common = {"event_id": event_id_for(event.originator_id, event.originator_version),
              "occurred_at": event.timestamp, "nip": event.nip, "instansi_id": event.instansi_id,
              "tahun": event.tahun, "bulan": event.bulan}
    if isinstance(event, TppBulanan.Ditetapkan):
        h = event.hasil
        return c.TppCalculatedV1(**common, unit_id=event.unit_id, aturan=h["aturan"],
                                 basis=h["basis"], disiplin=h["disiplin"], kinerja=h["kinerja"],
                                 total=h["total"], potongan=h["potongan_rupiah"],
                                 predikat=h["predikat"], tidak_dibayar=h["tidak_dibayar"])
    if isinstance(event, TppBulanan.Dikoreksi):
        h = event.hasil
        return c.TppCorrectedV1(**common, unit_id=event.unit_id, aturan=h["aturan"],
                                koreksi_ke=event.koreksi_ke, disiplin=h["disiplin"],
                                kinerja=h["kinerja"], total=h["total"],
                                total_sebelumnya=event.total_sebelumnya,
                                selisih=h["total"] - event.total_sebelumnya,
                                dibayar_tahun=event.dibayar_tahun, dibayar_bulan=event.dibayar_bulan,
                                sebab=event.sebab, keberatan_id=event.keberatan_id)
    if isinstance(event, TppBulanan.KeberatanDiajukan):
        return c.TppObjectionFiledV1(**common, keberatan_id=event.keberatan_id, tanggal=event.tanggal)
    return c.TppObjectionDecidedV1(**common, keberatan_id=event.keberatan_id,
                                   keputusan=event.keputusan,
                                   tanggal_dikecualikan=event.tanggal_dikecualikan)
