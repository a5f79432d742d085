"""Issue #15's fault injection (ADR 0028): a seeded load of check-ins and cuti decisions through
the real attendance and cuti APIs, on the real embedded broker and a private PostgreSQL cluster,
while the harness kills relays and consumers at random points, restarts the broker empty,
restarts PostgreSQL, and delivers slices of topics again out of order. After recovery, the live
read models (attendance's pegawai and cuti days the daily status is computed from, monitoring's
presensi/harian, TPP's facts of the provisional month) must equal a from-scratch replay into
fresh databases, and every accepted command must be there: lost 0, double-counted 0."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import time
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

import httpx
import pytest

from simpeg_shared import kafka
from simpeg_shared.consumer import rebuild
from simpeg_shared.contracts import attendance as ca
from simpeg_shared.devbroker import EmbeddedBroker
from simpeg_shared.relay import republish_all

from .harness import (A, C, COMPARED, DAY, KANTOR, LIVE_PROJECTIONS, WIB, Clock, FaultSettings,
                      LiveConsumer, Outcome, RelayProcess, WORKER_PROCESSES, WorkerProcess, auth, count_rows, diff_rows, nips_for,
                      photo, produce_shuffled, profile_events, redeliver_shuffled, relay_done, rows_of, send,
                      topic_for, wait_for)
from .pgcluster import PrivatePostgres

pytestmark = pytest.mark.integration
SETTINGS = FaultSettings()
SEEDS = list(range(SETTINGS.first_seed, SETTINGS.first_seed + SETTINGS.seeds))


@pytest.fixture
def teardown() -> Iterator[list[Any]]:
    """Stops what a seed started (relays, brokers) even when the test is cut short by its
    timeout: the test's own ``finally`` may not get to the end."""
    stops: list[Any] = []
    yield stops
    for stop in reversed(stops):
        try:
            stop()
        except Exception:  # noqa: BLE001 - stop the rest anyway
            pass


def published(runtime: Any) -> list[Any]:
    from simpeg_attendance.translate import translate

    app = runtime.application
    out = []
    for n in app.recorder.select_notifications(1, 10**7):
        c = translate(app.mapper.to_domain_event(n))
        if c is not None:
            out.append(c)
    return out


@pytest.mark.timeout(max(600, SETTINGS.per_seed * 3))
@pytest.mark.parametrize("seed", SEEDS)
async def test_nothing_lost_nothing_counted_twice_under_faults(
        seed: int, pg: PrivatePostgres, make_runtime: Any, make_token: Any, common_settings: Any,
        tmp_path: Any, record_property: Any, teardown: list[Any]) -> None:
    started = time.monotonic()
    rng = random.Random(seed)
    load = SETTINGS.per_seed
    n_cuti = max(load // 10, 3)
    n_hadir = (load - n_cuti + 1) // 2
    nips = nips_for(seed, 2 + n_hadir + n_cuti)
    kepala, atasan, hadir, cutier = nips[0], nips[1], nips[2:2 + n_hadir], nips[2 + n_hadir:]
    instansi, unit = f"pemda-faults-{seed}", "bkpsdm"
    profile = profile_events(instansi, unit, kepala, atasan, hadir + cutier)

    broker = EmbeddedBroker(log_file=tmp_path / "broker.log").start()
    teardown.append(broker.stop)
    common = common_settings.model_copy(update={"kafka_bootstrap": broker.bootstrap})
    urls = {name: pg.fresh(f"faults{seed}_{name}") for name in LIVE_PROJECTIONS}
    rt = {name: make_runtime(name, database_url=url, common=common) for name, url in urls.items()}
    relays = {name: RelayProcess(name, urls[name], broker.bootstrap, common.var_dir,
                                 tmp_path / f"relay-{name}.log") for name in ("attendance", "cuti")}
    teardown.extend(r.stop for r in relays.values())
    consumers: dict[str, LiveConsumer | WorkerProcess] = {
        proj: LiveConsumer(rt[svc].store(proj), broker.bootstrap)
        for svc, projs in LIVE_PROJECTIONS.items() if svc not in WORKER_PROCESSES for proj in projs}
    for svc in WORKER_PROCESSES:  # one process feeds all of the service's projections
        worker = WorkerProcess(svc, urls[svc], broker.bootstrap, common.var_dir,
                               tmp_path / f"worker-{svc}.log")
        teardown.append(worker.stop)
        for proj in LIVE_PROJECTIONS[svc]:
            consumers[proj] = worker
    members = list(dict.fromkeys(consumers.values()))  # each consumer or process once
    injected: list[str] = []
    phases: dict[str, float] = {}

    def phase(name: str) -> None:
        phases[name] = round(time.monotonic() - started - sum(phases.values()), 1)
    broker2: EmbeddedBroker | None = None
    try:
        for r in relays.values():
            r.start()
        for c in members:
            c.start()
        await kafka.publish(broker.bootstrap, profile)
        everyone = len(nips)
        for svc, proj in (("attendance", "attendance.pegawai"), ("cuti", "cuti.pegawai"), ("tpp", "tpp.fakta")):
            store = rt[svc].store(proj)
            assert await asyncio.to_thread(wait_for, lambda s=store: count_rows(s, "pegawai") == everyone, 90), \
                f"{proj} did not learn the {everyone} pegawai"

        phase("setup")
        att, cuti = rt["attendance"].application, rt["cuti"].application
        att.clock = Clock(dt.datetime.combine(DAY, dt.time(7, 0), WIB))
        cuti.hari_ini = lambda: dt.date(2026, 7, 1)
        admin = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=kepala))

        def token(nip: str, *roles: str) -> dict[str, str]:
            return auth(make_token("PEGAWAI", *roles, instansi=instansi, nip=nip))

        out = Outcome()
        progress = {"done": 0}
        # the clients get what a server would send, a 500 included, rather than the exception
        def client(svc: str) -> httpx.AsyncClient:
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=rt[svc].api(), raise_app_exceptions=False),
                                     base_url=f"http://{svc}", timeout=60)

        async with client("attendance") as a_client, client("cuti") as c_client:
            r = await a_client.put(f"{A}/unit/{unit}", headers=admin, json={
                "zona_waktu": "Asia/Jakarta", "jadwal": "perpres-21-2023",
                "berlaku_mulai": (DAY - dt.timedelta(days=7)).isoformat()})
            assert r.status_code == 200, r.text
            r = await a_client.put(f"{A}/unit/{unit}/lokasi/kantor", headers=admin, json={
                "nama": "Kantor", "bentuk": {"bentuk": "LINGKARAN", "lat": KANTOR[0], "lon": KANTOR[1],
                                             "radius_m": 150}})
            assert r.status_code == 200, r.text

            # -- the load: every pegawai checks in and out; the others take a day of leave -----
            commands: list[tuple[str, str, dt.datetime | None]] = []
            for nip in hadir:
                commands.append(("MASUK", nip, dt.datetime.combine(
                    DAY, dt.time(7, 0), WIB) + dt.timedelta(minutes=rng.randint(0, 100))))
                commands.append(("PULANG", nip, dt.datetime.combine(
                    DAY, dt.time(15, 50), WIB) + dt.timedelta(minutes=rng.randint(0, 60))))
            commands += [("CUTI", nip, None) for nip in cutier]
            rng.shuffle(commands)
            batal = set(rng.sample(cutier, len(cutier) // 3))
            luar = {nip: rng.choice(["DISETUJUI", "DITOLAK"]) for nip in rng.sample(hadir, max(len(hadir) // 10, 1))}
            photos = random.Random(seed * 1000)

            async def checkin(jenis: str, nip: str, when: dt.datetime) -> None:
                lat = KANTOR[0] + (0.01 if jenis == "MASUK" and nip in luar else 0)  # ~1.1 km away
                data = {"jenis": jenis, "lat": str(lat), "lon": str(KANTOR[1]), "akurasi_m": "8",
                        "perangkat_id": f"hp-{nip}", "lokasi_palsu": "false",
                        "waktu_ponsel": when.isoformat()}
                r = await send(a_client, "POST", f"{A}/presensi", ok=(201,), seen=out.answers, when=when, data=data,
                               files={"foto": ("foto.jpg", photo(photos), "image/jpeg")},
                               headers=token(nip))
                if r is None:
                    out.failed += 1
                    return
                checkin_id = r.json()["checkin_id"]
                out.checkins[checkin_id] = (nip, jenis)
                if r.json()["status"] == "MENUNGGU_REVIEW":  # outside the office: the atasan decides
                    keputusan = luar.get(nip, "DISETUJUI")
                    r = await send(a_client, "POST", f"{A}/review/{checkin_id}", ok=(200,), seen=out.answers, when=when,
                                   headers=token(atasan, "ATASAN"),
                                   json={"keputusan": keputusan, "alasan": "sesuai surat tugas"})
                    if r is None:
                        out.failed += 1
                    else:
                        out.tinjauan[checkin_id] = keputusan

            async def leave(nip: str) -> None:
                r = await send(c_client, "POST", f"{C}/cuti", ok=(201,), seen=out.answers, headers=token(nip), json={
                    "jenis": "TAHUNAN", "mulai": DAY.isoformat(), "selesai": DAY.isoformat(),
                    "alasan": "keperluan keluarga", "alamat_selama_cuti": "Jl. Contoh No. 1"})
                if r is not None:
                    cuti_id = r.json()["id"]
                    r = await send(c_client, "POST", f"{C}/cuti/{cuti_id}/pertimbangan", ok=(200,), seen=out.answers,
                                   headers=token(atasan, "ATASAN"), json={"pertimbangan": "DISETUJUI"})
                if r is not None:
                    r = await send(c_client, "POST", f"{C}/cuti/{cuti_id}/keputusan", ok=(200,), seen=out.answers,
                                   headers=token(kepala, "PEJABAT_BERWENANG"), json={"hasil": "DISETUJUI"})
                if r is not None and r.json()["status"] == "DISETUJUI":
                    out.cuti[cuti_id] = nip
                else:
                    out.failed += 1
                    return
                if nip in batal:  # changed their mind before the day: the leave is cancelled
                    r = await send(c_client, "POST", f"{C}/cuti/{cuti_id}/pembatalan", ok=(200,), seen=out.answers,
                                   unsure=out.batal_ragu, about=cuti_id,
                                   headers=token(nip), json={"alasan": "tidak jadi berangkat"})
                    if r is not None:
                        out.batal.add(cuti_id)
                    else:
                        out.failed += 1

            queue: asyncio.Queue[tuple[str, str, dt.datetime | None]] = asyncio.Queue()
            for cmd in commands:
                queue.put_nowait(cmd)

            async def load_worker() -> None:
                while not queue.empty():
                    jenis, nip, when = queue.get_nowait()
                    if jenis == "CUTI":
                        await leave(nip)
                    else:
                        assert when is not None
                        await checkin(jenis, nip, when)
                    progress["done"] += 1

            # -- the faults, at seeded points of the load ------------------------------------
            consumer_names = sorted(consumers)
            kinds = ["broker", "postgres", "relay:attendance", "relay:cuti",
                     rng.choice(["relay:attendance", "relay:cuti"]), "dup:attendance", "dup:cuti",
                     *(f"consumer:{rng.choice(consumer_names)}" for _ in range(3))]
            at = sorted(int(rng.uniform(0.05, 0.9) * len(commands)) for _ in kinds)
            rng.shuffle(kinds)

            async def inject(kind: str) -> None:
                injected.append(kind)
                if kind == "broker":
                    # one consumer is down (lagging) while the broker loses everything: when it
                    # comes back, the relays' newest batch sits before the republished older
                    # events, so it meets events it never saw out of order
                    # (the newest records, the relays' in-flight batches, go first onto the empty
                    # broker, shuffled: the consumer meets newer events before older ones)
                    lagging = consumers[rng.choice(consumer_names)]
                    await lagging.pause()
                    await asyncio.sleep(rng.uniform(0.5, 2.0))
                    tails = {}
                    for ctx in ("cuti", "attendance"):
                        tails[ctx] = (await kafka.read_topic(broker.bootstrap, topic_for(ctx)))[
                            -rng.randint(10, 200):]
                    await asyncio.to_thread(broker.restart_empty)
                    for ctx, tail in tails.items():
                        await produce_shuffled(broker.bootstrap, topic_for(ctx), tail, rng)
                    # profile's relay (not under test here) would republish its log too
                    await kafka.publish(broker.bootstrap, profile)
                    await asyncio.sleep(rng.uniform(0.5, 2.0))
                    lagging.start()
                elif kind == "postgres":
                    await asyncio.to_thread(pg.restart)
                elif kind.startswith("relay:"):
                    relay = relays[kind.split(":", 1)[1]]
                    await asyncio.sleep(rng.uniform(0, 0.4))
                    relay.kill()
                    await asyncio.sleep(rng.uniform(0, 1.0))
                    relay.start()
                elif kind.startswith("dup:"):
                    try:
                        await redeliver_shuffled(broker.bootstrap, topic_for(kind.split(":", 1)[1]), rng)
                    except Exception as exc:  # noqa: BLE001 - e.g. the topic is being recreated
                        injected[-1] += f" (skipped: {type(exc).__name__})"
                elif kind.startswith("consumer:"):
                    await consumers[kind.split(":", 1)[1]].crash(rng)

            async def injector() -> None:
                for kind, when in zip(kinds, at, strict=True):
                    while progress["done"] < when:
                        await asyncio.sleep(0.05)
                    await inject(kind)

            await asyncio.gather(injector(), *(load_worker() for _ in range(4)))

            phase("load")
            # -- closing the day (publishes every pegawai's day) under two more faults -------
            closing = asyncio.create_task(asyncio.to_thread(
                lambda: wait_for(lambda: bool(att.tutup(sekarang=dt.datetime.combine(
                    DAY + dt.timedelta(days=1), dt.time(6, 0), WIB))) or True, 60)))
            await asyncio.sleep(rng.uniform(0.2, 1.5))
            await inject("relay:attendance")
            await inject(f"consumer:{rng.choice(consumer_names)}")
            await closing
            await asyncio.sleep(rng.uniform(0, 1.0))
            await inject("dup:attendance")

        phase("closing")
        # -- recovery ---------------------------------------------------------------------------
        for r in relays.values():
            r.ensure_running()
        for name in relays:
            assert await asyncio.to_thread(wait_for, lambda n=name: relay_done(rt[n], n), 120), \
                f"the {name} relay did not catch up"

        phase("catch_up")
        # -- the from-scratch replay: a clean broker, every log republished, fresh databases ----
        broker2 = EmbeddedBroker(log_file=tmp_path / "broker2.log").start()
        teardown.append(broker2.stop)
        common2 = common_settings.model_copy(update={"kafka_bootstrap": broker2.bootstrap})
        for name in relays:
            source = make_runtime(name, database_url=urls[name], common=common2)
            await republish_all(source.relay())
        await kafka.publish(broker2.bootstrap, profile)
        replay = {svc: make_runtime(svc, database_url=pg.fresh(f"faults{seed}_{svc}_replay"), common=common2)
                  for svc in COMPARED}
        for svc, projs in COMPARED.items():
            for proj in projs:
                await rebuild(replay[svc].store(proj), broker2.bootstrap)

        phase("replay")
        diffs: dict[str, Any] = {}

        def converged() -> bool:
            diffs.clear()
            for svc, projs in COMPARED.items():
                for proj in projs:
                    d, extra = diff_rows(rows_of(rt[svc].store(proj)), rows_of(replay[svc].store(proj)))
                    if d:
                        diffs[proj] = (d, extra)
            return not diffs

        equal = await asyncio.to_thread(wait_for, converged, 120, 1.0)

        phase("converge")
        # -- counts: accepted, lost, double-counted ------------------------------------------
        log = await asyncio.to_thread(published, rt["attendance"])
        logged_checkins = {str(e.checkin_id) for e in log if isinstance(e, ca.CheckInRecordedV1)}
        days: dict[tuple[str, dt.date], Any] = {}
        for e in log:
            if isinstance(e, ca.DailyAttendanceV1):
                k = (e.nip, e.tanggal)
                if k not in days or e.revisi > days[k].revisi:
                    days[k] = e

        def ids(store: Any, key: str, col: str, where: Any = None) -> set[str]:
            def q(conn: Any, t: Any) -> set[str]:
                stmt = select(t[key].c[col])
                if where is not None:
                    stmt = stmt.where(where(t[key]))
                return {str(v) for v in conn.execute(stmt).scalars()}
            return store.read(q)

        mon, mon_r = rt["monitoring"].store("monitoring.presensi"), replay["monitoring"].store("monitoring.presensi")
        present_checkins = (ids(mon, "checkin", "checkin_id") & ids(mon_r, "checkin", "checkin_id")
                            & logged_checkins)
        # an accepted decision is there as approved leave; an accepted cancellation as leave
        # that no longer counts
        active = {"attendance.cuti": lambda t: t.c.dibatalkan.is_(False),
                  "monitoring.presensi": lambda t: t.c.aktif.is_(True),
                  "tpp.fakta": lambda t: t.c.aktif.is_(True)}
        present_cuti = set(out.cuti)
        for svc, projs in COMPARED.items():
            for proj in projs:
                if proj in active:
                    where = active[proj]
                    for store in (rt[svc].store(proj), replay[svc].store(proj)):
                        aktif = ids(store, "cuti", "cuti_id", where)
                        every = ids(store, "cuti", "cuti_id")
                        # a cancellation with no clear answer may or may not have committed
                        present_cuti = {i for i in present_cuti if i in every and (
                            i in out.batal_ragu or (i in aktif) != (i in out.batal))}
        # an accepted review is there as the check-in's status
        def statuses(store: Any) -> dict[str, str]:
            return store.read(lambda c, t: {str(i): st for i, st in c.execute(
                select(t["checkin"].c.checkin_id, t["checkin"].c.status))})

        live_st, replay_st = statuses(mon), statuses(mon_r)
        reviewed = {i for i, k in out.tinjauan.items() if live_st.get(i) == k == replay_st.get(i)}
        missing = {"checkins": sorted(set(out.checkins) - present_checkins),
                   "cuti": sorted(set(out.cuti) - present_cuti),
                   "reviews": sorted(set(out.tinjauan) - reviewed)}
        lost = sum(len(v) for v in missing.values())

        # figures vs the source of truth (attendance's log): more than the log says is a double count
        from simpeg_monitoring.projections.presensi import harian

        fig = mon.read(lambda c, t: harian(c, t, instansi, DAY, "instansi_id")).get(instansi, {})
        masuk = {e.nip for e in log if isinstance(e, ca.CheckInRecordedV1) and e.jenis == "MASUK"
                 and e.tanggal == DAY and e.status != "DITOLAK"}
        closed = sum(v for k, v in fig.items() if k.startswith("ditutup_"))
        double = max(fig.get("hadir_sejauh_ini", 0) - len(masuk), 0) + max(closed - len([
            k for k in days if k[1] == DAY]), 0)
        double += sum(extra for _, extra in diffs.values())
        mon_days = mon.read(lambda c, t: {(r.nip, r.tanggal): (r.status, r.tl, r.psw, r.revisi)
                                          for r in c.execute(select(t["hari"]))})
        day_status_ok = mon_days == {k: (e.status, e.tl, e.psw, e.revisi) for k, e in days.items()}

        accepted = len(out.checkins) + len(out.cuti) + len(out.batal) + len(out.tinjauan)
        counts = {"seed": seed, "load": len(commands), "accepted": accepted, "checkins": len(out.checkins),
                  "cuti_decisions": len(out.cuti),
                  "cancellations": len(out.batal), "reviews": len(out.tinjauan), "not_accepted": out.failed, "lost": lost,
                  "double_counted": double, "http_503": out.answers[503], "http_500": out.answers[500],
                  "faults": len(injected),
                  "relay_kills": sum(r.kills for r in relays.values()),
                  "consumer_crashes": sum(c.crashes for c in members),
                  "seconds": round(time.monotonic() - started, 1), "phases": phases}
        record_property("fault_counts", counts)
        print(f"\nfaults seed {seed}: {counts}\ninjected: {injected}\nphases (s): {phases}")
        assert accepted > 0.8 * len(commands), f"too few commands accepted: {counts}"
        assert equal, f"read models differ from a replay (rows only live, only in the replay): {diffs}"
        assert day_status_ok, "monitoring's closed days differ from attendance's published days"
        assert lost == 0 and double == 0, f"{counts}; accepted but missing: {missing}"
        assert out.answers[500] == 0, f"a command got 500 (503 is the answer while the database is away): {counts}"
    finally:
        for c in members:
            await c.close()
        for r in relays.values():
            r.stop()
        broker.stop()
        if broker2 is not None:
            broker2.stop()
