"""A cuti approval produces a signed surat izin cuti: cuti's SuratIzinCutiRequestedV1 (published
on simpeg.cuti.v1 through the real broker, twice) becomes ONE draft, initialled in order (the
second step by the Plh), signed by the kepala, numbered, sent to the pegawai's inbox and
published as SuratSignedV1 for cuti. The PDF validates with pyHanko against the project CA, its
text carries number, names and dates, and the public page rejects a copy with one byte changed."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import json
import uuid
import zipfile
from typing import Any

import httpx
from pypdf import PdfReader
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from simpeg_shared import kafka
from simpeg_shared.contracts import event_id_for, topic_for
from simpeg_shared.contracts.cuti import SuratIzinCutiRequestedV1
from simpeg_shared.contracts.surat import SuratDraftedV1, SuratSignedV1
from simpeg_shared.envelope import decode
from simpeg_surat.domain.format import tanggal
from simpeg_surat.projections import permintaan as pm
from simpeg_surat.projections.kotak_masuk import kotak_masuk
from simpeg_surat.tte.ca import as_asn1

from .conftest import S, TODAY, Orang, consume, draft_all, publish

MULAI, SELESAI = dt.date(2026, 12, 1), dt.date(2026, 12, 3)


def izin_cuti(instansi: str, o: Orang, signer: str | None = None) -> SuratIzinCutiRequestedV1:
    return SuratIzinCutiRequestedV1(
        event_id=event_id_for(uuid.uuid4(), 7), occurred_at=dt.datetime.now(dt.UTC),
        instansi_id=instansi, nip=o.pegawai, cuti_id=uuid.uuid4(), jenis="TAHUNAN", mulai=MULAI,
        selesai=SELESAI, hari_kerja=3, unit_id="diskominfo", nip_penandatangan=signer or o.kepala)


async def drafted_from(surat: Any, broker: Any, request: SuratIzinCutiRequestedV1) -> uuid.UUID:
    """Publish the request twice (a redelivery), consume, run the drafter twice."""
    await publish(broker.bootstrap, [request, request])
    store = surat.store("surat.permintaan")
    eid = str(request.event_id)
    await consume(surat, broker.bootstrap, "surat.permintaan",
                  lambda: store.read(lambda c, t: pm.status_of(c, t, eid)) is not None)
    await draft_all(surat)
    await draft_all(surat)
    row = store.read(lambda c, t: pm.status_of(c, t, eid))
    assert row.status == pm.SELESAI, row.galat
    return uuid.UUID(row.surat_id)


def pyhanko_status(pdf: bytes, surat: Any) -> Any:
    vc = ValidationContext(trust_roots=[as_asn1(surat.ca.ca_certificate())], allow_fetching=False)
    sig = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    return validate_pdf_signature(sig, vc)


async def test_a_cuti_approval_produces_a_signed_surat_izin_cuti(
        surat: Any, client: httpx.AsyncClient, tokens: dict, orang: Orang, instansi: str,
        broker: Any) -> None:
    t, o = tokens, orang
    request = izin_cuti(instansi, o)
    surat_id = await drafted_from(surat, broker, request)

    r = await client.get(f"{S}/surat/{surat_id}", headers=t["kasubbid"])
    assert r.status_code == 200, r.text
    draft = r.json()
    assert (draft["status"], draft["jenis"], draft["sumber"], draft["sumber_id"]) == (
        "KONSEP", "SURAT_IZIN_CUTI", "cuti", str(request.cuti_id))
    assert draft["paraf"] == ["jabatan:kasubbid-cuti", "jabatan:kabid-mutasi"]
    assert draft["langkah_berikut"] == "jabatan:kasubbid-cuti"
    preview = await client.get(f"{S}/surat/{surat_id}/pratinjau", headers=t["kasubbid"])
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF-")
    assert "KONSEP" in "".join(pg.extract_text() for pg in PdfReader(io.BytesIO(preview.content)).pages)

    # Out of order: the kabid's step is second; the kepala signs only after both initials.
    r = await client.post(f"{S}/surat/{surat_id}/paraf", headers=t["kabid"])
    assert r.status_code == 409 and r.json()["type"].endswith("paraf-tidak-berurutan"), r.text
    assert r.headers["content-type"] == "application/problem+json"
    r = await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kepala"])
    assert r.status_code == 409 and "paraf still due" in r.json()["detail"]
    # The pegawai the letter is about initials nothing; a stranger neither.
    r = await client.post(f"{S}/surat/{surat_id}/paraf", headers=t["pegawai"])
    assert r.status_code == 403 and r.json()["type"].endswith("tanda-tangan-sendiri")
    r = await client.post(f"{S}/surat/{surat_id}/paraf", headers=t["lain"])
    assert r.status_code == 403 and r.json()["type"].endswith("bukan-pejabat-langkah-ini")
    assert (await client.post(f"{S}/surat/{surat_id}/paraf", headers=t["luar"])).status_code == 404

    r = await client.post(f"{S}/surat/{surat_id}/paraf", json={"catatan": "Sesuai"},
                          headers=t["kasubbid"])
    assert r.status_code == 200 and r.json()["langkah_berikut"] == "jabatan:kabid-mutasi"
    # The kabid is absent: the Plh of kabid-mutasi initials for her.
    r = await client.post(f"{S}/surat/{surat_id}/paraf", headers=t["plh_kabid"])
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "SIAP_TTD"
    assert r.json()["paraf_diberikan"][1] | {"catatan": None} == {
        "urutan": 2, "nip": o.plh_kabid, "sebagai": "PLH", "catatan": None}
    r = await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kasubbid"])
    assert r.status_code == 403

    r = await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kepala"])
    assert r.status_code == 200, r.text
    signed = r.json()
    nomor = f"800.1.11.4/0001/BKPSDM/{TODAY.year}"
    assert (signed["status"], signed["nomor"]) == ("TERKIRIM", nomor)
    assert signed["verifikasi_url"].endswith(f"/api/surat/v1/verifikasi/{surat_id}")

    pdf = (await client.get(f"{S}/surat/{surat_id}/pdf", headers=t["pegawai"])).content
    status = await asyncio.to_thread(pyhanko_status, pdf, surat)
    assert status.bottom_line and status.intact and status.valid and status.trusted
    assert status.coverage.name == "ENTIRE_FILE"
    assert status.signing_cert.subject.native["common_name"] == Orang.NAMA["kepala"]
    ts = status.timestamp_validity  # PAdES B-T: a trusted time from the project's TSA
    assert ts is not None and ts.intact and ts.valid and ts.trusted

    text = " ".join(" ".join(pg.extract_text().split()) for pg in PdfReader(io.BytesIO(pdf)).pages)
    for expected in (nomor, "SURAT IZIN CUTI TAHUNAN", Orang.NAMA["pegawai"], o.pegawai,
                     Orang.NAMA["kepala"], o.kepala, "Penata Muda / III/a",
                     "1 Desember 2026", "3 Desember 2026", f"Bandung, {tanggal(TODAY)}",
                     "3 (tiga) hari kerja", "Dinas Komunikasi dan Informatika"):
        assert expected in text, expected

    # Public verification (no token): the stored file, a faithful copy, and a copy with one byte
    # changed.
    r = await client.get(f"{S}/verifikasi/{surat_id}")
    v = r.json()
    assert r.status_code == 200 and v["sah"] and v["berkas"]["hash_cocok"], v
    assert (v["nomor"], v["penandatangan"]["nip"]) == (nomor, o.kepala)
    assert v["waktu_setempat"].startswith(tanggal(TODAY)) and v["waktu_setempat"].endswith(" WIB")
    assert v["berkas"]["tanda_tangan"]["valid"]
    page = await client.get(f"{S}/verifikasi/{surat_id}", headers={"Accept": "text/html"})
    assert page.headers["content-type"].startswith("text/html")
    assert nomor in page.text and "SAH" in page.text and Orang.NAMA["kepala"] in page.text
    r = await client.post(f"{S}/verifikasi/{surat_id}", content=pdf,
                          headers={"Content-Type": "application/pdf"})
    assert r.status_code == 200 and r.json()["sah"] is True
    changed = bytearray(pdf)
    changed[len(changed) // 3] ^= 0x01
    r = await client.post(f"{S}/verifikasi/{surat_id}", content=bytes(changed),
                          headers={"Content-Type": "application/pdf"})
    bad = r.json()
    assert r.status_code == 200 and bad["sah"] is False and bad["berkas"]["hash_cocok"] is False
    page = await client.post(f"{S}/verifikasi/{surat_id}?format=html", content=bytes(changed))
    assert "TIDAK SAH" in page.text
    r = await client.post(f"{S}/verifikasi/{surat_id}", content=b"not a pdf")
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert (await client.get(f"{S}/verifikasi/{uuid.uuid4()}")).status_code == 404

    # SRIKANDI-shaped export: the signed PDF unchanged, with its metadata.
    r = await client.get(f"{S}/surat/{surat_id}/srikandi", headers=t["admin"])
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        meta = json.loads(z.read("metadata.json"))
        assert z.read(meta["berkas"][0]["nama"]) == pdf
    assert meta["naskah"]["nomor"] == nomor and meta["berkas"][0]["sha256"] == signed["sha256"]

    # Published: one draft and one signature for cuti; the pegawai finds the letter in the inbox.
    await publish_own(surat)
    records = await kafka.read_topic(broker.bootstrap, topic_for("surat"))
    mine = [e for e in (decode(list(r.headers), r.value) for r in records)
            if getattr(e, "surat_id", None) == surat_id]
    assert [type(e).__name__ for e in mine] == [
        "SuratDraftedV1", "SuratParafedV1", "SuratParafedV1", "SuratSignedV1", "SuratSentV1"]
    signed_event = next(e for e in mine if isinstance(e, SuratSignedV1))
    assert (signed_event.sumber, signed_event.sumber_id, signed_event.nomor, signed_event.sha256,
            signed_event.nip_penandatangan, signed_event.nip) == (
        "cuti", str(request.cuti_id), nomor, signed["sha256"], o.kepala, o.pegawai)
    assert isinstance(mine[0], SuratDraftedV1) and mine[0].sumber == "cuti"
    store = surat.store("surat.kotak_masuk")
    await consume(surat, broker.bootstrap, "surat.kotak_masuk",
                  lambda: bool(store.read(lambda c, t_: kotak_masuk(c, t_, o.pegawai))))
    r = await client.get(f"{S}/kotak-masuk", headers=t["pegawai"])
    assert [(m["surat_id"], m["nomor"]) for m in r.json()] == [(str(surat_id), nomor)]

    r = await client.post(f"{S}/surat/{surat_id}/arsip", headers=t["lain"])
    assert r.status_code == 403
    r = await client.post(f"{S}/surat/{surat_id}/arsip", headers=t["admin"])
    assert r.status_code == 200 and r.json()["status"] == "DIARSIPKAN"
    assert (await client.get(f"{S}/verifikasi/{surat_id}")).json()["sah"] is True


async def publish_own(surat: Any) -> None:
    relay = surat.relay()
    await relay.start()
    try:
        while await relay.step():
            pass
    finally:
        await relay.stop()


async def test_nobody_signs_their_own_surat_izin_cuti(
        surat: Any, client: httpx.AsyncClient, tokens: dict, orang: Orang, instansi: str,
        broker: Any) -> None:
    """The kepala's own leave names him as signer: he may not sign it (the rules forbid
    signing a letter about oneself), though the chain before him works as usual."""
    t, o = tokens, orang
    request = SuratIzinCutiRequestedV1(**{**izin_cuti(instansi, o).model_dump(), "nip": o.kepala})
    surat_id = await drafted_from(surat, broker, request)
    for who in ("kasubbid", "kabid"):
        assert (await client.post(f"{S}/surat/{surat_id}/paraf", headers=t[who])).status_code == 200
    r = await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kepala"])
    assert r.status_code == 403 and r.json()["type"].endswith("tanda-tangan-sendiri")
    assert "yourself" in r.json()["detail"]
    assert (await client.get(f"{S}/surat/{surat_id}", headers=t["kepala"])).json()["nomor"] is None
    assert surat.application.penomoran.register(instansi, TODAY.year) == []


async def test_a_letter_about_a_pegawai_surat_does_not_know_yet_takes_no_number(
        surat: Any, client: httpx.AsyncClient, tokens: dict, orang: Orang, instansi: str,
        broker: Any) -> None:
    """Profile's events may arrive after cuti's request: the draft is made, but signing waits
    (409, retry) and wastes no number."""
    from .conftest import unique_nip

    t = tokens
    request = SuratIzinCutiRequestedV1(**{**izin_cuti(instansi, orang).model_dump(),
                                          "nip": unique_nip()})
    surat_id = await drafted_from(surat, broker, request)
    for who in ("kasubbid", "kabid"):
        assert (await client.post(f"{S}/surat/{surat_id}/paraf", headers=t[who])).status_code == 200
    r = await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kepala"])
    assert r.status_code == 409 and r.json()["type"].endswith("data-pegawai-belum-ada")
    assert surat.application.penomoran.register(instansi, TODAY.year) == []
