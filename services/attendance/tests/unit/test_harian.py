"""The day's status from its facts, on the schedules shipped as rule data."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simpeg_attendance.domain.aturan import Jadwal, jadwal_pada, semua_jadwal
from simpeg_attendance.domain.harian import CheckInHari, FaktaHari, nilai_hari

WIT, WIB = "Asia/Jayapura", "Asia/Jakarta"
PERPRES = "perpres-21-2023"


def at(day: dt.date, hhmm: str, zone: str) -> dt.datetime:
    from zoneinfo import ZoneInfo

    h, m = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m), ZoneInfo(zone))


def hari(day: dt.date, *checks: tuple[str, str], zone: str = WIB, **kw) -> FaktaHari:
    jadwal = jadwal_pada(PERPRES, day)
    return FaktaHari(tanggal=day, jadwal=jadwal, jam=jadwal.jam(day), zona_waktu=zone,
                     checkins=tuple(CheckInHari(uuid.uuid4(), j, at(day, t, zone)) for j, t in checks),
                     **kw)


THURSDAY, FRIDAY = dt.date(2026, 5, 7), dt.date(2026, 5, 8)


def test_the_perpres_schedule_is_37_and_a_half_hours_and_ramadan_32_and_a_half() -> None:
    def hours(days: dict) -> float:
        return sum((dt.datetime.combine(dt.date.min, j.pulang) - dt.datetime.combine(dt.date.min, j.masuk)
                    ).seconds / 3600 - j.istirahat_menit / 60 for j in days.values())

    jadwal = jadwal_pada(PERPRES, THURSDAY)
    assert hours(jadwal.hari) == 37.5
    assert jadwal.ramadan is not None and hours(jadwal.ramadan.hari) == 32.5


def test_on_time_is_hadir_without_bands() -> None:
    s = nilai_hari(hari(THURSDAY, ("MASUK", "07:30"), ("PULANG", "16:00")))
    assert (s.status, s.tl, s.psw, s.menit_terlambat, s.menit_pulang_cepat) == ("HADIR", None, None, 0, 0)


def test_friday_ends_at_16_30_so_leaving_at_16_00_is_psw1() -> None:
    thursday = nilai_hari(hari(THURSDAY, ("MASUK", "07:25"), ("PULANG", "16:00")))
    friday = nilai_hari(hari(FRIDAY, ("MASUK", "07:25"), ("PULANG", "16:00")))
    assert thursday.psw is None
    assert (friday.psw, friday.menit_pulang_cepat) == ("PSW1", 30)


def test_ramadan_starts_at_eight() -> None:
    ramadan_day = dt.date(2026, 3, 5)  # a Thursday in Ramadan 1447 H
    s = nilai_hari(hari(ramadan_day, ("MASUK", "07:59"), ("PULANG", "15:00")))
    assert (s.tl, s.psw) == (None, None)
    late = nilai_hari(hari(ramadan_day, ("MASUK", "08:31"), ("PULANG", "15:00")))
    assert (late.tl, late.menit_terlambat) == ("TL2", 31)


@pytest.mark.parametrize(("masuk", "band", "menit"), [
    ("07:31", "TL1", 1), ("08:00", "TL1", 30), ("08:01", "TL2", 31), ("08:30", "TL2", 60),
    ("08:31", "TL3", 61), ("09:00", "TL3", 90), ("09:01", "TL4", 91)])
def test_late_bands(masuk: str, band: str, menit: int) -> None:
    s = nilai_hari(hari(THURSDAY, ("MASUK", masuk), ("PULANG", "16:05")))
    assert (s.tl, s.menit_terlambat) == (band, menit)


def test_a_missing_check_in_is_tl4_and_a_missing_check_out_psw4() -> None:
    only_out = nilai_hari(hari(THURSDAY, ("PULANG", "16:05")))
    only_in = nilai_hari(hari(THURSDAY, ("MASUK", "07:10")))
    assert (only_out.status, only_out.tl, only_out.psw) == ("HADIR", "TL4", None)
    assert (only_in.status, only_in.tl, only_in.psw) == ("HADIR", None, "PSW4")


def test_nothing_is_tk_and_precedence_is_libur_cuti_dinas_luar() -> None:
    assert nilai_hari(hari(THURSDAY)).status == "TK"
    assert nilai_hari(hari(THURSDAY, libur=True, cuti="TAHUNAN")).status == "LIBUR"
    assert nilai_hari(hari(THURSDAY, cuti="TAHUNAN", dinas_luar=True)).status == "CUTI"
    assert nilai_hari(hari(THURSDAY, cuti="SAKIT")).status == "SAKIT"
    assert nilai_hari(hari(THURSDAY, ("MASUK", "09:00"), dinas_luar=True)).status == "DINAS_LUAR"


def test_jayapura_0731_local_is_tl1_whatever_the_servers_zone() -> None:
    day = dt.date(2026, 5, 5)
    utc = dt.datetime(2026, 5, 4, 22, 31, tzinfo=dt.UTC)  # 07:31 WIT on 5 May
    fakta = hari(day, zone=WIT)
    fakta = FaktaHari(**{**fakta.__dict__, "checkins": (CheckInHari(uuid.uuid4(), "MASUK", utc),)})
    s = nilai_hari(fakta)
    assert (s.tl, s.menit_terlambat) == ("TL1", 1)


def test_the_shift_schedule_has_a_night_shift_into_the_next_morning() -> None:
    shift = jadwal_pada("shift-24-jam", THURSDAY)
    assert shift.jam(THURSDAY) is None  # no assignment, no working day
    malam = shift.jam(THURSDAY, "MALAM")
    assert malam is not None and malam.lewat_tengah_malam and not shift.ikut_kalender_libur


def test_every_rule_file_names_its_source_and_date() -> None:
    for jadwal in semua_jadwal():
        assert jadwal.sumber and jadwal.berlaku_mulai <= dt.date(2026, 1, 1)


@given(st.integers(min_value=-5, max_value=600))
def test_bands_never_go_down_as_minutes_grow(menit: int) -> None:
    bands = jadwal_pada(PERPRES, THURSDAY).pita_terlambat
    order = [None, *[b.kode for b in bands]]
    assert order.index(Jadwal.pita(menit, bands)) <= order.index(Jadwal.pita(menit + 1, bands))
