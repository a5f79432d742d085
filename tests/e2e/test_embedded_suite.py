"""`simpeg run` (what `make run` starts): the whole suite behind the gateway, as a person uses it.

The dashboard in a real browser follows a check-in posted through the gateway; a pegawai POSTed
through the gateway with a `simpeg token` JWT shows in the ringkasan within one
second; `simpeg replay profile` against the running suite keeps the state; Ctrl-C stops
everything cleanly.
"""

from __future__ import annotations

import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.suite import cli, running_suite


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def suite(databases: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One running suite for the module (starting it is the slow part); the last test stops it."""
    with running_suite(databases, tmp_path_factory.mktemp("suite") / "var") as running:
        yield running


def test_the_dashboard_shows_a_check_in_within_two_seconds_without_reloading(
        suite: dict[str, Any], tmp_path: Path) -> None:
    from .browser import dashboard_sees_a_check_in

    dashboard_sees_a_check_in(suite, tmp_path)


def test_a_pegawai_posted_through_the_gateway_is_counted_within_a_second(suite: dict[str, Any]) -> None:
    env, gateway = suite["env"], f"http://127.0.0.1:{suite['ports']['gateway']}"
    assert any(f"{gateway}/docs" in line for line in suite["out"])
    token = cli(env, "token", "--role", "ADMIN_INSTANSI", "--instansi", "pemkot-bandung").strip()
    headers = {"Authorization": f"Bearer {token}"}
    ringkasan = f"{gateway}/api/monitoring/v1/instansi/pemkot-bandung/ringkasan"
    with httpx.Client(timeout=10) as http:
        assert http.get(ringkasan, headers=headers).json()["jumlah_pegawai"] == 0
        r = http.post(f"{gateway}/api/profile/v1/pegawai", headers=headers, json={
            "nip": "198503152010011001", "nama": "Budi Santoso, S.Kom.",
            "instansi_id": "pemkot-bandung", "unit_id": "diskominfo"})
        assert r.status_code == 201, r.text
        posted = time.monotonic()
        seen = None
        while time.monotonic() - posted < 5:
            if http.get(ringkasan, headers=headers).json()["jumlah_pegawai"] == 1:
                seen = time.monotonic() - posted
                break
            time.sleep(0.05)
        assert seen is not None and seen < 1.0, f"counted after {seen} s"

        out = cli(env, "replay", "profile")
        assert "events of profile" in out and "rebuilt monitoring.ringkasan_instansi" in out
        assert http.get(ringkasan, headers=headers).json()["jumlah_pegawai"] == 1
        duplicate = http.post(f"{gateway}/api/profile/v1/pegawai", headers=headers, json={
            "nip": "198503152010011001", "nama": "Budi", "instansi_id": "pemkot-bandung", "unit_id": "x"})
        assert duplicate.status_code == 409

    proc = suite["proc"]
    proc.send_signal(signal.SIGINT)
    assert proc.wait(60) == 0
    rest = proc.stdout.read()
    assert "stopped" in rest
    for port in suite["ports"].values():
        assert _port_free(port), f"port {port} still open after Ctrl-C"
