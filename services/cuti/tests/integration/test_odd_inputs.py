"""Odd but well-formed input (dates far in the past or future, years without rules or calendar,
unknown ids) is refused as a problem, never a 500."""

from __future__ import annotations

import pytest

C = "/api/cuti/v1"
ODD = [("0001-01-01", "0001-01-02"), ("9999-12-30", "9999-12-31"), ("2026-08-03", "9999-12-31"),
       ("2017-01-02", "2017-01-03"), ("2026-02-28", "2026-02-28")]


@pytest.mark.parametrize("jenis", ["TAHUNAN", "BESAR", "SAKIT", "MELAHIRKAN", "ALASAN_PENTING", "CLTN"])
async def test_odd_dates_are_refused_as_problems(pemda, jenis) -> None:
    for mulai, selesai in ODD:
        r = await pemda.ajukan("pegawai", mulai, selesai, jenis=jenis, anak_ke=1,
                               lampiran={"nama_berkas": "a.pdf", "sha256": "a" * 64})
        assert r.status_code in (409, 422), (jenis, mulai, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        r = await pemda.c.get(f"{C}/hari-kerja", params={"mulai": mulai, "selesai": selesai},
                              headers=pemda.t["lain"])
        if mulai == "2026-02-28":  # a Saturday: a fine question, zero working days
            assert r.json() == {"hari_kerja": 0, "libur": []}
        else:
            assert r.status_code == 422, r.text


async def test_years_without_rules_unknown_ids_and_nips_are_problems(pemda) -> None:
    for tahun in (2017, 2018, 2100):
        r = await pemda.c.get(f"{C}/pegawai/{pemda.nip['pegawai']}/saldo", params={"tahun": tahun},
                              headers=pemda.t["pegawai"])
        assert r.status_code in (200, 422), r.text
        r = await pemda.c.post(f"{C}/tutup-tahun/{tahun}", headers=pemda.t["admin"])
        assert r.status_code in (200, 422), r.text
    r = await pemda.c.get(f"{C}/pegawai/{pemda.nip['pegawai']}/saldo", params={"tahun": 2016},
                          headers=pemda.t["pegawai"])
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.tahun"
    r = await pemda.c.post(f"{C}/cuti/00000000-0000-0000-0000-000000000000/keputusan",
                           json={"hasil": "DISETUJUI"}, headers=pemda.t["kepala"])
    assert r.status_code == 404, r.text
    r = await pemda.c.post(f"{C}/cuti/bukan-uuid/keputusan", json={"hasil": "DISETUJUI"},
                           headers=pemda.t["kepala"])
    assert r.status_code == 422, r.text
    r = await pemda.c.get(f"{C}/pegawai/199001012015039999/saldo", headers=pemda.t["pegawai"])
    assert r.status_code == 404, r.text
