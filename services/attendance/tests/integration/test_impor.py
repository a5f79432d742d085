"""POST /impor: historical check-ins migrated from the previous app, by the admin instansi, in
batches; validated per record, stored once per record, and closed days recomputed."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from simpeg_shared.contracts.attendance import CheckInRecordedV1

from .conftest import A, KANTOR, days, published

WIB = ZoneInfo("Asia/Jakarta")


def rekaman(rid: str, nip: str, waktu: dt.datetime, jenis: str = "MASUK", **kw: object) -> dict:
    return {"rekaman_id": rid, "nip": nip, "jenis": jenis, "waktu": waktu.isoformat(),
            "lat": KANTOR[0], "lon": KANTOR[1], "akurasi_m": 12, **kw}


async def test_a_batch_is_stored_once_and_the_closing_counts_it(suite) -> None:
    s = suite
    await s.configure(mulai=dt.date(2026, 5, 4))
    nip = s.nips["pegawai"]
    batch = {"sumber": "e-absensi-lama", "rekaman": [
        rekaman("r-1", nip, dt.datetime(2026, 5, 4, 7, 45, tzinfo=WIB)),           # TL1 (15 min)
        rekaman("r-2", nip, dt.datetime(2026, 5, 4, 16, 5, tzinfo=WIB), "PULANG"),
        rekaman("r-3", s.nips["rekan"], dt.datetime(2026, 5, 4, 7, 20, tzinfo=WIB)),
    ]}
    s.clock.now = dt.datetime(2026, 5, 4, 20, 0, tzinfo=WIB).astimezone(dt.UTC)
    r = await s.client.post(f"{A}/impor", headers=s.admin, json=batch)
    assert r.status_code == 200, r.text
    assert r.json() == {"diterima": 3, "sudah_ada": 0, "ditolak": []}

    again = await s.client.post(f"{A}/impor", headers=s.admin, json=batch)
    assert again.json() == {"diterima": 0, "sudah_ada": 3, "ditolak": []}
    events = [e for e in published(s.runtime, CheckInRecordedV1) if e.nip == nip]
    assert len(events) == 2 and {e.lokasi_id for e in events} == {"kantor"}
    masuk = next(e for e in events if e.jenis == "MASUK")
    assert (masuk.menit_terlambat, masuk.status, masuk.tanggal) == (15, "DITERIMA", dt.date(2026, 5, 4))

    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB).astimezone(dt.UTC)
    s.app.tutup()
    day = days(s.runtime, nip)[dt.date(2026, 5, 4)]
    assert (day.status, day.tl) == ("HADIR", "TL1")
    assert days(s.runtime, s.nips["atasan"])[dt.date(2026, 5, 4)].status == "TK"


async def test_a_record_for_a_closed_day_corrects_it(suite) -> None:
    s = suite
    await s.configure(mulai=dt.date(2026, 5, 4))
    nip = s.nips["atasan"]
    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB).astimezone(dt.UTC)
    s.app.tutup()
    assert days(s.runtime, nip)[dt.date(2026, 5, 4)].status == "TK"
    r = await s.client.post(f"{A}/impor", headers=s.admin, json={"sumber": "lama", "rekaman": [
        rekaman("a-1", nip, dt.datetime(2026, 5, 4, 7, 25, tzinfo=WIB)),
        rekaman("a-2", nip, dt.datetime(2026, 5, 4, 16, 1, tzinfo=WIB), "PULANG")]})
    assert r.json()["diterima"] == 2, r.text
    s.app.tutup()
    day = days(s.runtime, nip)[dt.date(2026, 5, 4)]
    assert (day.status, day.revisi) == ("HADIR", 2)


async def test_bad_records_are_refused_one_by_one_and_a_bad_body_is_422_naming_the_field(suite) -> None:
    s = suite
    await s.configure(mulai=dt.date(2026, 5, 4))
    s.clock.now = dt.datetime(2026, 5, 6, 12, 0, tzinfo=WIB).astimezone(dt.UTC)
    r = await s.client.post(f"{A}/impor", headers=s.admin, json={"sumber": "lama", "rekaman": [
        rekaman("ok", s.nips["pegawai"], dt.datetime(2026, 5, 5, 7, 29, tzinfo=WIB)),
        rekaman("future", s.nips["pegawai"], dt.datetime(2026, 5, 7, 7, 29, tzinfo=WIB)),
        rekaman("stranger", "199001012015011999", dt.datetime(2026, 5, 5, 7, 29, tzinfo=WIB)),
        rekaman("ok", s.nips["rekan"], dt.datetime(2026, 5, 5, 7, 29, tzinfo=WIB)),
    ]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["diterima"] == 1
    assert [(d["rekaman_id"], d["field"]) for d in body["ditolak"]] == [
        ("future", "body.rekaman.1.waktu"), ("stranger", "body.rekaman.2.nip"),
        ("ok", "body.rekaman.3.rekaman_id")]

    bad = await s.client.post(f"{A}/impor", headers=s.admin, json={"sumber": "lama", "rekaman": [
        rekaman("x", s.nips["pegawai"], dt.datetime(2026, 5, 5, 7, 29, tzinfo=WIB), lat=123)]})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "rekaman" in bad.text and "lat" in bad.text
    naive = await s.client.post(f"{A}/impor", headers=s.admin, json={"sumber": "lama", "rekaman": [
        {**rekaman("y", s.nips["pegawai"], dt.datetime(2026, 5, 5, 7, 29)), }]})
    assert naive.status_code == 422 and "waktu" in naive.text
    empty = await s.client.post(f"{A}/impor", headers=s.admin, json={"sumber": "lama", "rekaman": []})
    assert empty.status_code == 422


async def test_only_the_admin_of_the_instansi_imports_and_only_its_own_pegawai(suite) -> None:
    s = suite
    await s.configure(mulai=dt.date(2026, 5, 4))
    s.clock.now = dt.datetime(2026, 5, 6, 12, 0, tzinfo=WIB).astimezone(dt.UTC)
    body = {"sumber": "lama", "rekaman": [
        rekaman("p-1", s.nips["pegawai"], dt.datetime(2026, 5, 5, 7, 29, tzinfo=WIB))]}
    assert (await s.client.post(f"{A}/impor", headers=s.token("pegawai"), json=body)).status_code == 403
    other = {"Authorization": "Bearer " + s.make_token("ADMIN_INSTANSI", instansi="pemda-lain")}
    r = await s.client.post(f"{A}/impor", headers=other, json=body)
    assert r.status_code == 200 and r.json()["diterima"] == 0
    assert r.json()["ditolak"][0]["field"] == "body.rekaman.0.nip"
