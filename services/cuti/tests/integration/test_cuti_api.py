"""The cuti flow through the API: working days, requests and their refusals, every decision
outcome, Plt/Plh routing, cancellation, the ledger, cuti besar, and instansi isolation."""

from __future__ import annotations

import datetime as dt

import pytest

from simpeg_shared.contracts import cuti as kontrak

C = "/api/cuti/v1"
PROBLEM = "application/problem+json"


def problem(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    if code is not None:
        assert body["type"].endswith("/" + code), body
    return body


# -- working days --------------------------------------------------------------------------------
async def test_the_hari_kerja_endpoint_counts_14_to_19_august_2026_as_three_days(pemda) -> None:
    r = await pemda.c.get(f"{C}/hari-kerja", params={"mulai": "2026-08-14", "selesai": "2026-08-19"},
                          headers=pemda.t["lain"])
    assert r.status_code == 200
    assert r.json() == {"hari_kerja": 3, "libur": [
        {"tanggal": "2026-08-17", "nama": "Hari Kemerdekaan Republik Indonesia"}]}


async def test_the_hari_kerja_endpoint_refuses_bad_ranges_with_problems(pemda) -> None:
    h = pemda.t["lain"]
    r = await pemda.c.get(f"{C}/hari-kerja", params={"mulai": "2026-08-19", "selesai": "2026-08-14"}, headers=h)
    assert problem(r, 422)["errors"][0]["field"] == "query.selesai"
    r = await pemda.c.get(f"{C}/hari-kerja", params={"mulai": "2031-01-01", "selesai": "2031-01-31"}, headers=h)
    assert "2031" in problem(r, 422, "kalender-tidak-tersedia")["detail"]
    r = await pemda.c.get(f"{C}/hari-kerja", params={"mulai": "2026-13-01", "selesai": "2026-08-14"}, headers=h)
    assert problem(r, 422)["errors"][0]["field"] == "query.mulai"
    r = await pemda.c.get(f"{C}/hari-kerja", params={"mulai": "2026-08-14"}, headers=h)
    assert problem(r, 422)["errors"][0]["field"] == "query.selesai"
    r = await pemda.c.get(f"{C}/hari-kerja", params={"mulai": "2026-08-14", "selesai": "2026-08-19"})
    problem(r, 401)


async def test_a_request_across_a_weekend_and_a_holiday_counts_only_working_days(pemda) -> None:
    r = await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")  # Fri, weekend, 17 Aug, Tue, Wed
    assert r.status_code == 201 and r.json()["hari_kerja"] == 3
    # Cuti bersama (24 Dec) does not reduce cuti tahunan, Christmas is a holiday: 21-28 Dec = 4 days.
    r = await pemda.ajukan("pegawai", "2026-12-21", "2026-12-28")
    assert r.status_code == 201 and r.json()["hari_kerja"] == 4
    saldo = await pemda.saldo("pegawai", 2026)
    assert (saldo["saldo"], saldo["tertunda"], saldo["tersedia"]) == (12, 7, 5)


# -- refusals ------------------------------------------------------------------------------------
async def test_cuti_tahunan_is_refused_in_the_first_year_of_service(pemda) -> None:
    r = await pemda.ajukan("baru", "2026-08-03", "2026-08-04")  # TMT CPNS 1 March 2026
    body = problem(r, 422, "cuti-tidak-berhak")
    assert "2027-03-01" in body["detail"] and body["errors"][0]["field"] == "body.mulai"
    saldo = await pemda.saldo("baru", 2026)
    assert saldo["saldo"] == 0 and "belum berhak" in saldo["mutasi"][0]["keterangan"]


async def test_overlapping_requests_are_refused(pemda) -> None:
    first = await pemda.ajukan("pegawai", "2026-08-10", "2026-08-12")
    assert first.status_code == 201
    r = await pemda.ajukan("pegawai", "2026-08-12", "2026-08-14", jenis="ALASAN_PENTING")
    body = problem(r, 409, "cuti-tumpang-tindih")
    assert first.json()["id"] in body["detail"]
    # once the first is cancelled, the dates are free again
    await pemda.c.post(f"{C}/cuti/{first.json()['id']}/pembatalan", json={"alasan": "batal"},
                       headers=pemda.t["pegawai"])
    assert (await pemda.ajukan("pegawai", "2026-08-12", "2026-08-14")).status_code == 201


async def test_a_request_beyond_the_balance_is_refused_with_what_is_left(pemda) -> None:
    r = await pemda.ajukan("pegawai", "2026-08-03", "2026-08-21")  # 14 working days (17 Aug off)
    body = problem(r, 422, "saldo-cuti-tidak-cukup")
    assert "14 working days asked, 12" in body["detail"]


@pytest.mark.parametrize(("who", "jenis", "extra", "status", "field", "words"), [
    ("pppk", "BESAR", {}, 422, "body.jenis", "PPPK staff have no BESAR"),
    ("pegawai", "SAKIT", {}, 422, "body.lampiran", "doctor's statement"),
    ("pegawai", "MELAHIRKAN", {"anak_ke": 4}, 422, "body.anak_ke", "request cuti besar"),
    ("pegawai", "MELAHIRKAN", {}, 422, "body.anak_ke", "anak_ke"),
    ("atasan", "ALASAN_PENTING", {"selesai": "2026-09-15"}, 422, "body.selesai", "at most 1 month"),
    ("lain", "CLTN", {"mulai": "2026-08-03", "selesai": "2026-09-03"}, 201, None, None),
    ("pegawai", "TAHUNAN", {"mulai": "2026-12-28", "selesai": "2027-01-04"}, 422, "body.selesai", "31 December"),
    ("pegawai", "TAHUNAN", {"mulai": "2026-06-01", "selesai": "2026-06-02"}, 422, "body.mulai", "cannot start before"),
    ("pegawai", "TAHUNAN", {"mulai": "2026-08-15", "selesai": "2026-08-17"}, 422, "body.mulai", "no working day"),
    ("pegawai", "TAHUNAN", {"mulai": "2027-01-05", "selesai": "2027-01-06"}, 422, "body.mulai",
     "opens on 1 January 2027"),
    ("lain", "CLTN", {"mulai": "2026-08-03", "selesai": "2029-08-02"}, 422, "body.mulai",
     "no holiday calendar for 2028, 2029"),
])
async def test_each_kind_is_checked_against_its_rules(pemda, who, jenis, extra, status, field,
                                                     words) -> None:
    mulai, selesai = extra.pop("mulai", "2026-08-03"), extra.pop("selesai", "2026-08-05")
    r = await pemda.ajukan(who, mulai, selesai, jenis=jenis, **extra)
    if status == 201:
        assert r.status_code == 201, r.text
        return
    body = problem(r, status)
    assert body["errors"][0]["field"] == field and words in body["detail"], body


async def test_cltn_needs_five_years_of_service(pemda) -> None:
    body = problem(await pemda.ajukan("pppk", "2026-08-03", "2026-09-03", jenis="CLTN"), 422)
    assert "no CLTN" in body["detail"]
    pemda.today(dt.date(2026, 7, 1))
    r = await pemda.ajukan("baru", "2026-08-03", "2026-09-03", jenis="CLTN")
    assert "5 year(s)" in problem(r, 422, "cuti-tidak-berhak")["detail"]


async def test_sakit_with_a_doctors_statement_may_start_in_the_recent_past(pemda) -> None:
    lampiran = {"nama_berkas": "surat-dokter.pdf", "sha256": "a" * 64}
    r = await pemda.ajukan("pegawai", "2026-06-25", "2026-07-03", jenis="SAKIT", lampiran=lampiran)
    assert r.status_code == 201 and r.json()["lampiran"]["sha256"] == "a" * 64
    # a colleague without an approver's role does not see the attachment or address
    r = await pemda.c.get(f"{C}/cuti/{r.json()['id']}", headers=pemda.t["lain"])
    assert r.status_code == 200 and "lampiran" not in r.json() and "alamat_selama_cuti" not in r.json()


async def test_unknown_fields_and_bad_values_are_named(pemda) -> None:
    body = {"jenis": "LIBURAN", "mulai": "2026-08-03", "selesai": "2026-08-04", "alasan": "x y z",
            "alamat_selama_cuti": "Jl. Contoh 1", "nik": "3273010101900001"}
    r = await pemda.c.post(f"{C}/cuti", json=body, headers=pemda.t["pegawai"])
    fields = {e["field"] for e in problem(r, 422)["errors"]}
    assert {"body.jenis", "body.nik"} <= fields


# -- decisions -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("hasil", "extra", "status", "saldo", "ditangguhkan", "final", "hari"), [
    ("DISETUJUI", {}, "DISETUJUI", 9, 0, ("2026-08-14", "2026-08-19"), 3),
    ("PERUBAHAN", {"mulai": "2026-08-24", "selesai": "2026-08-28"}, "PERUBAHAN", 8, 0,
     ("2026-08-24", "2026-08-28"), 4),
    ("DITANGGUHKAN", {}, "DITANGGUHKAN", 12, 3, ("2026-08-14", "2026-08-19"), 3),
    ("TIDAK_DISETUJUI", {}, "TIDAK_DISETUJUI", 12, 0, ("2026-08-14", "2026-08-19"), 3),
])
async def test_every_decision_outcome(pemda, hasil, extra, status, saldo, ditangguhkan,
                                      final, hari) -> None:
    r = await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")
    cid = r.json()["id"]
    early = await pemda.putuskan(cid, hasil, **extra)
    assert "consideration first" in problem(early, 409, "langkah-tidak-sah")["detail"]
    r = await pemda.pertimbangkan(cid, pertimbangan="PERUBAHAN")
    assert r.status_code == 200 and r.json()["status"] == "MENUNGGU_KEPUTUSAN"
    r = await pemda.putuskan(cid, hasil, **extra)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["status"] == status and out["keputusan"]["hasil"] == hasil
    assert (out["mulai_final"], out["selesai_final"]) == final
    s = await pemda.saldo("pegawai", 2026)
    assert (s["saldo"], s["ditangguhkan"]) == (saldo, ditangguhkan)
    again = await pemda.putuskan(cid, "DISETUJUI")
    problem(again, 409, "langkah-tidak-sah")

    events = [e for e in pemda.published() if getattr(e, "cuti_id", None) is not None
              and str(e.cuti_id) == cid]
    kinds = [type(e).__name__ for e in events]
    decided = next(e for e in events if isinstance(e, kontrak.CutiDecidedV1))
    assert decided.hasil == hasil and (decided.mulai.isoformat(), decided.selesai.isoformat()) == final
    if hasil in ("DISETUJUI", "PERUBAHAN"):
        assert kinds == ["CutiRequestedV1", "CutiConsideredV1", "CutiDecidedV1", "SuratIzinCutiRequestedV1"]
        assert decided.hari_kerja == hari
        surat = events[-1]
        assert surat.nip_penandatangan == pemda.nip["kepala"] and surat.hari_kerja == hari
    else:
        assert kinds == ["CutiRequestedV1", "CutiConsideredV1", "CutiDecidedV1"]
        assert decided.hari_kerja == 0
        assert decided.hari_ditangguhkan == (3 if hasil == "DITANGGUHKAN" else None)


async def test_a_decision_other_than_approval_needs_a_reason_and_perubahan_needs_dates(pemda) -> None:
    cid = (await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")).json()["id"]
    await pemda.pertimbangkan(cid)
    r = await pemda.c.post(f"{C}/cuti/{cid}/keputusan", json={"hasil": "TIDAK_DISETUJUI"},
                           headers=pemda.t["kepala"])
    assert problem(r, 422)["errors"][0]["field"] == "body.alasan"
    r = await pemda.putuskan(cid, "PERUBAHAN")
    assert problem(r, 422)["errors"][0]["field"] == "body.mulai"
    r = await pemda.putuskan(cid, "DISETUJUI", mulai="2026-08-20")
    assert problem(r, 422)["errors"][0]["field"] == "body.mulai"


async def test_a_pegawai_deciding_or_considering_their_own_request_is_403(pemda) -> None:
    # the atasan's own leave: the kepala is both the atasan and the official with authority
    r = await pemda.ajukan("atasan", "2026-08-14", "2026-08-19")
    assert r.status_code == 201 and r.json()["status"] == "MENUNGGU_KEPUTUSAN"
    cid = r.json()["id"]
    r = await pemda.putuskan(cid, "DISETUJUI", who="atasan")
    assert "own" in problem(r, 403, "bukan-penyetuju")["detail"]
    cid2 = (await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")).json()["id"]
    problem(await pemda.pertimbangkan(cid2, who="pegawai"), 403, "bukan-penyetuju")
    await pemda.pertimbangkan(cid2)
    problem(await pemda.putuskan(cid2, who="pegawai"), 403, "bukan-penyetuju")
    # neither a colleague nor the atasan (who only considers) decides
    for who in ("lain", "atasan"):
        problem(await pemda.putuskan(cid2, who=who), 403, "bukan-penyetuju")
    assert (await pemda.putuskan(cid, "DISETUJUI")).status_code == 200


async def test_the_plh_of_an_absent_atasan_gives_the_consideration(pemda) -> None:
    import itertools
    import uuid

    from simpeg_shared.contracts import event_id_for
    from simpeg_shared.contracts import profile as p

    n, origin = itertools.count(1), uuid.uuid4()
    pemda.runtime.store("cuti.pegawai").apply_batch([p.PltAssignedV1(
        event_id=event_id_for(origin, next(n)), occurred_at=dt.datetime.now(dt.UTC),
        instansi_id="pemkot-bandung", nip=pemda.nip["lain"], jabatan_id="kabid", jenis="PLH",
        mulai=dt.date(2026, 7, 1), selesai=dt.date(2026, 7, 3))])
    r = await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")
    assert r.json()["diteruskan_ke"] == sorted([pemda.nip["atasan"], pemda.nip["lain"]])
    r = await pemda.pertimbangkan(r.json()["id"], who="lain")
    assert r.status_code == 200, r.text
    assert (r.json()["pertimbangan"]["nip_atasan"], r.json()["pertimbangan"]["sebagai"]) == (
        pemda.nip["lain"], "PLH")
    considered = [e for e in pemda.published() if isinstance(e, kontrak.CutiConsideredV1)]
    assert (considered[-1].nip_atasan, considered[-1].sebagai) == (pemda.nip["lain"], "PLH")
    pemda.today(dt.date(2026, 7, 4))  # the assignment is over
    cid = (await pemda.ajukan("pegawai", "2026-08-24", "2026-08-24")).json()["id"]
    problem(await pemda.pertimbangkan(cid, who="lain"), 403, "bukan-penyetuju")


async def test_the_plh_decides_during_the_dated_assignment_only(pemda) -> None:
    pemda.today(pemda.plt_mulai + dt.timedelta(days=2))
    r = await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")
    cid = r.json()["id"]
    await pemda.pertimbangkan(cid)
    r = await pemda.c.get(f"{C}/cuti/{cid}", headers=pemda.t["plt"])
    assert pemda.nip["plt"] in r.json()["diteruskan_ke"] and pemda.nip["kepala"] in r.json()["diteruskan_ke"]
    r = await pemda.putuskan(cid, "DISETUJUI", who="plt")
    assert r.status_code == 200, r.text
    assert r.json()["keputusan"]["nip_pejabat"] == pemda.nip["plt"]
    assert r.json()["keputusan"]["sebagai"] == "PLH"
    decided = [e for e in pemda.published() if isinstance(e, kontrak.CutiDecidedV1)]
    assert (decided[-1].nip_pejabat, decided[-1].sebagai) == (pemda.nip["plt"], "PLH")
    surat = [e for e in pemda.published() if isinstance(e, kontrak.SuratIzinCutiRequestedV1)]
    assert surat[-1].nip_penandatangan == pemda.nip["plt"]

    pemda.today(pemda.plt_selesai + dt.timedelta(days=1))
    cid = (await pemda.ajukan("pegawai", "2026-08-24", "2026-08-24")).json()["id"]
    await pemda.pertimbangkan(cid)
    r = await pemda.c.get(f"{C}/cuti/{cid}", headers=pemda.t["pegawai"])
    assert r.json()["diteruskan_ke"] == [pemda.nip["kepala"]]
    problem(await pemda.putuskan(cid, who="plt"), 403, "bukan-penyetuju")
    assert (await pemda.putuskan(cid, who="kepala")).status_code == 200


# -- cancellation and the ledger -----------------------------------------------------------------
async def test_cancellation_before_the_start_restores_the_balance(pemda) -> None:
    out = await pemda.disetujui("pegawai", "2026-08-14", "2026-08-19")
    assert (await pemda.saldo("pegawai", 2026))["saldo"] == 9
    r = await pemda.c.post(f"{C}/cuti/{out['id']}/pembatalan", json={"alasan": "tugas mendadak"},
                           headers=pemda.t["atasan"])
    problem(r, 403)  # only the pegawai cancels
    r = await pemda.c.post(f"{C}/cuti/{out['id']}/pembatalan", json={"alasan": "tugas mendadak"},
                           headers=pemda.t["pegawai"])
    assert r.status_code == 200 and r.json()["status"] == "DIBATALKAN"
    s = await pemda.saldo("pegawai", 2026)
    assert s["saldo"] == 12 and s["dipakai"] == 0
    assert [(m["perubahan"], m["sumber"]) for m in s["mutasi"]] == [
        (12, "HAK_TAHUNAN"), (-3, f"CUTI:{out['id']}"), (3, f"BATAL:{out['id']}")]
    cancelled = [e for e in pemda.published() if isinstance(e, kontrak.CutiCancelledV1)]
    assert [(str(e.cuti_id), e.mulai.isoformat()) for e in cancelled] == [(out["id"], "2026-08-14")]
    balance = [(e.perubahan, e.saldo, e.sumber) for e in pemda.published()
               if isinstance(e, kontrak.CutiBalanceChangedV1)]
    assert balance == [(12, 12, "HAK_TAHUNAN"), (-3, 9, f"CUTI:{out['id']}"), (3, 12, f"BATAL:{out['id']}")]
    problem(await pemda.c.post(f"{C}/cuti/{out['id']}/pembatalan", json={"alasan": "lagi"},
                               headers=pemda.t["pegawai"]), 409, "langkah-tidak-sah")


async def test_leave_that_has_started_cannot_be_cancelled(pemda) -> None:
    out = await pemda.disetujui("pegawai", "2026-08-14", "2026-08-19")
    pemda.today(dt.date(2026, 8, 14))
    r = await pemda.c.post(f"{C}/cuti/{out['id']}/pembatalan", json={"alasan": "terlambat"},
                           headers=pemda.t["pegawai"])
    assert "started" in problem(r, 409, "langkah-tidak-sah")["detail"]
    assert (await pemda.saldo("pegawai", 2026))["saldo"] == 9


async def test_cuti_besar_removes_the_years_tahunan_and_its_cancellation_restores_it(pemda) -> None:
    await pemda.disetujui("senior", "2026-07-06", "2026-07-07")
    besar = await pemda.disetujui("senior", "2026-09-01", "2026-11-30", jenis="BESAR")
    s = await pemda.saldo("senior", 2026)
    assert s["saldo"] == 0
    assert (s["mutasi"][-1]["perubahan"], s["mutasi"][-1]["sumber"]) == (-10, f"CUTI_BESAR:{besar['id']}")
    r = await pemda.ajukan("senior", "2026-12-01", "2026-12-01")
    assert "cuti besar" in problem(r, 422, "cuti-tidak-berhak")["detail"]
    too_long = await pemda.ajukan("pegawai", "2026-09-01", "2026-12-01", jenis="BESAR")
    problem(too_long, 422)  # pegawai (TMT 2015) has 5 years, but 3 months end on 30 November
    await pemda.c.post(f"{C}/cuti/{besar['id']}/pembatalan", json={"alasan": "batal"},
                       headers=pemda.t["senior"])
    assert (await pemda.saldo("senior", 2026))["saldo"] == 10


async def test_carry_over_is_six_into_eighteen_and_twenty_four_after_two_unused_years(pemda) -> None:
    pemda.today(dt.date(2024, 3, 1))
    assert (await pemda.saldo("pegawai", 2024))["saldo"] == 12
    assert (await pemda.saldo("senior", 2024))["saldo"] == 12
    await pemda.disetujui("pegawai", "2024-05-06", "2024-05-07")  # pegawai uses 2 days of 2024
    pemda.today(dt.date(2025, 1, 2))
    r = await pemda.c.post(f"{C}/tutup-tahun/2025", headers=pemda.t["admin"])
    assert r.status_code == 200 and r.json()["dibuka"] == len(pemda.nip) - 1  # all but the one appointed in 2026
    again = await pemda.c.post(f"{C}/tutup-tahun/2025", headers=pemda.t["admin"])
    assert again.json()["dibuka"] == 0 and again.json()["sudah_dibuka"] == r.json()["dibuka"]
    s = await pemda.saldo("pegawai", 2025)
    assert (s["hak"], s["dibawa"], s["saldo"]) == (12, 6, 18)  # 10 left, 6 carried
    assert (await pemda.saldo("senior", 2025))["saldo"] == 18  # one unused year: still 18
    assert (await pemda.saldo("pppk", 2025))["saldo"] == 12  # PPPK: nothing carries over
    pemda.today(dt.date(2026, 1, 2))
    await pemda.c.post(f"{C}/tutup-tahun/2026", headers=pemda.t["admin"])
    assert (await pemda.saldo("senior", 2026))["saldo"] == 24  # 2024 and 2025 unused
    assert (await pemda.saldo("pegawai", 2026))["saldo"] == 18  # used in 2024: 6 carried


async def test_postponed_days_carry_over_in_full(pemda) -> None:
    cid = (await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")).json()["id"]
    await pemda.pertimbangkan(cid)
    await pemda.putuskan(cid, "DITANGGUHKAN")
    await pemda.disetujui("pegawai", "2026-09-01", "2026-09-02")
    pemda.today(dt.date(2027, 1, 4))
    s = await pemda.saldo("pegawai", 2027)
    # 10 left of which 3 postponed: 6 ordinary days carry, the 3 postponed ones in full
    assert [(m["sumber"], m["perubahan"]) for m in s["mutasi"]] == [
        ("HAK_TAHUNAN", 12), ("CARRY_OVER", 6), ("TANGGUHAN", 3)]
    assert s["saldo"] == 21


async def test_a_late_decision_corrects_the_years_carry_over(pemda) -> None:
    cid = (await pemda.ajukan("pegawai", "2026-12-21", "2026-12-23")).json()["id"]
    await pemda.pertimbangkan(cid)
    pemda.today(dt.date(2027, 1, 4))
    assert (await pemda.saldo("pegawai", 2027))["saldo"] == 18
    assert (await pemda.putuskan(cid, "DISETUJUI")).status_code == 200  # after the year turned
    assert (await pemda.saldo("pegawai", 2026))["saldo"] == 9
    assert (await pemda.saldo("pegawai", 2027))["saldo"] == 18  # 9 left still carries 6
    # and a correction that takes the 2026 balance below 6 is carried through
    r = await pemda.c.post(f"{C}/pegawai/{pemda.nip['pegawai']}/saldo/koreksi",
                           json={"tahun": 2026, "perubahan": -5, "alasan": "cuti 2026 di luar SIMPEG"},
                           headers=pemda.t["admin"])
    assert r.status_code == 200 and r.json()["saldo"] == 4
    s = await pemda.saldo("pegawai", 2027)
    assert s["saldo"] == 16 and s["mutasi"][-1]["sumber"] == "KOREKSI_CARRY_OVER"


# -- isolation, inbox, idempotency ---------------------------------------------------------------
async def test_a_foreign_instansi_sees_404_not_403(pemda) -> None:
    cid = (await pemda.ajukan("pegawai", "2026-08-14", "2026-08-19")).json()["id"]
    for url in (f"{C}/cuti/{cid}", f"{C}/pegawai/{pemda.nip['pegawai']}/saldo", f"{C}/pegawai/{pemda.nip['pegawai']}/cuti"):
        problem(await pemda.c.get(url, headers=pemda.t["luar"]), 404)
    problem(await pemda.pertimbangkan(cid, who="luar"), 404)
    problem(await pemda.putuskan(cid, who="luar"), 404)
    r = await pemda.c.post(f"{C}/pegawai/{pemda.nip['pegawai']}/saldo/koreksi",
                           json={"tahun": 2026, "perubahan": 1, "alasan": "bukan urusan saya"},
                           headers=pemda.t["luar"])
    problem(r, 404)
    problem(await pemda.c.get(f"{C}/cuti/{cid}"), 401)


async def test_every_step_reaches_the_inbox_of_those_concerned(pemda) -> None:
    pemda.today(pemda.plt_mulai)
    out = await pemda.disetujui("pegawai", "2026-08-14", "2026-08-19")
    store = pemda.runtime.store("cuti.kotak_masuk")
    events = pemda.published()
    assert store.apply_batch(events) == len(events)
    assert store.apply_batch(events) == 0  # redelivered: nothing twice

    async def inbox(who: str) -> list[tuple[str, str]]:
        r = await pemda.c.get(f"{C}/kotak-masuk", headers=pemda.t[who])
        assert r.status_code == 200
        return sorted((m["langkah"], m["cuti_id"]) for m in r.json())

    cid = out["id"]
    assert await inbox("pegawai") == sorted([("DIAJUKAN", cid), ("DIPERTIMBANGKAN", cid), ("DIPUTUSKAN", cid)])
    assert await inbox("atasan") == [("DIPUTUSKAN", cid), ("MENUNGGU_ANDA", cid)]
    assert await inbox("kepala") == [("MENUNGGU_ANDA", cid)]
    assert await inbox("plt") == [("MENUNGGU_ANDA", cid)]  # the Plh of the kadis that day
    assert await inbox("lain") == []

    r = await pemda.c.post(f"{C}/cuti/{cid}/pembatalan", json={"alasan": "tugas luar kota"},
                           headers=pemda.t["pegawai"])
    assert r.status_code == 200
    store.apply_batch(pemda.published())
    for who in ("pegawai", "atasan", "kepala"):  # the pegawai, who considered, who decided
        assert ("DIBATALKAN", cid) in await inbox(who)
    assert ("DIBATALKAN", cid) not in await inbox("plt")  # asked once, but the kepala decided


async def test_a_repeated_idempotency_key_returns_the_first_request(pemda) -> None:
    body = {"jenis": "TAHUNAN", "mulai": "2026-08-14", "selesai": "2026-08-19", "alasan": "libur",
            "alamat_selama_cuti": "Jl. Contoh No. 1"}
    h = {**pemda.t["pegawai"], "Idempotency-Key": "cuti-agustus"}
    first = await pemda.c.post(f"{C}/cuti", json=body, headers=h)
    second = await pemda.c.post(f"{C}/cuti", json=body, headers=h)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second.headers.get("idempotent-replayed") == "true"
    r = await pemda.c.get(f"{C}/pegawai/{pemda.nip['pegawai']}/cuti", headers=pemda.t["pegawai"])
    assert len(r.json()) == 1


async def test_a_vacant_position_with_authority_is_decided_by_its_plt(pemda) -> None:
    """pemkot-contoh's chain: CLTN is decided by the Sekda. The post is vacant; its Plt decides."""
    import itertools
    import uuid

    from simpeg_shared.contracts import event_id_for
    from simpeg_shared.contracts import profile as p
    from simpeg_shared.testing import auth

    n, origin = itertools.count(1), uuid.uuid4()
    pns, atasan, plt = "198001012006041011", "197501012000031012", "197601012001031013"

    def ev(cls: type, **kw):
        return cls(event_id=event_id_for(origin, next(n)), occurred_at=dt.datetime.now(dt.UTC),
                   instansi_id="pemkot-contoh", **kw)
    pemda.runtime.store("cuti.pegawai").apply_batch([
        *(ev(p.PegawaiRegisteredV1, nip=x, nama="x", unit_id="setda", jenis_pegawai="PNS",
             tmt_cpns=dt.date(2006, 4, 1)) for x in (pns, atasan, plt)),
        ev(p.AtasanChangedV1, nip=pns, nip_atasan=atasan, tmt=dt.date(2006, 4, 1)),
        ev(p.PltAssignedV1, nip=plt, jabatan_id="sekda", jenis="PLT", mulai=dt.date(2026, 6, 1),
           selesai=dt.date(2026, 12, 31)),
    ])
    token = {who: auth(pemda.make_token("PEGAWAI", "ATASAN", instansi="pemkot-contoh", nip=x))
             for who, x in (("pns", pns), ("atasan", atasan), ("plt", plt))}
    r = await pemda.c.post(f"{C}/cuti", headers=token["pns"], json={
        "jenis": "CLTN", "mulai": "2026-08-03", "selesai": "2027-08-02", "alasan": "mengikuti suami",
        "alamat_selama_cuti": "Jl. Contoh No. 2"})
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    assert r.json()["diteruskan_ke"] == [atasan]
    r = await pemda.c.post(f"{C}/cuti/{cid}/pertimbangan", headers=token["atasan"],
                           json={"pertimbangan": "DISETUJUI"})
    assert r.json()["diteruskan_ke"] == [plt]
    problem(await pemda.c.post(f"{C}/cuti/{cid}/keputusan", headers=token["atasan"],
                               json={"hasil": "DISETUJUI"}), 403, "bukan-penyetuju")
    r = await pemda.c.post(f"{C}/cuti/{cid}/keputusan", headers=token["plt"], json={"hasil": "DISETUJUI"})
    assert r.status_code == 200, r.text
    assert (r.json()["keputusan"]["nip_pejabat"], r.json()["keputusan"]["sebagai"]) == (plt, "PLT")


async def test_after_pindah_instansi_the_balance_moves_under_the_new_instansi(pemda) -> None:
    import uuid

    from simpeg_shared.contracts import event_id_for
    from simpeg_shared.contracts import profile as p

    await pemda.disetujui("pegawai", "2026-08-14", "2026-08-19")
    pemda.runtime.store("cuti.pegawai").apply_batch([p.UnitChangedV1(
        event_id=event_id_for(uuid.uuid4(), 1), occurred_at=dt.datetime.now(dt.UTC),
        instansi_id="pemprov-jabar", nip=pemda.nip["pegawai"], unit_id="bkd",
        instansi_id_lama="pemkot-bandung", unit_id_lama="bkpsdm", tmt=dt.date(2026, 7, 1))])
    problem(await pemda.c.get(f"{C}/pegawai/{pemda.nip['pegawai']}/saldo", headers=pemda.t["lain"]), 404)
    r = await pemda.c.post(f"{C}/pegawai/{pemda.nip['pegawai']}/saldo/koreksi", headers=pemda.t["admin"],
                           json={"tahun": 2026, "perubahan": 1, "alasan": "bukan instansi saya lagi"})
    problem(r, 404)
    pemda.app.koreksi_saldo(pemda.nip["pegawai"], 2026, 2, "saldo dari instansi lama")
    moves = [(e.instansi_id, e.perubahan) for e in pemda.published()
             if isinstance(e, kontrak.CutiBalanceChangedV1) and e.nip == pemda.nip["pegawai"]]
    assert moves == [("pemkot-bandung", 12), ("pemkot-bandung", -3), ("pemprov-jabar", 2)]


async def test_cuti_sakit_is_extended_by_at_most_six_months(pemda) -> None:
    lampiran = {"nama_berkas": "surat-dokter.pdf", "sha256": "c" * 64}
    first = await pemda.ajukan("pegawai", "2026-07-01", "2027-06-30", jenis="SAKIT", lampiran=lampiran)
    assert first.status_code == 201, first.text
    too_long = await pemda.ajukan("pegawai", "2027-07-01", "2028-01-31", jenis="SAKIT", lampiran=lampiran)
    body = problem(too_long, 422)
    assert "2027-12-31" in body["detail"] and body["errors"][0]["field"] == "body.selesai"
    ok = await pemda.ajukan("pegawai", "2027-07-01", "2027-12-31", jenis="SAKIT", lampiran=lampiran)
    assert ok.status_code == 201, ok.text
