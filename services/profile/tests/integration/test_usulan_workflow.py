"""The self-update workflow, step by step, for every role — including the forbidden ones."""

from __future__ import annotations

from .conftest import NIP, PDF, Api

U = "/api/profile/v1/usulan"


async def berkas(api: Api, who: str = "pegawai") -> str:
    r = await api.client.post("/api/profile/v1/berkas", content=PDF,
                              headers={**api.tokens[who], "Content-Type": "application/pdf"})
    assert r.status_code == 201, r.text
    return r.json()["sha256"]


async def submit(api: Api, perubahan: dict | None = None) -> dict:
    body = {"nip": NIP["pegawai"], "jenis": "DATA_PRIBADI",
            "perubahan": perubahan or {"alamat": "Jl. Merdeka No. 10, Bandung", "telepon": "081234567890"},
            "berkas": [await berkas(api)]}
    r = await api.post("pegawai", U, body)
    assert r.status_code == 201, r.text
    return r.json()


async def test_propose_return_with_reason_resubmit_verify_and_approve(api: Api) -> None:
    usulan = await submit(api)
    uid = usulan["usulan_id"]
    assert usulan["status"] == "DIAJUKAN"

    r = await api.post("verifikator", f"{U}/{uid}/kembalikan", {"alasan": "Nomor telepon tidak sesuai KTP"})
    assert r.status_code == 200 and r.json()["status"] == "DIKEMBALIKAN"
    assert r.json()["langkah"][-1]["alasan"] == "Nomor telepon tidak sesuai KTP"
    # A returned usulan can be neither verified nor approved until it is resubmitted.
    assert (await api.post("verifikator", f"{U}/{uid}/verifikasi", {})).status_code == 409

    fixed = {"alamat": "Jl. Merdeka No. 10, Bandung", "telepon": "081298765432"}
    r = await api.post("pegawai", f"{U}/{uid}/ajukan-ulang", {"perubahan": fixed, "berkas": [await berkas(api)]})
    assert r.status_code == 200 and r.json()["status"] == "DIAJUKAN"

    assert (await api.post("pejabat", f"{U}/{uid}/setujui")).status_code == 409  # not verified yet
    r = await api.post("verifikator", f"{U}/{uid}/verifikasi", {"catatan": "Sesuai berkas"})
    assert r.status_code == 200 and r.json()["status"] == "DIVERIFIKASI"
    r = await api.post("pejabat", f"{U}/{uid}/setujui")
    assert r.status_code == 200 and r.json()["status"] == "DISETUJUI"
    assert [s["status"] for s in r.json()["langkah"]] == [
        "DIAJUKAN", "DIKEMBALIKAN", "DIAJUKAN", "DIVERIFIKASI", "DISETUJUI"]

    mine = (await api.get("pegawai", f"/api/profile/v1/pegawai/{NIP['pegawai']}")).json()
    assert mine["data_pribadi"] == fixed
    # Personal data is for the pegawai and the instansi's data officers, not for others.
    assert "data_pribadi" not in (await api.get("bkn", f"/api/profile/v1/pegawai/{NIP['pegawai']}")).json()
    assert (await api.post("pejabat", f"{U}/{uid}/setujui")).status_code == 409  # once only


async def test_the_pejabat_may_return_a_verified_usulan(api: Api) -> None:
    uid = (await submit(api))["usulan_id"]
    assert (await api.post("verifikator", f"{U}/{uid}/verifikasi", {})).status_code == 200
    assert (await api.post("verifikator", f"{U}/{uid}/kembalikan", {"alasan": "terlambat sekali"})).status_code == 403
    r = await api.post("pejabat", f"{U}/{uid}/kembalikan", {"alasan": "Berkas KTP tidak terbaca"})
    assert r.status_code == 200 and r.json()["status"] == "DIKEMBALIKAN"


async def test_forbidden_steps_for_each_role(api: Api) -> None:
    sha = await berkas(api)
    base = {"nip": NIP["pegawai"], "jenis": "DATA_PRIBADI", "perubahan": {"alamat": "Jl. Asia Afrika 1"},
            "berkas": [sha]}
    # Only the pegawai proposes, and only for themself.
    assert (await api.post("lain", U, base)).status_code == 403
    assert (await api.post("admin", U, base)).status_code == 403
    assert (await api.post("verifikator", U, {**base, "nip": NIP["verifikator"]})).status_code == 201

    uid = (await submit(api))["usulan_id"]
    for who in ("pegawai", "lain", "pejabat", "admin"):  # verification is the verifikator's
        assert (await api.post(who, f"{U}/{uid}/verifikasi", {})).status_code == 403, who
    own = await api.post("pegawai_as_officer", f"{U}/{uid}/verifikasi", {})
    assert own.status_code == 403 and "own" in own.json()["detail"]
    assert (await api.post("verifikator_other", f"{U}/{uid}/verifikasi", {})).status_code == 404
    assert (await api.post("bkn", f"{U}/{uid}/verifikasi", {})).status_code == 404

    assert (await api.post("verifikator", f"{U}/{uid}/verifikasi", {})).status_code == 200
    for who in ("pegawai", "lain", "verifikator", "admin"):  # approval is the pejabat's
        assert (await api.post(who, f"{U}/{uid}/setujui")).status_code == 403, who
    own = await api.post("pegawai_as_officer", f"{U}/{uid}/setujui")
    assert own.status_code == 403 and "own" in own.json()["detail"]
    assert (await api.post("verifikator_other", f"{U}/{uid}/setujui")).status_code == 404

    # Only the owner resubmits, and others cannot even see the usulan.
    assert (await api.post("pejabat", f"{U}/{uid}/kembalikan", {"alasan": "Perlu KTP baru"})).status_code == 200
    assert (await api.post("lain", f"{U}/{uid}/ajukan-ulang", {"perubahan": {"alamat": "Jl. Braga 2"},
                                                              "berkas": [sha]})).status_code == 404
    assert (await api.get("lain", f"{U}/{uid}")).status_code == 404
    assert (await api.get("verifikator", f"{U}/{uid}")).status_code == 200
    assert (await api.get("pegawai", f"{U}/{uid}")).status_code == 200


async def test_an_usulan_is_checked_when_proposed(api: Api) -> None:
    sha = await berkas(api)
    bad_phone = await api.post("pegawai", U, {"nip": NIP["pegawai"], "jenis": "DATA_PRIBADI",
                                              "perubahan": {"telepon": "call me"}, "berkas": [sha]})
    assert bad_phone.status_code == 422
    assert bad_phone.json()["errors"][0]["field"] == "body.perubahan.telepon"
    unknown = await api.post("pegawai", U, {"nip": NIP["pegawai"], "jenis": "DATA_PRIBADI",
                                            "perubahan": {"gaji": 1}, "berkas": [sha]})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "body.perubahan.gaji"
    missing = await api.post("pegawai", U, {"nip": NIP["pegawai"], "jenis": "DATA_PRIBADI",
                                            "perubahan": {"alamat": "Jl. Dago 5"}, "berkas": ["0" * 64]})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "body.berkas.0"
    nothing = await api.post("pegawai", U, {"nip": NIP["pegawai"], "jenis": "DATA_PRIBADI",
                                            "perubahan": {"nama": "Pegawai Test"}, "berkas": [sha]})
    assert nothing.status_code == 422 and "changes nothing" in nothing.json()["detail"]
    skp = await api.post("pegawai", U, {"nip": NIP["pegawai"], "jenis": "SKP",
                                        "perubahan": {"tahun": 2025, "predikat": "BAIK", "tanggal": "2026-01-10"},
                                        "berkas": [sha]})
    assert skp.status_code == 422 and skp.json()["errors"][0]["field"] == "body.jenis"
    wrong_gol = await api.post("pegawai", U, {"nip": NIP["pegawai"], "jenis": "PANGKAT",
                                              "perubahan": {"golongan_ruang": "V/a", "tmt": "2020-04-01",
                                                            "mkg_tahun": 5, "mkg_bulan": 0}, "berkas": [sha]})
    assert wrong_gol.status_code == 422 and "golongan" in wrong_gol.json()["detail"]


async def test_evidence_files_are_sniffed_and_limited(api: Api) -> None:
    url = "/api/profile/v1/berkas"
    gif = await api.client.post(url, content=b"GIF89a....", headers={**api.tokens["pegawai"], "Content-Type": "image/gif"})
    assert gif.status_code == 422
    lying = await api.client.post(url, content=PDF, headers={**api.tokens["pegawai"], "Content-Type": "image/png"})
    assert lying.status_code == 422
    big = await api.client.post(url, content=b"%PDF-" + b"x" * (3 * 1024 * 1024),
                                headers={**api.tokens["pegawai"], "Content-Type": "application/pdf"})
    assert big.status_code == 413
    assert (await api.client.post(url, content=PDF, headers={"Content-Type": "application/pdf"})).status_code == 401
