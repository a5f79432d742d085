"""Profile's events as other read models see them: transfers in monitoring's counts, and the
workflow's notifications in profile's own read model — through the real broker."""

from __future__ import annotations

import datetime as dt
import uuid

from simpeg_monitoring.projections.ringkasan import ringkasan

from .conftest import publish_all, register, wait_until_async, worker_for


def summary(monitoring, instansi: str) -> tuple[int, int]:
    store = monitoring.store("monitoring.ringkasan_instansi")
    r = store.read(lambda conn, t: ringkasan(conn, t, instansi))
    return r["jumlah_pegawai"], r["jumlah_unit"]


async def test_monitoring_counts_follow_mutasi_and_pindah_instansi_exactly(slice_, instansi, broker) -> None:
    profile, monitoring = slice_
    other = f"{instansi}-b"
    nips = register(profile, instansi, 12, unit="dinkes") + register(profile, instansi, 8, unit="dishub")
    app = profile.application
    for nip in nips[:5]:
        app.move(nip, instansi, "bappeda", dt.date(2024, 1, 2), "SK-MUTASI")
    for nip in nips[5:9]:
        app.move(nip, other, "bkd", dt.date(2024, 2, 1), "SK-PINDAH")
    app.move(nips[0], instansi, "dinkes", dt.date(2025, 1, 2), None)  # and back again

    await publish_all(profile.relay())
    worker = worker_for(monitoring, broker.bootstrap)
    await worker.start()
    try:
        expected = {instansi: (16, 3), other: (4, 1)}
        assert await wait_until_async(
            worker.poll_once, lambda: {i: summary(monitoring, i) for i in expected} == expected, 60)
        await publish_all(profile.relay())  # nothing new: nothing changes
        for _ in range(5):
            await worker.poll_once()
        assert {i: summary(monitoring, i) for i in expected} == expected
    finally:
        await worker.stop()


async def test_each_workflow_step_notifies_the_pegawai(make_runtime, instansi, broker) -> None:
    from simpeg_profile.domain.perubahan import JenisPerubahan
    from simpeg_profile.projections.usulan import antrian, notifikasi

    profile = make_runtime("profile")
    app = profile.application
    pegawai, verifikator, pejabat = register(profile, instansi, 3)
    usulan = app.submit_usulan(pegawai, JenisPerubahan.DATA_PRIBADI, {"alamat": "Jl. Sudirman 1"}, ["a" * 64])
    app.return_usulan(usulan.id, verifikator, "Lampirkan KTP yang terbaru")
    app.resubmit_usulan(usulan.id, pegawai, {"alamat": "Jl. Sudirman 1A"}, ["b" * 64])
    app.verify_usulan(usulan.id, verifikator, None)
    second = app.submit_usulan(pegawai, JenisPerubahan.DATA_PRIBADI, {"telepon": "0811223344"}, ["c" * 64])

    await publish_all(profile.relay())
    store = profile.store("profile.usulan_notifikasi")
    worker = worker_for(profile, broker.bootstrap, "profile.usulan_notifikasi")
    await worker.start()
    try:
        assert await wait_until_async(
            worker.poll_once, lambda: len(store.read(lambda c, t: notifikasi(c, t, pegawai))) == 5, 60)
    finally:
        await worker.stop()
    messages = [n["pesan"] for n in store.read(lambda c, t: notifikasi(c, t, pegawai))]
    assert any("dikembalikan: Lampirkan KTP yang terbaru" in m for m in messages)
    assert sum("diverifikasi" in m for m in messages) == 1
    queue = store.read(lambda c, t: antrian(c, t, instansi, "DIAJUKAN"))
    assert [q["usulan_id"] for q in queue] == [str(second.id)]
    verified = store.read(lambda c, t: antrian(c, t, instansi, "DIVERIFIKASI"))
    assert [uuid.UUID(q["usulan_id"]) for q in verified] == [usulan.id]


def _siasn(i: int, instansi: str, unor: str) -> dict[str, str]:
    lahir = dt.date(1970, 1, 1) + dt.timedelta(days=37 * i)
    nip = f"{lahir:%Y%m%d}201{i % 9}0{i % 9 + 1}1{i % 999 + 1:03d}"
    return {"nipBaru": nip, "nama": f"Pegawai {i}", "tglLahir": f"{lahir:%d-%m-%Y}", "jenisKelamin": "M",
            "jenisPegawaiNama": "PNS", "statusPegawai": "AKTIF", "instansiIndukId": instansi, "unorId": unor,
            "golRuangAkhir": "III/a", "tmtGolAkhir": "01-01-2020", "mkTahun": "4", "mkBulan": "0"}


async def test_monitoring_sees_siasn_imports_and_transfers_in_them_exactly(slice_, instansi, broker) -> None:
    from simpeg_profile.siasn import import_pegawai, parse_record

    profile, monitoring = slice_
    other = f"{instansi}-b"
    rows = [_siasn(i, instansi, ("dinkes", "dishub", "setda")[i % 3]) for i in range(150)]
    first = import_pegawai(profile.application, [parse_record(r) for r in rows])
    assert (first.created, first.rejected) == (150, [])
    # The next export: ten moved to another unit, five to another instansi, the rest the same.
    for r in rows[:10]:
        r["unorId"] = "bappeda"
    for r in rows[10:15]:
        r.update(instansiIndukId=other, unorId="bkd")
    second = import_pegawai(profile.application, [parse_record(r) for r in rows])
    assert (second.changed, second.unchanged, second.events) == (15, 135, 15)

    await publish_all(profile.relay())
    worker = worker_for(monitoring, broker.bootstrap)
    await worker.start()
    try:
        expected = {instansi: (145, 4), other: (5, 1)}
        assert await wait_until_async(
            worker.poll_once, lambda: {i: summary(monitoring, i) for i in expected} == expected, 60)
        third = import_pegawai(profile.application, [parse_record(r) for r in rows])
        assert third.events == 0
        await publish_all(profile.relay())
        for _ in range(5):
            await worker.poll_once()
        assert {i: summary(monitoring, i) for i in expected} == expected
    finally:
        await worker.stop()
