"""The web portal in Debian's headless chromium (Playwright; never a downloaded browser) against
the real suite with the small demo data: `simpeg run --demo --demo-kecil`, through the gateway
only. A fake camera stream and a fake position stand in for the phone's.

Covered: the OIDC login with PKCE, a check-in inside the office geofence, one outside it with its
message, one taken offline and sent after reconnecting with its capture time, a cuti request
considered and decided by two other users in their own browser contexts, and the surat izin
cuti that follows, initialled and signed in the browser.

``SIMPEG_UPDATE_SCREENSHOTS=1`` writes the screenshots to ``docs/portal-*.png``.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.suite import demo_suite, until

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
BALAI_KOTA = {"latitude": -6.911420, "longitude": 107.609760, "accuracy": 12}   # demo.yaml, bkpsdm
GEDUNG_SATE = {"latitude": -6.902480, "longitude": 107.618810, "accuracy": 12}  # ~1.4 km away
PEGAWAI, ATASAN, PEJABAT = "pegawai.bandung", "atasan.bandung", "pejabat.bandung"
PEGAWAI_NIP = "199003152015031001"
TIMEOUT = 20_000



@pytest.fixture(scope="module")
def suite(databases: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    with demo_suite(databases, tmp_path_factory.mktemp("portal") / "var",
                    timeout=300) as running:
        yield running


@pytest.fixture(scope="module")
def browser(suite: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), (
        f"Debian's chromium is missing at {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"])
        yield b
        b.close()


class Portal:
    """One user's browser context, signed in through the portal's login."""

    def __init__(self, browser: Any, suite: dict[str, Any], user: str, where: dict[str, float],
                 shots: Path) -> None:
        self.gateway, self.shots = suite["gateway"], shots
        self.context = browser.new_context(
            viewport={"width": 412, "height": 915}, locale="id-ID", timezone_id="Asia/Jakarta",
            geolocation=where, permissions=["geolocation", "camera"])
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(f"{self.gateway}/")
        self.page.click("#masuk")
        self.page.wait_for_url("**/auth/authorize?**")
        self.page.fill("#username", user)
        self.page.fill("#password", suite["password"])
        self.page.click("button[type=submit]")
        self.page.wait_for_selector("#navigasi:not([hidden])", timeout=TIMEOUT)

    def open(self, route: str) -> None:
        """Show a page afresh (the same hash again is no navigation: reload then)."""
        url = f"{self.gateway}/#/{route}"
        if self.page.url == url:
            self.page.reload()
        else:
            self.page.goto(url)

    def go(self, route: str, ready: str) -> None:
        self.open(route)
        self.page.wait_for_selector(ready, timeout=TIMEOUT)

    def token(self) -> str:
        return self.page.evaluate("sessionStorage.getItem('simpeg.token')")

    def api(self, path: str) -> Any:
        r = httpx.get(f"{self.gateway}/api/{path}", headers={"Authorization": f"Bearer {self.token()}"},
                      timeout=15)
        assert r.status_code == 200, r.text
        return r.json()

    def shot(self, name: str, focus: str | None = None) -> None:
        if focus:  # what the screenshot is about, in the middle of the phone's screen
            self.page.eval_on_selector(focus, "e => e.scrollIntoView({block: 'center'})")
        self.page.screenshot(path=str(self.shots / f"portal-{name}.png"), full_page=False)
        if os.environ.get("SIMPEG_UPDATE_SCREENSHOTS") == "1":
            self.page.screenshot(path=str(ROOT / "docs" / f"portal-{name}.png"), full_page=False)

    def close(self) -> None:
        assert not self.errors, self.errors
        self.context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("layar")


@pytest.fixture(scope="module")
def pegawai(browser: Any, suite: dict[str, Any], shots: Path) -> Iterator[Portal]:
    p = Portal(browser, suite, PEGAWAI, BALAI_KOTA, shots)
    yield p
    p.close()


@pytest.fixture(scope="module")
def atasan(browser: Any, suite: dict[str, Any], shots: Path) -> Iterator[Portal]:
    p = Portal(browser, suite, ATASAN, BALAI_KOTA, shots)
    yield p
    p.close()


@pytest.fixture(scope="module")
def pejabat(browser: Any, suite: dict[str, Any], shots: Path) -> Iterator[Portal]:
    p = Portal(browser, suite, PEJABAT, BALAI_KOTA, shots)
    yield p
    p.close()


def test_login_shows_the_pegawai_and_today(pegawai: Portal) -> None:
    page = pegawai.page
    assert page.url.startswith(f"{pegawai.gateway}/#/beranda"), page.url  # the code is gone from the URL
    page.wait_for_selector("main h1:has-text('Budi Santoso')", timeout=TIMEOUT)
    assert "Budi Santoso" in page.inner_text("#pengguna")
    assert "Presensi hari ini" in page.inner_text("main")
    page.wait_for_selector("text=hari tersedia")
    pegawai.shot("beranda")


def test_check_in_inside_the_geofence_is_accepted(pegawai: Portal) -> None:
    page = pegawai.page
    pegawai.go("presensi", "#status-kamera:has-text('Kamera siap')")
    page.click("#presensi-masuk")
    result = page.wait_for_selector("#hasil-presensi .hasil[data-status]", timeout=TIMEOUT)
    assert result.get_attribute("data-status") == "DITERIMA", result.inner_text()
    assert "Presensi masuk tercatat" in result.inner_text()
    checkin = pegawai.api(f"attendance/v1/presensi/{result.get_attribute('data-checkin')}")
    assert checkin["lokasi_id"] == "balai-kota" and not checkin["offline"] and checkin["nip"] == PEGAWAI_NIP
    page.wait_for_selector(f"#presensi-hari-ini [data-checkin='{checkin['checkin_id']}']")
    pegawai.shot("presensi", "#hasil-presensi")


def test_check_in_outside_the_geofence_says_so_and_waits_for_review(pegawai: Portal, atasan: Portal) -> None:
    page = pegawai.page
    pegawai.context.set_geolocation(GEDUNG_SATE)
    page.click("#presensi-pulang")
    result = page.wait_for_selector("#hasil-presensi .hasil[data-status]", timeout=TIMEOUT)
    assert result.get_attribute("data-status") == "MENUNGGU_REVIEW", result.inner_text()
    message = page.inner_text("#pesan-di-luar")
    assert "di luar lokasi kerja" in message and "ditinjau" in message
    checkin_id = result.get_attribute("data-checkin")
    checkin = pegawai.api(f"attendance/v1/presensi/{checkin_id}")
    assert checkin["lokasi_id"] is None and checkin["jarak_meter"] > 1000
    assert "DI_LUAR_LOKASI" in [a["kode"] for a in checkin["alasan_risiko"]]
    pegawai.shot("presensi-di-luar", "#hasil-presensi")

    # the atasan finds it in the review queue and approves it with a reason
    atasan.go("persetujuan", f"#antrean-review [data-checkin='{checkin_id}']")
    item = f"#antrean-review [data-checkin='{checkin_id}']"
    assert "Di luar lokasi kerja" in atasan.page.inner_text(item)
    atasan.page.fill(f"{item} input[name=alasan]", "Rapat koordinasi di Gedung Sate")
    atasan.page.click(f"{item} button[value=DISETUJUI]")
    atasan.page.wait_for_selector(f"{item} [data-status=DISETUJUI]", timeout=TIMEOUT)
    assert pegawai.api(f"attendance/v1/presensi/{checkin_id}")["status"] == "DISETUJUI"
    pegawai.context.set_geolocation(BALAI_KOTA)


def test_offline_check_in_is_queued_and_sent_with_its_capture_time(pegawai: Portal) -> None:
    page = pegawai.page
    before = {c["checkin_id"] for c in pegawai.api(
        f"attendance/v1/harian/{PEGAWAI_NIP}?mulai={_today()}&selesai={_today()}")["checkin"]}
    pegawai.context.set_offline(True)
    page.wait_for_selector("#jaringan:not([hidden])")
    page.click("#presensi-masuk")
    page.wait_for_selector("#presensi-luring", timeout=TIMEOUT)
    page.wait_for_selector("#antrean [data-antrean]")
    captured = dt.datetime.now(dt.UTC)
    pegawai.shot("presensi-luring", "#antrean")
    time.sleep(2)  # the capture is older than the upload: the server keeps the capture time

    pegawai.context.set_offline(False)
    result = page.wait_for_selector("#hasil-presensi .hasil[data-status]", timeout=TIMEOUT)
    assert "diambil luring" in result.inner_text()
    page.wait_for_selector("#antrean [data-antrean]", state="detached", timeout=TIMEOUT)
    checkin = pegawai.api(f"attendance/v1/presensi/{result.get_attribute('data-checkin')}")
    assert checkin["checkin_id"] not in before and checkin["offline"] and checkin["jenis"] == "MASUK"
    waktu = dt.datetime.fromisoformat(checkin["waktu"])
    assert abs((waktu - captured).total_seconds()) < 2, (waktu, captured)


def test_cuti_request_is_considered_and_approved_by_other_users(
        pegawai: Portal, atasan: Portal, pejabat: Portal) -> None:
    mulai = _next_monday(dt.date.today() + dt.timedelta(days=14))
    pegawai.go("cuti", "#saldo-cuti dl")
    page = pegawai.page
    page.select_option("#form-cuti select[name=jenis]", "TAHUNAN")
    page.fill("#form-cuti input[name=mulai]", mulai.isoformat())
    page.fill("#form-cuti input[name=selesai]", (mulai + dt.timedelta(days=1)).isoformat())
    page.dispatch_event("#form-cuti input[name=selesai]", "change")
    page.wait_for_selector("#hari-kerja:has-text('2 hari kerja')")
    page.fill("#form-cuti textarea[name=alasan]", "Urusan keluarga di Garut")
    page.fill("#form-cuti textarea[name=alamat]", "Jl. Cimanuk No. 10, Garut")
    page.click("#form-cuti button[type=submit]")
    page.wait_for_selector("#form-cuti .keadaan.sukses", timeout=TIMEOUT)
    item = page.wait_for_selector("#daftar-cuti [data-status=MENUNGGU_PERTIMBANGAN]")
    cuti_id = item.get_attribute("data-cuti")
    pegawai.shot("cuti")

    # the atasan langsung considers it in their own browser
    _open_when_listed(atasan, f"#antrean-cuti li[data-cuti='{cuti_id}'] form")
    atasan.shot("persetujuan")
    atasan.page.select_option(f"#antrean-cuti li[data-cuti='{cuti_id}'] select[name=hasil]", "DISETUJUI")
    atasan.page.click(f"#antrean-cuti li[data-cuti='{cuti_id}'] button[type=submit]")
    atasan.page.wait_for_selector(f"#antrean-cuti li[data-cuti='{cuti_id}'] [data-status=MENUNGGU_KEPUTUSAN]",
                                  timeout=TIMEOUT)

    # the official with authority decides in a third
    _open_when_listed(pejabat, f"#antrean-cuti li[data-cuti='{cuti_id}'][data-status=MENUNGGU_KEPUTUSAN] form")
    pejabat.page.select_option(f"#antrean-cuti li[data-cuti='{cuti_id}'] select[name=hasil]", "DISETUJUI")
    pejabat.page.click(f"#antrean-cuti li[data-cuti='{cuti_id}'] button[type=submit]")
    pejabat.page.wait_for_selector(f"#antrean-cuti li[data-cuti='{cuti_id}'] [data-status=DISETUJUI]",
                                   timeout=TIMEOUT)

    pegawai.go("cuti", f"#daftar-cuti [data-cuti='{cuti_id}'][data-status=DISETUJUI]")
    assert pegawai.api(f"cuti/v1/cuti/{cuti_id}")["status"] == "DISETUJUI"
    _SHARED["cuti_id"] = cuti_id


def test_the_surat_izin_cuti_is_initialled_and_signed_in_the_browser(
        suite: dict[str, Any], pegawai: Portal, atasan: Portal, pejabat: Portal) -> None:
    cuti_id = _SHARED["cuti_id"]
    # the first paraf of the chain (the kasubbid, verifikator.bandung) through the API
    with httpx.Client(base_url=suite["gateway"], timeout=15) as http:
        token = http.post("/auth/token", data={"grant_type": "password", "client_id": "simpeg-mobile",
                                               "username": "verifikator.bandung",
                                               "password": suite["password"]}).json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        task = until("the surat izin cuti draft", lambda: next(
            (t for t in http.get("/api/surat/v1/tugas", headers=h).json() if t["tahap"] == "PARAF"),
            None), timeout=20)
        surat_id = task["surat_id"]
        surat = http.get(f"/api/surat/v1/surat/{surat_id}", headers=h).json()
        assert surat["sumber"] == "cuti" and surat["sumber_id"] == cuti_id, surat
        r = http.post(f"/api/surat/v1/surat/{surat_id}/paraf", headers=h, json={})
        assert r.status_code == 200, r.text

    # the atasan initials it in the portal
    _open_when_listed(atasan, f"#tugas-surat [data-surat='{surat_id}']", route="surat")
    atasan.page.click(f"#tugas-surat [data-surat='{surat_id}'] a")
    atasan.page.wait_for_selector("#paraf", timeout=TIMEOUT)
    atasan.page.click("#paraf")
    atasan.page.wait_for_selector("#hasil-surat .sukses", timeout=TIMEOUT)
    assert "SIAP_TTD" in atasan.page.inner_text("#hasil-surat")

    # the official signs it: numbered, signed, sent
    _open_when_listed(pejabat, f"#tugas-surat [data-surat='{surat_id}'][data-tahap=TTD]", route="surat")
    pejabat.shot("surat")
    pejabat.page.click(f"#tugas-surat [data-surat='{surat_id}'] a")
    pejabat.page.wait_for_selector("#tanda-tangani", timeout=TIMEOUT)
    pejabat.page.click("#tanda-tangani")
    pejabat.page.wait_for_selector("#hasil-surat .sukses", timeout=TIMEOUT)
    pejabat.page.wait_for_selector("#status-surat [data-status=TERKIRIM], #status-surat [data-status=DITANDATANGANI]",
                                   timeout=TIMEOUT)
    signed = pejabat.api(f"surat/v1/surat/{surat_id}")
    assert signed["status"] in ("DITANDATANGANI", "TERKIRIM") and signed["nomor"], signed
    pejabat.page.click("#lihat-pdf")
    pejabat.page.wait_for_selector(".pdf iframe", timeout=TIMEOUT)
    pejabat.shot("surat-ditandatangani")

    # the pegawai reads it among their letters
    _open_when_listed(pegawai, f"#kotak-surat [data-surat='{surat_id}']", route="surat")
    assert signed["nomor"] in pegawai.page.inner_text("#kotak-surat")
    pegawai.go("notifikasi", "#daftar-notifikasi")
    pegawai.shot("notifikasi")


_SHARED: dict[str, Any] = {}


def _open_when_listed(portal: Portal, selector: str, route: str = "persetujuan", seconds: float = 25) -> None:
    """Open a page until what another context did has reached it (read models follow events)."""
    deadline = time.monotonic() + seconds
    while True:
        portal.open(route)
        portal.page.wait_for_selector(f"main .halaman[data-halaman={route}]", timeout=TIMEOUT)
        if portal.page.query_selector(selector):
            return
        assert time.monotonic() < deadline, f"{selector} did not appear on #/{route}"
        time.sleep(0.7)


def _today() -> str:
    return dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date().isoformat()


def _next_monday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) % 7)


def test_the_other_pages_render_without_an_error(pegawai: Portal, pejabat: Portal) -> None:
    """History, performance, profile and notifications for the pegawai, the officials' page
    for the pejabat: each loads its data through the gateway and shows no error state."""
    for portal, route, ready in [
        (pegawai, "riwayat", ".tabel tbody tr"),
        (pegawai, "kinerja", "#skp .keadaan, #skp ol"),
        (pegawai, "profil", "#usulan-saya .keadaan, #usulan-saya ul"),
        (pejabat, "persetujuan", "#antrean-review .keadaan, #antrean-review ul"),
    ]:
        portal.go(route, ready)
        portal.page.wait_for_load_state("networkidle")
        errors = portal.page.query_selector_all("main .keadaan.galat")
        assert not errors, (route, [e.inner_text() for e in errors])
        portal.shot(route)
    assert "Budi Santoso" in pegawai.page.inner_text("main")  # the profile page shows the record
