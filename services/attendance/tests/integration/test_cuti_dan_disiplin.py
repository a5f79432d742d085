"""Leave from cuti's events through the broker, corrections of closed days, and the discipline
thresholds of PP 94/2021."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from simpeg_attendance.projections.cuti import cuti_pada
from simpeg_shared.contracts import cuti as ct
from simpeg_shared.contracts.attendance import (DailyAttendanceCorrectedV1,
                                                DisciplineThresholdReachedV1)

from .conftest import consume, contract, cuti_decided, days, publish, published

WIB = ZoneInfo("Asia/Jakarta")


def _cuti_known(s, nip: str, day: dt.date, expected: str | None, *more: tuple[str, dt.date, str | None]):
    store = s.runtime.store("attendance.cuti")
    wanted = [(nip, day, expected), *more]
    return lambda: all(store.read(lambda c, t: cuti_pada(c, t, [n], d, d)).get((n, d)) == e
                       for n, d, e in wanted)


async def test_a_pegawai_on_approved_cuti_is_cuti_not_tk_and_cuti_sakit_is_sakit(suite) -> None:
    s = suite
    await s.configure()
    nip, rekan = s.nips["pegawai"], s.nips["rekan"]
    await publish(s.bootstrap, [
        cuti_decided(s.instansi, nip, dt.date(2026, 5, 5), dt.date(2026, 5, 6)),
        # a refusal takes no day (sent first: the same key keeps it before the next one)
        cuti_decided(s.instansi, rekan, dt.date(2026, 5, 6), dt.date(2026, 5, 6),
                     hasil="TIDAK_DISETUJUI"),
        cuti_decided(s.instansi, rekan, dt.date(2026, 5, 5), dt.date(2026, 5, 5), jenis="SAKIT"),
    ])
    await consume(s.runtime, "attendance.cuti", s.bootstrap,
                  _cuti_known(s, rekan, dt.date(2026, 5, 5), "SAKIT", (nip, dt.date(2026, 5, 6), "TAHUNAN")))
    s.clock.now = dt.datetime(2026, 5, 7, 3, 0, tzinfo=WIB)
    s.app.tutup()
    mine, theirs = days(s.runtime, nip), days(s.runtime, rekan)
    assert [mine[dt.date(2026, 5, d)].status for d in (4, 5, 6)] == ["TK", "CUTI", "CUTI"]
    assert [theirs[dt.date(2026, 5, d)].status for d in (4, 5, 6)] == ["TK", "SAKIT", "TK"]


async def test_a_late_cuti_approval_corrects_a_closed_tk_day_once_and_a_cancellation_undoes_it(suite) -> None:
    s = suite
    await s.configure()
    nip = s.nips["pegawai"]
    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB)
    s.app.tutup()
    assert days(s.runtime, nip)[dt.date(2026, 5, 4)].status == "TK"

    decided = cuti_decided(s.instansi, nip, dt.date(2026, 5, 4), dt.date(2026, 5, 4),
                           jenis="ALASAN_PENTING")
    # delivered twice (a relay resending after a crash): the same event id
    await publish(s.bootstrap, [decided, decided])
    await consume(s.runtime, "attendance.cuti", s.bootstrap,
                  _cuti_known(s, nip, dt.date(2026, 5, 4), "ALASAN_PENTING"))
    assert s.app.tutup()["koreksi"] == 1
    assert s.app.tutup()["koreksi"] == 0
    day = days(s.runtime, nip)[dt.date(2026, 5, 4)]
    assert isinstance(day, DailyAttendanceCorrectedV1)
    assert (day.status, day.revisi, day.sumber) == ("CUTI", 2, f"CUTI:{decided.cuti_id}")
    assert "cuti" in day.alasan

    await publish(s.bootstrap, [decided, contract(
        ct.CutiCancelledV1, s.instansi, nip=nip, cuti_id=decided.cuti_id, jenis="ALASAN_PENTING",
        mulai=dt.date(2026, 5, 4), selesai=dt.date(2026, 5, 4), alasan="batal berangkat")])
    await consume(s.runtime, "attendance.cuti", s.bootstrap,
                  _cuti_known(s, nip, dt.date(2026, 5, 4), None))
    s.app.proses_koreksi()
    day = days(s.runtime, nip)[dt.date(2026, 5, 4)]
    assert (day.status, day.revisi) == ("TK", 3)
    corrections = published(s.runtime, DailyAttendanceCorrectedV1)
    assert [(e.status, e.revisi) for e in corrections] == [("CUTI", 2), ("TK", 3)]


async def test_discipline_thresholds_are_flagged_once_cumulative_and_consecutive(suite) -> None:
    s = suite
    await s.configure(mulai=dt.date(2026, 6, 2))
    nip = s.nips["pegawai"]
    # 2-15 June: ten working days without a check-in (16 June is Tahun Baru Islam, LIBUR); the
    # colleague comes once, on 9 June
    s.clock.now = dt.datetime(2026, 6, 9, 7, 15, tzinfo=WIB)
    assert (await s.presensi("rekan", "MASUK")).status_code == 201
    s.clock.now = dt.datetime(2026, 6, 17, 3, 0, tzinfo=WIB)
    s.app.tutup()
    got = days(s.runtime, nip)
    tk = sorted(d for d, e in got.items() if e.status == "TK")
    assert len(tk) == 10 and got[dt.date(2026, 6, 16)].status == "LIBUR"
    flags = [e for e in published(s.runtime, DisciplineThresholdReachedV1) if e.nip == nip]
    assert [(f.jenis, f.ambang, f.tanggal) for f in flags] == [
        ("KUMULATIF", 3, tk[2]), ("KUMULATIF", 4, tk[3]), ("KUMULATIF", 7, tk[6]),
        ("BERTURUT_TURUT", 10, tk[9])]
    assert "teguran lisan" in flags[0].keterangan and "pemberhentian" in flags[3].keterangan
    # the colleague's run of absences broke on 9 June: nine TK days, no consecutive flag
    rekan_flags = [e for e in published(s.runtime, DisciplineThresholdReachedV1) if e.nip == s.nips["rekan"]]
    assert [(f.jenis, f.ambang) for f in rekan_flags] == [("KUMULATIF", 3), ("KUMULATIF", 4),
                                                           ("KUMULATIF", 7)]

    # closing again, or a day after, flags nothing twice
    s.clock.now = dt.datetime(2026, 6, 18, 3, 0, tzinfo=WIB)
    s.app.tutup()
    again = [e for e in published(s.runtime, DisciplineThresholdReachedV1) if e.nip == nip]
    assert [(f.jenis, f.ambang) for f in again] == [
        ("KUMULATIF", 3), ("KUMULATIF", 4), ("KUMULATIF", 7), ("BERTURUT_TURUT", 10),
        ("KUMULATIF", 11)]


async def test_unknown_cuti_ids_and_other_instansi_do_not_leak(suite) -> None:
    s = suite
    await s.configure()
    other = cuti_decided("pemda-lain", "199901012020011001", dt.date(2026, 5, 4), dt.date(2026, 5, 4),
                         cuti_id=uuid.uuid4())
    await publish(s.bootstrap, [other])
    await consume(s.runtime, "attendance.cuti", s.bootstrap,
                  _cuti_known(s, "199901012020011001", dt.date(2026, 5, 4), "TAHUNAN"))
    s.clock.now = dt.datetime(2026, 5, 5, 3, 0, tzinfo=WIB)
    s.app.tutup()
    assert all(e.instansi_id == s.instansi for e in published(s.runtime))
