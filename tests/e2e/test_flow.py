"""The whole flow of issue #12 on `simpeg run --demo --demo-kecil`, through the gateway only, with
tokens from the dev identity provider's password grant:

pegawai.bandung checks in at the Balai Kota geofence with a photo, asks for cuti on upcoming
working days; atasan.bandung considers, pejabat.bandung decides; surat drafts the surat izin
cuti, the kasubbid and the kabid initial it and the kepala signs; attendance shows those days
as CUTI, TPP's provisional month carries the leave, and the monitoring dashboard counts the
check-in. Loading the demo a second time changes no count.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml
from PIL import Image

from simpeg_shared.demo import data
from tests.suite import cli, demo_suite, until

WIB = ZoneInfo("Asia/Jakarta")
USERS = yaml.safe_load((Path(__file__).resolve().parents[2] / "services/gateway/src/simpeg_gateway/"
                        "demo_users.yaml").read_text())["users"]


@pytest.fixture(scope="module")
def suite(databases: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with demo_suite(databases, tmp_path_factory.mktemp("flow") / "var") as running:
        yield running


@pytest.fixture(scope="module")
def login(suite: dict[str, Any]) -> Callable[[str], dict[str, str]]:
    tokens: dict[str, dict[str, str]] = {}

    def get(user: str) -> dict[str, str]:
        if user not in tokens:
            r = httpx.post(f"{suite['gateway']}/auth/token", timeout=30, data={
                "grant_type": "password", "client_id": "simpeg-mobile", "username": user,
                "password": suite["password"]})
            assert r.status_code == 200, r.text
            tokens[user] = {"Authorization": f"Bearer {r.json()['access_token']}"}
        return tokens[user]
    return get


def jpeg() -> bytes:
    rng = random.Random()
    img = Image.new("RGB", (96, 96))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(96 * 96)])
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue()


def upcoming_tuesday() -> dt.date:
    day = dt.datetime.now(WIB).date() + dt.timedelta(days=7)
    while day.weekday() != 1:
        day += dt.timedelta(days=1)
    return day


def test_check_in_cuti_surat_daily_status_tpp_and_dashboard(
        suite: dict[str, Any], login: Callable[[str], dict[str, str]]) -> None:
    gw = suite["gateway"]
    nip = USERS["pegawai.bandung"]["nip"]
    office = data.kecil()[0].unit("bkpsdm").lokasi[0]
    http = httpx.Client(base_url=gw, timeout=30)

    # check-in inside the Balai Kota geofence, multipart with a photo
    r = http.post("/api/attendance/v1/presensi", headers=login("pegawai.bandung"), data={
        "jenis": "MASUK", "lat": str(office.lat + 0.0002), "lon": str(office.lon), "akurasi_m": "8",
        "perangkat_id": "android-demo-1", "lokasi_palsu": "false",
        "waktu_ponsel": dt.datetime.now(dt.UTC).isoformat()},
        files={"foto": ("foto.jpg", jpeg(), "image/jpeg")})
    assert r.status_code == 201, r.text
    checkin = r.json()
    assert checkin["lokasi_id"] == office.lokasi_id and checkin["status"] == "DITERIMA", checkin

    # cuti on two upcoming working days: atasan considers, the authorised official decides
    mulai = upcoming_tuesday()
    selesai = mulai + dt.timedelta(days=1)
    r = http.post("/api/cuti/v1/cuti", headers=login("pegawai.bandung"), json={
        "jenis": "TAHUNAN", "mulai": mulai.isoformat(), "selesai": selesai.isoformat(),
        "alasan": "acara keluarga", "alamat_selama_cuti": "Jl. Contoh No. 1, Garut"})
    assert r.status_code == 201, r.text
    cuti = r.json()
    assert USERS["atasan.bandung"]["nip"] in cuti["diteruskan_ke"], cuti
    cid = cuti["id"]
    r = http.post(f"/api/cuti/v1/cuti/{cid}/pertimbangan", headers=login("atasan.bandung"),
                  json={"pertimbangan": "DISETUJUI"})
    assert r.status_code == 200, r.text
    assert USERS["pejabat.bandung"]["nip"] in r.json()["diteruskan_ke"]
    r = http.post(f"/api/cuti/v1/cuti/{cid}/keputusan", headers=login("pejabat.bandung"),
                  json={"hasil": "DISETUJUI"})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "DISETUJUI"

    # surat drafts the surat izin cuti; kasubbid and kabid initial it, the kepala signs
    def task() -> Any:
        r = http.get("/api/surat/v1/tugas", headers=login("verifikator.bandung"))
        assert r.status_code == 200, r.text
        return next((t for t in r.json() if t["jenis"] == "SURAT_IZIN_CUTI"), None)

    surat_id = until("the surat izin cuti in the kasubbid's tasks", task, timeout=60)["surat_id"]
    for who in ("verifikator.bandung", "atasan.bandung"):
        r = http.post(f"/api/surat/v1/surat/{surat_id}/paraf", headers=login(who))
        assert r.status_code == 200, (who, r.text)
    r = http.post(f"/api/surat/v1/surat/{surat_id}/tanda-tangan", headers=login("pejabat.bandung"))
    assert r.status_code == 200, r.text
    nomor = r.json()["nomor"]
    assert nomor and r.json()["status"] in ("DITANDATANGANI", "TERKIRIM"), r.json()
    pdf = http.get(f"/api/surat/v1/surat/{surat_id}/pdf", headers=login("pegawai.bandung"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    until("the signed letter's number on the cuti", lambda: (http.get(
        f"/api/cuti/v1/cuti/{cid}", headers=login("pegawai.bandung")).json().get("surat_izin") or {}
    ).get("nomor") == nomor)

    # attendance: the days of the leave show CUTI (provisional until they close)
    def days() -> Any:
        r = http.get(f"/api/attendance/v1/harian/{nip}", headers=login("pegawai.bandung"),
                     params={"mulai": mulai.isoformat(), "selesai": selesai.isoformat()})
        assert r.status_code == 200, r.text
        return {d["tanggal"]: d["status"] for d in r.json()["rencana"]} or None

    status = until("CUTI in attendance", days)
    assert set(status) <= {mulai.isoformat(), selesai.isoformat()}
    assert "CUTI" in status.values() and set(status.values()) <= {"CUTI", "LIBUR"}, status

    # TPP: the provisional month of the leave carries it (no cut will apply to those days)
    bulan = f"{mulai:%Y-%m}"

    def slip() -> Any:
        r = http.get(f"/api/tpp/v1/pegawai/{nip}/slip", headers=login("pegawai.bandung"),
                     params={"bulan": bulan})
        assert r.status_code == 200, r.text
        return r.json() if any(c["cuti_id"] == cid for c in r.json()["cuti"]) else None

    s = until("the leave in TPP's provisional month", slip)
    assert s["status"] == "SEMENTARA"

    # monitoring: today's figures of pemkot-bandung count the check-in
    def harian() -> Any:
        r = http.get("/api/monitoring/v1/instansi/pemkot-bandung/harian",
                     headers=login("admin.bandung"), params={"tanggal": checkin["tanggal"]})
        assert r.status_code == 200, r.text
        return r.json() if r.json()["hadir_sejauh_ini"] >= 1 else None

    figures = until("the check-in on the dashboard", harian)
    assert figures["pegawai"] >= len(data.kecil()[0].pegawai)


def _counts(gw: str, login: Callable[[str], dict[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    with httpx.Client(base_url=gw, timeout=30) as http:
        for user, inst in (("admin.bandung", "pemkot-bandung"), ("admin.jayapura", "pemkab-jayapura")):
            h = login(user)
            ring = http.get(f"/api/monitoring/v1/instansi/{inst}/ringkasan", headers=h).json()
            org = http.get(f"/api/profile/v1/instansi/{inst}", headers=h).json()
            lokasi = http.get("/api/attendance/v1/unit/bkpsdm", headers=h).json()
            out[inst] = (ring["jumlah_pegawai"], ring["jumlah_unit"], len(org["units"]),
                         len(org["jabatan"]), len(lokasi["jadwal"]), sorted(lokasi["lokasi"]))
    return out


def test_loading_the_demo_again_changes_no_count(
        suite: dict[str, Any], login: Callable[[str], dict[str, str]]) -> None:
    before = _counts(suite["gateway"], login)
    assert before["pemkot-bandung"][0] == len(data.kecil()[0].pegawai)
    out = cli(suite["env"], "demo", "--kecil")
    assert "'perintah': 0" in out, out
    time.sleep(1.5)  # anything it had sent would have reached monitoring by now
    assert _counts(suite["gateway"], login) == before


def test_another_instansi_is_told_nothing_exists(
        suite: dict[str, Any], login: Callable[[str], dict[str, str]]) -> None:
    """Instansi isolation, generated from the routes: every GET of the suite that names a pegawai
    or an instansi, asked by pemkab-jayapura's user about pemkot-bandung's pegawai.bandung (whose
    records the flow above made). Where Bandung's own user of the same role gets 200, Jayapura's
    gets 404 for a pegawai (existence does not leak) and 403 or 404 for an instansi; never 2xx."""
    from simpeg_shared.http.authz import matrix
    from tests.authz.test_matrix import sample

    rules = {key: rule for name in ("profile", "attendance", "kinerja", "cuti", "kgb", "surat",
                                    "tpp", "monitoring") for key, rule in matrix(f"simpeg_{name}").items()}
    pairs = [(u.split(".")[0], set(v["roles"])) for u, v in USERS.items() if u.endswith(".bandung")]
    spec = httpx.get(f"{suite['gateway']}/openapi.json", timeout=30).json()
    proven, refused = [], []
    with httpx.Client(base_url=suite["gateway"], timeout=30) as http:
        for path, item in spec["paths"].items():
            op = item.get("get")
            if op is None or not ("{nip}" in path or "{instansi_id}" in path):
                continue
            rule = rules[("GET", path)]
            if rule.publik:
                continue
            who = next((p for p, roles in pairs
                        if rule.roles is None or roles & {r.value for r in rule.roles}), None)
            assert who, f"GET {path}: no demo user holds a role of its rule"
            url, query = path, {}
            for prm in op.get("parameters", []):
                if prm["in"] == "path":
                    url = url.replace("{" + prm["name"] + "}", sample(prm))
                elif prm["in"] == "query" and prm.get("required"):
                    query[prm["name"]] = sample(prm)
            own = http.get(url, params=query, headers=login(f"{who}.bandung"))
            foreign = http.get(url, params=query, headers=login(f"{who}.jayapura"))
            assert foreign.status_code not in range(200, 300), (path, foreign.text[:300])
            if own.status_code != 200:
                continue
            if "{nip}" in path:
                assert foreign.status_code == 404, (path, foreign.status_code, foreign.text[:300])
                assert foreign.headers["content-type"] == "application/problem+json"
            else:
                assert foreign.status_code in (403, 404), (path, foreign.status_code)
            proven.append(path)
    print(f"\ninstansi isolation shown on {len(proven)} endpoints: {sorted(proven)}")
    assert len(proven) >= 10, proven
