"""The risk score of a check-in: the sum of the weights of the signals it shows, capped at 100.

Pure: the caller gathers the evidence (the previous check-in, whether the photo was seen before,
the devices used before) and this decides. Every signal found is named, so the pegawai and the
atasan see why a check-in waits for review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simpeg_attendance.domain.aturan import AturanRisiko
from simpeg_attendance.domain.geo import jarak_meter


@dataclass(frozen=True)
class Jejak:
    """The previous accepted-or-pending check-in of the pegawai."""

    waktu: dt.datetime
    lat: float
    lon: float


@dataclass(frozen=True)
class Bukti:
    lat: float
    lon: float
    akurasi_m: float
    lokasi_palsu: bool
    di_dalam: bool
    waktu: dt.datetime            # the time the server decided for the check-in
    diterima: dt.datetime         # when the server received it
    selisih_jam: dt.timedelta     # phone clock minus server clock at upload
    offline: bool
    foto_pernah_dipakai: bool
    perangkat_baru: bool          # a device never used by this pegawai, who used others before
    sebelumnya: Jejak | None


@dataclass(frozen=True)
class Skor:
    nilai: int
    alasan: tuple[str, ...]
    perlu_review: bool
    aturan: str


def nilai_risiko(b: Bukti, aturan: AturanRisiko) -> Skor:
    batas = aturan.batas
    found: list[str] = []
    if b.lokasi_palsu:
        found.append("LOKASI_PALSU")
    if not b.di_dalam:
        found.append("DI_LUAR_LOKASI")
    if b.akurasi_m > batas.akurasi_m:
        found.append("AKURASI_RENDAH")
    if b.foto_pernah_dipakai:
        found.append("FOTO_DIPAKAI_ULANG")
    if b.perangkat_baru:
        found.append("GANTI_PERANGKAT")
    if b.sebelumnya is not None and perjalanan_mustahil(b.sebelumnya, b, aturan):
        found.append("PERJALANAN_MUSTAHIL")
    if abs(b.selisih_jam) > dt.timedelta(minutes=batas.selisih_jam_menit):
        found.append("JAM_PONSEL_MELESET")
    if b.offline and b.diterima - b.waktu > dt.timedelta(hours=batas.sinkron_terlambat_jam):
        found.append("SINKRON_TERLAMBAT")
    nilai = min(100, sum(aturan.sinyal[s].bobot for s in found))
    return Skor(nilai, tuple(found), nilai >= aturan.ambang_review, aturan.versi)


def perjalanan_mustahil(prev: Jejak, b: Bukti, aturan: AturanRisiko) -> bool:
    """Further apart than the minimum distance and faster than the speed limit. Offline
    captures may arrive out of order, so the gap is taken either way round."""
    if prev.lat is None or prev.lon is None:  # the place was erased (simpeg forget)
        return False
    meter = jarak_meter(prev.lat, prev.lon, b.lat, b.lon)
    if meter <= aturan.batas.jarak_min_perjalanan_m:
        return False
    detik = abs((b.waktu - prev.waktu).total_seconds())
    if detik < 1:
        return True
    return meter / detik * 3.6 > aturan.batas.kecepatan_kmh


def pesan(aturan: AturanRisiko, alasan: tuple[str, ...] | list[str]) -> list[dict[str, str | int]]:
    """Each reason with its weight and a message in plain language."""
    return [{"kode": a, "bobot": aturan.sinyal[a].bobot, "pesan": aturan.sinyal[a].pesan}
            for a in alasan]
