"""Riwayat with as-of reads, mutasi, status, atasan, and the organisation with Plt/Plh."""

from __future__ import annotations

from .conftest import INSTANSI, NIP, Api

P = f"/api/profile/v1/pegawai/{NIP['pegawai']}"  # TMT CPNS 2015-03


async def pangkat(api: Api, gol: str, tmt: str, tahun: int, bulan: int):
    return await api.post("admin", f"{P}/perubahan", {"jenis": "PANGKAT", "perubahan": {
        "golongan_ruang": gol, "tmt": tmt, "mkg_tahun": tahun, "mkg_bulan": bulan, "nomor_sk": "SK-1"}})


async def test_an_as_of_query_answers_before_and_after_a_pangkat_change(api: Api) -> None:
    assert (await pangkat(api, "III/a", "2015-03-01", 0, 0)).status_code == 200
    assert (await pangkat(api, "III/b", "2019-04-01", 4, 1)).status_code == 200

    before = (await api.get("admin", P, params={"per": "2019-03-31"})).json()
    after = (await api.get("admin", P, params={"per": "2019-04-01"})).json()
    assert before["pangkat"]["golongan_ruang"] == "III/a"
    assert before["masa_kerja_golongan"] == {"tahun": 4, "bulan": 0}
    assert after["pangkat"]["golongan_ruang"] == "III/b"
    assert after["masa_kerja_golongan"] == {"tahun": 4, "bulan": 1}
    assert before["per"] == "2019-03-31"

    # A correction recorded later but effective earlier changes what the past looks like.
    assert (await pangkat(api, "III/a", "2017-01-01", 1, 10)).status_code == 200
    corrected = (await api.get("admin", P, params={"per": "2018-01-01"})).json()
    assert corrected["pangkat"]["tmt"] == "2017-01-01"
    assert corrected["masa_kerja_golongan"] == {"tahun": 2, "bulan": 10}

    before_cpns = await api.get("admin", P, params={"per": "2015-02-28"})
    assert before_cpns.status_code == 404 and "TMT CPNS" in before_cpns.json()["detail"]
    assert (await api.get("admin", P, params={"per": "2019-02-30"})).status_code == 422


async def test_pmk_adds_to_and_cltn_takes_from_masa_kerja(api: Api) -> None:
    await pangkat(api, "III/a", "2015-03-01", 0, 0)
    r = await api.post("admin", f"{P}/perubahan", {"jenis": "PMK", "perubahan": {
        "tahun": 2, "bulan": 6, "tmt": "2016-01-01", "nomor_sk": "PMK-7"}})
    assert r.status_code == 200
    r = await api.post("admin", f"{P}/perubahan", {"jenis": "CLTN", "perubahan": {
        "mulai": "2018-01-01", "selesai": "2019-01-01", "nomor_sk": "CLTN-2"}})
    assert r.status_code == 200
    on = (await api.get("admin", P, params={"per": "2020-03-01"})).json()
    # 5 years since TMT + 2y6m PMK - 1 year CLTN = 6y6m
    assert on["masa_kerja_golongan"] == {"tahun": 6, "bulan": 6}


async def test_the_cpns_to_pns_appointment_is_a_dated_riwayat(api: Api) -> None:
    r = await api.post("admin", f"{P}/perubahan", {"jenis": "PENGANGKATAN_PNS", "perubahan": {
        "tmt_pns": "2016-04-01", "nomor_sk": "821.13/PNS/2016", "tanggal_sk": "2016-03-20"}})
    assert r.status_code == 200
    assert r.json()["riwayat"]["PENGANGKATAN_PNS"][0]["tmt_pns"] == "2016-04-01"
    before = (await api.get("admin", P, params={"per": "2016-03-31"})).json()
    assert before["riwayat"]["PENGANGKATAN_PNS"] == []  # not yet in force then


async def test_decisions_are_checked_against_the_record(api: Api) -> None:
    early = await pangkat(api, "III/a", "2014-01-01", 0, 0)
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "body.perubahan.tmt"
    pppk = await pangkat(api, "IX", "2016-01-01", 0, 0)
    assert pppk.status_code == 422 and "golongan" in pppk.json()["detail"]
    assert (await api.post("pegawai", f"{P}/perubahan", {"jenis": "PMK", "perubahan": {}})).status_code == 403


async def test_mutasi_status_and_atasan_are_dated_history(api: Api) -> None:
    r = await api.post("admin", f"{P}/mutasi", {"instansi_id": INSTANSI, "unit_id": "bappeda", "tmt": "2022-07-01"})
    assert r.status_code == 200 and r.json()["unit_id"] == "bappeda"
    assert (await api.get("admin", P, params={"per": "2022-06-30"})).json()["unit_id"] == "setda"
    same = await api.post("admin", f"{P}/mutasi", {"instansi_id": INSTANSI, "unit_id": "bappeda", "tmt": "2023-01-01"})
    assert same.status_code == 422

    r = await api.post("admin", f"{P}/atasan", {"nip_atasan": NIP["pejabat"], "tmt": "2022-07-01"})
    assert r.status_code == 200 and r.json()["nip_atasan"] == NIP["pejabat"]
    assert (await api.post("admin", f"{P}/atasan", {"nip_atasan": NIP["pegawai"], "tmt": "2022-07-01"})).status_code == 422

    r = await api.post("admin", f"{P}/status", {"status": "CLTN", "tmt": "2024-01-01", "alasan": "mengikuti suami"})
    assert r.status_code == 200 and r.json()["status"] == "CLTN"
    assert (await api.get("admin", P, params={"per": "2023-12-31"})).json()["status"] == "AKTIF"

    # Pindah instansi: the old instansi no longer sees the pegawai.
    r = await api.post("admin", f"{P}/mutasi", {"instansi_id": "pemprov-jabar", "unit_id": "bkd", "tmt": "2025-01-01"})
    assert r.status_code == 200 and r.json()["instansi_id"] == "pemprov-jabar"
    assert (await api.get("admin", P)).status_code == 404
    assert (await api.get("pegawai", P)).status_code == 200  # the pegawai still sees themself


async def test_organisation_units_jabatan_and_plt(api: Api) -> None:
    base = "/api/profile/v1/instansi"
    r = await api.post("admin", base, {"instansi_id": INSTANSI, "nama": "Pemerintah Kota Bandung"})
    assert r.status_code == 201
    assert (await api.post("admin", base, {"instansi_id": INSTANSI, "nama": "x"})).status_code == 409
    assert (await api.post("admin", base, {"instansi_id": "pemkab-sleman", "nama": "x"})).status_code == 403
    assert (await api.post("admin", f"{base}/{INSTANSI}/unit", {"unit_id": "setda", "nama": "Sekretariat Daerah"})).status_code == 201
    bad_tz = await api.post("admin", f"{base}/{INSTANSI}/unit", {"unit_id": "x", "nama": "X", "zona_waktu": "Europe/Paris"})
    assert bad_tz.status_code == 422 and bad_tz.json()["errors"][0]["field"] == "body.zona_waktu"
    orphan = await api.post("admin", f"{base}/{INSTANSI}/unit", {"unit_id": "y", "nama": "Y", "induk_id": "nope"})
    assert orphan.status_code == 404
    r = await api.post("admin", f"{base}/{INSTANSI}/unit", {"unit_id": "bagian-umum", "nama": "Bagian Umum", "induk_id": "setda"})
    assert r.json()["units"][-1]["zona_waktu"] == "Asia/Jakarta"
    r = await api.post("admin", f"{base}/{INSTANSI}/jabatan", {
        "jabatan_id": "kabag-umum", "nama": "Kepala Bagian Umum", "kelas_jabatan": 11,
        "unit_id": "bagian-umum", "jenis": "STRUKTURAL"})
    assert r.status_code == 201
    bad_kelas = await api.post("admin", f"{base}/{INSTANSI}/jabatan", {
        "jabatan_id": "j2", "nama": "J", "kelas_jabatan": 18, "unit_id": "setda", "jenis": "PELAKSANA"})
    assert bad_kelas.status_code == 422

    # With the organisation registered, jabatan and units are checked and filled from it.
    r = await api.post("admin", f"{P}/perubahan", {"jenis": "JABATAN", "perubahan": {
        "jabatan_id": "kabag-umum", "tmt": "2023-01-02"}})
    assert r.status_code == 200 and r.json()["jabatan"]["kelas_jabatan"] == 11
    unknown = await api.post("admin", f"{P}/perubahan", {"jenis": "JABATAN", "perubahan": {
        "jabatan_id": "nope", "tmt": "2023-01-02"}})
    assert unknown.status_code == 404
    assert (await api.post("admin", "/api/profile/v1/pegawai", {
        "nip": "199505052020121007", "nama": "Baru", "instansi_id": INSTANSI, "unit_id": "nope"})).status_code == 404

    plt = {"jabatan_id": "kabag-umum", "nip": NIP["pejabat"], "jenis": "PLT", "mulai": "2026-01-01", "selesai": "2026-03-31"}
    assert (await api.post("admin", f"{base}/{INSTANSI}/plt", plt)).status_code == 201
    assert (await api.post("admin", f"{base}/{INSTANSI}/plt", {**plt, "nip": NIP["verifikator"], "mulai": "2026-03-01"})).status_code == 409
    plh = {**plt, "nip": NIP["verifikator"], "jenis": "PLH", "mulai": "2026-02-10", "selesai": "2026-02-12"}
    assert (await api.post("admin", f"{base}/{INSTANSI}/plt", plh)).status_code == 201
    backwards = await api.post("admin", f"{base}/{INSTANSI}/plt", {**plt, "mulai": "2026-05-01", "selesai": "2026-04-01"})
    assert backwards.status_code == 422

    async def acting(per: str) -> str | None:
        r = await api.get("pegawai", f"{base}/{INSTANSI}/plt/kabag-umum", params={"per": per})
        return (r.json()["plt"] or {}).get("nip")

    assert await acting("2026-01-15") == NIP["pejabat"]
    assert await acting("2026-02-11") == NIP["verifikator"]  # Plh stands in for those days
    assert await acting("2026-04-01") is None
    assert (await api.get("verifikator_other", f"{base}/{INSTANSI}")).status_code == 404


async def test_every_endpoint_documents_its_errors(api: Api) -> None:
    spec = (await api.client.get("/openapi.json")).json()
    for path, ops in spec["paths"].items():
        if path in ("/healthz", "/readyz", "/metrics"):
            continue
        for method, op in ops.items():
            documented = set(op["responses"])
            assert {"401", "422"} <= documented, f"{method.upper()} {path} documents {documented}"
            for status in documented - {"200", "201"}:
                assert "application/problem+json" in op["responses"][status]["content"], (method, path, status)
