"""Private domain events of attendance -> public contracts on ``simpeg.attendance.v1``.

Coordinates, device hashes and photo hashes stay private: a check-in's public event says which
location it was decided to be in (or how far outside), when, and how risky.
"""

from __future__ import annotations

from typing import Any

from simpeg_attendance.domain.presensi import CheckIn, HariKerja, TandaDisiplin
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import attendance as c

PUBLISHED = (CheckIn.Recorded, CheckIn.Reviewed, HariKerja.Closed, HariKerja.Corrected,
             TandaDisiplin.Reached)


def translate(event: Any) -> ContractEvent | None:
    if not isinstance(event, PUBLISHED):
        return None  # unit configuration, assignments and traces stay inside attendance
    common = {"event_id": event_id_for(event.originator_id, event.originator_version),
              "occurred_at": event.timestamp, "nip": event.nip, "instansi_id": event.instansi_id}
    if isinstance(event, CheckIn.Recorded):
        return c.CheckInRecordedV1(
            **common, checkin_id=event.checkin_id, unit_id=event.unit_id, jenis=event.jenis,
            waktu=event.waktu, tanggal=event.tanggal, zona_waktu=event.zona_waktu,
            lokasi_id=event.lokasi_id, jarak_meter=event.jarak_meter,
            menit_terlambat=event.menit_terlambat, menit_pulang_cepat=event.menit_pulang_cepat,
            offline=event.offline, skor_risiko=event.skor_risiko,
            alasan_risiko=list(event.alasan_risiko), status=event.status,
            aturan_risiko=event.aturan_risiko)
    if isinstance(event, CheckIn.Reviewed):
        return c.CheckInReviewedV1(**common, checkin_id=event.originator_id, tanggal=event.tanggal,
                                   keputusan=event.keputusan, alasan=event.alasan,
                                   nip_peninjau=event.nip_peninjau)
    if isinstance(event, HariKerja.Closed | HariKerja.Corrected):
        day = {"tanggal": event.tanggal, "unit_id": event.unit_id, "zona_waktu": event.zona_waktu,
               "jadwal": event.jadwal, "status": event.status, "tl": event.tl, "psw": event.psw,
               "menit_terlambat": event.menit_terlambat,
               "menit_pulang_cepat": event.menit_pulang_cepat,
               "checkin_ids": list(event.checkin_ids)}
        if isinstance(event, HariKerja.Closed):
            return c.DailyAttendanceClosedV1(**common, **day, revisi=1)
        return c.DailyAttendanceCorrectedV1(**common, **day, revisi=event.revisi,
                                            alasan=event.alasan, sumber=event.sumber)
    if isinstance(event, TandaDisiplin.Reached):
        return c.DisciplineThresholdReachedV1(
            **common, tahun=event.tahun, tanggal=event.tanggal, jenis=event.jenis,
            jumlah_hari=event.jumlah_hari, ambang=event.ambang, keterangan=event.keterangan)
    return None
