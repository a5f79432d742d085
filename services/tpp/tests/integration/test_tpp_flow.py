"""A TPP month built from attendance, kinerja, profile and cuti events through the real broker and
the faust-streaming worker; closing, late facts, objections, what-if and the payroll export."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import uuid
from typing import Any

from openpyxl import load_workbook

from simpeg_shared import metrics
from simpeg_shared.consumer import rebuild
from simpeg_shared.contracts import attendance as a
from simpeg_shared.contracts import cuti as cu
from simpeg_shared.contracts import kinerja as k
from simpeg_shared.contracts import profile as p
from simpeg_shared.contracts import tpp as t
from simpeg_tpp.translate import translate

from .conftest import Suite, ev

T = "/api/tpp/v1"
JAN = [dt.date(2026, 1, d) for d in range(2, 31) if dt.date(2026, 1, d).weekday() < 5]
FEB = [dt.date(2026, 2, d) for d in range(2, 28) if dt.date(2026, 2, d).weekday() < 5]
# Bands of January (the rest of the days are plain HADIR)
BANDS = {5: ("HADIR", "TL1", None), 6: ("HADIR", "TL1", None), 7: ("HADIR", None, "PSW2"),
         8: ("TK", None, None), 9: ("HADIR", "TL3", "PSW1"), 12: ("TK", None, None)}


def hari(s: Suite, tanggal: dt.date, status: str = "HADIR", tl: str | None = None,
         psw: str | None = None, revisi: int = 1, **kw: Any) -> Any:
    cls = a.DailyAttendanceClosedV1 if revisi == 1 else a.DailyAttendanceCorrectedV1
    return ev(cls, s.instansi, nip=s.nip, tanggal=tanggal, unit_id="bkpsdm",
              zona_waktu="Asia/Jakarta", jadwal="umum@1", status=status, tl=tl, psw=psw,
              menit_terlambat=0, checkin_ids=[uuid.uuid4()] if status == "HADIR" else [],
              revisi=revisi, **kw)


def profil(s: Suite) -> list[Any]:
    return [ev(p.PegawaiRegisteredV1, s.instansi, nip=s.nip, nama="Pegawai Uji", unit_id="bkpsdm"),
            ev(p.JabatanChangedV1, s.instansi, nip=s.nip, jabatan_id="analis-sdm",
               nama_jabatan="Analis SDM Aparatur", kelas_jabatan=9, unit_id="bkpsdm",
               tmt=dt.date(2025, 1, 1))]


def penilaian(s: Suite, bulan: int, predikat: str, revisi: int = 1) -> Any:
    return ev(k.PenilaianPeriodikFinalizedV1, s.instansi, nip=s.nip, tahun=2026, bulan=bulan,
              hasil="SESUAI", perilaku="SESUAI", predikat=predikat, aturan="permenpanrb-6-2022",
              nip_penilai=s.admin, revisi=revisi,
              alasan_koreksi="keberatan diterima" if revisi > 1 else None)


def januari(s: Suite) -> dict[str, Any]:
    """January: TL1 on the 5th and 6th (the 6th corrected to HADIR later), PSW2 on the 7th, TK on
    the 8th and 12th, TL3+PSW1 on the 9th; predikat BAIK corrected to BUTUH_PERBAIKAN."""
    days = {d: hari(s, d, *BANDS.get(d.day, ("HADIR", None, None))) for d in JAN}
    koreksi_6 = hari(s, dt.date(2026, 1, 6), "HADIR", revisi=2, alasan="review disetujui",
                     sumber=f"REVIEW:{uuid.uuid4()}")
    return {"days": days, "koreksi_6": koreksi_6, "nilai_1": penilaian(s, 1, "BAIK"),
            "nilai_2": penilaian(s, 1, "BUTUH_PERBAIKAN", revisi=2)}


async def load_january(s: Suite) -> dict[str, Any]:
    jan = januari(s)
    await s.publish(*profil(s), *jan["days"].values(), jan["nilai_1"], jan["koreksi_6"],
                    jan["nilai_2"])
    await s.settle()
    return jan


def published(s: Suite) -> list[Any]:
    app = s.runtime.application
    out = []
    for n in app.recorder.select_notifications(1, 100_000):
        c = translate(app.mapper.to_domain_event(n))
        if c is not None:
            out.append(c)
    return out


async def simulasi(s: Suite, **body: Any) -> dict[str, Any]:
    r = await s.client.post(f"{T}/simulasi", json=body, headers=s.tokens["pegawai"])
    assert r.status_code == 200, r.text
    return r.json()


async def slip(s: Suite, bulan: str, who: str = "pegawai") -> dict[str, Any]:
    r = await s.client.get(f"{T}/pegawai/{s.nip}/slip", params={"bulan": bulan}, headers=s.tokens[who])
    assert r.status_code == 200, r.text
    return r.json()


async def close(s: Suite, bulan: str) -> dict[str, Any]:
    r = await s.client.post(f"{T}/bulan/{bulan}/penutupan", headers=s.tokens["admin"])
    assert r.status_code == 200, r.text
    return r.json()


JAN_COUNTS = {"TL1": 1, "PSW2": 1, "TK": 2, "TL3": 1, "PSW1": 1}


async def test_a_month_from_broker_events_equals_the_simulation_of_the_same_inputs(suite: Suite) -> None:
    s = suite
    jan = await load_january(s)
    got = await slip(s, "2026-01")
    want = await simulasi(s, aturan="contoh-2026", kelas_jabatan=9, kehadiran=JAN_COUNTS,
                          predikat="BUTUH_PERBAIKAN")
    assert got["status"] == "SEMENTARA"
    assert {k: got[k] for k in ("basis", "disiplin", "kinerja", "total", "potongan")} == \
        {k: want[k] for k in ("basis", "disiplin", "kinerja", "total", "potongan")}
    assert got["total"] == got["disiplin"] + got["kinerja"] > 0
    # every cut names its day, band and the event that caused it
    days = jan["days"]
    assert sorted((c["tanggal"], c["kode"], c["event_id"]) for c in got["rincian_potongan"]) == sorted([
        ("2026-01-05", "TL1", str(days[dt.date(2026, 1, 5)].event_id)),
        ("2026-01-07", "PSW2", str(days[dt.date(2026, 1, 7)].event_id)),
        ("2026-01-08", "TK", str(days[dt.date(2026, 1, 8)].event_id)),
        ("2026-01-09", "TL3", str(days[dt.date(2026, 1, 9)].event_id)),
        ("2026-01-09", "PSW1", str(days[dt.date(2026, 1, 9)].event_id)),
        ("2026-01-12", "TK", str(days[dt.date(2026, 1, 12)].event_id))])
    # ...and the check-ins the day's status rests on
    for c in got["rincian_potongan"]:
        day = days[dt.date.fromisoformat(c["tanggal"])]
        assert c["checkin_ids"] == [str(i) for i in day.checkin_ids]
    assert any(c["checkin_ids"] for c in got["rincian_potongan"])
    # the predikat and the evaluation it came from (the highest revisi), and the rule set
    assert got["predikat"] == "BUTUH_PERBAIKAN"
    assert got["penilaian"] == {"predikat": "BUTUH_PERBAIKAN", "revisi": 2,
                                "aturan": "permenpanrb-6-2022", "event_id": str(jan["nilai_2"].event_id)}
    assert got["aturan"]["versi"] == "contoh-2026@1" and got["jumlah_hari_tercatat"] == len(JAN)
    # an admin of the instansi and BKN see it; another instansi's admin gets 404, as for nobody
    assert (await slip(s, "2026-01", "admin"))["total"] == got["total"]
    assert (await slip(s, "2026-01", "bkn"))["total"] == got["total"]
    r = await s.client.get(f"{T}/pegawai/{s.nip}/slip", params={"bulan": "2026-01"}, headers=s.tokens["luar"])
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"


async def test_redelivered_or_replayed_events_change_nothing(suite: Suite) -> None:
    s = suite
    jan = await load_january(s)
    before = await slip(s, "2026-01")
    dup = metrics.EVENTS_DUPLICATE.labels("tpp.fakta")
    seen = dup._value.get()
    # redelivery through the broker: every event again, and the superseded revisions last
    resent = [*s.sent, jan["days"][dt.date(2026, 1, 6)], jan["nilai_1"]]
    await s.publish(*resent)
    for _ in range(300):
        if dup._value.get() - seen >= len(resent):
            break
        await asyncio.sleep(0.2)
    assert dup._value.get() - seen == len(resent)
    assert await slip(s, "2026-01") == before
    # a replay (rebuild into a fresh generation from the topics) gives the same month
    store = s.runtime.store("tpp.fakta")
    assert store.apply_batch(list(s.sent)) == 0
    await rebuild(store, s.runtime.settings.common.kafka_bootstrap)
    assert await slip(s, "2026-01") == before
    # and after closing, re-sent facts produce no correction
    await close(s, "2026-01")
    await s.publish(*s.sent[:5])
    await s.publish(*(hari(s, d) for d in FEB))
    await s.settle()
    feb = await close(s, "2026-02")
    assert feb["koreksi"] == []
    assert not [e for e in published(s) if isinstance(e, t.TppCorrectedV1)]


async def test_a_late_cuti_approval_after_closing_is_a_correction_in_the_next_payroll(suite: Suite) -> None:
    s = suite
    await load_january(s)
    jan = await close(s, "2026-01")
    assert jan["jumlah_pegawai"] == 1 and jan["koreksi"] == []
    fixed = await slip(s, "2026-01")
    assert fixed["status"] == "DITETAPKAN"
    again = await s.client.post(f"{T}/bulan/2026-01/penutupan", headers=s.tokens["admin"])
    assert again.status_code == 409 and "already closed" in again.json()["detail"]

    # The cuti for the 12th (a TK day) is approved only in February.
    cuti_id = uuid.uuid4()
    await s.publish(ev(cu.CutiDecidedV1, s.instansi, nip=s.nip, cuti_id=cuti_id, jenis="TAHUNAN",
                       hasil="DISETUJUI", mulai=dt.date(2026, 1, 12), selesai=dt.date(2026, 1, 12),
                       hari_kerja=1, nip_pejabat=s.admin))
    await s.publish(*(hari(s, d) for d in FEB), penilaian(s, 2, "BAIK"))
    await s.settle()
    # The closed January is not rewritten...
    still = await slip(s, "2026-01")
    assert (still["total"], still["koreksi"]) == (fixed["total"], [])
    # ...its correction is paid with February.
    feb = await close(s, "2026-02")
    tk = (await simulasi(s, aturan="contoh-2026", kelas_jabatan=9, kehadiran={"TK": 1}))["potongan"][0]["rupiah"]
    assert feb["koreksi"] == [{"nip": s.nip, "bulan": "2026-01", "selisih": tk}]
    corrected = await slip(s, "2026-01")
    assert corrected["ditetapkan"]["total"] == fixed["total"]
    assert corrected["total"] == fixed["total"] + tk
    assert corrected["koreksi"][0] | {} == {"koreksi_ke": 1, "total": fixed["total"] + tk,
                                            "total_sebelumnya": fixed["total"], "selisih": tk,
                                            "dibayar": "2026-02", "sebab": "FAKTA_BARU",
                                            "keberatan_id": None}
    assert {"tanggal": "2026-01-12", "sebab": f"CUTI:{cuti_id}"} in corrected["hari_tanpa_potongan"]
    events = published(s)
    calc = [e for e in events if isinstance(e, t.TppCalculatedV1)]
    corr = [e for e in events if isinstance(e, t.TppCorrectedV1)]
    assert [(e.bulan, e.total) for e in calc] == [(1, fixed["total"]), (2, (await slip(s, "2026-02"))["total"])]
    assert [(e.bulan, e.selisih, e.dibayar_bulan, e.sebab) for e in corr] == [(1, tk, 2, "FAKTA_BARU")]

    # The payroll of February, for finance: February's TPP plus January's correction, once TPP's
    # own events have come back through the broker (never a partial payroll before that).
    r = await s.client.get(f"{T}/bulan/2026-02/penggajian.csv", headers=s.tokens["admin"])
    assert r.status_code == 409 and "still being prepared" in r.json()["detail"]
    await s.relay_all()
    await s.settle("tpp.penggajian", {str(e.event_id) for e in published(s)})
    r = await s.client.get(f"{T}/bulan/2026-02/penggajian.csv", headers=s.tokens["admin"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    row = dict(zip(header, body[0], strict=True))
    feb_total = (await slip(s, "2026-02"))["total"]
    assert (row["NIP"], row["Nama"], row["TPP bulan ini"], row["Koreksi bulan lalu"],
            row["Bulan dikoreksi"], row["Jumlah dibayar"]) == (
        s.nip, "Pegawai Uji", str(feb_total), str(tk), "2026-01", str(feb_total + tk))
    assert total[0] == "JUMLAH" and total[header.index("Jumlah dibayar")] == str(feb_total + tk)
    r = await s.client.get(f"{T}/bulan/2026-02/penggajian.xlsx", params={"unit_id": "bkpsdm"},
                           headers=s.tokens["admin"])
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    assert cells[1][1] == s.nip and cells[-1][0] == "JUMLAH"
    assert cells[-1][header.index("Jumlah dibayar")] == feb_total + tk
    # not closed yet / someone else's instansi
    r = await s.client.get(f"{T}/bulan/2026-03/penggajian.csv", headers=s.tokens["admin"])
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    r = await s.client.get(f"{T}/bulan/2026-02/penggajian.csv", params={"instansi_id": s.instansi},
                           headers=s.tokens["luar"])
    assert r.status_code == 403


async def test_an_objection_round_trip_ends_in_a_correction(suite: Suite) -> None:
    s = suite
    await load_january(s)
    # not closed: nothing to object to yet
    r = await s.client.post(f"{T}/pegawai/{s.nip}/keberatan", params={"bulan": "2026-01"},
                            json={"alasan": "Dinas luar tanggal 8", "tanggal": ["2026-01-08"]},
                            headers=s.tokens["pegawai"])
    assert r.status_code == 409
    await close(s, "2026-01")
    fixed = await slip(s, "2026-01")
    r = await s.client.post(f"{T}/pegawai/{s.nip}/keberatan", params={"bulan": "2026-01"},
                            json={"alasan": "Dinas luar tanggal 8", "tanggal": ["2026-02-08"]},
                            headers=s.tokens["pegawai"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.tanggal.0"
    r = await s.client.post(f"{T}/pegawai/{s.nip}/keberatan", params={"bulan": "2026-01"},
                            json={"alasan": "Dinas luar tanggal 8", "tanggal": ["2026-01-08"]},
                            headers={**s.tokens["pegawai"], "Idempotency-Key": "k-1"})
    assert r.status_code == 201, r.text
    kid = r.json()["keberatan_id"]
    # only the admin decides
    url = f"{T}/pegawai/{s.nip}/keberatan/{kid}/keputusan"
    body = {"keputusan": "DITERIMA", "tanggal_dikecualikan": ["2026-01-08"],
            "catatan": "Surat tugas dinas luar terlampir"}
    assert (await s.client.post(url, params={"bulan": "2026-01"}, json=body,
                                headers=s.tokens["pegawai"])).status_code == 403
    assert (await s.client.post(url, params={"bulan": "2026-01"}, json=body,
                                headers=s.tokens["luar"])).status_code == 404
    r = await s.client.post(url, params={"bulan": "2026-01"}, json=body, headers=s.tokens["admin"])
    assert r.status_code == 200, r.text
    tk = (await simulasi(s, aturan="contoh-2026", kelas_jabatan=9, kehadiran={"TK": 1}))["potongan"][0]["rupiah"]
    koreksi = r.json()["koreksi"]
    assert (koreksi["selisih"], koreksi["dibayar"], koreksi["sebab"]) == (tk, "2026-02", "KEBERATAN")
    again = await s.client.post(url, params={"bulan": "2026-01"}, json=body, headers=s.tokens["admin"])
    assert again.status_code == 409
    now = await slip(s, "2026-01")
    assert now["total"] == fixed["total"] + tk and now["ditetapkan"]["total"] == fixed["total"]
    assert all(c["tanggal"] != "2026-01-08" for c in now["rincian_potongan"])
    assert now["keberatan"][0]["keputusan"] == "DITERIMA"
    kinds = [(type(e).__name__, getattr(e, "sebab", None)) for e in published(s)]
    assert kinds == [("TppCalculatedV1", None), ("TppObjectionFiledV1", None),
                     ("TppObjectionDecidedV1", None), ("TppCorrectedV1", "KEBERATAN")]
    # the accepted objection is not paid twice when February is closed
    await s.publish(*(hari(s, d) for d in FEB))
    await s.settle()
    assert (await close(s, "2026-02"))["koreksi"] == []


async def test_what_if_a_closed_month_ran_under_a_second_rule_set(suite: Suite) -> None:
    s = suite
    await load_january(s)
    await close(s, "2026-01")
    fixed = await slip(s, "2026-01")
    r = await s.client.get(f"{T}/pegawai/{s.nip}/whatif", params={"bulan": "2026-01", "aturan": "contoh-2027"},
                           headers=s.tokens["admin"])
    assert r.status_code == 200, r.text
    side = r.json()
    want = await simulasi(s, aturan="contoh-2027", kelas_jabatan=9, kehadiran=JAN_COUNTS,
                          predikat="BUTUH_PERBAIKAN")
    assert side["ditetapkan"]["total"] == fixed["total"]
    assert (side["simulasi"]["aturan"], side["simulasi"]["total"]) == ("contoh-2027@1", want["total"])
    assert side["selisih"] == want["total"] - fixed["total"] != 0
    # nothing changed
    assert await slip(s, "2026-01") == fixed
    assert [type(e).__name__ for e in published(s)] == ["TppCalculatedV1"]
    r = await s.client.get(f"{T}/pegawai/{s.nip}/whatif", params={"bulan": "2026-01", "aturan": "tidak-ada"},
                           headers=s.tokens["admin"])
    assert r.status_code == 404 and "contoh-2026" in r.json()["detail"]
    # the whole instansi, from the payroll read model of TPP's own events
    await s.relay_all()
    await s.settle("tpp.penggajian", {str(e.event_id) for e in published(s)})
    r = await s.client.get(f"{T}/bulan/2026-01/whatif", params={"aturan": "contoh-2027"},
                           headers=s.tokens["admin"])
    assert r.status_code == 200, r.text
    assert (r.json()["jumlah_ditetapkan"], r.json()["jumlah_simulasi"]) == (fixed["total"], want["total"])
    assert r.json()["aturan_ditetapkan"] == ["contoh-2026@1"]
    r = await s.client.get(f"{T}/bulan/2026-01/whatif", params={"aturan": "contoh-2027"},
                           headers=s.tokens["pegawai"])
    assert r.status_code == 403


async def test_a_sanction_recorded_after_closing_recovers_the_month_in_the_next_payroll(suite: Suite) -> None:
    s = suite
    await load_january(s)
    await close(s, "2026-01")
    fixed = await slip(s, "2026-01")
    url = f"{T}/pegawai/{s.nip}/penanda"
    r = await s.client.post(url, params={"bulan": "2026-01"},
                            json={"jenis": "DENDA", "keterangan": "SK 1/2026"}, headers=s.tokens["admin"])
    assert r.status_code == 422 and "HUKUMAN_DISIPLIN" in r.json()["detail"]
    body = {"jenis": "HUKUMAN_DISIPLIN", "keterangan": "SK Bupati 800/12/2026"}
    assert (await s.client.post(url, params={"bulan": "2026-01"}, json=body,
                                headers=s.tokens["pegawai"])).status_code == 403
    r = await s.client.post(url, params={"bulan": "2026-01"}, json=body, headers=s.tokens["admin"])
    assert r.status_code == 200, r.text
    assert (r.json()["koreksi"]["selisih"], r.json()["koreksi"]["dibayar"]) == (-fixed["total"], "2026-02")
    now = await slip(s, "2026-01")
    assert (now["total"], now["tidak_dibayar"]) == (0, ["PENANDA:HUKUMAN_DISIPLIN"])
    assert (await s.client.post(url, params={"bulan": "2026-01"}, json=body,
                                headers=s.tokens["admin"])).status_code == 409
    # a flag on an open month is part of its calculation; closing February pays no second correction
    r = await s.client.post(url, params={"bulan": "2026-02"},
                            json={"jenis": "LHKPN_TERLAMBAT", "keterangan": "LHKPN 2025 belum"},
                            headers=s.tokens["admin"])
    assert r.status_code == 200 and r.json()["koreksi"] is None
    await s.publish(*(hari(s, d) for d in FEB))
    await s.settle()
    feb = await close(s, "2026-02")
    assert feb["koreksi"] == [] and feb["jumlah_total"] == 0
    assert (await slip(s, "2026-02"))["tidak_dibayar"] == ["PENANDA:LHKPN_TERLAMBAT"]


async def test_late_attendance_and_kinerja_corrections_after_closing_are_paid_next_month(suite: Suite) -> None:
    s = suite
    await load_january(s)
    await close(s, "2026-01")
    fixed = await slip(s, "2026-01")
    # After closing: the 8th turns out to be dinas luar, and the evaluation is corrected again.
    await s.publish(hari(s, dt.date(2026, 1, 8), "DINAS_LUAR", revisi=2, alasan="surat tugas",
                         sumber=f"REVIEW:{uuid.uuid4()}"),
                    penilaian(s, 1, "SANGAT_BAIK", revisi=3),
                    *(hari(s, d) for d in FEB))
    await s.settle()
    assert (await slip(s, "2026-01"))["total"] == fixed["total"]
    feb = await close(s, "2026-02")
    now = await simulasi(s, aturan="contoh-2026", kelas_jabatan=9,
                         kehadiran=JAN_COUNTS | {"TK": 1}, predikat="SANGAT_BAIK")
    assert feb["koreksi"] == [{"nip": s.nip, "bulan": "2026-01", "selisih": now["total"] - fixed["total"]}]
    corrected = await slip(s, "2026-01")
    assert corrected["total"] == now["total"] and corrected["penilaian"]["revisi"] == 3


async def test_a_worker_restarted_mid_month_neither_loses_nor_doubles_a_fact(suite: Suite) -> None:
    s = suite
    jan = januari(s)
    days = list(jan["days"].values())
    await s.publish(*profil(s), *days[:10])
    await s.settle()
    # stop the worker as a deploy would, then start another member of the same group
    s.stop.set()
    await asyncio.wait_for(s.task, timeout=30)
    s.stop = asyncio.Event()
    [worker] = s.runtime.workers()
    s.task = asyncio.create_task(worker.run(s.stop))
    await s.publish(*days[5:], jan["nilai_1"], jan["koreksi_6"], jan["nilai_2"])
    await s.settle()
    got = await slip(s, "2026-01")
    want = await simulasi(s, aturan="contoh-2026", kelas_jabatan=9, kehadiran=JAN_COUNTS,
                          predikat="BUTUH_PERBAIKAN")
    assert (got["total"], got["potongan"]) == (want["total"], want["potongan"])
    assert got["jumlah_hari_tercatat"] == len(JAN)
