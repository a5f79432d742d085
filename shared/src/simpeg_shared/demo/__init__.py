"""SIMPEG's demo data, loaded into a running suite through the gateway's public APIs.

    simpeg demo [--kecil]            into the suite the settings point at
    simpeg run --demo [--demo-kecil] in the background, after the ready screen

``--kecil`` loads the core only (both instansi, their organisation, units, geofences and
schedules, the demo users with their hierarchy and a few other pegawai, no history) in a few
seconds, for tests and the portal. The full demo adds ~500 pegawai, a month of check-ins
imported as history, cuti, SKP and evaluations, due KGBs and a closed TPP month. The data is
generated from a seed (``demo.yaml``); every step reads before it writes, and writes carry
deterministic Idempotency-Keys, so a second load adds nothing (docs/adr/0026).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from simpeg_shared.demo import data, inti
from simpeg_shared.demo.client import DemoError, Gateway

__all__ = ["DemoError", "muat"]


def muat(gateway_url: str, var_dir: Path, *, kecil: bool = False, issuer: str = "simpeg-dev",
         audience: str = "simpeg", log: Callable[[str], None] = print) -> dict[str, Any]:
    """Load the demo (idempotently). Returns a summary: pegawai per instansi, the commands
    sent (0 on a second load of the same data) and the seconds taken."""
    started = time.monotonic()
    gw = Gateway(gateway_url, var_dir, issuer, audience)
    semua = data.kecil() if kecil else data.penuh()
    log(f"loading the {'small' if kecil else 'full'} demo into {gateway_url}")

    def satu(inst: data.Instansi) -> int:
        sent = inti.organisasi(gw, inst, log)
        sent += inti.pegawai(gw, inst, log)
        sent += inti.unit_presensi(gw, inst, inti.hari_ini(inst), log)
        return sent

    with ThreadPoolExecutor(len(semua)) as pool:
        sent = sum(pool.map(satu, semua))
    inti.terlihat(gw, semua, log)
    if not kecil:
        from simpeg_shared.demo import riwayat

        sent += riwayat.muat(gw, semua, log)
    summary = {"pegawai": {i.instansi_id: len(i.pegawai) for i in semua}, "perintah": sent,
               "detik": round(time.monotonic() - started, 1), "permintaan": gw.requests}
    log(f"done: {summary}")
    return summary
