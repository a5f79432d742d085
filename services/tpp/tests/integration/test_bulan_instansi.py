"""A generated instansi month through the projection store (real database): closing it fixes
exactly what the provisional slips showed; who may close what."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from simpeg_shared.contracts import attendance as a
from simpeg_shared.contracts import kinerja as k
from simpeg_shared.contracts import profile as p
from simpeg_shared.testing import auth

from .conftest import ev, unique_nip

T = "/api/tpp/v1"
HARI = [("HADIR", None, None)] * 30 + [("HADIR", "TL1", None), ("HADIR", "TL2", "PSW1"),
                                       ("HADIR", "TL4", None), ("HADIR", None, "PSW3"),
                                       ("TK", None, None), ("CUTI", None, None), ("SAKIT", None, None)]
PREDIKAT = ["SANGAT_BAIK", "BAIK", "BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT",
            "SANGAT_KURANG"]


def month_events(instansi: str, n: int, rng: random.Random) -> tuple[list[str], list[Any]]:
    days = [d for d in (dt.date(2026, 4, x) for x in range(1, 31)) if d.weekday() < 5][:22]
    nips, events = [], []
    for i in range(n):
        nip = unique_nip()
        nips.append(nip)
        events += [ev(p.PegawaiRegisteredV1, instansi, nip=nip, nama=f"P{i}", unit_id=f"u{i % 3}"),
                   ev(p.JabatanChangedV1, instansi, nip=nip, jabatan_id=f"j{i}", nama_jabatan="J",
                      kelas_jabatan=1 + i % 17, unit_id=f"u{i % 3}", tmt=dt.date(2024, 1, 1))]
        for d in days:
            status, tl, psw = rng.choice(HARI)
            events.append(ev(a.DailyAttendanceClosedV1, instansi, nip=nip, tanggal=d, unit_id="u",
                             zona_waktu="Asia/Makassar", jadwal="umum@1", status=status, tl=tl,
                             psw=psw, revisi=1))
        if i % 10:  # every tenth pegawai has no final evaluation this month
            events.append(ev(k.PenilaianPeriodikFinalizedV1, instansi, nip=nip, tahun=2026, bulan=4,
                             hasil="SESUAI", perilaku="SESUAI", predikat=rng.choice(PREDIKAT),
                             aturan="permenpanrb-6-2022", nip_penilai=nips[0], revisi=1))
    return nips, events


async def test_a_generated_instansi_month_closes_to_exactly_its_provisional_slips(
        make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> None:
    runtime = make_runtime("tpp")
    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    nips, events = month_events(instansi, 120, random.Random(4))
    store = runtime.store("tpp.fakta")
    for i in range(0, len(events), 500):
        store.apply_batch(events[i:i + 500])
    admin = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=unique_nip()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()), base_url="http://t") as c:
        provisional = {}
        for nip in nips:
            r = await c.get(f"{T}/pegawai/{nip}/slip", params={"bulan": "2026-04"}, headers=admin)
            assert r.status_code == 200, r.text
            provisional[nip] = r.json()
        r = await c.post(f"{T}/bulan/2026-04/penutupan", headers=admin)
        assert r.status_code == 200, r.text
        closed = r.json()
        assert closed["jumlah_pegawai"] == len(nips) and closed["tidak_dihitung"] == []
        assert closed["jumlah_total"] == sum(s["total"] for s in provisional.values())
        for nip in nips[:20]:
            r = await c.get(f"{T}/pegawai/{nip}/slip", params={"bulan": "2026-04"}, headers=admin)
            fixed = r.json()
            assert fixed["status"] == "DITETAPKAN"
            assert {k: fixed[k] for k in ("total", "potongan", "rincian_potongan", "predikat")} == \
                {k: provisional[nip][k] for k in ("total", "potongan", "rincian_potongan", "predikat")}
        # the slips without an evaluation pay no performance part under contoh-2026
        assert all(provisional[n]["kinerja"] == 0 for n in nips[::10])


async def test_who_may_close_which_month(make_runtime: Callable[..., Any],
                                         make_token: Callable[..., str]) -> None:
    runtime = make_runtime("tpp")
    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    admin = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=unique_nip()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()), base_url="http://t") as c:
        r = await c.post(f"{T}/bulan/2026-01/penutupan", json={"instansi_id": "pemda-lain"}, headers=admin)
        assert r.status_code == 403
        pegawai = auth(make_token("PEGAWAI", instansi=instansi, nip=unique_nip()))
        assert (await c.post(f"{T}/bulan/2026-01/penutupan", headers=pegawai)).status_code == 403
        bkn = auth(make_token("BKN_PUSAT", "ADMIN_INSTANSI", instansi=None, nip=unique_nip()))
        assert (await c.post(f"{T}/bulan/2026-01/penutupan", json={"instansi_id": instansi},
                             headers=bkn)).status_code == 403
        future = dt.date.today().replace(day=1) + dt.timedelta(days=40)
        r = await c.post(f"{T}/bulan/{future:%Y-%m}/penutupan", headers=admin)
        assert r.status_code == 409 and "has not ended" in r.json()["detail"]
        r = await c.post(f"{T}/bulan/2025-12/penutupan", headers=admin)
        assert r.status_code == 422 and "no TPP rule set" in r.json()["detail"]
        r = await c.post(f"{T}/bulan/2026-00/penutupan", headers=admin)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
        r = await c.post(f"{T}/bulan/2026-01/penutupan", headers={**admin, "Idempotency-Key": "tutup-1"})
        assert r.status_code == 200 and r.json()["jumlah_pegawai"] == 0
        again = await c.post(f"{T}/bulan/2026-01/penutupan", headers={**admin, "Idempotency-Key": "tutup-1"})
        assert again.json() == r.json() and again.headers["idempotent-replayed"] == "true"


async def test_the_highest_revisi_of_a_day_wins_within_and_across_batches_in_any_order(
        make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> None:
    runtime = make_runtime("tpp")
    instansi, nip = f"pemda-{uuid.uuid4().hex[:8]}", unique_nip()
    d = dt.date(2026, 5, 4)

    def day(revisi: int, status: str, tl: str | None = None) -> Any:
        cls = a.DailyAttendanceClosedV1 if revisi == 1 else a.DailyAttendanceCorrectedV1
        extra = {} if revisi == 1 else {"alasan": "koreksi", "sumber": "REVIEW:x"}
        return ev(cls, instansi, nip=nip, tanggal=d, unit_id="u", zona_waktu="Asia/Jayapura",
                  jadwal="umum@1", status=status, tl=tl, revisi=revisi, **extra)

    r1, r2, r3 = day(1, "TK"), day(2, "HADIR", "TL2"), day(3, "DINAS_LUAR")
    store = runtime.store("tpp.fakta")
    store.apply_batch([ev(p.PegawaiRegisteredV1, instansi, nip=nip, nama="N", unit_id="u"), r2, r1, r2])
    read = lambda: store.read(lambda conn, t: conn.execute(  # noqa: E731
        t["hari"].select().where(t["hari"].c.nip == nip)).one())
    assert (read().status, read().tl, read().revisi) == ("HADIR", "TL2", 2)
    assert store.apply_batch([r3, r1]) == 1  # r1 again is a duplicate; r3 is newer
    assert (read().status, read().revisi, read().event_id) == ("DINAS_LUAR", 3, str(r3.event_id))
    marks = store.read(lambda conn, t: conn.execute(t["perubahan"].select()
                                                    .where(t["perubahan"].c.nip == nip)).all())
    assert [(m.tahun, m.bulan) for m in marks] == [(2026, 5)]


async def test_closing_a_month_on_sqlite_does_not_wait_for_itself(
        make_runtime: Callable[..., Any], make_token: Callable[..., str], tmp_path: Any) -> None:
    """The embedded default (SQLite, where every transaction takes the write lock): the closing
    once read the projection's generation inside its own last transaction, waited 30 s for
    itself and answered 500 after the month had closed (seen loading the demo)."""
    import time

    runtime = make_runtime("tpp", database_url=f"sqlite:///{tmp_path}/tpp.sqlite3")
    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    _, events = month_events(instansi, 5, random.Random(7))
    runtime.store("tpp.fakta").apply_batch(events)
    admin = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=unique_nip()))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()), base_url="http://t") as c:
        started = time.monotonic()
        r = await c.post(f"{T}/bulan/2026-04/penutupan", headers=admin)
        assert r.status_code == 200, r.text
        assert time.monotonic() - started < 10
        assert r.json()["jumlah_pegawai"] == 5
