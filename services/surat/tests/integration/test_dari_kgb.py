"""The whole loop with the real KGB service: profile's pangkat makes an increase due, KGB's
process asks for the SK KGB (naming no signer), surat drafts it for the signer the instansi's
rules name, the chain initials, the kepala signs, and KGB grants the increase with the SK's
number."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from simpeg_shared import kafka
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.contracts import topic_for
from simpeg_shared.contracts.kgb import KgbGrantedV1, SkKgbRequestedV1
from simpeg_shared.envelope import decode
from simpeg_surat.domain.surat import Surat
from simpeg_surat.projections import permintaan as pm

from .conftest import S, TODAY, Orang, consume, draft_all, profile_events, publish
from .test_surat_izin_cuti import publish_own


async def _relay(runtime: Any) -> None:
    relay = runtime.relay()
    await relay.start()
    try:
        while await relay.step():
            pass
    finally:
        await relay.stop()


async def _drain(worker: ConsumerWorker) -> None:
    idle = 0
    while idle < 3:
        idle = idle + 1 if await worker.poll_once(300) == 0 else 0


async def test_an_increase_due_in_kgb_is_granted_with_its_signed_sk(
        make_runtime: Callable[..., Any], surat: Any, client: httpx.AsyncClient, tokens: dict,
        orang: Orang, instansi: str, broker: Any) -> None:
    t, o = tokens, orang
    kgb = make_runtime("kgb")
    # The pegawai is III/a with MKG 8 from 2020-01-01: increases every two years, the latest
    # on 2026-01-01, which KGB finds overdue and asks the SK for.
    await publish(broker.bootstrap, profile_events(instansi, o))
    riwayat = ConsumerWorker(kgb.store("kgb.riwayat"), broker.bootstrap,
                             group_id=f"test-{uuid.uuid4().hex[:8]}")
    pemeriksa = kgb.pemeriksa(today=lambda: TODAY)
    await riwayat.start()
    try:
        await _drain(riwayat)
        while await asyncio.to_thread(pemeriksa.step):
            pass
        await _relay(kgb)
        records = await kafka.read_topic(broker.bootstrap, topic_for("kgb"))
        requests = [e for e in (decode(list(r.headers), r.value) for r in records)
                    if isinstance(e, SkKgbRequestedV1) and e.nip == o.pegawai]
        assert len(requests) == 1, requests
        request = requests[0]
        assert request.nip_penandatangan is None and request.golongan_ruang == "III/a"

        store, eid = surat.store("surat.permintaan"), str(request.event_id)
        await consume(surat, broker.bootstrap, "surat.permintaan",
                      lambda: store.read(lambda c, tb: pm.status_of(c, tb, eid)) is not None)
        await draft_all(surat)
        surat_id = Surat.id_for_request("kgb", request.event_id)
        r = await client.get(f"{S}/surat/{surat_id}", headers=t["kabid"])
        assert r.status_code == 200 and r.json()["penandatangan"] == "jabatan:kepala-bkpsdm"
        assert (await client.post(f"{S}/surat/{surat_id}/paraf", headers=t["kabid"])).status_code == 200
        r = await client.post(f"{S}/surat/{surat_id}/tanda-tangan", headers=t["kepala"])
        assert r.status_code == 200, r.text
        nomor = r.json()["nomor"]
        await publish_own(surat)

        await _drain(riwayat)
        while await asyncio.to_thread(pemeriksa.step):
            pass
        await _relay(kgb)
        records = await kafka.read_topic(broker.bootstrap, topic_for("kgb"))
        grants = [e for e in (decode(list(r.headers), r.value) for r in records)
                  if isinstance(e, KgbGrantedV1) and e.nip == o.pegawai]
        assert [(g.nomor_sk, g.surat_id, g.kgb_id) for g in grants] == [
            (nomor, surat_id, request.kgb_id)]
    finally:
        await riwayat.stop()
