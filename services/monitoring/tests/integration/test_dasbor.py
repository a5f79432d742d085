"""Monitoring's daily and monthly roll-ups from every context's events through the real broker:
live figures, closed days, a reviewed check-in, cuti, KGB, TPP; redelivery changes nothing and
a from-scratch replay gives the same figures; instansi isolation; the live stream."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import socket
import uuid
from typing import Any

import httpx
import pytest

from simpeg_shared import kafka
from simpeg_shared.consumer import ConsumerWorker, rebuild
from simpeg_shared.contracts import attendance as a
from simpeg_shared.contracts import cuti as c
from simpeg_shared.contracts import kgb as k
from simpeg_shared.contracts import profile as p
from simpeg_shared.contracts import tpp as t
from simpeg_shared.service import uvicorn_server
from simpeg_shared.testing import auth

pytestmark = pytest.mark.integration

TANGGAL = dt.date(2026, 8, 18)
ZONA = "Asia/Jayapura"
STORES = ("monitoring.ringkasan_instansi", "monitoring.presensi", "monitoring.bulanan",
          "monitoring.predikat_bulanan")


def nips(n: int) -> list[str]:
    base = uuid.uuid4().int % 900 + 1
    return [f"19{80 + i % 15}0{1 + i % 9}1{i % 9}201501{1 + i % 2}{(base + i) % 999 + 1:03d}"
            for i in range(n)]


def at(hh: int, mm: int) -> dt.datetime:
    return dt.datetime(2026, 8, 18, hh, mm, tzinfo=dt.timezone(dt.timedelta(hours=9)))


def facts(instansi: str, nip: list[str]) -> list[Any]:
    now = dt.datetime(2026, 8, 18, 0, 0, tzinfo=dt.UTC)
    ev: list[Any] = []

    def e(cls: Any, **kw: Any) -> Any:
        kw.setdefault("occurred_at", now)
        return cls(event_id=uuid.uuid4(), instansi_id=instansi, **kw)

    for i, n in enumerate(nip):
        ev.append(e(p.PegawaiRegisteredV1, nip=n, nama=f"P{i}", unit_id="dinkes" if i < 4 else "setda",
                    jenis_pegawai="PNS"))
    ev.append(e(p.PangkatChangedV1, nip=nip[0], golongan_ruang="III/a", tmt=dt.date(2020, 1, 1),
                mkg_tahun=0, mkg_bulan=0))

    def checkin(n: str, unit: str, when: dt.datetime, late: int, status: str = "DITERIMA") -> Any:
        return e(a.CheckInRecordedV1, nip=n, checkin_id=uuid.uuid4(), unit_id=unit, jenis="MASUK",
                 waktu=when, tanggal=TANGGAL, zona_waktu=ZONA, lokasi_id="kantor",
                 menit_terlambat=late, skor_risiko=10 if status == "DITERIMA" else 80,
                 status=status, occurred_at=when)

    ev += [checkin(nip[0], "dinkes", at(7, 20), 0), checkin(nip[0], "dinkes", at(7, 25), 0),
           checkin(nip[1], "dinkes", at(7, 45), 15), checkin(nip[2], "dinkes", at(9, 10), 100),
           checkin(nip[4], "setda", at(7, 29), 0)]
    risky = checkin(nip[5], "setda", at(7, 28), 0, "MENUNGGU_REVIEW")
    rejected = checkin(nip[6], "setda", at(7, 27), 0, "MENUNGGU_REVIEW")
    ev += [risky, rejected,
           e(a.CheckInReviewedV1, nip=nip[5], checkin_id=risky.checkin_id, tanggal=TANGGAL,
             keputusan="DISETUJUI", alasan="lokasi benar", nip_peninjau=nip[4]),
           e(a.CheckInReviewedV1, nip=nip[6], checkin_id=rejected.checkin_id, tanggal=TANGGAL,
             keputusan="DITOLAK", alasan="foto lama", nip_peninjau=nip[4])]
    cuti_id = uuid.uuid4()
    ev += [e(c.CutiDecidedV1, nip=nip[3], cuti_id=cuti_id, jenis="TAHUNAN", hasil="DISETUJUI",
             mulai=TANGGAL, selesai=TANGGAL + dt.timedelta(days=2), hari_kerja=3, nip_pejabat=nip[4]),
           e(c.CutiDecidedV1, nip=nip[7], cuti_id=uuid.uuid4(), jenis="TAHUNAN", hasil="DISETUJUI",
             mulai=TANGGAL, selesai=TANGGAL, hari_kerja=1, nip_pejabat=nip[4])]
    ev.append(e(c.CutiCancelledV1, nip=nip[7], cuti_id=ev[-1].cuti_id, jenis="TAHUNAN",
                mulai=TANGGAL, selesai=TANGGAL, alasan="batal"))

    def day(n: str, unit: str, status: str, revisi: int = 1, **kw: Any) -> Any:
        cls = a.DailyAttendanceClosedV1 if revisi == 1 else a.DailyAttendanceCorrectedV1
        extra = {} if revisi == 1 else {"alasan": "koreksi", "sumber": "REVIEW:x"}
        return e(cls, nip=n, tanggal=TANGGAL, unit_id=unit, zona_waktu=ZONA, jadwal="perpres-21-2023@1",
                 status=status, revisi=revisi, **extra, **kw)

    ev += [day(nip[0], "dinkes", "HADIR"), day(nip[1], "dinkes", "HADIR", tl="TL1", menit_terlambat=15),
           day(nip[2], "dinkes", "HADIR", tl="TL4", menit_terlambat=100), day(nip[3], "dinkes", "CUTI"),
           day(nip[4], "setda", "HADIR"), day(nip[6], "setda", "TK"), day(nip[5], "setda", "TK"),
           day(nip[5], "setda", "HADIR", revisi=2), day(nip[7], "setda", "TK")]
    ev.append(e(a.DisciplineThresholdReachedV1, nip=nip[6], tahun=2026, tanggal=TANGGAL,
                jenis="KUMULATIF", jumlah_hari=3, ambang=3, keterangan="teguran lisan"))
    kgb_id = uuid.uuid4()
    ev += [e(k.KgbDueV1, nip=nip[0], kgb_id=kgb_id, tmt=dt.date(2026, 8, 1), golongan_ruang="III/a",
             mkg_tahun=4, gaji_lama=1, gaji_baru=2, dasar_hukum="PP 5/2024"),
           e(k.KgbDueV1, nip=nip[1], kgb_id=uuid.uuid4(), tmt=dt.date(2026, 6, 1), golongan_ruang="III/a",
             mkg_tahun=4, gaji_lama=1, gaji_baru=2, dasar_hukum="PP 5/2024"),
           e(k.KgbPostponedV1, nip=nip[0], kgb_id=kgb_id, tmt=dt.date(2026, 8, 1), alasan="kinerja",
             ditunda_sampai=dt.date(2027, 8, 1), occurred_at=now + dt.timedelta(seconds=1))]
    ev += [e(t.TppCalculatedV1, nip=nip[0], tahun=2026, bulan=8, unit_id="dinkes", aturan="contoh-2026@1",
             basis=5_000_000, disiplin=1_750_000, kinerja=3_000_000, total=4_750_000, potongan=250_000),
           e(t.TppCalculatedV1, nip=nip[1], tahun=2026, bulan=8, unit_id="dinkes", aturan="contoh-2026@1",
             basis=5_000_000, disiplin=2_000_000, kinerja=3_000_000, total=5_000_000, potongan=0)]
    ev.append(e(p.UsulanPerubahanSubmittedV1, nip=nip[2], usulan_id=uuid.uuid4(), jenis_usulan="PENDIDIKAN"))
    return ev


async def consume(workers: list[ConsumerWorker]) -> None:
    for w in workers:
        idle = 0
        while idle < 2:
            idle = idle + 1 if await w.poll_once(300) == 0 else 0


async def test_rollups_from_every_context_survive_redelivery_and_equal_a_replay(
        make_runtime: Any, make_token: Any, broker: Any) -> None:
    instansi, lain = f"kab-{uuid.uuid4().hex[:8]}", f"kota-{uuid.uuid4().hex[:8]}"
    nip = nips(8)
    events = facts(instansi, nip)
    await kafka.publish(broker.bootstrap, events + facts(lain, nips(8))[:3])
    mon = make_runtime("monitoring")
    workers = [ConsumerWorker(mon.store(s), broker.bootstrap, group_id=f"{s}-{uuid.uuid4().hex[:6]}")
               for s in STORES]
    for w in workers:
        await w.start()
    try:
        await consume(workers)
        headers = auth(make_token("ADMIN_INSTANSI", instansi=instansi))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=mon.api()), base_url="http://m") as h:
            async def figures() -> tuple[Any, Any, Any]:
                day = (await h.get(f"/api/monitoring/v1/instansi/{instansi}/harian",
                                   params={"tanggal": TANGGAL.isoformat()}, headers=headers)).json()
                month = (await h.get(f"/api/monitoring/v1/instansi/{instansi}/bulanan",
                                     params={"bulan": "2026-08"}, headers=headers)).json()
                curve = (await h.get(f"/api/monitoring/v1/instansi/{instansi}/kurva",
                                     params={"tanggal": TANGGAL.isoformat()}, headers=headers)).json()
                for d in (day, month, curve):
                    d.pop("kesegaran")
                return day, month, curve

            day, month, curve = await figures()
            assert (day["pegawai"], day["hadir_sejauh_ini"], day["tepat_waktu"], day["cuti"]) == (8, 5, 3, 1)
            assert day["terlambat"] == {"TL1": 1, "TL2": 0, "TL3": 0, "TL4": 1}
            assert day["belum_hadir"] == 2 and day["menunggu_review"] == 0 and day["zona_waktu"] == ZONA
            assert day["ditutup"]["HADIR"] == 5 and day["ditutup"]["TK"] == 2 and day["ditutup"]["CUTI"] == 1
            dinkes = next(u for u in day["rincian"] if u["unit_id"] == "dinkes")
            assert (dinkes["pegawai"], dinkes["hadir_sejauh_ini"], dinkes["cuti"]) == (4, 3, 1)
            assert curve["titik"] == [["07:20", 1], ["07:28", 2], ["07:29", 3], ["07:45", 4], ["09:10", 5]]
            assert (month["hari_tk"], month["ambang_disiplin"]) == (2, {"3": 1})
            assert month["kgb"] == {"jatuh_tempo": 0, "terlambat": 1, "ditunda": 1, "diberikan": 0}
            assert month["tpp"] == {"pegawai": 2, "total": 9_750_000, "potongan": 250_000}
            assert month["usulan_menunggu"] == 1
            assert month["kelengkapan"]["pangkat"] == 1 and month["kelengkapan"]["pegawai"] == 8

            # Every event delivered again: nothing changes.
            await kafka.publish(broker.bootstrap, events)
            await consume(workers)
            assert await figures() == (day, month, curve)

            # A from-scratch replay of every read model gives the same figures.
            for s in STORES:
                await rebuild(mon.store(s), broker.bootstrap)
            assert await figures() == (day, month, curve)

            # Instansi isolation: the other instansi's admin is refused; BKN_PUSAT sees both.
            other = auth(make_token("ADMIN_INSTANSI", instansi=lain))
            for path in ("harian", "bulanan?bulan=2026-08", "kurva"):
                r = await h.get(f"/api/monitoring/v1/instansi/{instansi}/{path}", headers=other)
                assert r.status_code == 403, path
            assert (await h.get("/api/monitoring/v1/nasional/harian", headers=other)).status_code == 403
            bkn = auth(make_token("BKN_PUSAT", instansi=None))
            national = (await h.get("/api/monitoring/v1/nasional/harian",
                                    params={"tanggal": TANGGAL.isoformat()}, headers=bkn)).json()
            rows = {r["unit_id"]: r for r in national["rincian"]}
            assert rows[instansi]["hadir_sejauh_ini"] == 5 and rows[lain]["pegawai"] == 3
            r = await h.get(f"/api/monitoring/v1/instansi/{instansi}/bulanan", params={"bulan": "2026-13"},
                            headers=headers)
            assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    finally:
        for w in workers:
            await w.stop()


async def test_the_stream_sends_new_figures_when_a_check_in_arrives(
        make_runtime: Any, make_token: Any, broker: Any) -> None:
    instansi = f"kab-{uuid.uuid4().hex[:8]}"
    nip = nips(2)
    mon = make_runtime("monitoring")
    store = mon.store("monitoring.presensi")
    worker = ConsumerWorker(store, broker.bootstrap, group_id=f"presensi-{uuid.uuid4().hex[:6]}")
    await worker.start()
    await consume([worker])  # what earlier tests published: not this test's subject
    # a real server: the in-process ASGI transport would wait for the end of an endless stream
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn_server(mon.api(), "127.0.0.1", port)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    headers = auth(make_token("ADMIN_INSTANSI", instansi=instansi))
    today = dt.datetime.now(dt.UTC)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as h:
            seen: list[dict[str, Any]] = []

            async def listen() -> None:
                async with h.stream("GET", "/api/monitoring/v1/stream", params={"instansi_id": instansi},
                                    headers=headers) as r:
                    assert r.status_code == 200
                    async for line in r.aiter_lines():
                        if line.startswith("data: "):
                            seen.append(json.loads(line[6:]))
                            if seen[-1]["hadir_sejauh_ini"] == 1:
                                return

            task = asyncio.create_task(listen())
            while not seen:
                await asyncio.sleep(0.05)
            assert seen[0]["hadir_sejauh_ini"] == 0
            await kafka.publish(broker.bootstrap, [a.CheckInRecordedV1(
                event_id=uuid.uuid4(), occurred_at=today, nip=nip[0], instansi_id=instansi,
                checkin_id=uuid.uuid4(), unit_id="setda", jenis="MASUK", waktu=today,
                tanggal=today.astimezone(dt.timezone(dt.timedelta(hours=7))).date(),
                zona_waktu="Asia/Jakarta", menit_terlambat=0, skor_risiko=0, status="DITERIMA")])
            published = asyncio.get_running_loop().time()
            while not task.done():
                await worker.poll_once(100)
            await asyncio.wait_for(task, 5)
            assert seen[-1]["hadir_sejauh_ini"] == 1
            assert asyncio.get_running_loop().time() - published < 2
    finally:
        await worker.stop()
        server.should_exit = True
        await serving
