import datetime as dt

from simpeg_kgb.domain.kelayakan import aturan_pada, nilai, tambah_bulan

TMT = dt.date(2026, 4, 1)


def test_the_last_full_year_before_the_tmt_decides():
    assert nilai({2025: "BAIK"}, TMT, "TUNDA").layak
    assert nilai({2025: "SANGAT_BAIK", 2024: "SANGAT_KURANG"}, TMT, "TUNDA").layak
    poor = nilai({2025: "BUTUH_PERBAIKAN", 2024: "BAIK"}, TMT, "LAYAK")
    assert not poor.layak and poor.tahun_penilaian == 2025 and "BUTUH_PERBAIKAN" in poor.alasan


def test_when_last_year_is_not_final_the_latest_earlier_one_decides():
    assert nilai({2024: "BAIK"}, TMT, "TUNDA").tahun_penilaian == 2024
    # an evaluation of the TMT's own year does not count yet
    assert not nilai({2026: "BAIK", 2024: "KURANG_MISCONDUCT"}, TMT, "LAYAK").layak


def test_without_any_evaluation_the_configured_fallback_decides():
    assert nilai({}, TMT, "LAYAK").layak
    assert not nilai({}, TMT, "TUNDA").layak


def test_the_rule_in_force_postpones_for_at_most_twelve_months():
    assert aturan_pada(TMT).penundaan_maksimum_bulan == 12
    assert tambah_bulan(TMT, 12) == dt.date(2027, 4, 1)
    assert tambah_bulan(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert tambah_bulan(dt.date(2026, 6, 15), -12) == dt.date(2025, 6, 15)
