"""The surat process (`python -m simpeg_surat all`: api, relay, worker with the drafter) answers
a cuti request on its own: profile's events and the request go through the broker, the worker
drafts, officials act over HTTP, the relay publishes SuratSignedV1 for cuti."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from simpeg_shared import kafka
from simpeg_shared.contracts import topic_for
from simpeg_shared.contracts.surat import SuratSignedV1
from simpeg_shared.devbroker import free_port
from simpeg_shared.envelope import decode
from simpeg_surat.domain.surat import Surat

from .conftest import S, Orang, profile_events, publish
from .test_surat_izin_cuti import izin_cuti


async def _until(check: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = await check()
        if result:
            return result
        await asyncio.sleep(0.3)
    raise AssertionError(f"not within {timeout} s")


async def test_the_surat_process_answers_a_cuti_request_on_its_own(
        databases: Any, broker: Any, common_settings: Any, template_dir: Path, instansi: str,
        orang: Orang, tokens: dict) -> None:
    port = free_port()
    env = {**os.environ, "SIMPEG_SURAT_DATABASE_URL": databases.fresh("surat"),
           "SIMPEG_KAFKA_BOOTSTRAP": broker.bootstrap, "SIMPEG_VAR_DIR": str(common_settings.var_dir),
           "SIMPEG_JWKS_FILE": str(common_settings.jwks_file), "SIMPEG_SURAT_HTTP_PORT": str(port),
           "SIMPEG_SURAT_TEMPLATE_DIR": str(template_dir), "SIMPEG_SURAT_DRAFTER_INTERVAL": "0.2"}
    proc = subprocess.Popen([sys.executable, "-m", "simpeg_surat", "all"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    request = izin_cuti(instansi, orang)
    surat_id = Surat.id_for_request("cuti", request.event_id)
    base, t = f"http://127.0.0.1:{port}{S}", tokens
    try:
        await publish(broker.bootstrap, [*profile_events(instansi, orang), request])
        async with httpx.AsyncClient(timeout=30) as http:
            async def drafted() -> bool:
                try:
                    r = await http.get(f"{base}/surat/{surat_id}", headers=t["kasubbid"])
                except httpx.HTTPError:
                    return False
                return r.status_code == 200

            await _until(drafted, 90)

            async def paraf(who: str) -> bool:
                # The officials' profile events may still be on their way to the worker.
                r = await http.post(f"{base}/surat/{surat_id}/paraf", headers=t[who])
                return r.status_code == 200

            await _until(lambda: paraf("kasubbid"), 30)
            await _until(lambda: paraf("kabid"), 30)
            r = await http.post(f"{base}/surat/{surat_id}/tanda-tangan", headers=t["kepala"])
            assert r.status_code == 200, r.text
            nomor = r.json()["nomor"]
            v = (await http.get(f"{base}/verifikasi/{surat_id}")).json()
            assert v["sah"] and v["nomor"] == nomor

        async def signed_published() -> list[SuratSignedV1]:
            records = await kafka.read_topic(broker.bootstrap, topic_for("surat"))
            events = (decode(list(r.headers), r.value) for r in records)
            return [e for e in events if isinstance(e, SuratSignedV1) and e.surat_id == surat_id]

        published = await _until(signed_published, 30)
        assert [(e.sumber, e.sumber_id, e.nomor) for e in published] == [
            ("cuti", str(request.cuti_id), nomor)]
    finally:
        proc.terminate()
        assert proc.wait(30) == 0
