"""Export of finalized monthly evaluations to BKN's central e-Kinerja, as JSON.

The shape is SIMPEG's documented rendering of a periodic-evaluation submission in BKN's naming
style (camelCase, ``nipBaru`` as in SIASN), kept in this adapter and nowhere else, and fixed by
the JSON Schema beside this file (``ekinerja_bkn.schema.json``) and a recorded example checked by
a test. One document per instansi and month::

    {"instansiId": "...", "periode": {"tahun": 2025, "bulan": 3}, "jumlah": 2,
     "penilaian": [{"nipBaru": "...", "hasilKerja": "DIATAS_EKSPEKTASI",
                    "perilakuKerja": "SESUAI_EKSPEKTASI", "predikatKinerja": "BAIK",
                    "nipPenilai": "...", "revisi": 1, "dasarAturan": "permenpanrb-6-2022",
                    "tanggalFinal": "2025-04-02"}]}

Only the latest revisi of each month is sent; a correction is sent again with its revisi, and
the centre keeps the highest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from itertools import groupby
from typing import Any

EKSPEKTASI = {"DI_ATAS": "DIATAS_EKSPEKTASI", "SESUAI": "SESUAI_EKSPEKTASI",
              "DI_BAWAH": "DIBAWAH_EKSPEKTASI"}


def schema() -> dict[str, Any]:
    text = (resources.files("simpeg_kinerja") / "ekinerja_bkn.schema.json").read_text("utf-8")
    return json.loads(text)


def documents(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One document per (instansi, tahun, bulan) from final rows of the penilaian read model."""
    ordered = sorted(rows, key=lambda r: (r["instansi_id"], r["tahun"], r["bulan"], r["nip"]))
    docs = []
    for (instansi, tahun, bulan), group in groupby(ordered, key=lambda r: (r["instansi_id"], r["tahun"], r["bulan"])):
        items = [{
            "nipBaru": r["nip"],
            "hasilKerja": EKSPEKTASI[r["hasil"]],
            "perilakuKerja": EKSPEKTASI[r["perilaku"]],
            "predikatKinerja": r["predikat"],
            "nipPenilai": r["nip_penilai"],
            "revisi": r["revisi"],
            "dasarAturan": r["aturan"],
            "tanggalFinal": r["diperbarui_pada"].date().isoformat(),
        } for r in group]
        docs.append({"instansiId": instansi, "periode": {"tahun": tahun, "bulan": bulan},
                     "jumlah": len(items), "penilaian": items})
    return docs
