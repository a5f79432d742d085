"""The kinerja flow through the API: SKP drafted and agreed, realisation, rating, final, a
correction that a consumer sees, forbidden self-evaluation, and evaluation by a Plt."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from simpeg_kinerja.translate import translate
from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts import profile as p
from simpeg_shared.contracts.kinerja import PenilaianPeriodikFinalizedV1
from simpeg_shared.testing import auth

I = "pemkot-bandung"
NIP = {"kepala": "197001011995031001", "atasan": "198001012005011002",
       "pegawai": "199001012015031003", "plt": "198505052010011004", "lain": "198707072012011005"}
TODAY = dt.date.today()
TAHUN = TODAY.year - 1  # a whole past year: every month has ended
K = "/api/kinerja/v1"


def _profile_events() -> list[Any]:
    n = itertools.count(1)

    def ev(cls: type, **kw: Any) -> Any:
        return cls(event_id=event_id_for(uuid.uuid4(), next(n)), occurred_at=dt.datetime.now(dt.UTC),
                   instansi_id=I, **kw)

    events = [ev(p.PegawaiRegisteredV1, nip=nip, nama=who, unit_id="setda") for who, nip in NIP.items()]
    events += [
        ev(p.AtasanChangedV1, nip=NIP["pegawai"], nip_atasan=NIP["atasan"], tmt=dt.date(2016, 1, 1)),
        ev(p.AtasanChangedV1, nip=NIP["atasan"], nip_atasan=NIP["kepala"], tmt=dt.date(2016, 1, 1)),
        ev(p.JabatanChangedV1, nip=NIP["atasan"], jabatan_id="kabid-umum", nama_jabatan="Kabid Umum",
           kelas_jabatan=11, unit_id="setda", tmt=dt.date(2016, 1, 1)),
        ev(p.PltAssignedV1, nip=NIP["plt"], jabatan_id="kabid-umum", jenis="PLH",
           mulai=TODAY - dt.timedelta(days=3), selesai=TODAY + dt.timedelta(days=3)),
    ]
    return events


@pytest.fixture
async def api(make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> AsyncIterator[tuple[httpx.AsyncClient, Any, Any]]:
    runtime = make_runtime("kinerja")
    runtime.store("kinerja.hierarki").apply_batch(_profile_events())
    tokens = {who: auth(make_token("PEGAWAI", "ATASAN", instansi=I, nip=nip)) for who, nip in NIP.items()}
    tokens["luar"] = auth(make_token("PEGAWAI", "ATASAN", instansi="pemkab-sleman", nip="198808082013011006"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()), base_url="http://k") as c:
        yield c, tokens, runtime


SKP = {"items": [
    {"item_id": "rhk-1", "rencana_hasil_kerja": "Layanan kepegawaian tepat waktu",
     "indikator": [{"indikator": "Usulan diproses <= 3 hari", "target": "95", "satuan": "persen"}]},
    {"item_id": "rhk-2", "rencana_hasil_kerja": "Data pegawai mutakhir",
     "indikator": [{"indikator": "Data terverifikasi", "target": "100", "satuan": "persen"}]},
]}
REALISASI = {"realisasi": [{"item_id": "rhk-1", "realisasi": "97% usulan dalam 3 hari",
                            "bukti": [{"tautan": "https://simpeg.example/laporan/1"}]}]}


async def agreed_skp(c: httpx.AsyncClient, t: dict) -> None:
    r = await c.put(f"{K}/skp/{NIP['pegawai']}/{TAHUN}", json=SKP, headers=t["pegawai"])
    assert r.status_code == 200 and r.json()["status"] == "DRAFT", r.text
    r = await c.post(f"{K}/skp/{NIP['pegawai']}/{TAHUN}/persetujuan", headers=t["atasan"])
    assert r.status_code == 200 and r.json()["status"] == "DISETUJUI", r.text


def published(runtime: Any) -> list[Any]:
    app = runtime.application
    out = []
    for n in app.recorder.select_notifications(1, 1000):
        contract = translate(app.mapper.to_domain_event(n))
        if contract is not None:
            out.append(contract)
    return out


async def test_draft_agree_realise_rate_finalize_and_correct(api) -> None:
    c, t, runtime = api
    await agreed_skp(c, t)
    base = f"{K}/penilaian/{NIP['pegawai']}/{TAHUN}/3"
    assert (await c.put(f"{base}/realisasi", json=REALISASI, headers=t["pegawai"])).status_code == 200
    r = await c.post(f"{base}/nilai", json={"hasil": "DI_ATAS", "perilaku": "SESUAI",
                                            "perilaku_rinci": {"AKUNTABEL": "DI_ATAS"},
                                            "umpan_balik": "Pertahankan"}, headers=t["atasan"])
    assert r.status_code == 200 and r.json()["status"] == "DINILAI"
    # The pegawai can no longer change the realisation once it is rated.
    assert (await c.put(f"{base}/realisasi", json=REALISASI, headers=t["pegawai"])).status_code == 409
    r = await c.post(f"{base}/finalisasi", headers=t["atasan"])
    assert r.status_code == 200 and (r.json()["status"], r.json()["predikat"]) == ("FINAL", "BAIK")
    assert (await c.post(f"{base}/nilai", json={"hasil": "SESUAI", "perilaku": "SESUAI"},
                         headers=t["atasan"])).status_code == 409

    r = await c.post(f"{base}/koreksi", json={"hasil": "DI_ATAS", "perilaku": "DI_ATAS",
                                              "alasan": "Keberatan diterima: bukti tambahan"}, headers=t["atasan"])
    assert r.status_code == 200 and (r.json()["predikat"], r.json()["revisi"]) == ("SANGAT_BAIK", 2)

    finals = [e for e in published(runtime) if isinstance(e, PenilaianPeriodikFinalizedV1)]
    assert [(e.revisi, e.predikat, e.alasan_koreksi) for e in finals] == [
        (1, "BAIK", None), (2, "SANGAT_BAIK", "Keberatan diterima: bukti tambahan")]
    assert len({e.event_id for e in finals}) == 2
    kinds = [type(e).__name__ for e in published(runtime)]
    assert kinds == ["SkpAgreedV1", "RealisasiSubmittedV1", "PenilaianPeriodikFinalizedV1",
                     "PenilaianPeriodikFinalizedV1"]


async def test_nobody_rates_themselves(api) -> None:
    c, t, _ = api
    r = await c.put(f"{K}/skp/{NIP['pegawai']}/{TAHUN}", json=SKP, headers=t["pegawai"])
    assert r.status_code == 200
    own = await c.post(f"{K}/skp/{NIP['pegawai']}/{TAHUN}/persetujuan", headers=t["pegawai"])
    assert own.status_code == 403 and "own" in own.json()["detail"]
    assert (await c.put(f"{K}/skp/{NIP['pegawai']}/{TAHUN}", json=SKP, headers=t["atasan"])).status_code == 403
    await c.post(f"{K}/skp/{NIP['pegawai']}/{TAHUN}/persetujuan", headers=t["atasan"])
    base = f"{K}/penilaian/{NIP['pegawai']}/{TAHUN}/4"
    await c.put(f"{base}/realisasi", json=REALISASI, headers=t["pegawai"])
    own = await c.post(f"{base}/nilai", json={"hasil": "DI_ATAS", "perilaku": "DI_ATAS"}, headers=t["pegawai"])
    assert own.status_code == 403
    for who in ("lain", "kepala", "luar"):  # neither a colleague, the atasan's atasan, nor an outsider
        r = await c.post(f"{base}/nilai", json={"hasil": "SESUAI", "perilaku": "SESUAI"}, headers=t[who])
        assert r.status_code == 403, who
    assert (await c.get(base, headers=t["luar"])).status_code == 404


async def test_the_plh_of_the_atasan_rates_while_assigned(api) -> None:
    c, t, _ = api
    await agreed_skp(c, t)
    base = f"{K}/penilaian/{NIP['pegawai']}/{TAHUN}/5"
    await c.put(f"{base}/realisasi", json=REALISASI, headers=t["pegawai"])
    r = await c.post(f"{base}/nilai", json={"hasil": "DI_BAWAH", "perilaku": "SESUAI"}, headers=t["plt"])
    assert r.status_code == 200 and r.json()["rating"]["nip_penilai"] == NIP["plt"]
    r = await c.post(f"{base}/finalisasi", headers=t["plt"])
    assert r.json()["predikat"] == "BUTUH_PERBAIKAN"


async def test_skp_items_cascade_from_the_atasans_agreed_skp(api) -> None:
    c, t, _ = api
    atasan_skp = {"items": [{"item_id": "bidang-1", "rencana_hasil_kerja": "Layanan bidang prima",
                             "indikator": [{"indikator": "IKM", "target": "85", "satuan": "indeks"}]}]}
    assert (await c.put(f"{K}/skp/{NIP['atasan']}/{TAHUN}", json=atasan_skp, headers=t["atasan"])).status_code == 200
    cascaded = {"items": [{**SKP["items"][0], "mendukung_item_id": "bidang-1"}]}
    early = await c.put(f"{K}/skp/{NIP['pegawai']}/{TAHUN}", json=cascaded, headers=t["pegawai"])
    assert early.status_code == 422  # the atasan's SKP is not agreed yet
    assert (await c.post(f"{K}/skp/{NIP['atasan']}/{TAHUN}/persetujuan", headers=t["kepala"])).status_code == 200
    assert (await c.put(f"{K}/skp/{NIP['pegawai']}/{TAHUN}", json=cascaded, headers=t["pegawai"])).status_code == 200
    wrong = {"items": [{**SKP["items"][0], "mendukung_item_id": "tidak-ada"}]}
    r = await c.put(f"{K}/skp/{NIP['pegawai']}/{TAHUN}", json=wrong, headers=t["pegawai"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.items.0.mendukung_item_id"


async def test_realisation_needs_an_agreed_skp_and_its_items(api) -> None:
    c, t, _ = api
    base = f"{K}/penilaian/{NIP['pegawai']}/{TAHUN}/6"
    assert (await c.put(f"{base}/realisasi", json=REALISASI, headers=t["pegawai"])).status_code == 404
    await agreed_skp(c, t)
    bad = {"realisasi": [{"item_id": "rhk-9", "realisasi": "x"}]}
    r = await c.put(f"{base}/realisasi", json=bad, headers=t["pegawai"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.realisasi.0.item_id"
    future = f"{K}/penilaian/{NIP['pegawai']}/{TODAY.year + 1}/1/realisasi"
    assert (await c.put(future, json=REALISASI, headers=t["pegawai"])).status_code in (404, 422)


async def test_the_yearly_evaluation(api) -> None:
    c, t, runtime = api
    await agreed_skp(c, t)
    url = f"{K}/penilaian-tahunan/{NIP['pegawai']}/{TAHUN}"
    r = await c.post(url, json={"hasil": "SESUAI", "perilaku": "DI_BAWAH"}, headers=t["atasan"])
    assert r.status_code == 201 and r.json()["predikat"] == "KURANG_MISCONDUCT"
    assert (await c.post(url, json={"hasil": "SESUAI", "perilaku": "SESUAI"}, headers=t["atasan"])).status_code == 409
    assert type(published(runtime)[-1]).__name__ == "PenilaianTahunanFinalizedV1"


@pytest.mark.parametrize(("hasil", "perilaku", "predikat", "persen"), [
    ("DI_ATAS", "DI_ATAS", "SANGAT_BAIK", 150), ("DI_ATAS", "SESUAI", "BAIK", 100),
    ("DI_ATAS", "DI_BAWAH", "KURANG_MISCONDUCT", 50), ("SESUAI", "DI_ATAS", "BAIK", 100),
    ("SESUAI", "SESUAI", "BAIK", 100), ("SESUAI", "DI_BAWAH", "KURANG_MISCONDUCT", 50),
    ("DI_BAWAH", "DI_ATAS", "BUTUH_PERBAIKAN", 75), ("DI_BAWAH", "SESUAI", "BUTUH_PERBAIKAN", 75),
    ("DI_BAWAH", "DI_BAWAH", "SANGAT_KURANG", 25),
])
async def test_the_predikat_endpoint_answers_every_cell(api, hasil, perilaku, predikat, persen) -> None:
    c, t, _ = api
    r = await c.get(f"{K}/predikat", params={"hasil": hasil, "perilaku": perilaku}, headers=t["lain"])
    assert r.status_code == 200
    assert (r.json()["predikat"], r.json()["persentase_angka_kredit"]) == (predikat, persen)


async def test_a_bad_rating_is_422_naming_the_parameter(api) -> None:
    c, t, _ = api
    r = await c.get(f"{K}/predikat", params={"hasil": "BAGUS", "perilaku": "SESUAI"}, headers=t["lain"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.hasil"


async def test_late_evaluations_are_shown_to_the_atasans_atasan(api) -> None:
    c, t, runtime = api
    status = runtime.store("kinerja.penilaian_status")
    await agreed_skp(c, t)
    for bulan in (8, 9):
        await c.put(f"{K}/penilaian/{NIP['pegawai']}/{TAHUN}/{bulan}/realisasi", json=REALISASI, headers=t["pegawai"])
    base = f"{K}/penilaian/{NIP['pegawai']}/{TAHUN}/9"
    await c.post(f"{base}/nilai", json={"hasil": "SESUAI", "perilaku": "SESUAI"}, headers=t["atasan"])
    await c.post(f"{base}/finalisasi", headers=t["atasan"])
    status.apply_batch(published(runtime))  # what the consumer of simpeg.kinerja.v1 does

    r = await c.get(f"{K}/penilaian/terlambat", headers=t["kepala"])
    assert r.status_code == 200
    assert [(x["nip"], x["bulan"], x["nip_atasan"]) for x in r.json()] == [(NIP["pegawai"], 8, NIP["atasan"])]
    assert r.json()[0]["batas"] == f"{TAHUN}-09-10"  # end of August + 10 days of the rules
    # Only to the atasan's atasan: the atasan and colleagues see nothing here.
    assert (await c.get(f"{K}/penilaian/terlambat", headers=t["atasan"])).json() == []
    assert (await c.get(f"{K}/penilaian/terlambat", headers=t["lain"])).json() == []
