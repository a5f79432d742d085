"""KGB schedules from profile's events through the real broker: 10,000 imported PNS, PMK and
CLTN recorded later, and a replay that rebuilds identical schedules."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterator

import pytest

from simpeg_kgb.domain.gaji import langkah_pada
from simpeg_kgb.domain.jadwal import jadwal
from simpeg_kgb.projections.riwayat import riwayat
from simpeg_shared.consumer import rebuild
from simpeg_shared.devbroker import EmbeddedBroker
from simpeg_shared.relay import republish_all

from .conftest import publish_all, wait_until_async, worker_for

N = 10_000
GOLONGAN = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"]


def records(instansi: str) -> list[dict[str, str]]:
    rng = random.Random(8)
    first = dt.date(1966, 1, 1)
    out = []
    for i in range(N):
        lahir = first + dt.timedelta(days=i)  # one birth date each: unique NIPs
        tmt = dt.date(lahir.year + 24, rng.randint(1, 12), 1)
        tmt = min(tmt, dt.date(2024, 12, 1))
        gol = dt.date(min(tmt.year + rng.randint(0, 8), 2025), tmt.month, 1)
        out.append({"nipBaru": f"{lahir:%Y%m%d}{tmt:%Y%m}1{i % 999 + 1:03d}", "nama": f"PNS {i}",
                    "tglLahir": f"{lahir:%d-%m-%Y}", "jenisKelamin": "M", "jenisPegawaiNama": "PNS",
                    "statusPegawai": "AKTIF", "instansiIndukId": instansi, "unorId": f"unit-{i % 12}",
                    "golRuangAkhir": rng.choice(GOLONGAN), "tmtGolAkhir": f"{gol:%d-%m-%Y}",
                    "mkTahun": str(rng.randint(0, 6)), "mkBulan": str(rng.randint(0, 11))})
    return out


def schedule(store, nip: str, per: dt.date):
    data = store.read(lambda c, t: riwayat(c, t, nip))
    return jadwal(data["pangkat"], data["pmk"], data["cltn"], per, langkah_pada)


def all_rows(store) -> dict[str, list]:
    return store.read(lambda c, t: {
        name: sorted(tuple(r) for r in c.execute(t[name].select()).all())
        for name in ("pegawai", "pangkat", "pmk", "cltn")})


@pytest.fixture
def own_broker(common_settings) -> Iterator[tuple[EmbeddedBroker, object]]:
    """A broker of this test's own: 30,000 events would slow every later test reading the
    shared profile topic from its beginning."""
    with EmbeddedBroker() as b:
        yield b, common_settings.model_copy(update={"kafka_bootstrap": b.bootstrap})


async def test_imported_pns_get_schedules_through_the_broker_and_replay_rebuilds_them(
        make_runtime, instansi, own_broker) -> None:
    from simpeg_profile.domain.perubahan import JenisPerubahan
    from simpeg_profile.siasn import import_pegawai, parse_record

    broker, common = own_broker
    profile, kgb = make_runtime("profile", common=common), make_runtime("kgb", common=common)
    rows = records(instansi)
    started = time.perf_counter()
    result = import_pegawai(profile.application, [parse_record(r) for r in rows], batch_size=1000)
    assert (result.created, result.rejected) == (N, []), result.rejected[:3]
    special = rows[0]["nipBaru"], rows[1]["nipBaru"]
    profile.application.change(special[0], JenisPerubahan.PMK,
                               {"tahun": 1, "bulan": 0, "tmt": "2025-06-01", "nomor_sk": "PMK-1"})
    profile.application.change(special[1], JenisPerubahan.CLTN,
                               {"mulai": "2025-01-01", "selesai": "2025-07-01", "nomor_sk": "CLTN-1"})
    await publish_all(profile.relay())

    store = kgb.store("kgb.riwayat")
    worker = worker_for(kgb, broker.bootstrap, "kgb.riwayat")
    await worker.start()
    try:
        def pangkat_rows() -> int:
            return store.read(lambda c, t: len(c.execute(t["pangkat"].select()).all()))

        assert await wait_until_async(worker.poll_once, lambda: pangkat_rows() >= N, 180)
        for _ in range(5):
            await worker.poll_once()
    finally:
        await worker.stop()
    seconds = time.perf_counter() - started

    per = dt.date(2026, 1, 15)
    pmk_nip, cltn_nip = special
    pmk = store.read(lambda c, t: riwayat(c, t, pmk_nip))
    assert [(p.tahun, p.tmt) for p in pmk["pmk"]] == [(1, dt.date(2025, 6, 1))]
    cltn = store.read(lambda c, t: riwayat(c, t, cltn_nip))
    assert [(p.mulai, p.selesai) for p in cltn["cltn"]] == [(dt.date(2025, 1, 1), dt.date(2025, 7, 1))]
    sample = [r["nipBaru"] for r in rows[:: N // 1000]]
    before_rows, before = all_rows(store), {nip: schedule(store, nip, per) for nip in sample}
    assert all(s.berikut is not None or s.riwayat for s in before.values())

    # Replay: the profile log is published again and the read model rebuilt from the topic.
    await republish_all(profile.relay())
    await rebuild(store, broker.bootstrap)
    assert store.current_generation() == 2
    assert all_rows(store) == before_rows
    assert {nip: schedule(store, nip, per) for nip in sample} == before
    print(f"\n10,000 PNS: imported and scheduled through the broker in {seconds:.1f} s")
