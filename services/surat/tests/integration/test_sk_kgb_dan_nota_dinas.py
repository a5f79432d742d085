"""The SK KGB from KGB's request (signer from the instansi's rules), a hand-written nota dinas
returned with a reason, revised and initialled again, and bad input answered as problems."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import uuid
from typing import Any

import httpx
from pypdf import PdfReader

from simpeg_shared.consumer import rebuild
from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts.kgb import SkKgbRequestedV1
from simpeg_surat.projections import permintaan as pm

from .conftest import S, TODAY, Orang, consume, publish


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(pg.extract_text().split()) for pg in PdfReader(io.BytesIO(pdf)).pages)


async def test_an_sk_kgb_is_drafted_for_the_configured_signer_and_signed(
        surat: Any, client: httpx.AsyncClient, tokens: dict, orang: Orang, instansi: str,
        broker: Any) -> None:
    t, o = tokens, orang
    request = SkKgbRequestedV1(
        event_id=event_id_for(uuid.uuid4(), 3), occurred_at=dt.datetime.now(dt.UTC),
        instansi_id=instansi, nip=o.pegawai, kgb_id=uuid.uuid4(), tmt=dt.date(2027, 1, 1),
        golongan_ruang="III/a", mkg_tahun=10, mkg_bulan=0, gaji_lama=2_873_700,
        gaji_baru=2_964_000, dasar_hukum="PP 5 Tahun 2024", kgb_berikutnya=dt.date(2029, 1, 1),
        nip_penandatangan=None)
    await publish(broker.bootstrap, [request, request])
    store = surat.store("surat.permintaan")
    eid = str(request.event_id)
    await consume(surat, broker.bootstrap, "surat.permintaan",
                  lambda: store.read(lambda c, t_: pm.status_of(c, t_, eid)) is not None)
    assert await asyncio.to_thread(surat.drafter.process_pending) >= 1
    row = store.read(lambda c, t_: pm.status_of(c, t_, eid))
    assert row.status == pm.SELESAI, row.galat
    surat_id = row.surat_id
    # Delivered again after it was drafted, or replayed into a rebuilt read model: the same
    # letter, not a second one.
    assert surat.application.draft_from_request(request).id == uuid.UUID(surat_id)
    await rebuild(store, broker.bootstrap)
    assert store.read(lambda c, t_: pm.status_of(c, t_, eid)).status == pm.BARU
    await asyncio.to_thread(surat.drafter.process_pending)
    assert store.read(lambda c, t_: pm.status_of(c, t_, eid)).surat_id == surat_id
    app = surat.application
    drafted = [n for n in app.recorder.select_notifications(1, 10_000)
               if n.topic.endswith("Surat.Drafted") and str(n.originator_id) == surat_id]
    assert len(drafted) == 1

    r = await client.get(f"{S}/surat/{surat_id}", headers=t["kabid"])
    assert (r.json()["penandatangan"], r.json()["paraf"]) == ("jabatan:kepala-bkpsdm",
                                                              ["jabatan:kabid-mutasi"])
    r = await client.post(f"{S}/surat/{surat_id}/paraf", headers=t["kabid"])
    assert r.status_code == 200 and r.json()["status"] == "SIAP_TTD"
    # Only the holder of kepala-bkpsdm (or a Plt/Plh of it) signs.
    assert (await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kabid"])).status_code == 403
    # The kepala presses "sign" twice at once: one signature, one number, and a 409.
    both = await asyncio.gather(*(client.post(f"{S}/surat/{surat_id}/tanda-tangan",
                                              headers=t["kepala"]) for _ in range(2)))
    assert sorted(x.status_code for x in both) == [200, 409], [x.text for x in both]
    r = next(x for x in both if x.status_code == 200)
    assert len(surat.application.penomoran.register(instansi, TODAY.year)) == 1
    nomor = f"800.1.6.3/0001/BKPSDM/{TODAY.year}"
    assert r.json()["nomor"] == nomor and r.json()["sumber"] == "kgb"
    assert r.json()["sumber_id"] == str(request.kgb_id)
    text = text_of((await client.get(f"{S}/surat/{surat_id}/pdf", headers=t["pegawai"])).content)
    for expected in (nomor, "KENAIKAN GAJI BERKALA", Orang.NAMA["pegawai"], "Rp 2.873.700",
                     "Rp 2.964.000", "dua juta sembilan ratus enam puluh empat ribu rupiah",
                     "1 Januari 2027", "1 Januari 2029", "10 tahun 0 bulan",
                     Orang.NAMA["kepala"], "PP 5 Tahun 2024"):
        assert expected in text, expected


async def test_a_nota_dinas_is_returned_with_a_reason_revised_and_initialled_again(
        client: httpx.AsyncClient, tokens: dict, orang: Orang) -> None:
    t, o = tokens, orang
    body = {"jenis": "NOTA_DINAS", "perihal": "Penyampaian data pegawai & <b>usulan</b>",
            "isi": ["Bersama ini kami sampaikan data pegawai untuk ditindaklanjuti."],
            "penerima": [o.kepala, o.kabid], "paraf": [o.kasubbid, "jabatan:kabid-mutasi"],
            "penandatangan": o.lain}
    r = await client.post(f"{S}/surat", json=body, headers=t["pegawai"])
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    assert (await client.post(f"{S}/surat/{sid}/paraf", headers=t["kasubbid"])).status_code == 200
    r = await client.post(f"{S}/surat/{sid}/pengembalian", json={"alasan": "ok"}, headers=t["kabid"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.alasan"
    r = await client.post(f"{S}/surat/{sid}/pengembalian",
                          json={"alasan": "Lampirkan rekap per unit kerja"}, headers=t["kabid"])
    assert r.status_code == 200, r.text
    returned = r.json()
    assert returned["status"] == "DIKEMBALIKAN" and returned["paraf_diberikan"] == []
    assert returned["pengembalian"] == [{"nip": o.kabid, "alasan": "Lampirkan rekap per unit kerja",
                                         "paraf_gugur": 1}]
    assert (await client.post(f"{S}/surat/{sid}/paraf", headers=t["kasubbid"])).status_code == 409
    revised = {"perihal": body["perihal"], "isi": [*body["isi"], "Rekap per unit kerja terlampir."],
               "penerima": body["penerima"]}
    assert (await client.put(f"{S}/surat/{sid}", json=revised, headers=t["kabid"])).status_code == 403
    r = await client.put(f"{S}/surat/{sid}", json=revised, headers=t["pegawai"])
    assert r.status_code == 200 and r.json()["status"] == "KONSEP"
    for who in ("kasubbid", "kabid"):
        assert (await client.post(f"{S}/surat/{sid}/paraf", headers=t[who])).status_code == 200
    key = {**t["lain"], "Idempotency-Key": uuid.uuid4().hex}
    r = await client.post(f"{S}/surat/{sid}/tanda-tangan", headers=key)
    assert r.status_code == 200, r.text
    assert r.json()["nomor"] == f"000.1/0001/UMUM/{TODAY.year}"
    # A retry after a lost answer returns the first answer: no second signature or number.
    again = await client.post(f"{S}/surat/{sid}/tanda-tangan", headers=key)
    assert again.status_code == 200 and again.json() == r.json()
    assert again.headers["idempotent-replayed"] == "true"
    text = text_of((await client.get(f"{S}/surat/{sid}/pdf", headers=t["kepala"])).content)
    # Markup in a drafter's text is printed as written, never interpreted.
    for expected in ("NOTA DINAS", "Penyampaian data pegawai & <b>usulan</b>",
                     "Rekap per unit kerja terlampir.", Orang.NAMA["kepala"], Orang.NAMA["lain"]):
        assert expected in text, expected


async def test_bad_letters_are_422_problems_naming_the_field(
        client: httpx.AsyncClient, tokens: dict, orang: Orang) -> None:
    t, o = tokens, orang
    good = {"jenis": "UNDANGAN", "perihal": "Rapat koordinasi", "isi": ["Hadir pukul 09.00."],
            "penerima": [o.kepala], "penandatangan": o.kabid}
    cases = [({"jenis": "SK_KGB"}, "body.jenis"), ({"penerima": ["123"]}, "body.penerima.0"),
             ({"isi": []}, "body.isi"), ({"penandatangan": "jabatan:bad id"}, "body.penandatangan"),
             ({"paraf": ["kepala"]}, "body.paraf.0"), ({"warna": "merah"}, "body.warna"),
             ({"penandatangan": "199901012020011999"}, "body.penandatangan"),
             ({"paraf": [o.kasubbid, "jabatan:tidak-ada"]}, "body.paraf.1"),
             ({"nip": "199901012020011999"}, "body.nip")]
    for change, field in cases:
        r = await client.post(f"{S}/surat", json={**good, **change}, headers=t["pegawai"])
        assert r.status_code == 422, (change, r.text)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["errors"][0]["field"] == field, (change, r.json())
    assert (await client.post(f"{S}/surat", json=good)).status_code == 401
    assert (await client.get(f"{S}/surat/not-a-uuid", headers=t["pegawai"])).status_code == 422
    assert (await client.get(f"{S}/surat/{uuid.uuid4()}", headers=t["pegawai"])).status_code == 404
    r = await client.post(f"{S}/surat", json=good, headers=t["pegawai"])
    sid = r.json()["id"]
    assert (await client.get(f"{S}/surat/{sid}/pdf", headers=t["pegawai"])).status_code == 409
    assert (await client.get(f"{S}/verifikasi/{sid}")).status_code == 404  # not signed yet
    assert (await client.get(f"{S}/surat/{sid}", headers=t["luar"])).status_code == 404


async def test_officials_find_the_letters_waiting_for_them(
        surat: Any, client: httpx.AsyncClient, tokens: dict, orang: Orang, broker: Any) -> None:
    from .test_surat_izin_cuti import publish_own

    t, o = tokens, orang
    body = {"jenis": "UNDANGAN", "perihal": "Rapat evaluasi layanan", "isi": ["Hadir pukul 09.00."],
            "penerima": [o.lain], "paraf": [o.kasubbid, "jabatan:kabid-mutasi"],
            "penandatangan": "jabatan:kepala-bkpsdm"}
    sid = (await client.post(f"{S}/surat", json=body, headers=t["pegawai"])).json()["id"]
    store = surat.store("surat.antrean")

    async def settle(check: Any) -> None:
        await publish_own(surat)
        await consume(surat, broker.bootstrap, "surat.antrean",
                      lambda: store.read(lambda c, t_: check(c.execute(
                          t_["antrean"].select().where(t_["antrean"].c.surat_id == sid)).first())))

    async def tugas(who: str) -> list[tuple[str, int | None]]:
        r = await client.get(f"{S}/tugas", headers=t[who])
        assert r.status_code == 200, r.text
        return [(x["tahap"], x["urutan"]) for x in r.json() if x["surat_id"] == sid]

    await settle(lambda row: row is not None)
    assert await tugas("kasubbid") == [("PARAF", 1)]
    assert await tugas("plh_kabid") == [] and await tugas("kepala") == []
    assert (await client.post(f"{S}/surat/{sid}/paraf", headers=t["kasubbid"])).status_code == 200
    await settle(lambda row: row.urutan == 1)
    assert await tugas("kasubbid") == []
    # Step 2 names the kabid's position: the kabid and the Plh acting for it both see it.
    assert await tugas("kabid") == [("PARAF", 2)] and await tugas("plh_kabid") == [("PARAF", 2)]
    r = await client.post(f"{S}/surat/{sid}/pengembalian", json={"alasan": "Tambahkan agenda rapat"},
                          headers=t["plh_kabid"])
    assert r.status_code == 200
    await settle(lambda row: row.tahap == "DIKEMBALIKAN")
    assert await tugas("pegawai") == [("DIKEMBALIKAN", None)] and await tugas("kabid") == []
    r = await client.put(f"{S}/surat/{sid}", headers=t["pegawai"],
                         json={"perihal": body["perihal"], "isi": ["Agenda: evaluasi."],
                               "penerima": body["penerima"]})
    assert r.status_code == 200
    await settle(lambda row: row.tahap == "PARAF")
    assert await tugas("kasubbid") == [("PARAF", 1)] and await tugas("pegawai") == []
