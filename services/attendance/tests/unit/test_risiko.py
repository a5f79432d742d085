"""The risk score: each signal named, its weight from the rule data, the review threshold."""

from __future__ import annotations

import datetime as dt

from simpeg_attendance.domain.aturan import disiplin_pada, risiko_pada
from simpeg_attendance.domain.risiko import Bukti, Jejak, nilai_risiko

NOW = dt.datetime(2026, 5, 4, 0, 40, tzinfo=dt.UTC)
RULES = risiko_pada(NOW.date())


def bukti(**kw) -> Bukti:
    base = dict(lat=-6.9, lon=107.6, akurasi_m=10, lokasi_palsu=False, di_dalam=True, waktu=NOW,
                diterima=NOW, selisih_jam=dt.timedelta(0), offline=False,
                foto_pernah_dipakai=False, perangkat_baru=False, sebelumnya=None)
    return Bukti(**{**base, **kw})


def test_a_clean_check_in_scores_zero() -> None:
    s = nilai_risiko(bukti(), RULES)
    assert (s.nilai, s.alasan, s.perlu_review) == (0, (), False)


def test_the_same_photo_twice_raises_the_score_and_says_why() -> None:
    s = nilai_risiko(bukti(foto_pernah_dipakai=True), RULES)
    assert s.nilai == RULES.sinyal["FOTO_DIPAKAI_ULANG"].bobot > 0
    assert s.alasan == ("FOTO_DIPAKAI_ULANG",)


def test_a_mock_location_goes_to_review() -> None:
    s = nilai_risiko(bukti(lokasi_palsu=True), RULES)
    assert s.perlu_review and "LOKASI_PALSU" in s.alasan


def test_impossible_travel_between_consecutive_check_ins() -> None:
    # Bandung to Jayapura (3,600 km) in ten minutes
    prev = Jejak(NOW - dt.timedelta(minutes=10), -2.53, 140.72)
    assert "PERJALANAN_MUSTAHIL" in nilai_risiko(bukti(sebelumnya=prev), RULES).alasan
    nearby = Jejak(NOW - dt.timedelta(minutes=10), -6.901, 107.601)
    assert "PERJALANAN_MUSTAHIL" not in nilai_risiko(bukti(sebelumnya=nearby), RULES).alasan


def test_clock_skew_late_sync_accuracy_and_device_change_are_signals() -> None:
    s = nilai_risiko(bukti(selisih_jam=dt.timedelta(minutes=9), akurasi_m=450, perangkat_baru=True,
                           offline=True, waktu=NOW - dt.timedelta(hours=5)), RULES)
    assert set(s.alasan) == {"JAM_PONSEL_MELESET", "AKURASI_RENDAH", "GANTI_PERANGKAT",
                             "SINKRON_TERLAMBAT"}
    assert s.nilai == min(100, sum(RULES.sinyal[a].bobot for a in s.alasan))


def test_the_score_is_capped_at_100() -> None:
    s = nilai_risiko(bukti(lokasi_palsu=True, di_dalam=False, foto_pernah_dipakai=True), RULES)
    assert s.nilai == 100


def test_the_discipline_ladder_is_the_pp_94_2021_one() -> None:
    ladder = disiplin_pada(dt.date(2026, 5, 4))
    assert [a.hari for a in ladder.kumulatif] == [3, 4, 7, 11, 14, 17, 21, 25, 28]
    assert [a.hari for a in ladder.berturut_turut] == [10]
