"""Indonesian dates, rupiah and terbilang as official letters write them."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from simpeg_surat.domain.format import bulan_romawi, pangkat, rupiah, tanggal, terbilang


def test_dates_are_written_with_the_indonesian_month() -> None:
    assert tanggal(dt.date(2026, 11, 25)) == "25 November 2026"
    assert tanggal(dt.date(2027, 1, 1)) == "1 Januari 2027"
    assert tanggal(dt.date(2026, 8, 17)) == "17 Agustus 2026"
    assert bulan_romawi(11) == "XI"


def test_rupiah_uses_dots_for_thousands() -> None:
    assert rupiah(2_964_000) == "Rp 2.964.000"
    assert rupiah(0) == "Rp 0"
    assert rupiah(1_000_000_000) == "Rp 1.000.000.000"


def test_terbilang_reads_numbers_as_indonesian_words() -> None:
    assert terbilang(3) == "tiga"
    assert terbilang(11) == "sebelas"
    assert terbilang(12) == "dua belas"
    assert terbilang(100) == "seratus"
    assert terbilang(1_001) == "seribu satu"
    assert terbilang(2_964_000) == "dua juta sembilan ratus enam puluh empat ribu"
    assert terbilang(1_250_000_000) == "satu miliar dua ratus lima puluh juta"


@given(st.integers(min_value=0, max_value=10**13))
def test_terbilang_has_no_empty_or_doubled_words(n: int) -> None:
    text = terbilang(n)
    assert all(text.split(" "))
    # 100 is "seratus" and 1000 "seribu", never "satu ratus"/"satu ribu" at the front.
    assert not text.startswith(("satu ratus", "satu ribu", "satu puluh"))
    assert "satu ratus" not in text and " nol" not in text


def test_pangkat_names_the_golongan_ruang() -> None:
    assert pangkat("III/a") == "Penata Muda / III/a"
    assert pangkat("IV/c") == "Pembina Utama Muda / IV/c"
    assert pangkat("IX") == "IX"  # PPPK: no PNS pangkat
    assert pangkat(None) == "-"
