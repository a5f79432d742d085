"""When KGBs fall due: steps, promotions, PMK and CLTN."""

from __future__ import annotations

import datetime as dt

from simpeg_kgb.domain.gaji import langkah_pada, tabel_pada
from simpeg_kgb.domain.jadwal import Cltn, Pangkat, Pmk, jadwal

D = dt.date


def test_a_kgb_falls_due_every_step_of_the_table() -> None:
    j = jadwal([Pangkat("III/a", D(2024, 1, 1), 0, 0)], [], [], D(2026, 6, 15), tabel_pada)
    assert [(k.tmt, k.mkg_tahun, k.gaji_pokok_lama, k.gaji_pokok) for k in j.riwayat] == [
        (D(2026, 1, 1), 2, 2785700, 2873500)]
    assert j.berikut is not None and (j.berikut.tmt, j.berikut.mkg_tahun, j.berikut.gaji_pokok) == (
        D(2028, 1, 1), 4, 2964000)
    assert j.mkg_sekarang == (2, 5)


def test_ii_a_gets_its_first_increase_after_one_year() -> None:
    j = jadwal([Pangkat("II/a", D(2025, 3, 1), 0, 0)], [], [], D(2025, 12, 1), tabel_pada)
    assert j.riwayat == ()
    assert (j.berikut.tmt, j.berikut.mkg_tahun, j.berikut.gaji_pokok) == (D(2026, 3, 1), 1, 2218400)
    after = jadwal([Pangkat("II/a", D(2025, 3, 1), 0, 0)], [], [], D(2026, 3, 1), tabel_pada)
    assert [k.mkg_tahun for k in after.riwayat] == [1]
    assert after.berikut.mkg_tahun == 3 and after.berikut.tmt == D(2028, 3, 1)


def test_mkg_between_steps_at_the_pangkat_tmt() -> None:
    # III/a with MKG 5y0m at TMT: in step 4; the next step (6) comes one year later.
    j = jadwal([Pangkat("III/a", D(2024, 4, 1), 5, 0)], [], [], D(2024, 5, 1), tabel_pada)
    assert (j.berikut.tmt, j.berikut.mkg_tahun, j.berikut.gaji_pokok_lama) == (D(2025, 4, 1), 6, 2964000)


def test_a_promotion_mid_cycle_restarts_on_the_new_table() -> None:
    riwayat = [Pangkat("III/a", D(2024, 1, 1), 0, 0), Pangkat("III/b", D(2025, 7, 1), 1, 6)]
    j = jadwal(riwayat, [], [], D(2025, 8, 1), tabel_pada)
    assert j.riwayat == ()  # III/a's step at MKG 2 (2026-01) never came: the promotion came first
    assert (j.berikut.golongan_ruang, j.berikut.tmt, j.berikut.mkg_tahun) == ("III/b", D(2026, 1, 1), 2)
    assert j.berikut.gaji_pokok == tabel_pada(D(2026, 1, 1)).langkah("III/b", 2)[1]


def test_a_cltn_period_shifts_the_due_date() -> None:
    base = [Pangkat("III/a", D(2024, 1, 1), 0, 0)]
    without = jadwal(base, [], [], D(2025, 1, 1), tabel_pada).berikut
    with_cltn = jadwal(base, [], [Cltn(D(2024, 6, 1), D(2024, 12, 1))], D(2025, 1, 1), tabel_pada).berikut
    assert without.tmt == D(2026, 1, 1)
    assert with_cltn.tmt == D(2026, 7, 1)  # six months of CLTN do not count


def test_pmk_brings_the_due_date_forward() -> None:
    base = [Pangkat("III/a", D(2024, 1, 1), 0, 0)]
    j = jadwal(base, [Pmk(D(2024, 3, 1), 1, 0)], [], D(2024, 4, 1), tabel_pada)
    assert j.berikut.tmt == D(2025, 1, 1) and j.berikut.mkg_tahun == 2


def test_past_the_last_step_nothing_more_falls_due() -> None:
    j = jadwal([Pangkat("IV/e", D(2024, 1, 1), 32, 0)], [], [], D(2030, 1, 1), tabel_pada)
    assert j.riwayat == () and j.berikut is None


def test_before_the_first_table_dates_are_known_and_amounts_are_not() -> None:
    j = jadwal([Pangkat("III/a", D(2019, 1, 1), 0, 0)], [], [], D(2024, 6, 1), langkah_pada)
    assert [(k.tmt, k.mkg_tahun, k.gaji_pokok) for k in j.riwayat] == [
        (D(2021, 1, 1), 2, None), (D(2023, 1, 1), 4, None)]
    assert (j.berikut.tmt, j.berikut.gaji_pokok, j.berikut.dasar_hukum) == (D(2025, 1, 1), 3057300, "PP 5/2024")
    assert j.berikut.gaji_pokok_lama == 2964000  # step 4 valued under the table in force then


def test_the_same_cltn_known_from_cuti_and_from_profile_counts_once() -> None:
    pangkat = [Pangkat("III/a", dt.date(2020, 1, 1), 0, 0)]
    once = jadwal(pangkat, [], [Cltn(dt.date(2020, 6, 1), dt.date(2020, 12, 1))], dt.date(2020, 2, 1),
                  langkah_pada)
    twice = jadwal(pangkat, [], [Cltn(dt.date(2020, 6, 1), dt.date(2020, 12, 1)),
                                 Cltn(dt.date(2020, 6, 1), dt.date(2020, 12, 1)),
                                 Cltn(dt.date(2020, 9, 1), dt.date(2020, 11, 1))], dt.date(2020, 2, 1),
                   langkah_pada)
    assert once.berikut is not None and twice.berikut == once.berikut
    assert once.berikut.tmt == dt.date(2022, 7, 1)  # two years plus the six months of CLTN
