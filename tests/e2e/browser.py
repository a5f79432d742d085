"""The monitoring dashboard in Debian's headless chromium (Playwright, never a downloaded browser):
it shows today's count, a check-in is posted through the gateway, and the count changes on the
page within two seconds, without a reload."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image

CHROMIUM = "/usr/bin/chromium"
INSTANSI, UNIT = "pemkab-jayapura", "dinkes"
KANTOR = (-2.5337, 140.7181)  # Jayapura
ADMIN_NIP, PEGAWAI_NIP = "198705052011011010", "199207252017031006"
ROOT = Path(__file__).resolve().parents[2]


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (120, 160), (30, 90, 160)).save(buf, format="JPEG", quality=85)
    return buf.getvalue()


def _token(env: dict[str, str], *args: str) -> str:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "simpeg_shared.cli", "token", *args], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def dashboard_sees_a_check_in(suite: dict[str, Any], tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), (
        f"Debian's chromium is missing at {CHROMIUM}: `make test` installs it (apt-get install chromium)")
    env, gateway = suite["env"], f"http://127.0.0.1:{suite['ports']['gateway']}"
    admin = _token(env, "--role", "ADMIN_INSTANSI", "--instansi", INSTANSI, "--nip", ADMIN_NIP)
    pegawai = _token(env, "--role", "PEGAWAI", "--instansi", INSTANSI, "--nip", PEGAWAI_NIP)
    h = {"Authorization": f"Bearer {admin}"}
    with httpx.Client(base_url=gateway, timeout=15) as http:
        r = http.post("/api/profile/v1/pegawai", headers=h, json={
            "nip": PEGAWAI_NIP, "nama": "Yohana Wenda", "instansi_id": INSTANSI, "unit_id": UNIT})
        assert r.status_code == 201, r.text
        r = http.put(f"/api/attendance/v1/unit/{UNIT}", headers=h, json={
            "zona_waktu": "Asia/Jayapura", "jadwal": "shift-24-jam", "berlaku_mulai": "2026-01-01"})
        if r.status_code == 422:  # no 24-hour schedule shipped: the office schedule
            r = http.put(f"/api/attendance/v1/unit/{UNIT}", headers=h, json={
                "zona_waktu": "Asia/Jayapura", "jadwal": "perpres-21-2023", "berlaku_mulai": "2026-01-01"})
        assert r.status_code == 200, r.text
        r = http.put(f"/api/attendance/v1/unit/{UNIT}/lokasi/kantor", headers=h, json={
            "nama": "Kantor Dinas Kesehatan", "bentuk": {"bentuk": "LINGKARAN", "lat": KANTOR[0],
                                                         "lon": KANTOR[1], "radius_m": 100}})
        assert r.status_code == 200, r.text

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1200, "height": 1000}, locale="id-ID")
            page.goto(f"{gateway}/monitoring/#token={admin}")
            page.wait_for_function("document.getElementById('pegawai').textContent === '1'",
                                   timeout=15_000)
            assert page.inner_text("#hadir") == "0"
            assert INSTANSI in page.inner_text("#cakupan")

            # the pegawai's check-in, once attendance has learnt of them from profile's events
            deadline = time.monotonic() + 20
            while True:
                r = http.post("/api/attendance/v1/presensi",
                              headers={"Authorization": f"Bearer {pegawai}"},
                              data={"jenis": "MASUK", "lat": str(KANTOR[0]), "lon": str(KANTOR[1]),
                                    "akurasi_m": "8", "perangkat_id": "android-e2e",
                                    "lokasi_palsu": "false",
                                    "waktu_ponsel": dt.datetime.now(dt.UTC).isoformat()},
                              files={"foto": ("foto.jpg", _jpeg(), "image/jpeg")})
                if r.status_code == 201 or time.monotonic() > deadline:
                    break
                time.sleep(0.3)
            assert r.status_code == 201, r.text
            posted = time.monotonic()
            page.wait_for_function("document.getElementById('hadir').textContent === '1'",
                                   timeout=5_000)
            seen = time.monotonic() - posted
            assert seen < 2.0, f"the dashboard showed the check-in after {seen:.2f} s"
            page.screenshot(path=str(tmp_path / "monitoring-dasbor.png"), full_page=True)
            if os.environ.get("SIMPEG_UPDATE_SCREENSHOTS") == "1":
                page.screenshot(path=str(ROOT / "docs" / "monitoring-dasbor.png"), full_page=True)
            browser.close()
