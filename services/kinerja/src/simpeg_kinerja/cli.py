"""``simpeg kinerja …``: the kinerja service's commands (entry-point group ``simpeg.cli``).

    simpeg kinerja export-bkn --tahun 2025 --bulan 3 [--instansi ID] --out FILE
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, help="Kinerja: export of finalized evaluations to BKN.")


@app.command("export-bkn")
def export_bkn(
    tahun: Annotated[int, typer.Option(min=2020, max=2100)],
    bulan: Annotated[int, typer.Option(min=1, max=12)],
    out: Annotated[Path, typer.Option(dir_okay=False, help="JSON file to write")],
    instansi: Annotated[str | None, typer.Option(help="One instansi; all when absent")] = None,
) -> None:
    """Write the month's finalized evaluations (latest revisi) in the BKN e-Kinerja shape."""
    from simpeg_kinerja.ekinerja_bkn import documents
    from simpeg_kinerja.projections.penilaian import final
    from simpeg_kinerja.service import KinerjaRuntime
    from simpeg_kinerja.settings import KinerjaSettings

    runtime = KinerjaRuntime(KinerjaSettings())
    runtime.migrate()
    try:
        rows = runtime.store("kinerja.penilaian_status").read(
            lambda conn, t: final(conn, t, instansi, tahun, bulan))
    finally:
        runtime.close()
    docs = documents(rows)
    out.write_text(json.dumps(docs, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    typer.echo(f"exported {sum(d['jumlah'] for d in docs)} evaluations of {len(docs)} instansi to {out}")
