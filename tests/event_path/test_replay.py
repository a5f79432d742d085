"""`simpeg replay profile` rebuilds every consumer of the profile topic to the same state."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

from sqlalchemy import text

from .conftest import count, publish_all, register, wait_until_async, worker_for


def _rows(monitoring) -> tuple[list, list]:
    store = monitoring.store("monitoring.ringkasan_instansi")

    def read(conn, tables):
        pegawai = sorted(tuple(r) for r in conn.execute(tables["pegawai"].select()).all())
        instansi = sorted((r.instansi_id, r.jumlah_pegawai) for r in conn.execute(tables["instansi"].select()).all())
        return pegawai, instansi

    return store.read(read)


async def test_replay_rebuilds_the_read_model_to_the_same_state(slice_, instansi, broker, common_settings) -> None:
    profile, monitoring = slice_
    register(profile, instansi, 25, unit="dinkes")
    register(profile, instansi, 5, unit="bappeda")
    await publish_all(profile.relay())
    worker = worker_for(monitoring, broker.bootstrap)
    await worker.start()
    try:
        assert await wait_until_async(worker.poll_once, lambda: count(monitoring, instansi) == 30, 60)
    finally:
        await worker.stop()
    before = _rows(monitoring)
    store = monitoring.store("monitoring.ringkasan_instansi")
    assert store.current_generation() == 1

    env = {
        **os.environ,
        "SIMPEG_PROFILE_DATABASE_URL": profile.settings.db_url,
        "SIMPEG_MONITORING_DATABASE_URL": monitoring.settings.db_url,
        "SIMPEG_KAFKA_BOOTSTRAP": broker.bootstrap,
        "SIMPEG_VAR_DIR": str(common_settings.var_dir),
    }
    proc = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-m", "simpeg_shared.cli", "replay", "profile", "--service", "monitoring"],
        env=env, capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "republished 30 events of profile" in proc.stdout
    assert "rebuilt monitoring.ringkasan_instansi" in proc.stdout

    assert store.current_generation() == 2
    after = _rows(monitoring)
    # The topic is shared with other tests, so the rebuilt model may know more instansi; ours
    # must be exactly as it was.
    assert [r for r in after[0] if r[1] == instansi] == [r for r in before[0] if r[1] == instansi]
    assert [r for r in after[1] if r[0] == instansi] == [(instansi, 30)]
    with monitoring.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text(
            "SELECT table_name FROM information_schema.tables"
            if monitoring.engine.dialect.name == "postgresql" else
            "SELECT name FROM sqlite_master WHERE type='table'"))}
    generations = {n for n in names if n.startswith(("mon_pegawai", "mon_instansi", "monitoring_ringkasan"))}
    assert generations == {"mon_pegawai_g2", "mon_instansi_g2",
                           "monitoring_ringkasan_instansi_processed_g2"}, "the old generation is dropped"


async def test_a_live_consumer_keeps_counting_exactly_across_a_rebuild(slice_, instansi, broker) -> None:
    from simpeg_shared.consumer import rebuild

    profile, monitoring = slice_
    stop = asyncio.Event()
    relay = profile.relay()
    worker = worker_for(monitoring, broker.bootstrap)
    tasks = [asyncio.create_task(relay.run(stop)), asyncio.create_task(worker.run(stop))]
    try:
        register(profile, instansi, 20)

        async def keep_registering() -> None:
            for _ in range(10):
                await asyncio.to_thread(register, profile, instansi, 2)
                await asyncio.sleep(0.05)

        store = monitoring.store("monitoring.ringkasan_instansi")
        writer = asyncio.create_task(keep_registering())
        await rebuild(store, broker.bootstrap)
        await writer
        assert await wait_until_async(asyncio.sleep, lambda: count(monitoring, instansi) == 40, 60)
        await asyncio.sleep(1.5)
        assert count(monitoring, instansi) == 40
        assert store.current_generation() == 2
    finally:
        stop.set()
        await asyncio.gather(*tasks)
