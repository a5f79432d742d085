"""The TPP arithmetic under the shipped rule sets: the issue's example, the cap, rounding."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simpeg_tpp.domain.aturan import KODE_POTONGAN, PREDIKAT, TanpaAturan, aturan, aturan_pada
from simpeg_tpp.domain.hitung import Kejadian, hitung, kejadian_hari

C2026 = aturan("contoh-2026")


def _kejadian(**counts: int) -> list[Kejadian]:
    return [Kejadian(k) for k, n in counts.items() for _ in range(n)]


def test_the_issue_example_pays_4_750_000() -> None:
    h = hitung(C2026, 5_000_000, _kejadian(TL1=2, PSW2=1, TK=1), "BAIK")
    assert (h.disiplin, h.kinerja, h.total) == (1_750_000, 3_000_000, 4_750_000)
    assert [(p["kode"], p["jumlah"], p["rupiah"]) for p in h.potongan] == [
        ("TL1", 2, 50_000), ("PSW2", 1, 50_000), ("TK", 1, 150_000)]
    assert h.aturan == "contoh-2026@1" and not h.potongan_dibatasi


def test_cuts_are_capped_at_the_discipline_part() -> None:
    # 14 TK days are 42 % of the basis; only the 40 % discipline part can be taken.
    h = hitung(C2026, 5_000_000, _kejadian(TK=14), "SANGAT_BAIK")
    assert h.disiplin == 0 and h.kinerja == 3_000_000 and h.total == 3_000_000
    assert h.potongan_dibatasi and h.potongan_rupiah == 2_000_000
    assert h.potongan == [{"kode": "TK", "jumlah": 14, "persen": "3", "rupiah": 2_100_000}]


def test_cuts_exactly_at_the_cap_are_not_marked_capped() -> None:
    h = hitung(C2026, 1_000_000, _kejadian(TL4=20, TL2=10), "BAIK")  # 30 % + 10 % = 40 %
    assert h.disiplin == 0 and not h.potongan_dibatasi


def test_each_listed_cut_and_each_part_is_rounded_down_on_its_own() -> None:
    # basis 3,333,333: disiplin 1,333,333.2; one TL1 is 16,666.665.
    h = hitung(C2026, 3_333_333, _kejadian(TL1=3), "BUTUH_PERBAIKAN")
    assert h.potongan == [{"kode": "TL1", "jumlah": 3, "persen": "0.5", "rupiah": 49_999}]
    assert [r["rupiah"] for r in h.rincian] == [16_666, 16_666, 16_666]
    # exact: 1,333,333.2 - 49,999.995 = 1,283,333.205; 1,999,999.8 x 75 % = 1,499,999.85
    assert (h.disiplin, h.kinerja) == (1_283_333, 1_499_999)
    assert h.total == h.disiplin + h.kinerja == 2_783_332


def test_cuts_off_the_whole_spill_into_the_performance_part() -> None:
    c2027 = aturan("contoh-2027")
    assert c2027.potong_dari == "TOTAL" and c2027.potongan_persen["TK"] == Decimal(5)
    h = hitung(c2027, 5_000_000, _kejadian(TK=10), "BAIK")  # 50 %: 40 % + 10 % of the basis
    assert (h.disiplin, h.kinerja, h.total) == (0, 2_500_000, 2_500_000)
    assert not h.potongan_dibatasi


def test_a_month_not_paid_shows_the_cuts_and_pays_nothing() -> None:
    h = hitung(C2026, 5_000_000, _kejadian(TL1=1), "BAIK", ["CUTI:CLTN"])
    assert h.total == 0 and h.tidak_dibayar == ["CUTI:CLTN"] and h.potongan[0]["rupiah"] == 25_000


def test_no_final_evaluation_pays_the_rule_sets_share_of_the_performance_part() -> None:
    h = hitung(C2026, 5_000_000, [], None)
    assert (h.disiplin, h.kinerja) == (2_000_000, 0)


def test_a_day_costs_its_bands_and_only_hadir_and_tk_cost_anything() -> None:
    d = dt.date(2026, 1, 5)
    assert [k.kode for k in kejadian_hari("HADIR", "TL2", "PSW1", d, "e")] == ["TL2", "PSW1"]
    assert [k.kode for k in kejadian_hari("TK", None, None, d)] == ["TK"]
    for status in ("CUTI", "DINAS_LUAR", "SAKIT", "LIBUR"):
        assert kejadian_hari(status, None, None, d) == []


def test_the_rule_set_in_force_is_picked_by_date() -> None:
    assert aturan_pada(dt.date(2026, 12, 31)).kode == "contoh-2026"
    assert aturan_pada(dt.date(2027, 1, 31)).kode == "contoh-2027"
    with pytest.raises(TanpaAturan):
        aturan_pada(dt.date(2025, 12, 31))


def test_the_basis_comes_from_the_jabatan_before_the_kelas() -> None:
    assert C2026.basis(9) == 3_600_000
    assert C2026.basis(15, "sekretaris-daerah") == 32_000_000


counts = st.dictionaries(st.sampled_from(KODE_POTONGAN), st.integers(0, 23), max_size=9)


@settings(max_examples=300, deadline=None)
@given(basis=st.integers(1, 100_000_000), n=counts, predikat=st.sampled_from((*PREDIKAT, None)),
       kode=st.sampled_from(("contoh-2026", "contoh-2027")))
def test_parts_are_never_negative_and_the_total_is_their_sum(basis: int, n: dict[str, int],
                                                             predikat: str | None, kode: str) -> None:
    a = aturan(kode)
    h = hitung(a, basis, _kejadian(**n), predikat)
    assert h.total == h.disiplin + h.kinerja
    assert 0 <= h.disiplin <= basis * a.porsi_persen.disiplin / 100
    assert 0 <= h.kinerja <= basis * a.porsi_persen.kinerja / 100
    # the pegawai is never paid less than the exact amount minus the two roundings
    assert h.total <= basis
    # one more cut never raises the pay
    more = hitung(a, basis, [*_kejadian(**n), Kejadian("TL1")], predikat)
    assert more.total <= h.total
