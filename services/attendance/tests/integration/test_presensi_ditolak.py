"""Bad check-ins get a 4xx problem+json that says what to fix, and nothing is stored: no event,
no photo."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import text

from simpeg_shared.http.idempotency import STALE_AFTER

from .conftest import A, photo

WIB = ZoneInfo("Asia/Jakarta")


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (96, 96), (1, 2, 3)).save(buf, format="PNG")
    return buf.getvalue()


def _big_jpeg(size: int) -> bytes:
    """A JPEG header followed by filler, ``size`` bytes long (what a 20 MB upload looks like)."""
    head = photo()
    return head + b"\0" * (size - len(head))


async def _refused(s, response, status: int, field: str | None, foto: bytes | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["detail"]
    if field is not None:
        assert field in [e["field"] for e in body.get("errors", [])], body
    assert s.app.recorder.max_notification_id() in (None, s.baseline)
    if foto is not None:
        assert not s.app.objects.exists(hashlib.sha256(foto).hexdigest())
    return body


@pytest.fixture
async def ready(suite):
    await suite.configure()
    suite.clock.now = dt.datetime(2026, 5, 4, 7, 20, tzinfo=WIB)
    suite.baseline = suite.app.recorder.max_notification_id()
    return suite


@pytest.mark.parametrize(("lat", "lon", "field"), [
    ("nan", "107.6", "body.lat"), ("NaN", "107.6", "body.lat"), ("-6.9", "inf", "body.lon"),
    ("91", "107.6", "body.lat"), ("-90.5", "107.6", "body.lat"), ("-6.9", "180.01", "body.lon"),
    ("-6.9", "-200", "body.lon"), ("utara", "107.6", "body.lat")])
async def test_impossible_coordinates_are_refused(ready, lat: str, lon: str, field: str) -> None:
    foto = photo()
    r = await ready.presensi("pegawai", lat=lat, lon=lon, foto=foto)
    await _refused(ready, r, 422, field, foto)


async def test_nan_accuracy_is_refused(ready) -> None:
    foto = photo()
    await _refused(ready, await ready.presensi("pegawai", akurasi="nan", foto=foto), 422,
                   "body.akurasi_m", foto)


async def test_a_20_mb_photo_is_refused_before_it_is_read_whole(ready) -> None:
    foto = _big_jpeg(20 * 1024 * 1024)
    body = await _refused(ready, await ready.presensi("pegawai", foto=foto), 413, None, foto)
    assert "limit" in body["detail"]


async def test_a_photo_just_over_the_limit_is_refused_with_both_sizes(ready) -> None:
    foto = _big_jpeg(2 * 1024 * 1024 + 1)
    body = await _refused(ready, await ready.presensi("pegawai", foto=foto), 413, "body.foto", foto)
    assert "2 MiB" in body["detail"]


@pytest.mark.parametrize("kind", ["png", "text", "broken-jpeg", "tiny"])
async def test_a_photo_that_is_not_a_jpeg_picture_is_refused(ready, kind: str) -> None:
    foto, declared = {
        "png": (_png(), "image/jpeg"),
        "text": (b"this is not a photo at all", "image/jpeg"),
        "broken-jpeg": (b"\xff\xd8\xff\xe0" + b"garbage" * 100, "image/jpeg"),
        "tiny": (photo(width=16), "image/jpeg"),
    }[kind]
    await _refused(ready, await ready.presensi("pegawai", foto=foto, foto_type=declared), 422,
                   "body.foto", foto)


async def test_a_capture_time_in_the_future_is_refused(ready) -> None:
    foto = photo()
    r = await ready.presensi("pegawai", foto=foto, waktu_ambil=ready.clock.now + dt.timedelta(minutes=30))
    body = await _refused(ready, r, 422, "body.waktu_ambil", foto)
    assert "future" in body["detail"]


async def test_a_naive_time_or_a_wild_phone_clock_is_refused(ready) -> None:
    foto = photo()
    naive = await ready.client.post(f"{A}/presensi", headers=ready.token("pegawai"), files={
        "foto": ("f.jpg", foto, "image/jpeg")}, data={
        "jenis": "MASUK", "lat": "-6.9147", "lon": "107.6098", "akurasi_m": "5",
        "perangkat_id": "android-1234", "lokasi_palsu": "false", "waktu_ponsel": "2026-05-04T07:20:00"})
    await _refused(ready, naive, 422, "body.waktu_ponsel", foto)
    wild = await ready.presensi("pegawai", foto=foto, waktu_ponsel=ready.clock.now + dt.timedelta(days=3))
    body = await _refused(ready, wild, 422, "body.waktu_ponsel", foto)
    assert "automatic" in body["detail"]


async def test_unknown_fields_missing_photo_and_json_bodies_are_refused(ready) -> None:
    foto = photo()
    extra = await ready.client.post(f"{A}/presensi", headers=ready.token("pegawai"),
                                    files={"foto": ("f.jpg", foto, "image/jpeg")},
                                    data={"jenis": "MASUK", "lat": "-6.9", "lon": "107.6",
                                          "akurasi_m": "5", "perangkat_id": "android-1234",
                                          "lokasi_palsu": "false", "waktu_ponsel": ready.clock.now.isoformat(),
                                          "nip": "199001012015031003"})
    await _refused(ready, extra, 422, "body.nip", foto)
    missing = await ready.client.post(f"{A}/presensi", headers=ready.token("pegawai"),
                                      files={"lain": ("a.txt", b"x", "text/plain")},
                                      data={"jenis": "MASUK"})
    assert missing.status_code == 422
    as_json = await ready.client.post(f"{A}/presensi", headers=ready.token("pegawai"), json={"jenis": "MASUK"})
    await _refused(ready, as_json, 415, "header.Content-Type")


async def test_only_a_pegawai_checks_in_and_only_for_themself(ready) -> None:
    r = await ready.presensi("pegawai", headers=ready.admin)
    assert r.status_code == 403
    r = await ready.client.post(f"{A}/presensi", files={"foto": ("f.jpg", photo(), "image/jpeg")})
    assert r.status_code == 401


async def test_an_unconfigured_unit_says_who_configures_it(suite) -> None:
    suite.clock.now = dt.datetime(2026, 5, 4, 7, 20, tzinfo=WIB)
    suite.baseline = suite.app.recorder.max_notification_id()
    foto = photo()
    body = await _refused(suite, await suite.presensi("pegawai", foto=foto), 422, None, foto)
    assert "admin instansi" in body["detail"]


async def test_a_retry_with_the_same_idempotency_key_records_one_check_in(ready) -> None:
    foto = photo()
    headers = {**ready.token("pegawai"), "Idempotency-Key": "hp-1-20260504-masuk"}
    first = await ready.presensi("pegawai", foto=foto, headers=headers)
    second = await ready.presensi("pegawai", foto=foto, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert first.json()["checkin_id"] == second.json()["checkin_id"]
    assert ready.app.objects.exists(hashlib.sha256(foto).hexdigest())


async def test_a_request_run_again_after_its_answer_was_lost_records_no_second_check_in(ready) -> None:
    """The check-in committed, then the process died before it completed the Idempotency-Key;
    once the reservation is stale the phone's retry runs the command again. The check-in's id
    comes from the key, so the run finds it and answers with it: one check-in, not two."""
    foto = photo()
    key = "hp-1-20260504-masuk-jawaban-hilang"
    headers = {**ready.token("pegawai"), "Idempotency-Key": key}
    first = await ready.presensi("pegawai", foto=foto, headers=headers)
    assert first.status_code == 201, first.text
    stored = ready.app.recorder.max_notification_id()
    with ready.runtime.engine.begin() as conn:  # what the crash leaves behind
        lost = conn.execute(text(
            "UPDATE idempotency_key SET status_code = NULL, body = NULL, created_at = :t "
            "WHERE key = :k"), {"t": dt.datetime.now(dt.UTC) - STALE_AFTER * 2, "k": key}).rowcount
    assert lost == 1

    again = await ready.presensi("pegawai", foto=foto, headers=headers)
    assert again.status_code == 201, again.text
    assert "Idempotent-Replayed" not in again.headers  # it ran again, it was not a replay
    assert again.json()["checkin_id"] == first.json()["checkin_id"]
    assert ready.app.recorder.max_notification_id() == stored, "a second check-in was recorded"
    # the key is completed now: a third send is a plain replay
    third = await ready.presensi("pegawai", foto=foto, headers=headers)
    assert third.headers.get("Idempotent-Replayed") == "true"


@pytest.mark.parametrize(("content_type", "body", "status"), [
    ("multipart/form-data", b"--x\r\n\r\n", 415),                        # no boundary
    ("multipart/form-data; boundary=x", b"", 400),                     # empty
    ("multipart/form-data; boundary=x", b"garbage without parts", 400),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"jenis\"\r\n\r\nMASUK", 400),
    ("multipart/form-data; boundary=x", b"--x\r\nno blank line--x--\r\n", 400),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Type: text/plain\r\n\r\nMASUK\r\n--x--\r\n", 400),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"jenis\"\r\n\r\nMASUK\r\n"
     b"--x\r\nContent-Disposition: form-data; name=\"jenis\"\r\n\r\nPULANG\r\n--x--\r\n", 400),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"jenis\"\r\n\r\n\xff\xfe\r\n--x--\r\n", 400),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"jenis\"\r\n\r\nMASUK\r\n--x--\r\n", 422),
])
async def test_a_malformed_multipart_body_is_a_4xx_never_a_500(ready, content_type, body, status) -> None:
    r = await ready.client.post(f"{A}/presensi", content=body,
                                headers={**ready.token("pegawai"), "Content-Type": content_type})
    await _refused(ready, r, status, None)
