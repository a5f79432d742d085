"""Check-in through the API, the server's clock deciding, and the days the closing publishes."""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest

from simpeg_shared import envelope, kafka
from simpeg_shared.contracts import topic_for
from simpeg_shared.contracts.attendance import (CheckInRecordedV1, DailyAttendanceClosedV1,
                                                DailyAttendanceCorrectedV1)

from .conftest import A, KANTOR, days, photo, published

WIT = ZoneInfo("Asia/Jayapura")
WIB = ZoneInfo("Asia/Jakarta")


def north(meter: float) -> tuple[float, float]:
    from simpeg_attendance.domain.geo import jarak_meter

    lo, hi = 0.0, 0.01
    for _ in range(80):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if jarak_meter(*KANTOR, KANTOR[0] + mid, KANTOR[1]) < meter else (lo, mid)
    return KANTOR[0] + lo, KANTOR[1]


@pytest.fixture
def server_in_utc():
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


async def test_jayapura_at_0731_local_is_tl1_while_the_server_runs_in_utc(suite, server_in_utc) -> None:
    s = suite
    await s.configure(zona="Asia/Jayapura")
    s.clock.now = dt.datetime(2026, 5, 5, 7, 31, tzinfo=WIT).astimezone(dt.UTC)
    assert s.clock.now.date() == dt.date(2026, 5, 4)  # still the day before in UTC
    r = await s.presensi("pegawai", "MASUK")
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["tanggal"], body["menit_terlambat"], body["status"], body["lokasi_id"]) == (
        "2026-05-05", 1, "DITERIMA", "kantor")
    s.clock.now = dt.datetime(2026, 5, 5, 16, 2, tzinfo=WIT).astimezone(dt.UTC)
    assert (await s.presensi("pegawai", "PULANG")).status_code == 201

    # 5 May closes at 6 May 00:00 WIT plus two hours' grace: not at 01:59, at 02:00
    s.clock.now = dt.datetime(2026, 5, 6, 1, 59, tzinfo=WIT).astimezone(dt.UTC)
    s.app.tutup()
    assert dt.date(2026, 5, 5) not in days(s.runtime, s.nips["pegawai"])
    s.clock.now = dt.datetime(2026, 5, 6, 2, 0, tzinfo=WIT).astimezone(dt.UTC)
    s.app.tutup()
    day = days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 5)]
    assert isinstance(day, DailyAttendanceClosedV1)
    assert (day.status, day.tl, day.psw, day.menit_terlambat, day.zona_waktu, day.revisi) == (
        "HADIR", "TL1", None, 1, "Asia/Jayapura", 1)
    assert day.jadwal == "perpres-21-2023@2023-03-29" and len(day.checkin_ids) == 2
    # the day before had no check-in: TK; the colleague too
    assert days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 4)].status == "TK"
    assert days(s.runtime, s.nips["rekan"])[dt.date(2026, 5, 5)].status == "TK"

    # The relay publishes them on simpeg.attendance.v1; no photo, coordinates or device there.
    relay = s.runtime.relay()
    await relay.start()
    try:
        while await relay.step():
            pass
    finally:
        await relay.stop()
    records = await kafka.read_topic(s.bootstrap, topic_for("attendance"))
    mine = [envelope.decode(list(r.headers), r.value) for r in records if r.key == s.nips["pegawai"].encode()]
    kinds = [type(e).__name__ for e in mine]
    assert kinds.count("CheckInRecordedV1") == 2 and kinds.count("DailyAttendanceClosedV1") == 2
    for r in records:
        text = r.value.decode()
        assert "android-1234" not in text and str(KANTOR[0]) not in text and "sha256" not in text


async def test_a_friday_runs_to_16_30(suite) -> None:
    s = suite
    await s.configure()
    friday = dt.date(2026, 5, 8)
    s.clock.now = dt.datetime.combine(friday, dt.time(7, 20), WIB)
    await s.presensi("pegawai", "MASUK")
    s.clock.now = dt.datetime.combine(friday, dt.time(16, 0), WIB)
    r = await s.presensi("pegawai", "PULANG")
    assert r.json()["menit_pulang_cepat"] == 30
    s.clock.now = dt.datetime(2026, 5, 9, 3, 0, tzinfo=WIB)
    s.app.tutup()
    day = days(s.runtime, s.nips["pegawai"])[friday]
    assert (day.status, day.tl, day.psw, day.menit_pulang_cepat) == ("HADIR", None, "PSW1", 30)


async def test_a_holiday_is_libur_and_a_weekend_is_no_working_day(suite) -> None:
    s = suite
    await s.configure(mulai=dt.date(2026, 4, 30))
    s.clock.now = dt.datetime(2026, 5, 4, 12, 0, tzinfo=WIB)
    s.app.tutup()
    got = days(s.runtime, s.nips["pegawai"])
    assert got[dt.date(2026, 4, 30)].status == "TK"
    assert got[dt.date(2026, 5, 1)].status == "LIBUR"  # Hari Buruh Internasional
    assert dt.date(2026, 5, 2) not in got and dt.date(2026, 5, 3) not in got


async def test_circle_of_100_m_through_the_api_at_90_and_110_m(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 4, 7, 0, tzinfo=WIB)
    inside = await s.presensi("pegawai", "MASUK", lat=north(90)[0])
    assert (inside.json()["lokasi_id"], inside.json()["status"]) == ("kantor", "DITERIMA")
    outside = await s.presensi("rekan", "MASUK", lat=north(110)[0])
    body = outside.json()
    assert outside.status_code == 201  # kept, never dropped: it waits for the atasan
    assert body["lokasi_id"] is None and body["jarak_meter"] == pytest.approx(10, abs=0.3)
    assert body["status"] == "MENUNGGU_REVIEW"
    assert "DI_LUAR_LOKASI" in [a["kode"] for a in body["alasan_risiko"]]


async def test_the_same_photo_twice_raises_the_score(suite) -> None:
    s = suite
    await s.configure()
    same = photo()
    s.clock.now = dt.datetime(2026, 5, 4, 7, 0, tzinfo=WIB)
    first = (await s.presensi("pegawai", "MASUK", foto=same)).json()
    s.clock.now = dt.datetime(2026, 5, 4, 16, 5, tzinfo=WIB)
    second = (await s.presensi("pegawai", "PULANG", foto=same)).json()
    assert first["skor_risiko"] == 0
    assert second["skor_risiko"] > first["skor_risiko"]
    assert [a["kode"] for a in second["alasan_risiko"]] == ["FOTO_DIPAKAI_ULANG"]
    assert second["alasan_risiko"][0]["pesan"]  # each reason is shown in plain words


async def test_an_offline_capture_inside_the_window_keeps_its_capture_time(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 4, 10, 0, tzinfo=WIB)
    captured = dt.datetime(2026, 5, 4, 7, 20, tzinfo=WIB)
    r = await s.presensi("pegawai", "MASUK", waktu_ambil=captured)
    assert r.status_code == 201, r.text
    body = r.json()
    assert dt.datetime.fromisoformat(body["waktu"]) == captured
    assert body["offline"] is True and body["menit_terlambat"] == 0
    assert "SINKRON_TERLAMBAT" in [a["kode"] for a in body["alasan_risiko"]]
    # a phone whose clock runs 10 minutes fast: its capture is placed by the skew it shows now
    fast = dt.timedelta(minutes=10)
    r = await s.presensi("rekan", "MASUK", waktu_ambil=captured + fast,
                         waktu_ponsel=s.clock.now + fast)
    assert dt.datetime.fromisoformat(r.json()["waktu"]) == captured
    assert "JAM_PONSEL_MELESET" in [a["kode"] for a in r.json()["alasan_risiko"]]
    # ... and one captured two minutes ago by that phone is not "in the future" either
    r = await s.presensi("atasan", "MASUK", waktu_ambil=s.clock.now + fast - dt.timedelta(minutes=2),
                         waktu_ponsel=s.clock.now + fast)
    assert r.status_code == 201, r.text
    assert dt.datetime.fromisoformat(r.json()["waktu"]) == s.clock.now - dt.timedelta(minutes=2)
    recorded = published(s.runtime, CheckInRecordedV1)
    assert [e.offline for e in recorded] == [True, True, True]


async def test_an_offline_capture_outside_the_window_is_refused_with_the_reason(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 6, 10, 0, tzinfo=WIB)
    before = len(published(s.runtime))
    r = await s.presensi("pegawai", "MASUK", waktu_ambil=s.clock.now - dt.timedelta(hours=25))
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"
    assert "25.0 hours ago" in r.json()["detail"] and "within 24.0 hours" in r.json()["detail"]
    assert r.json()["errors"][0]["field"] == "body.waktu_ambil"
    assert len(published(s.runtime)) == before


async def test_an_offline_capture_of_a_closed_day_corrects_it(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB)
    s.app.tutup()
    assert days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 4)].status == "TK"
    r = await s.presensi("pegawai", "MASUK", waktu_ambil=dt.datetime(2026, 5, 4, 7, 45, tzinfo=WIB))
    assert r.status_code == 201 and r.json()["status"] == "DITERIMA", r.text
    day = days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 4)]
    assert isinstance(day, DailyAttendanceCorrectedV1)
    assert (day.status, day.tl, day.psw, day.revisi) == ("HADIR", "TL1", "PSW4", 2)
    assert day.sumber.startswith("CHECKIN:")


async def test_a_mock_location_waits_for_review_and_its_approval_changes_the_day(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 4, 7, 25, tzinfo=WIB)
    r = await s.presensi("pegawai", "MASUK", mock=True)
    body = r.json()
    assert (r.status_code, body["status"]) == (201, "MENUNGGU_REVIEW")
    assert "LOKASI_PALSU" in [a["kode"] for a in body["alasan_risiko"]]
    checkin_id = body["checkin_id"]

    queue = await s.client.get(f"{A}/review", headers=s.token("atasan", "PEGAWAI", "ATASAN"))
    assert [q["checkin_id"] for q in queue.json()] == [checkin_id]
    assert (await s.client.get(f"{A}/review", headers=s.token("rekan"))).json() == []

    # waiting for review does not count: the day closes TK
    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB)
    s.app.tutup()
    assert days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 4)].status == "TK"

    decision = {"keputusan": "DISETUJUI", "alasan": "GPS kantor bermasalah, dicek langsung"}
    own = await s.client.post(f"{A}/review/{checkin_id}", json=decision, headers=s.token("pegawai"))
    assert own.status_code == 403
    colleague = await s.client.post(f"{A}/review/{checkin_id}", json=decision, headers=s.token("rekan"))
    assert colleague.status_code == 403
    no_reason = await s.client.post(f"{A}/review/{checkin_id}", json={"keputusan": "DISETUJUI"},
                                    headers=s.token("atasan"))
    assert no_reason.status_code == 422
    ok = await s.client.post(f"{A}/review/{checkin_id}", json=decision, headers=s.token("atasan"))
    assert ok.status_code == 200 and ok.json()["status"] == "DISETUJUI", ok.text
    again = await s.client.post(f"{A}/review/{checkin_id}", json=decision, headers=s.token("atasan"))
    assert again.status_code == 409

    day = days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 4)]
    assert isinstance(day, DailyAttendanceCorrectedV1)
    assert (day.status, day.psw, day.revisi, day.sumber) == ("HADIR", "PSW4", 2, f"REVIEW:{checkin_id}")
    reviewed = [e for e in published(s.runtime) if type(e).__name__ == "CheckInReviewedV1"]
    assert [(e.keputusan, e.nip_peninjau) for e in reviewed] == [("DISETUJUI", s.nips["atasan"])]
    assert (await s.client.get(f"{A}/review", headers=s.token("atasan"))).json() == []


async def test_a_rejected_check_in_never_counts(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 4, 7, 25, tzinfo=WIB)
    checkin_id = (await s.presensi("pegawai", "MASUK", mock=True)).json()["checkin_id"]
    r = await s.client.post(f"{A}/review/{checkin_id}", headers=s.token("atasan"),
                            json={"keputusan": "DITOLAK", "alasan": "Foto bukan di kantor"})
    assert r.json()["status"] == "DITOLAK"
    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB)
    s.app.tutup()
    assert days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 4)].status == "TK"


async def test_a_dinas_luar_assignment_makes_the_day_dinas_luar_and_its_place_valid(suite) -> None:
    s = suite
    await s.configure()
    place = {"bentuk": "LINGKARAN", "lat": -6.2, "lon": 106.8, "radius_m": 200}
    r = await s.client.post(f"{A}/penugasan", headers=s.admin, json={
        "nip": s.nips["pegawai"], "jenis": "DINAS_LUAR", "mulai": "2026-05-05",
        "selesai": "2026-05-05", "lokasi": place, "keterangan": "Rakor BKD"})
    assert r.status_code == 201, r.text
    s.clock.now = dt.datetime(2026, 5, 5, 8, 0, tzinfo=WIB)
    checkin = (await s.presensi("pegawai", "MASUK", lat=-6.2, lon=106.8)).json()
    assert checkin["lokasi_id"].startswith("DINAS_LUAR:") and checkin["status"] == "DITERIMA"
    s.clock.now = dt.datetime(2026, 5, 6, 3, 0, tzinfo=WIB)
    s.app.tutup()
    assert days(s.runtime, s.nips["pegawai"])[dt.date(2026, 5, 5)].status == "DINAS_LUAR"
    wfh_without_place = await s.client.post(f"{A}/penugasan", headers=s.admin, json={
        "nip": s.nips["pegawai"], "jenis": "WFH", "mulai": "2026-05-06", "selesai": "2026-05-06"})
    assert wfh_without_place.status_code == 422


async def test_the_closing_is_idempotent(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 8, 3, 0, tzinfo=WIB)
    first = s.app.tutup()
    assert first["ditutup"] == 12  # 3 pegawai x 4 working days (4-7 May)
    assert s.app.tutup()["ditutup"] == 0
    closed = published(s.runtime, DailyAttendanceClosedV1)
    assert len(closed) == 12 and len({(e.nip, e.tanggal) for e in closed}) == 12


async def test_the_read_side_shows_units_days_check_ins_and_a_complete_openapi(suite) -> None:
    s = suite
    await s.configure()
    s.clock.now = dt.datetime(2026, 5, 4, 7, 10, tzinfo=WIB)
    checkin = (await s.presensi("pegawai", "MASUK")).json()
    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB)
    closed = await s.client.post(f"{A}/penutupan", headers=s.admin)
    assert closed.status_code == 200 and closed.json()["ditutup"] == 3

    unit = (await s.client.get(f"{A}/unit/{s.unit}", headers=s.admin)).json()
    assert unit["zona_waktu"] == "Asia/Jakarta" and unit["lokasi"]["kantor"]["bentuk"]["radius_m"] == 100
    other = await s.client.get(f"{A}/unit/{s.unit}", headers=s.token("pegawai") | {})
    assert other.status_code == 200
    outsider = s.make_token("ADMIN_INSTANSI", instansi="pemda-lain")
    assert (await s.client.get(f"{A}/unit/{s.unit}", headers={"Authorization": f"Bearer {outsider}"})
            ).status_code == 404

    own = await s.client.get(f"{A}/harian/{s.nips['pegawai']}",
                             params={"mulai": "2026-05-01", "selesai": "2026-05-31"},
                             headers=s.token("pegawai"))
    assert own.status_code == 200
    body = own.json()
    assert [(d["tanggal"], d["status"], d["psw"]) for d in body["hari"]] == [("2026-05-04", "HADIR", "PSW4")]
    assert [c["checkin_id"] for c in body["checkin"]] == [checkin["checkin_id"]]
    colleague = await s.client.get(f"{A}/harian/{s.nips['pegawai']}",
                                    params={"mulai": "2026-05-01", "selesai": "2026-05-31"},
                                    headers=s.token("rekan"))
    assert colleague.status_code == 404
    too_long = await s.client.get(f"{A}/harian/{s.nips['pegawai']}",
                                  params={"mulai": "2026-01-01", "selesai": "2026-12-31"},
                                  headers=s.token("pegawai"))
    assert too_long.status_code == 422
    assert (await s.client.get(f"{A}/presensi/{checkin['checkin_id']}", headers=s.token("pegawai"))
            ).json()["status"] == "DITERIMA"
    assert (await s.client.get(f"{A}/presensi/{checkin['checkin_id']}", headers=s.token("rekan"))
            ).status_code == 404
    jadwal = (await s.client.get(f"{A}/jadwal")).json()
    assert {j["versi"] for j in jadwal} >= {"perpres-21-2023@2023-03-29", "shift-24-jam@2023-03-29"}

    schema = (await s.client.get("/openapi.json")).json()
    upload = schema["paths"][f"{A}/presensi"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    assert {"413", "415", "422"} <= set(upload["responses"])


async def test_a_unit_refuses_an_unknown_zone_schedule_or_a_year_without_a_calendar(suite) -> None:
    s = suite
    for body, field in [
            ({"zona_waktu": "Asia/Bandung", "jadwal": "perpres-21-2023", "berlaku_mulai": "2026-05-04"}, "body.zona_waktu"),
            ({"zona_waktu": "Asia/Jakarta", "jadwal": "lima-hari", "berlaku_mulai": "2026-05-04"}, "body.jadwal"),
            ({"zona_waktu": "Asia/Jakarta", "jadwal": "perpres-21-2023", "berlaku_mulai": "2019-01-02"}, "body.berlaku_mulai")]:
        r = await s.client.put(f"{A}/unit/{s.unit}", headers=s.admin, json=body)
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == field
    bad_polygon = await s.client.put(f"{A}/unit/{s.unit}/lokasi/x", headers=s.admin, json={
        "nama": "X", "bentuk": {"bentuk": "POLIGON", "luar": [{"lat": 0, "lon": 0}, {"lat": 1, "lon": 1}]}})
    assert bad_polygon.status_code == 422


async def test_a_night_shift_check_out_next_morning_counts_for_the_day_it_started(suite) -> None:
    s = suite
    await s.configure(jadwal="shift-24-jam")
    r = await s.client.post(f"{A}/penugasan", headers=s.admin, json={
        "nip": s.nips["pegawai"], "jenis": "SHIFT", "mulai": "2026-05-04", "selesai": "2026-05-04",
        "shift": "MALAM"})
    assert r.status_code == 201, r.text
    wrong = await s.client.post(f"{A}/penugasan", headers=s.admin, json={
        "nip": s.nips["pegawai"], "jenis": "SHIFT", "mulai": "2026-05-05", "selesai": "2026-05-05",
        "shift": "SORE"})
    assert wrong.status_code == 422 and "MALAM" in wrong.json()["detail"]
    s.clock.now = dt.datetime(2026, 5, 4, 21, 5, tzinfo=WIB)
    masuk = (await s.presensi("pegawai", "MASUK")).json()
    assert (masuk["tanggal"], masuk["menit_terlambat"]) == ("2026-05-04", 5)
    s.clock.now = dt.datetime(2026, 5, 5, 7, 1, tzinfo=WIB)
    pulang = (await s.presensi("pegawai", "PULANG")).json()
    assert (pulang["tanggal"], pulang["menit_pulang_cepat"]) == ("2026-05-04", 0)
    # the night shift of 4 May closes after it ends at 07:00 on 5 May plus the grace period
    s.clock.now = dt.datetime(2026, 5, 5, 8, 59, tzinfo=WIB)
    s.app.tutup()
    assert dt.date(2026, 5, 4) not in days(s.runtime, s.nips["pegawai"])
    s.clock.now = dt.datetime(2026, 5, 5, 9, 0, tzinfo=WIB)
    s.app.tutup()
    got = days(s.runtime, s.nips["pegawai"])
    assert (got[dt.date(2026, 5, 4)].status, got[dt.date(2026, 5, 4)].tl) == ("HADIR", "TL1")
    # colleagues without a shift that day have no working day to close
    assert dt.date(2026, 5, 4) not in days(s.runtime, s.nips["rekan"])


async def test_the_plh_of_the_atasan_reviews_but_never_their_own_check_in(suite) -> None:
    from simpeg_attendance.projections.pegawai import peninjau_sah
    from simpeg_shared.contracts import profile as p

    from .conftest import consume, contract, publish

    s = suite
    await s.configure()
    today = dt.date(2026, 5, 4)
    await publish(s.bootstrap, [
        contract(p.JabatanChangedV1, s.instansi, nip=s.nips["atasan"], jabatan_id="kabid-umum",
                 nama_jabatan="Kabid Umum", unit_id=s.unit, tmt=dt.date(2020, 1, 1)),
        contract(p.PltAssignedV1, s.instansi, nip=s.nips["rekan"], jabatan_id="kabid-umum",
                 jenis="PLH", mulai=today, selesai=today + dt.timedelta(days=2))])
    store = s.runtime.store("attendance.pegawai")
    await consume(s.runtime, "attendance.pegawai", s.bootstrap, lambda: s.nips["rekan"] in store.read(
        lambda c, t: peninjau_sah(c, t, s.nips["pegawai"], today, today))[1])

    s.clock.now = dt.datetime(2026, 5, 4, 7, 25, tzinfo=WIB)
    theirs = (await s.presensi("pegawai", "MASUK", mock=True)).json()["checkin_id"]
    own = (await s.presensi("rekan", "MASUK", mock=True)).json()["checkin_id"]
    queue = (await s.client.get(f"{A}/review", headers=s.token("rekan"))).json()
    assert [q["checkin_id"] for q in queue] == [theirs]
    decision = {"keputusan": "DISETUJUI", "alasan": "Diperiksa oleh Plh"}
    assert (await s.client.post(f"{A}/review/{own}", json=decision, headers=s.token("rekan"))).status_code == 403
    ok = await s.client.post(f"{A}/review/{theirs}", json=decision, headers=s.token("rekan"))
    assert ok.status_code == 200 and ok.json()["review"]["nip_peninjau"] == s.nips["rekan"]
    # after the assignment ends, the Plh reviews no more
    s.clock.now = dt.datetime(2026, 5, 8, 7, 0, tzinfo=WIB)
    assert (await s.client.get(f"{A}/review", headers=s.token("rekan"))).json() == []


async def test_a_pegawai_with_many_check_ins_is_loaded_from_a_snapshot(suite) -> None:
    from simpeg_attendance.domain.presensi import PegawaiPresensi

    s = suite
    await s.configure()
    place = {"bentuk": "LINGKARAN", "lat": -6.2, "lon": 106.8, "radius_m": 150}
    r = await s.client.post(f"{A}/penugasan", headers=s.admin, json={
        "nip": s.nips["pegawai"], "jenis": "WFH", "mulai": "2026-05-04", "selesai": "2026-08-31",
        "lokasi": place})
    assert r.status_code == 201
    day = dt.date(2026, 5, 4)
    for n in range(110):
        s.clock.now = dt.datetime.combine(day + dt.timedelta(days=n // 2), dt.time(7 + 9 * (n % 2), 0), WIB)
        s.app.catat_presensi(nip=s.nips["pegawai"], jenis="MASUK" if n % 2 == 0 else "PULANG",
                             lat=-6.2, lon=106.8, akurasi_m=5, perangkat_id="android-1234",
                             lokasi_palsu=False, waktu_ponsel=s.clock.now, waktu_ambil=None,
                             foto=photo())
    agg_id = PegawaiPresensi.create_id(s.nips["pegawai"])
    snapshots = list(s.app.snapshots.get(agg_id))
    assert snapshots, "no snapshot was taken"
    agg = s.app.repository.get(agg_id)
    assert len(agg.penugasan) == 1 and agg.terakhir["waktu"] == s.clock.now
    last = (await s.presensi("pegawai", "MASUK", lat=-6.2, lon=106.8)).json()
    assert last["lokasi_id"].startswith("WFH:") and last["status"] == "DITERIMA"
