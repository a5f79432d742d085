"""Cuti and attendance through the real broker: a leave requested, considered and approved in the
cuti service marks its working days as CUTI in attendance's closed days (the weekend and the
national holiday inside it are not leave days)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest

from simpeg_attendance.translate import translate as attendance_translate
from simpeg_shared import kafka
from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts import profile as p
from simpeg_shared.contracts.attendance import DailyAttendanceV1
from simpeg_shared.testing import auth

from .conftest import publish_all, unique_nip, wait_until_async, worker_for

pytestmark = pytest.mark.integration
WIB = dt.timezone(dt.timedelta(hours=7))


def days(runtime: Any, nip: str) -> dict[dt.date, Any]:
    app, latest = runtime.application, {}
    for n in app.recorder.select_notifications(1, 1_000_000):
        c = attendance_translate(app.mapper.to_domain_event(n))
        if isinstance(c, DailyAttendanceV1) and c.nip == nip and (
                c.tanggal not in latest or c.revisi > latest[c.tanggal].revisi):
            latest[c.tanggal] = c
    return latest


async def test_an_approved_cuti_marks_its_working_days_cuti_in_attendance(
        make_runtime: Any, make_token: Any, broker: Any) -> None:
    instansi, unit = f"pemda-{uuid.uuid4().hex[:8]}", "bkpsdm"
    nip = {"kepala": unique_nip(), "atasan": unique_nip(), "pegawai": unique_nip()}
    origin = uuid.uuid4()
    seq = iter(range(1, 100))

    def ev(cls: type, **kw: Any) -> Any:
        return cls(event_id=event_id_for(origin, next(seq)), occurred_at=dt.datetime.now(dt.UTC),
                   instansi_id=instansi, **kw)

    profile = [ev(p.PegawaiRegisteredV1, nip=n, nama=who, unit_id=unit, jenis_pegawai="PNS",
                  status="AKTIF", tmt_cpns=dt.date(2010, 1, 1)) for who, n in nip.items()]
    profile += [ev(p.AtasanChangedV1, nip=nip["pegawai"], nip_atasan=nip["atasan"], tmt=dt.date(2015, 1, 1)),
                ev(p.AtasanChangedV1, nip=nip["atasan"], nip_atasan=nip["kepala"], tmt=dt.date(2015, 1, 1)),
                ev(p.JabatanChangedV1, nip=nip["kepala"], jabatan_id="kaban", nama_jabatan="Kepala Badan",
                   kelas_jabatan=14, unit_id=unit, tmt=dt.date(2020, 1, 1))]
    await kafka.publish(broker.bootstrap, profile)

    cuti, attendance = make_runtime("cuti"), make_runtime("attendance")
    for runtime, projection in ((cuti, "cuti.pegawai"), (attendance, "attendance.pegawai")):
        worker = worker_for(runtime, broker.bootstrap, projection)
        await worker.start()
        try:
            idle = 0
            while idle < 3:  # the whole profile topic, other tests' events included
                idle = idle + 1 if await worker.poll_once(300) == 0 else 0
        finally:
            await worker.stop()
    token = {who: auth(make_token("PEGAWAI", *roles, instansi=instansi, nip=nip[who]))
             for who, roles in (("pegawai", ()), ("atasan", ("ATASAN",)), ("kepala", ("PEJABAT_BERWENANG",)))}
    admin = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=nip["kepala"]))

    cuti.application.hari_ini = lambda: dt.date(2026, 7, 1)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cuti.api()), base_url="http://c") as c:
        r = await c.post("/api/cuti/v1/cuti", headers=token["pegawai"], json={
            "jenis": "TAHUNAN", "mulai": "2026-08-14", "selesai": "2026-08-19",
            "alasan": "keperluan keluarga", "alamat_selama_cuti": "Jl. Contoh No. 1"})
        assert r.status_code == 201, r.text
        cuti_id = r.json()["id"]
        r = await c.post(f"/api/cuti/v1/cuti/{cuti_id}/pertimbangan", headers=token["atasan"],
                         json={"pertimbangan": "DISETUJUI"})
        assert r.status_code == 200, r.text
        r = await c.post(f"/api/cuti/v1/cuti/{cuti_id}/keputusan", headers=token["kepala"],
                         json={"hasil": "DISETUJUI"})
        assert r.status_code == 200 and r.json()["status"] == "DISETUJUI", r.text
    await publish_all(cuti.relay())

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=attendance.api()), base_url="http://a") as a:
        r = await a.put(f"/api/attendance/v1/unit/{unit}", headers=admin, json={
            "zona_waktu": "Asia/Jakarta", "jadwal": "perpres-21-2023", "berlaku_mulai": "2026-08-10"})
        assert r.status_code == 200, r.text
    store = attendance.store("attendance.cuti")
    worker = worker_for(attendance, broker.bootstrap, "attendance.cuti")
    await worker.start()
    try:
        from simpeg_attendance.projections.cuti import cuti_pada

        def arrived() -> bool:
            return bool(store.read(lambda conn, t: cuti_pada(conn, t, [nip["pegawai"]],
                                                             dt.date(2026, 8, 14), dt.date(2026, 8, 19))))

        assert await wait_until_async(worker.poll_once, arrived, 60)
    finally:
        await worker.stop()

    attendance.application.tutup(sekarang=dt.datetime(2026, 8, 21, 6, 0, tzinfo=WIB))
    closed = days(attendance, nip["pegawai"])
    assert {d: closed[d].status for d in (dt.date(2026, 8, 14), dt.date(2026, 8, 18), dt.date(2026, 8, 19))} \
        == dict.fromkeys((dt.date(2026, 8, 14), dt.date(2026, 8, 18), dt.date(2026, 8, 19)), "CUTI")
    # the 17th is Hari Kemerdekaan, the 15th and 16th a weekend: no leave day, no TK
    assert all(closed[d].status not in ("CUTI", "TK") for d in (dt.date(2026, 8, 17),) if d in closed)
    assert dt.date(2026, 8, 15) not in closed and dt.date(2026, 8, 16) not in closed
    # the day after the leave, with no check-in, is TK: the leave really ended on the 19th
    assert closed[dt.date(2026, 8, 20)].status == "TK"
    # the atasan, not on leave, is TK on the same days (nobody checked in)
    assert days(attendance, nip["atasan"])[dt.date(2026, 8, 18)].status == "TK"
