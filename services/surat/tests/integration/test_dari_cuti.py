"""The whole loop with the real cuti service: a pegawai asks for leave in cuti, the atasan
considers, the kepala approves; cuti's relay publishes SuratIzinCutiRequestedV1; surat drafts,
the chain initials, the kepala signs; surat's relay publishes SuratSignedV1 and cuti shows the
letter's number on the leave."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from simpeg_shared import kafka
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.contracts import event_id_for, topic_for
from simpeg_shared.contracts import profile as p
from simpeg_shared.contracts.cuti import SuratIzinCutiRequestedV1
from simpeg_shared.envelope import decode
from simpeg_surat.domain.surat import Surat
from simpeg_surat.projections import permintaan as pm

from .conftest import S, TODAY, Orang, consume, draft_all, known, profile_events, publish
from .test_surat_izin_cuti import pyhanko_status, publish_own

C = "/api/cuti/v1"


def hierarki(instansi: str, o: Orang) -> list[Any]:
    """What cuti needs beyond surat's events: PNS since 2010, and who is whose atasan."""
    n = itertools.count(1)
    origin = uuid.uuid4()
    now = dt.datetime.now(dt.UTC)
    events = [p.PegawaiRegisteredV1(**{**e.model_dump(), "jenis_pegawai": "PNS", "status": "AKTIF",
                                       "tmt_cpns": dt.date(2010, 1, 1)})
              if isinstance(e, p.PegawaiRegisteredV1) else e for e in profile_events(instansi, o)]
    for nip, atasan in ((o.pegawai, o.kabid), (o.kabid, o.kepala), (o.kasubbid, o.kabid)):
        events.append(p.AtasanChangedV1(event_id=event_id_for(origin, next(n)), occurred_at=now,
                                        instansi_id=instansi, nip=nip, nip_atasan=atasan,
                                        tmt=dt.date(2020, 1, 1)))
    return events


async def _poll(worker: ConsumerWorker, check: Callable[[], bool], timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await asyncio.to_thread(check):
        assert loop.time() < deadline, "timed out"
        await worker.poll_once(timeout_ms=300)


def _next_weekday(after: dt.date) -> dt.date:
    day = after + dt.timedelta(days=14)
    while day.weekday() != 1:  # a Tuesday: three working days Tue-Thu
        day += dt.timedelta(days=1)
    return day


async def test_a_leave_approved_in_cuti_comes_back_with_its_signed_surat_izin_cuti(
        make_runtime: Callable[..., Any], surat: Any, client: httpx.AsyncClient, tokens: dict,
        orang: Orang, instansi: str, broker: Any) -> None:
    t, o = tokens, orang
    cuti = make_runtime("cuti")
    events = hierarki(instansi, o)
    await publish(broker.bootstrap, events)
    pegawai = ConsumerWorker(cuti.store("cuti.pegawai"), broker.bootstrap,
                             group_id=f"test-{uuid.uuid4().hex[:8]}")
    inbox = ConsumerWorker(cuti.store("cuti.kotak_masuk"), broker.bootstrap,
                           group_id=f"test-{uuid.uuid4().hex[:8]}")
    await pegawai.start()
    await inbox.start()
    try:
        def atasan_known() -> bool:
            try:
                return cuti.application.penimbang(o.pegawai, TODAY).get(o.kabid) == "DEFINITIF"
            except Exception:  # noqa: BLE001 - not there yet
                return False

        await _poll(pegawai, atasan_known)
        mulai = _next_weekday(TODAY)
        selesai = mulai + dt.timedelta(days=2)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cuti.api()),
                                     base_url="http://cuti") as c:
            r = await c.post(f"{C}/cuti", headers=t["pegawai"], json={
                "jenis": "TAHUNAN", "mulai": mulai.isoformat(), "selesai": selesai.isoformat(),
                "alasan": "acara keluarga", "alamat_selama_cuti": "Jl. Contoh No. 1, Garut"})
            assert r.status_code == 201, r.text
            cid = r.json()["id"]
            r = await c.post(f"{C}/cuti/{cid}/pertimbangan", headers=t["kabid"],
                             json={"pertimbangan": "DISETUJUI"})
            assert r.status_code == 200, r.text
            r = await c.post(f"{C}/cuti/{cid}/keputusan", headers=t["kepala"],
                             json={"hasil": "DISETUJUI"})
            assert r.status_code == 200, r.text
            relay = cuti.relay()
            await relay.start()
            try:
                while await relay.step():
                    pass
            finally:
                await relay.stop()

            records = await kafka.read_topic(broker.bootstrap, topic_for("cuti"))
            requests = [e for e in (decode(list(x.headers), x.value) for x in records)
                        if isinstance(e, SuratIzinCutiRequestedV1) and str(e.cuti_id) == cid]
            assert len(requests) == 1 and requests[0].nip_penandatangan == o.kepala
            surat_id = Surat.id_for_request("cuti", requests[0].event_id)

            # surat: the request arrives, the drafter drafts, the chain initials, the kepala signs
            store, eid = surat.store("surat.permintaan"), str(requests[0].event_id)
            await consume(surat, broker.bootstrap, "surat.permintaan",
                          lambda: store.read(lambda conn, tb: pm.status_of(conn, tb, eid)) is not None)
            # what profile published for this test (the hierarchy) reaches surat before drafting
            await consume(surat, broker.bootstrap, "surat.pejabat", known(surat, *vars(o).values()))
            await draft_all(surat)
            assert surat.application.find(surat_id) is not None
            for who in ("kasubbid", "kabid"):
                r = await client.post(f"{S}/surat/{surat_id}/paraf", headers=t[who])
                assert r.status_code == 200, r.text
            r = await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kepala"])
            assert r.status_code == 200, r.text
            nomor = r.json()["nomor"]
            pdf = (await client.get(f"{S}/surat/{surat_id}/pdf", headers=t["pegawai"])).content
            status = await asyncio.to_thread(pyhanko_status, pdf, surat)
            assert status.bottom_line and status.coverage.name == "ENTIRE_FILE"
            await publish_own(surat)

            # cuti: the signed letter comes back and shows on the leave
            def nomor_di_cuti() -> str | None:
                row = cuti.application.kotak_masuk.read(lambda conn, tb: conn.execute(
                    tb["surat"].select().where(tb["surat"].c.cuti_id == cid)).mappings().first())
                return row["nomor"] if row else None

            await _poll(inbox, lambda: nomor_di_cuti() is not None)
            r = await c.get(f"{C}/cuti/{cid}", headers=t["pegawai"])
            assert r.json()["surat_izin"]["nomor"] == nomor
    finally:
        await pegawai.stop()
        await inbox.stop()
