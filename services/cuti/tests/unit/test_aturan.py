"""The leave rules as data: the shipped files, carry-over, years of service and month limits."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from simpeg_cuti.domain.aturan import (AlurPersetujuan, alur_pada, batas_selesai, genap_tahun,
                                       hak_pada, semua_alur, semua_hak, tambah_bulan)

D = dt.date(2026, 7, 1)


def test_the_shipped_rule_sets_load_with_their_citations() -> None:
    assert {a.kode for a in semua_hak()} == {"pns-pp-11-2017", "pppk-pp-49-2018"}
    pns = hak_pada("PNS", D)
    assert "PP 11/2017" in pns.sumber
    assert (pns.tahunan.hak_hari, pns.tahunan.carry_over_maks, pns.tahunan.total_maks_tidak_dipakai) == (12, 6, 24)
    assert set(pns.jenis) == {"TAHUNAN", "BESAR", "SAKIT", "MELAHIRKAN", "ALASAN_PENTING", "CLTN"}
    assert (pns.jenis["BESAR"].masa_kerja_min_tahun, pns.jenis["BESAR"].maks_bulan) == (5, 3)
    assert pns.jenis["BESAR"].hapus_tahunan and pns.jenis["CLTN"].maks_bulan == 36
    assert not pns.tahunan.cuti_bersama_mengurangi
    pppk = hak_pada("PPPK", D)
    assert "PP 49/2018" in pppk.sumber and set(pppk.jenis) == {"TAHUNAN", "SAKIT", "MELAHIRKAN"}
    assert hak_pada("NON_ASN", D) is None
    assert hak_pada("PNS", dt.date(2016, 1, 1)) is None  # before PP 11/2017


def test_cuti_tahunan_carries_over_at_most_six_days() -> None:
    a = hak_pada("PNS", D).tahunan
    assert a.bawa(10, 0, tidak_dipakai=False) == (6, 0)
    assert a.bawa(4, 0, tidak_dipakai=False) == (4, 0)
    assert a.bawa(18, 0, tidak_dipakai=True) == (12, 0)  # 24 in all after two unused years
    assert a.bawa(10, 3, tidak_dipakai=False) == (6, 3)  # postponed days in full
    assert a.bawa(2, 3, tidak_dipakai=False) == (0, 2)   # never more than is left
    assert hak_pada("PPPK", D).tahunan.bawa(12, 0, tidak_dipakai=True) == (0, 0)


@given(sisa=st.integers(-5, 40), tangguhan=st.integers(0, 30), tidak_dipakai=st.booleans())
def test_carry_over_never_exceeds_what_is_left_or_the_cap(sisa, tangguhan, tidak_dipakai) -> None:
    a = hak_pada("PNS", D).tahunan
    biasa, dibawa = a.bawa(sisa, tangguhan, tidak_dipakai)
    assert 0 <= biasa + dibawa <= max(sisa, 0)
    assert biasa <= (12 if tidak_dipakai else 6) and dibawa <= tangguhan


def test_years_of_service_exclude_cltn() -> None:
    tmt = dt.date(2015, 3, 1)
    assert genap_tahun(tmt, 1, []) == dt.date(2016, 3, 1)
    assert genap_tahun(tmt, 1, [(dt.date(2015, 6, 1), dt.date(2015, 6, 30))]) == dt.date(2016, 3, 31)
    assert genap_tahun(tmt, 5, [(dt.date(2021, 1, 1), dt.date(2021, 12, 31))]) == dt.date(2020, 3, 1)


def test_month_limits_are_calendar_months() -> None:
    assert tambah_bulan(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert tambah_bulan(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)
    assert batas_selesai(dt.date(2026, 9, 1), 3) == dt.date(2026, 11, 30)
    assert batas_selesai(dt.date(2026, 8, 3), 36) == dt.date(2029, 8, 2)


def test_an_instansi_chain_replaces_the_default_from_its_date() -> None:
    assert alur_pada("pemkot-bandung", D).instansi_id == "*"
    contoh = alur_pada("pemkot-contoh", D)
    assert contoh.pejabat_untuk("CLTN").jabatan_id == "sekda"
    assert contoh.pejabat_untuk("TAHUNAN").atasan_tingkat == 2
    assert alur_pada("pemkot-contoh", dt.date(2023, 6, 1)).instansi_id == "*"
    assert all(a.minggu_kerja == frozenset(range(5)) for a in semua_alur())


def test_a_chain_without_a_default_official_is_rejected() -> None:
    with pytest.raises(ValidationError, match="DEFAULT"):
        AlurPersetujuan(instansi_id="x", berlaku_mulai=D, sumber="s", hari_masuk=[0],
                        pejabat_berwenang={"CLTN": {"jabatan_id": "sekda"}})
    with pytest.raises(ValidationError, match="either"):
        AlurPersetujuan(instansi_id="x", berlaku_mulai=D, sumber="s", hari_masuk=[0],
                        pejabat_berwenang={"DEFAULT": {"jabatan_id": "a", "atasan_tingkat": 2}})
