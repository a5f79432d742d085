"""Cuti through the real broker: profile's events arrive by Kafka, the request is approved, the
relay publishes cuti's contracts on ``simpeg.cuti.v1`` (what attendance, surat and TPP consume),
surat's signed letter comes back, and redelivery or a republish changes nothing twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from simpeg_shared import envelope, kafka
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.contracts import cuti as kontrak
from simpeg_shared.contracts import event_id_for, topic_for
from simpeg_shared.contracts.surat import SuratSignedV1
from simpeg_shared.relay import republish_all
from simpeg_shared.testing import auth

C = "/api/cuti/v1"


def unique_nips() -> dict[str, str]:
    """NIPs of this test only (the topic outlives a test within the session)."""
    base = {"kepala": "19700101199503", "atasan": "19800101200501", "pegawai": "19900101201503",
            "baru": "19980101202603", "senior": "19850505201001", "pppk": "19920202202201",
            "plt": "19830303200801", "lain": "19870707201201"}
    seq = random.randint(100, 899)
    return {who: f"{prefix}1{seq + n:03d}" for n, (who, prefix) in enumerate(base.items())}


async def until(poll: Callable[[], Any], check: Callable[[], bool], timeout: float = 90) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "timed out"
        await poll()


async def publish_all(relay: Any) -> None:
    await relay.start()
    try:
        while await relay.step():
            pass
    finally:
        await relay.stop()


async def test_an_approved_leave_reaches_the_topic_as_its_contracts(
        make_runtime: Callable[..., Any], make_token: Callable[..., str], broker: Any,
        hierarki: Callable[..., list[Any]]) -> None:
    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    nip = unique_nips()
    runtime = make_runtime("cuti")
    app = runtime.application
    app.hari_ini = lambda: dt.date(2026, 7, 1)
    profile = hierarki(instansi, nip)
    await kafka.publish(broker.bootstrap, profile)

    pegawai = ConsumerWorker(runtime.store("cuti.pegawai"), broker.bootstrap,
                             group_id=f"test-{uuid.uuid4().hex[:8]}")
    inbox = ConsumerWorker(runtime.store("cuti.kotak_masuk"), broker.bootstrap,
                           group_id=f"test-{uuid.uuid4().hex[:8]}")
    await pegawai.start()
    await inbox.start()
    try:
        await until(pegawai.poll_once, lambda: app.pegawai_store.read(
            lambda conn, t: conn.execute(t["plt"].select()).first()) is not None)
        # profile's events delivered again (a relay crash): nothing changes twice
        await kafka.publish(broker.bootstrap, profile)
        await pegawai.poll_once(2000)
        assert app.penimbang(nip["pegawai"], dt.date(2026, 7, 1)) == {nip["atasan"]: "DEFINITIF"}

        tokens = {who: auth(make_token("PEGAWAI", "ATASAN", instansi=instansi, nip=n))
                  for who, n in nip.items()}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()),
                                     base_url="http://cuti") as c:
            r = await c.post(f"{C}/cuti", headers=tokens["pegawai"], json={
                "jenis": "TAHUNAN", "mulai": "2026-08-14", "selesai": "2026-08-19",
                "alasan": "acara keluarga", "alamat_selama_cuti": "Jl. Rahasia No. 7, Garut"})
            assert r.status_code == 201, r.text
            cid = r.json()["id"]
            r = await c.post(f"{C}/cuti/{cid}/pertimbangan", headers=tokens["atasan"],
                             json={"pertimbangan": "DISETUJUI"})
            assert r.status_code == 200, r.text
            r = await c.post(f"{C}/cuti/{cid}/keputusan", headers=tokens["kepala"],
                             json={"hasil": "DISETUJUI"})
            assert r.status_code == 200, r.text

            await publish_all(runtime.relay())
            records = [rec for rec in await kafka.read_topic(broker.bootstrap, topic_for("cuti"))
                       if rec.key == nip["pegawai"].encode()]
            events = [envelope.decode(rec.headers, rec.value) for rec in records]
            kinds = [type(e).__name__ for e in events]
            assert [k for k in kinds if k != "CutiBalanceChangedV1"] == [
                "CutiRequestedV1", "CutiConsideredV1", "CutiDecidedV1", "SuratIzinCutiRequestedV1"]
            decided = next(e for e in events if isinstance(e, kontrak.CutiDecidedV1))
            # what attendance needs to mark 14, 18 and 19 August as CUTI
            assert (decided.hasil, decided.jenis, decided.mulai, decided.selesai, decided.hari_kerja) == (
                "DISETUJUI", "TAHUNAN", dt.date(2026, 8, 14), dt.date(2026, 8, 19), 3)
            assert str(decided.cuti_id) == cid and decided.instansi_id == instansi
            headers = dict(records[kinds.index("CutiDecidedV1")].headers)
            assert headers["ce_type"] == b"id.simpeg.cuti.CutiDecidedV1"
            assert headers["ce_instansi"] == instansi.encode()
            surat = next(e for e in events if isinstance(e, kontrak.SuratIzinCutiRequestedV1))
            assert isinstance(surat, kontrak.SuratIzinCutiRequestedV1)
            assert surat.nip_penandatangan == nip["kepala"] and surat.hari_kerja == 3
            assert [(e.perubahan, e.saldo) for e in events if isinstance(e, kontrak.CutiBalanceChangedV1)] == [
                (12, 12), (-3, 9)]
            # no reason, address or attachment in a public record
            for rec in records:
                assert b"Rahasia" not in rec.value and b"keluarga" not in rec.value

            # surat signs the letter and publishes it, as the surat service will
            signed = SuratSignedV1(
                event_id=event_id_for(uuid.uuid4(), 5), occurred_at=dt.datetime.now(dt.UTC),
                instansi_id=instansi, nip=nip["pegawai"], surat_id=uuid.uuid4(),
                jenis="SURAT_IZIN_CUTI", nomor="800.1.11.4/123/BKPSDM/2026",
                nip_penandatangan=nip["kepala"], ditandatangani_pada=dt.datetime.now(dt.UTC),
                sha256="b" * 64, sumber="cuti", sumber_id=cid)
            await kafka.publish(broker.bootstrap, [signed])

            def nomor() -> str | None:
                row = app.kotak_masuk.read(lambda conn, t: conn.execute(
                    t["surat"].select().where(t["surat"].c.cuti_id == cid)).mappings().first())
                return row["nomor"] if row else None
            await until(inbox.poll_once, lambda: nomor() is not None)
            r = await c.get(f"{C}/cuti/{cid}", headers=tokens["pegawai"])
            assert r.json()["surat_izin"]["nomor"] == "800.1.11.4/123/BKPSDM/2026"

            async def langkah(who: str) -> list[str]:
                r = await c.get(f"{C}/kotak-masuk", headers=tokens[who])
                return sorted(m["langkah"] for m in r.json())
            def jumlah_pesan() -> int:  # of this request: the topic holds other tests' leave too
                return app.kotak_masuk.read(lambda conn, t: len(conn.execute(
                    t["pesan"].select().where(t["pesan"].c.cuti_id == cid)).all()))
            # 4 to the pegawai; 2 to the atasan (asked, then told the outcome); the kepala; the Plh
            await until(inbox.poll_once, lambda: jumlah_pesan() == 8)
            mine = await langkah("pegawai")
            assert mine == ["DIAJUKAN", "DIPERTIMBANGKAN", "DIPUTUSKAN", "SURAT_DITANDATANGANI"]
            assert await langkah("atasan") == ["DIPUTUSKAN", "MENUNGGU_ANDA"]
            assert await langkah("kepala") == ["MENUNGGU_ANDA"]
            assert await langkah("plt") == ["MENUNGGU_ANDA"]  # the Plh of the kepala's jabatan

            # simpeg replay cuti: the whole log again; the inbox counts nothing twice
            assert await republish_all(runtime.relay()) >= 6
            for _ in range(10):
                await inbox.poll_once(500)
            assert jumlah_pesan() == 8
            assert await langkah("pegawai") == mine
            assert await langkah("kepala") == ["MENUNGGU_ANDA"]
    finally:
        await pegawai.stop()
        await inbox.stop()
