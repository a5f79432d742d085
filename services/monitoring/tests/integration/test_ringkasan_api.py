"""Monitoring's ringkasan API: instansi scope, BKN_PUSAT's view, the answer's shape."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx

from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts.profile import PegawaiRegisteredV1
from simpeg_shared.testing import auth


def registered(nip: str, instansi: str, unit: str) -> PegawaiRegisteredV1:
    return PegawaiRegisteredV1(event_id=event_id_for(uuid.uuid4(), 1), occurred_at=dt.datetime.now(dt.UTC),
                               nip=nip, nama="N", instansi_id=instansi, unit_id=unit)


async def test_ringkasan_counts_pegawai_and_units_of_one_instansi(make_runtime: Any, make_token: Any) -> None:
    monitoring = make_runtime("monitoring")
    store = monitoring.store("monitoring.ringkasan_instansi")
    events = [registered("198503152010011001", "pemkot-bandung", "dinkes"),
              registered("198503152010011002", "pemkot-bandung", "dinkes"),
              registered("198503152010011003", "pemkot-bandung", "bappeda"),
              registered("198503152010011004", "pemkab-sleman", "setda")]
    assert store.apply_batch(events) == 4
    assert store.apply_batch(events[:2]) == 0  # the same events again change nothing
    # The same pegawai told again under another event id is still one pegawai.
    assert store.apply_batch([registered("198503152010011001", "pemkot-bandung", "dinkes")]) == 1

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=monitoring.api()), base_url="http://m") as c:
        own = await c.get("/api/monitoring/v1/instansi/pemkot-bandung/ringkasan",
                          headers=auth(make_token("ATASAN", instansi="pemkot-bandung")))
        assert own.status_code == 200
        body = own.json()
        assert (body["instansi_id"], body["jumlah_pegawai"], body["jumlah_unit"]) == ("pemkot-bandung", 3, 2)
        assert dt.datetime.fromisoformat(body["diperbarui_pada"]).tzinfo is not None

        other = await c.get("/api/monitoring/v1/instansi/pemkab-sleman/ringkasan",
                            headers=auth(make_token("ADMIN_INSTANSI", instansi="pemkot-bandung")))
        assert other.status_code == 403
        bkn = await c.get("/api/monitoring/v1/instansi/pemkab-sleman/ringkasan",
                          headers=auth(make_token("BKN_PUSAT", instansi=None)))
        assert bkn.json()["jumlah_pegawai"] == 1
        empty = await c.get("/api/monitoring/v1/instansi/pemprov-papua/ringkasan",
                            headers=auth(make_token("BKN_PUSAT", instansi=None)))
        assert empty.json()["jumlah_pegawai"] == 0
        bad = await c.get("/api/monitoring/v1/instansi/bad id!/ringkasan",
                          headers=auth(make_token("BKN_PUSAT", instansi=None)))
        assert bad.status_code == 422


async def test_an_undecodable_record_is_kept_as_a_dead_letter_once(make_runtime: Any) -> None:
    from sqlalchemy import text

    monitoring = make_runtime("monitoring")
    store = monitoring.store("monitoring.ringkasan_instansi")
    for offset in (7, 7, 0):  # redelivered, then again after a broker restart reset offsets
        store.record_dead_letter("simpeg.profile.v1", 0, offset, b"k", [("ce_type", b"x")], b"{oops", "bad json")
    with monitoring.engine.connect() as conn:
        rows = conn.execute(text("SELECT consumer, error FROM dead_letter")).all()
    assert rows == [("monitoring.ringkasan_instansi", "bad json")]


def moved(nip: str, instansi: str, unit: str, lama: tuple[str, str]) -> Any:
    from simpeg_shared.contracts.profile import UnitChangedV1

    return UnitChangedV1(event_id=event_id_for(uuid.uuid4(), 2), occurred_at=dt.datetime.now(dt.UTC),
                         nip=nip, instansi_id=instansi, unit_id=unit, instansi_id_lama=lama[0],
                         unit_id_lama=lama[1], tmt=dt.date(2026, 1, 1))


async def test_mutasi_and_pindah_instansi_keep_counts_exact(make_runtime: Any) -> None:
    from simpeg_monitoring.projections.ringkasan import ringkasan

    monitoring = make_runtime("monitoring")
    store = monitoring.store("monitoring.ringkasan_instansi")
    a, b = "198503152010011001", "198503152010011002"
    store.apply_batch([registered(a, "pemkot-bandung", "dinkes"), registered(b, "pemkot-bandung", "dinkes")])
    to_unit = moved(a, "pemkot-bandung", "bappeda", ("pemkot-bandung", "dinkes"))
    to_instansi = moved(b, "pemprov-jabar", "bkd", ("pemkot-bandung", "dinkes"))
    assert store.apply_batch([to_unit, to_instansi, to_unit]) == 2

    def summary(instansi: str) -> tuple[int, int]:
        r = store.read(lambda conn, t: ringkasan(conn, t, instansi))
        return r["jumlah_pegawai"], r["jumlah_unit"]

    assert summary("pemkot-bandung") == (1, 1)
    assert summary("pemprov-jabar") == (1, 1)


async def test_the_predikat_distribution_keeps_the_latest_revisi(make_runtime: Any, make_token: Any) -> None:
    from simpeg_shared.contracts.kinerja import PenilaianPeriodikFinalizedV1

    monitoring = make_runtime("monitoring")

    def final(nip: str, predikat: str, revisi: int, instansi: str = "pemkot-bandung") -> Any:
        return PenilaianPeriodikFinalizedV1(
            event_id=event_id_for(uuid.uuid4(), revisi), occurred_at=dt.datetime.now(dt.UTC), nip=nip,
            instansi_id=instansi, tahun=2025, bulan=6, hasil="SESUAI", perilaku="SESUAI", predikat=predikat,
            aturan="permenpanrb-6-2022", nip_penilai="197502201998031004", revisi=revisi)

    store = monitoring.store("monitoring.predikat_bulanan")
    corrected = final("198503152010011001", "BAIK", 2)
    store.apply_batch([final("198503152010011001", "SANGAT_KURANG", 1), final("198503152010011002", "BAIK", 1),
                       corrected, final("198503152010011003", "SANGAT_BAIK", 1, "pemkab-sleman")])
    store.apply_batch([final("198503152010011001", "SANGAT_KURANG", 1)])  # a late copy of revisi 1

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=monitoring.api()), base_url="http://m") as c:
        url = "/api/monitoring/v1/instansi/pemkot-bandung/kinerja"
        r = await c.get(url, params={"tahun": 2025, "bulan": 6}, headers=auth(make_token("ADMIN_INSTANSI")))
        assert r.status_code == 200
        assert r.json()["distribusi"] == {"SANGAT_BAIK": 0, "BAIK": 2, "BUTUH_PERBAIKAN": 0,
                                          "KURANG_MISCONDUCT": 0, "SANGAT_KURANG": 0}
        other = await c.get("/api/monitoring/v1/instansi/pemkab-sleman/kinerja", params={"tahun": 2025, "bulan": 6},
                            headers=auth(make_token("ADMIN_INSTANSI")))
        assert other.status_code == 403
        bad = await c.get(url, params={"tahun": 2025, "bulan": 13}, headers=auth(make_token("ADMIN_INSTANSI")))
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "query.bulan"
