"""The KGB process through the real broker: profile's pangkat events and kinerja's evaluations
in, reminders, postponement and its lift, the SK request, the grant from surat's signature, a
promotion cancelling an announced increase, and the admin's worklist on a fixed date."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

import httpx
import pytest

from simpeg_kgb.domain.usulan import StatusKgb, UsulanKgb
from simpeg_shared import kafka
from simpeg_shared.consumer import ConsumerWorker, decode_records
from simpeg_shared.contracts import cuti as ct
from simpeg_shared.contracts import kgb as kc
from simpeg_shared.contracts import kinerja as kin
from simpeg_shared.contracts import surat as sc
from simpeg_shared.contracts import topic_for
from simpeg_shared.testing import auth

pytestmark = pytest.mark.integration

PER = dt.date(2026, 6, 15)  # "today" of the whole test
_seq = itertools.count(1)


def nip_baru() -> str:
    n = next(_seq)
    return f"1985{(n % 12) + 1:02d}{(n % 27) + 1:02d}201003{1 + n % 2}{(n * 37) % 999 + 1:03d}"


async def drain(worker: ConsumerWorker, rounds: int = 15) -> None:
    idle = 0
    while idle < 3 and rounds:
        idle = idle + 1 if await worker.poll_once(300) == 0 else 0
        rounds -= 1


async def publish_all(relay: Any) -> None:
    await relay.start()
    try:
        while await relay.step():
            pass
    finally:
        await relay.stop()


async def kgb_events(bootstrap: str) -> list[Any]:
    undecodable: list[Any] = []
    events = decode_records(None, await kafka.read_topic(bootstrap, topic_for("kgb")),  # type: ignore[arg-type]
                            undecodable)
    assert undecodable == []
    return events


async def test_reminder_postponement_lift_sk_grant_promotion_and_worklist(
        make_runtime: Any, make_token: Any, broker: Any, common_settings: Any) -> None:
    from simpeg_profile.domain.perubahan import JenisPerubahan

    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    profile, kgb = make_runtime("profile"), make_runtime("kgb")
    cases = {  # III/a: steps every 2 years; MKG 2 at the pangkat's TMT -> MKG 4 two years later
        "due": dt.date(2024, 6, 1),        # KGB 2026-06-01: due this month
        "overdue": dt.date(2024, 3, 1),    # KGB 2026-03-01: overdue
        "poor": dt.date(2024, 7, 1),       # KGB 2026-07-01: 2025 evaluation below Baik
        "upcoming": dt.date(2024, 8, 1),   # KGB 2026-08-01: within the 3-month reminder
        "far": dt.date(2024, 11, 1),       # KGB 2026-11-01: not announced yet
        "promoted": dt.date(2024, 9, 1),   # KGB 2026-09-01, then promoted from 2026-08-01
    }
    nips: dict[str, str] = {}
    for name, tmt in cases.items():
        nip = nip_baru()
        profile.application.register_pegawai(nip=nip, nama=f"PNS {name}", instansi_id=instansi,
                                             unit_id="setda")
        profile.application.change(nip, JenisPerubahan.PANGKAT, {
            "golongan_ruang": "III/a", "tmt": tmt.isoformat(), "mkg_tahun": 2, "mkg_bulan": 0})
        nips[name] = nip
    await publish_all(profile.relay())
    t0 = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    await kafka.publish(broker.bootstrap, [kin.PenilaianTahunanFinalizedV1(
        event_id=uuid.uuid4(), occurred_at=t0, nip=nips["poor"], instansi_id=instansi, tahun=2025,
        hasil="DI_BAWAH", perilaku="SESUAI", predikat="BUTUH_PERBAIKAN", aturan="permenpanrb-6-2022",
        nip_penilai=nips["due"])])

    riwayat_worker = ConsumerWorker(kgb.store("kgb.riwayat"), broker.bootstrap,
                                    group_id=f"kgb.riwayat-{uuid.uuid4().hex[:6]}")
    usulan_worker = ConsumerWorker(kgb.store("kgb.usulan"), broker.bootstrap,
                                   group_id=f"kgb.usulan-{uuid.uuid4().hex[:6]}")
    pemeriksa = kgb.pemeriksa(today=lambda: PER)
    await riwayat_worker.start()
    await usulan_worker.start()
    app = kgb.application
    try:
        await drain(riwayat_worker)
        while pemeriksa.step():
            pass

        def status(name: str, tmt: dt.date) -> StatusKgb | None:
            u = app.find(UsulanKgb.create_id(nips[name], tmt))
            return None if u is None else u.status

        assert status("due", dt.date(2026, 6, 1)) is StatusKgb.SK_DIMINTA  # fallback: no evaluation
        assert status("overdue", dt.date(2026, 3, 1)) is StatusKgb.SK_DIMINTA
        assert status("poor", dt.date(2026, 7, 1)) is StatusKgb.DITUNDA
        poor = app.get(UsulanKgb.create_id(nips["poor"], dt.date(2026, 7, 1)))
        assert "BUTUH_PERBAIKAN in 2025" in poor.alasan and poor.ditunda_sampai == dt.date(2027, 7, 1)
        assert status("upcoming", dt.date(2026, 8, 1)) is StatusKgb.SK_DIMINTA
        assert status("far", dt.date(2026, 11, 1)) is None
        assert status("promoted", dt.date(2026, 9, 1)) is StatusKgb.SK_DIMINTA
        due = app.get(UsulanKgb.create_id(nips["due"], dt.date(2026, 6, 1)))
        assert (due.gaji_lama, due.gaji_baru, due.mkg_tahun) == (2873500, 2964000, 4)

        # Running the process again on the same facts changes nothing.
        versions = {n: app.find(UsulanKgb.create_id(nips[n], t)).version
                    for n, t in [("due", dt.date(2026, 6, 1)), ("poor", dt.date(2026, 7, 1))]}
        app.periksa(nips["due"], PER), app.periksa(nips["poor"], PER)
        assert {n: app.find(UsulanKgb.create_id(nips[n], t)).version
                for n, t in [("due", dt.date(2026, 6, 1)), ("poor", dt.date(2026, 7, 1))]} == versions

        # The worklist on the fixed date, from KGB's own events through the broker.
        await publish_all(kgb.relay())
        await drain(usulan_worker)
        admin = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=nips["due"]))
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=kgb.api()),
                                     base_url="http://kgb") as c:
            r = await c.get("/api/kgb/v1/daftar-kerja", params={"per": PER.isoformat()}, headers=admin)
            assert r.status_code == 200, r.text
            assert r.json()["jumlah"] == {"jatuh_tempo_bulan_ini": 1, "terlambat": 1, "ditunda": 1,
                                          "akan_datang": 2}  # the upcoming and the promoted
            assert [u["nip"] for u in r.json()["daftar"]["terlambat"]] == [nips["overdue"]]
            other = auth(make_token("ADMIN_INSTANSI", instansi="pemda-lain", nip=nips["due"]))
            r = await c.get("/api/kgb/v1/daftar-kerja", params={"per": PER.isoformat()}, headers=other)
            assert r.json()["jumlah"] == {"jatuh_tempo_bulan_ini": 0, "terlambat": 0, "ditunda": 0,
                                          "akan_datang": 0}
            r = await c.get(f"/api/kgb/v1/pegawai/{nips['poor']}/usulan", headers=other)
            assert r.status_code == 404
            # a PNS with no increase announced yet is just as unknown to another instansi
            # (an empty list would confirm the NIP exists here), but not to their own admin
            r = await c.get(f"/api/kgb/v1/pegawai/{nips['far']}/usulan", headers=other)
            assert r.status_code == 404, r.text
            r = await c.get(f"/api/kgb/v1/pegawai/{nips['far']}/usulan", headers=admin)
            assert (r.status_code, r.json()) == (200, []), r.text
            pegawai = auth(make_token("PEGAWAI", instansi=instansi, nip=nips["poor"]))
            r = await c.get(f"/api/kgb/v1/pegawai/{nips['poor']}/usulan", headers=pegawai)
            assert [(u["status"], u["tmt"]) for u in r.json()] == [("DITUNDA", "2026-07-01")]
            r = await c.get("/api/kgb/v1/daftar-kerja", headers=pegawai)
            assert r.status_code == 403

        # A corrected 2025 evaluation (Baik) lifts the postponement: the SK is requested.
        await kafka.publish(broker.bootstrap, [kin.PenilaianTahunanFinalizedV1(
            event_id=uuid.uuid4(), occurred_at=t0 + dt.timedelta(days=30), nip=nips["poor"],
            instansi_id=instansi, tahun=2025, hasil="SESUAI", perilaku="SESUAI", predikat="BAIK",
            aturan="permenpanrb-6-2022", nip_penilai=nips["due"])])
        await drain(riwayat_worker)
        while pemeriksa.step():
            pass
        lifted = app.get(UsulanKgb.create_id(nips["poor"], dt.date(2026, 7, 1)))
        assert lifted.status is StatusKgb.SK_DIMINTA and lifted.tmt_berlaku == dt.date(2026, 7, 1)

        # A promotion from 2026-08-01 ends the III/a steps: the 2026-09-01 increase is cancelled.
        profile.application.change(nips["promoted"], JenisPerubahan.PANGKAT, {
            "golongan_ruang": "III/b", "tmt": "2026-08-01", "mkg_tahun": 4, "mkg_bulan": 0})
        await publish_all(profile.relay())
        await drain(riwayat_worker)
        while pemeriksa.step():
            pass
        assert status("promoted", dt.date(2026, 9, 1)) is StatusKgb.DIBATALKAN

        # Six months of CLTN approved in cuti do not count: the 2026-08-01 increase moves out of
        # the reminder window, and the announced one is cancelled.
        await kafka.publish(broker.bootstrap, [ct.CutiDecidedV1(
            event_id=uuid.uuid4(), occurred_at=dt.datetime.now(dt.UTC), nip=nips["upcoming"],
            instansi_id=instansi, cuti_id=uuid.uuid4(), jenis="CLTN", hasil="DISETUJUI",
            mulai=dt.date(2025, 1, 1), selesai=dt.date(2025, 7, 1), hari_kerja=120,
            nip_pejabat=nips["overdue"])])
        await drain(riwayat_worker)
        while pemeriksa.step():
            pass
        assert status("upcoming", dt.date(2026, 8, 1)) is StatusKgb.DIBATALKAN

        # surat signs the SK of the due one: the increase is granted, once, however often the
        # signature arrives.
        kgb_id = UsulanKgb.create_id(nips["due"], dt.date(2026, 6, 1))
        signed = sc.SuratSignedV1(
            event_id=uuid.uuid4(), occurred_at=dt.datetime.now(dt.UTC), nip=nips["due"],
            instansi_id=instansi, surat_id=uuid.uuid4(), jenis="SK_KGB", nomor="822.3/17/BKPSDM/2026",
            nip_penandatangan=nips["overdue"], ditandatangani_pada=dt.datetime.now(dt.UTC),
            sha256="a" * 64, sumber="kgb", sumber_id=str(kgb_id))
        await kafka.publish(broker.bootstrap, [signed, signed])
        await drain(riwayat_worker)
        while pemeriksa.step():
            pass
        granted = app.get(kgb_id)
        assert granted.status is StatusKgb.DIBERIKAN and granted.nomor_sk == "822.3/17/BKPSDM/2026"
        assert app.terapkan_sk() == 0

        await publish_all(kgb.relay())
        mine = [e for e in await kgb_events(broker.bootstrap) if e.instansi_id == instansi]
        kinds = {(type(e).__name__, e.nip) for e in mine}
        assert ("KgbGrantedV1", nips["due"]) in kinds
        assert ("KgbPostponedV1", nips["poor"]) in kinds
        assert ("KgbCancelledV1", nips["promoted"]) in kinds
        grant = next(e for e in mine if isinstance(e, kc.KgbGrantedV1))
        assert (grant.gaji_baru, grant.tmt, grant.nomor_sk) == (2964000, dt.date(2026, 6, 1),
                                                                "822.3/17/BKPSDM/2026")
        sk = next(e for e in mine if isinstance(e, kc.SkKgbRequestedV1) and e.nip == nips["poor"])
        assert (sk.gaji_lama, sk.gaji_baru, sk.kgb_berikutnya) == (2873500, 2964000, dt.date(2028, 7, 1))
        assert len([e for e in mine if isinstance(e, kc.KgbGrantedV1)]) == 1
    finally:
        await riwayat_worker.stop()
        await usulan_worker.stop()


async def test_a_disciplinary_postponement_and_its_lift_by_the_admin(
        make_runtime: Any, make_token: Any, broker: Any) -> None:
    from simpeg_profile.domain.perubahan import JenisPerubahan

    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    profile, kgb = make_runtime("profile"), make_runtime("kgb")
    nip = nip_baru()
    profile.application.register_pegawai(nip=nip, nama="PNS disiplin", instansi_id=instansi,
                                         unit_id="setda")
    today = dt.date.today()
    tmt = dt.date(today.year - 2, today.month, 1)  # the KGB falls due this month
    profile.application.change(nip, JenisPerubahan.PANGKAT, {
        "golongan_ruang": "III/a", "tmt": tmt.isoformat(), "mkg_tahun": 2, "mkg_bulan": 0})
    await publish_all(profile.relay())
    worker = ConsumerWorker(kgb.store("kgb.riwayat"), broker.bootstrap,
                            group_id=f"kgb.riwayat-{uuid.uuid4().hex[:6]}")
    await worker.start()
    try:
        await drain(worker)
    finally:
        await worker.stop()
    while kgb.pemeriksa().step():
        pass
    kgb_id = UsulanKgb.create_id(nip, dt.date(today.year, today.month, 1))
    assert kgb.application.get(kgb_id).status is StatusKgb.SK_DIMINTA
    admin = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=nip_baru()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=kgb.api()), base_url="http://k") as c:
        far = (today + dt.timedelta(days=500)).isoformat()
        r = await c.post(f"/api/kgb/v1/usulan/{kgb_id}/penundaan", headers=admin,
                         json={"alasan": "Hukuman disiplin sedang", "sampai": far})
        assert r.status_code == 422 and "at most 12 months" in r.json()["detail"]
        sampai = (today + dt.timedelta(days=90)).isoformat()
        r = await c.post(f"/api/kgb/v1/usulan/{kgb_id}/penundaan", headers=admin,
                         json={"alasan": "Hukuman disiplin sedang", "sampai": sampai})
        assert r.status_code == 200, r.text
        assert (r.json()["status"], r.json()["alasan"]) == ("DITUNDA", "Hukuman disiplin sedang")
        # the daily re-check keeps it postponed while the postponement lasts
        kgb.application.periksa(nip, today)
        assert kgb.application.get(kgb_id).status is StatusKgb.DITUNDA
        foreign = auth(make_token("ADMIN_INSTANSI", instansi="pemda-lain", nip=nip_baru()))
        r = await c.post(f"/api/kgb/v1/usulan/{kgb_id}/penundaan/pencabutan", headers=foreign,
                         json={"alasan": "Putusan banding"})
        assert r.status_code == 404
        r = await c.post(f"/api/kgb/v1/usulan/{kgb_id}/penundaan/pencabutan", headers=admin,
                         json={"alasan": "Putusan banding"})
        assert r.status_code == 200, r.text
        assert r.json()["status"] == "SK_DIMINTA"
        first_of_next = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
        assert r.json()["tmt_berlaku"] == first_of_next.isoformat()
        r = await c.post(f"/api/kgb/v1/usulan/{kgb_id}/penundaan/pencabutan", headers=admin,
                         json={"alasan": "Putusan banding"})
        assert r.status_code == 409
        r = await c.post(f"/api/kgb/v1/usulan/{uuid.uuid4()}/penundaan", headers=admin,
                         json={"alasan": "Hukuman disiplin", "sampai": sampai})
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
