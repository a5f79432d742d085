import datetime as dt
from pathlib import Path

import pytest

from simpeg_shared.kalender import Kalender, KalenderTidakTersedia, default_kalender

D = dt.date


def test_working_days_skip_weekend_and_independence_day():
    # Fri 14 Aug 2026 .. Wed 19 Aug: Sat, Sun and Mon 17 Aug (Hari Kemerdekaan) are not counted
    result = default_kalender().hari_kerja(D(2026, 8, 14), D(2026, 8, 19))
    assert result.hari_kerja == 3
    assert [lib.tanggal for lib in result.libur] == [D(2026, 8, 17)]


def test_cuti_bersama_is_not_a_working_day():
    kal = default_kalender()
    libur = kal.libur_pada(D(2026, 12, 24))
    assert libur is not None and libur.jenis == "CUTI_BERSAMA"
    # 21..25 Dec 2026: Mon..Fri, with the 24th cuti bersama and the 25th Natal
    assert kal.hari_kerja(D(2026, 12, 21), D(2026, 12, 25)).hari_kerja == 3


def test_a_year_without_a_file_is_an_error_not_a_guess():
    with pytest.raises(KalenderTidakTersedia, match="2031"):
        default_kalender().hari_kerja(D(2030, 12, 30), D(2031, 1, 2))


def test_a_local_file_replaces_the_builtin_year(tmp_path: Path):
    (tmp_path / "2026.yaml").write_text(
        "tahun: 2026\nsumber: Perda contoh\nlibur:\n"
        "- {tanggal: '2026-08-18', nama: Hari Jadi Kota, jenis: LIBUR_DAERAH}\n")
    kal = Kalender.load(tmp_path)
    assert kal.libur_pada(D(2026, 8, 17)) is None
    assert kal.hari_kerja(D(2026, 8, 17), D(2026, 8, 19)).hari_kerja == 2


def test_a_six_day_week():
    sabtu = frozenset(range(6))
    assert default_kalender().hari_kerja(D(2026, 8, 14), D(2026, 8, 19), sabtu).hari_kerja == 4
