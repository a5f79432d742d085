"""A relay process serves /metrics on its metrics port (Prometheus scrapes relays and workers
that have no api)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from simpeg_shared.devbroker import free_port


def test_a_relay_process_serves_its_metrics(make_runtime, broker, common_settings) -> None:
    profile = make_runtime("profile")
    port = free_port()
    env = {**os.environ, "SIMPEG_PROFILE_DATABASE_URL": profile.settings.db_url,
           "SIMPEG_KAFKA_BOOTSTRAP": broker.bootstrap, "SIMPEG_VAR_DIR": str(common_settings.var_dir),
           "SIMPEG_PROFILE_METRICS_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-m", "simpeg_profile", "relay"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, body = time.monotonic() + 30, ""
        while time.monotonic() < deadline and 'simpeg_relay_lag{context="profile"}' not in body:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=1).text
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        assert 'simpeg_relay_lag{context="profile"}' in body
    finally:
        proc.terminate()
        assert proc.wait(20) == 0
