"""Private domain events of profile -> public contracts on ``simpeg.profile.v1``.

Personal data (NIK, address, phone, e-mail, family) never crosses: a data change names its
fields, and riwayat entries stay inside the service — except PMK and CLTN periods, which KGB
needs to count masa kerja.
"""

from __future__ import annotations

from typing import Any

from simpeg_profile.domain.organisasi import Instansi
from simpeg_profile.domain.pegawai import Pegawai
from simpeg_profile.domain.usulan import UsulanPerubahan
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import profile as c


def translate(event: Any) -> ContractEvent | None:
    common = {"event_id": event_id_for(event.originator_id, event.originator_version),
              "occurred_at": event.timestamp}
    if isinstance(event, Pegawai.Registered):
        return c.PegawaiRegisteredV1(**common, nip=event.nip, nama=event.nama,
                                     instansi_id=event.instansi_id, unit_id=event.unit_id,
                                     jenis_pegawai=event.jenis_pegawai, status="AKTIF",
                                     tmt_cpns=event.tmt_cpns)
    if isinstance(event, Pegawai.DataChanged):
        return c.PegawaiDataChangedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                                      fields=sorted(event.changes), nama=event.changes.get("nama"))
    if isinstance(event, Pegawai.JabatanChanged):
        return c.JabatanChangedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                                  jabatan_id=event.jabatan_id, nama_jabatan=event.nama_jabatan,
                                  kelas_jabatan=event.kelas_jabatan, unit_id=event.unit_id,
                                  tmt=event.tmt)
    if isinstance(event, Pegawai.PangkatChanged):
        return c.PangkatChangedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                                  golongan_ruang=event.golongan_ruang, tmt=event.tmt,
                                  mkg_tahun=event.mkg_tahun, mkg_bulan=event.mkg_bulan)
    if isinstance(event, Pegawai.UnitChanged):
        return c.UnitChangedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                               unit_id=event.unit_id, instansi_id_lama=event.instansi_id_lama,
                               unit_id_lama=event.unit_id_lama, tmt=event.tmt)
    if isinstance(event, Pegawai.StatusChanged):
        return c.StatusChangedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                                 status=event.status, status_lama=event.status_lama, tmt=event.tmt)
    if isinstance(event, Pegawai.AtasanChanged):
        return c.AtasanChangedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                                 nip_atasan=event.nip_atasan, tmt=event.tmt)
    if isinstance(event, Pegawai.RiwayatAdded) and event.jenis == "PMK":
        return c.PmkRecordedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                               tahun=event.entry["tahun"], bulan=event.entry["bulan"],
                               tmt=event.entry["tmt"])
    if isinstance(event, Pegawai.RiwayatAdded) and event.jenis == "CLTN":
        return c.CltnRecordedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                                mulai=event.entry["mulai"], selesai=event.entry["selesai"])
    if isinstance(event, Instansi.PltAssigned):
        return c.PltAssignedV1(**common, nip=event.nip, instansi_id=event.instansi_id,
                               jabatan_id=event.jabatan_id, jenis=event.jenis, mulai=event.mulai,
                               selesai=event.selesai)
    if isinstance(event, UsulanPerubahan.Submitted):
        return c.UsulanPerubahanSubmittedV1(**common, **_usulan(event), berkas=event.berkas)
    if isinstance(event, UsulanPerubahan.Resubmitted):
        return c.UsulanPerubahanSubmittedV1(**common, **_usulan(event), berkas=event.berkas)
    if isinstance(event, UsulanPerubahan.Verified):
        return c.UsulanPerubahanVerifiedV1(**common, **_usulan(event),
                                           nip_verifikator=event.nip_verifikator)
    if isinstance(event, UsulanPerubahan.Returned):
        return c.UsulanPerubahanReturnedV1(**common, **_usulan(event),
                                           nip_pengembali=event.nip_pengembali, alasan=event.alasan)
    if isinstance(event, UsulanPerubahan.Approved):
        return c.UsulanPerubahanApprovedV1(**common, **_usulan(event),
                                           nip_penyetuju=event.nip_penyetuju)
    return None


def _usulan(event: Any) -> dict[str, Any]:
    return {"nip": event.nip, "instansi_id": event.instansi_id, "usulan_id": event.originator_id,
            "jenis_usulan": event.jenis}

