"""From a month's recorded inputs to its result: leave, unpaid months, flags, waived days."""

from __future__ import annotations

import pytest

from simpeg_tpp.application import dikecualikan, hitung_masukan
from simpeg_tpp.domain.aturan import TanpaBasis, aturan

C2026 = aturan("contoh-2026")


def masukan(**kw: object) -> dict:
    base = {"unit_id": "u", "jabatan": {"jabatan_id": "analis", "kelas_jabatan": 9},
            "status": ["AKTIF"], "cuti": [], "penanda": [], "pengecualian": [],
            "penilaian": {"predikat": "BAIK", "revisi": 1, "aturan": "x", "event_id": "e0"},
            "hari": [{"tanggal": "2026-01-08", "status": "TK", "tl": None, "psw": None, "event_id": "e1"},
                     {"tanggal": "2026-01-09", "status": "HADIR", "tl": "TL2", "psw": "PSW1", "event_id": "e2"}]}
    return base | kw


def test_the_recorded_days_cost_their_cuts_with_their_events() -> None:
    h = hitung_masukan(masukan(), C2026)
    assert [(r["tanggal"], r["kode"], r["event_id"]) for r in h.rincian] == [
        ("2026-01-08", "TK", "e1"), ("2026-01-09", "TL2", "e2"), ("2026-01-09", "PSW1", "e2")]
    assert h.potongan_rupiah == 3_600_000 * (3 + 1 + 0.5) / 100


def test_a_day_inside_approved_leave_or_waived_by_an_objection_costs_nothing() -> None:
    cuti = [{"cuti_id": "c1", "jenis": "TAHUNAN", "mulai": "2026-01-07", "selesai": "2026-01-08",
             "event_id": "e9"}]
    h = hitung_masukan(masukan(cuti=cuti, pengecualian=["2026-01-09"]), C2026)
    assert h.rincian == [] and h.disiplin == 3_600_000 * 40 // 100
    assert dikecualikan(masukan(cuti=cuti))["2026-01-08"] == "CUTI:c1"


@pytest.mark.parametrize(("change", "alasan"), [
    ({"status": ["AKTIF", "CLTN"]}, ["STATUS:CLTN"]),
    ({"cuti": [{"cuti_id": "c", "jenis": "CLTN", "mulai": "2026-01-20", "selesai": "2026-04-30",
                "event_id": "e"}]}, ["CUTI:CLTN"]),
    ({"penanda": ["LHKPN_TERLAMBAT"]}, ["PENANDA:LHKPN_TERLAMBAT"]),
])
def test_months_the_rule_set_does_not_pay_pay_nothing_and_say_why(change: dict, alasan: list) -> None:
    h = hitung_masukan(masukan(**change), C2026)
    assert (h.total, h.tidak_dibayar) == (0, alasan)


def test_a_paid_cuti_kind_is_paid() -> None:
    cuti = [{"cuti_id": "c", "jenis": "MELAHIRKAN", "mulai": "2026-01-01", "selesai": "2026-03-31",
             "event_id": "e"}]
    h = hitung_masukan(masukan(cuti=cuti), C2026)
    assert h.total == 3_600_000 and h.tidak_dibayar == []


def test_a_jabatan_without_a_kelas_in_the_rule_set_is_an_error_not_a_guess() -> None:
    with pytest.raises(TanpaBasis, match="kelas jabatan None"):
        hitung_masukan(masukan(jabatan=None), C2026)
