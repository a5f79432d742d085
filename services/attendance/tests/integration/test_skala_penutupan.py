"""The daily closing at scale (10,000 pegawai in < 30 s here) and after a crash half-way.

This module publishes 11,200 profile events; it sorts after the other modules so that their
fresh consumers, which read simpeg.profile.v1 from the start, do not wade through them."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from simpeg_attendance.projections import lokal as L
from simpeg_shared.contracts import profile as p
from simpeg_shared.contracts.attendance import DailyAttendanceClosedV1

from .conftest import KANTOR, Clock, consume, contract, cuti_decided, photo, publish, published

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def own_broker():
    """A broker of the test's own: each test reads only its own 1,000s of profile events from the
    start of the topic, not every earlier test's (the shared topic grows with the whole run)."""
    from simpeg_shared.devbroker import EmbeddedBroker

    with EmbeddedBroker() as b:
        yield b
DAY = dt.date(2026, 5, 5)


def _nips(n: int) -> list[str]:
    # 18 digits: birth date, TMT CPNS month, sex, running number; unique within the test
    base = uuid.uuid4().int % 90 + 10
    return [f"19{base:02d}0101{2000 + i // 10000:04d}{(i // 1000) % 10 + 1:02d}1{i % 1000:03d}"
            for i in range(n)]


async def _setup(make_runtime, broker, n: int, units: int):
    runtime = make_runtime("attendance")
    app = runtime.application
    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    unit_ids = [f"unit-{k}" for k in range(units)]
    nips = _nips(n)
    events = [contract(p.PegawaiRegisteredV1, instansi, nip=nip, nama="Pegawai",
                       unit_id=unit_ids[i % units]) for i, nip in enumerate(nips)]
    await publish(broker.bootstrap, events)
    store = runtime.store("attendance.pegawai")

    def known() -> int:
        return store.read(lambda c, t: c.execute(select(func.count()).where(
            t["pegawai"].c.instansi_id == instansi)).scalar_one())

    await consume(runtime, "attendance.pegawai", broker.bootstrap, lambda: known() == n, timeout=180)
    for k, unit_id in enumerate(unit_ids):
        zone = "Asia/Jakarta" if k % 2 == 0 else "Asia/Makassar"
        app.atur_unit(unit_id, instansi, zone, "perpres-21-2023", DAY)
        from simpeg_attendance.domain.geo import Lingkaran

        app.atur_lokasi(unit_id, instansi, "kantor", "Kantor", Lingkaran(lat=KANTOR[0], lon=KANTOR[1]))
    return runtime, app, instansi, nips


async def test_the_daily_closing_of_10000_pegawai_takes_under_30_seconds(make_runtime, own_broker) -> None:
    runtime, app, instansi, nips = await _setup(make_runtime, own_broker, 10_000, 10)
    # some came (on time or late), some are on leave, the rest are absent
    app.clock = Clock(dt.datetime.combine(DAY, dt.time(7, 40), WIB))
    for nip in nips[:200]:
        app.catat_presensi(nip=nip, jenis="MASUK", lat=KANTOR[0], lon=KANTOR[1], akurasi_m=5,
                           perangkat_id=f"hp-{nip}", lokasi_palsu=False,
                           waktu_ponsel=app.clock(), waktu_ambil=None, foto=photo())
    await publish(own_broker.bootstrap, [cuti_decided(instansi, nip, DAY, DAY) for nip in nips[200:300]])
    from simpeg_attendance.projections.cuti import cuti_pada

    cuti = runtime.store("attendance.cuti")
    await consume(runtime, "attendance.cuti", own_broker.bootstrap, lambda: len(cuti.read(
        lambda c, t: cuti_pada(c, t, nips[200:300], DAY, DAY))) == 100)

    app.clock = Clock(dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(3, 0), WIB))
    started = time.perf_counter()
    stats = app.tutup()
    elapsed = time.perf_counter() - started
    print(f"\nclosing of {stats['ditutup']} pegawai-days took {elapsed:.2f} s")
    assert stats["ditutup"] == 10_000
    assert elapsed < 30, f"closing 10,000 pegawai took {elapsed:.1f} s"

    with app.engine.connect() as conn:
        by_status = dict(conn.execute(select(L.HARI.c.status, func.count()).where(
            L.HARI.c.tanggal == DAY).group_by(L.HARI.c.status)).all())
    assert by_status == {"HADIR": 200, "CUTI": 100, "TK": 9_700}
    again = time.perf_counter()
    assert app.tutup()["ditutup"] == 0
    print(f"closing again (nothing to do) took {time.perf_counter() - again:.2f} s")


async def test_a_closing_that_crashes_half_way_finishes_once_after_a_restart(make_runtime, own_broker) -> None:
    runtime, app, _, nips = await _setup(make_runtime, own_broker, 1_200, 2)
    app.batch = 250
    app.clock = Clock(dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(3, 0), WIB))
    real_save, calls = app.save, Counter()

    def crashing_save(*aggregates):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the process died here")
        return real_save(*aggregates)

    app.save = crashing_save
    with pytest.raises(RuntimeError):
        app.tutup()
    partial = len(published(runtime, DailyAttendanceClosedV1))
    assert 0 < partial < 1_200

    # a new process on the same database carries on where the first stopped
    restarted = make_runtime("attendance", database_url=runtime.settings.db_url)
    restarted.application.clock = app.clock
    restarted.application.batch = 250
    assert restarted.application.tutup()["ditutup"] == 1_200 - partial
    closed = published(restarted, DailyAttendanceClosedV1)
    assert len(closed) == 1_200
    assert Counter((e.nip, e.tanggal) for e in closed).most_common(1)[0][1] == 1
    assert {e.nip for e in closed} == set(nips)


async def test_two_closers_at_once_close_every_day_exactly_once(make_runtime, own_broker) -> None:
    import asyncio

    runtime, app, _, nips = await _setup(make_runtime, own_broker, 1_500, 3)
    other = make_runtime("attendance", database_url=runtime.settings.db_url)
    when = Clock(dt.datetime.combine(DAY + dt.timedelta(days=1), dt.time(3, 0), WIB))
    for a in (app, other.application):
        a.clock, a.batch = when, 200
    results = await asyncio.gather(asyncio.to_thread(app.tutup), asyncio.to_thread(other.application.tutup))
    assert sum(r["ditutup"] for r in results) == 1_500
    closed = published(runtime, DailyAttendanceClosedV1)
    assert len(closed) == 1_500 and {e.nip for e in closed} == set(nips)
