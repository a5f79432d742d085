"""``simpeg cuti …``: the cuti service's commands (entry-point group ``simpeg.cli``).

    simpeg cuti tutup-tahun --tahun 2027 [--instansi ID]

Run on the first working day of January (a CronJob in Kubernetes): it opens every pegawai's cuti
tahunan of the year with the carry-over from the year before. Running it twice changes nothing.
"""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(no_args_is_help=True, help="Cuti: the yearly roll-over of cuti tahunan.")


@app.command("tutup-tahun")
def tutup_tahun(
    tahun: Annotated[int, typer.Option(min=2017, max=2100, help="The year to open")],
    instansi: Annotated[str | None, typer.Option(help="One instansi; all when absent")] = None,
) -> None:
    """Open ``tahun``'s cuti tahunan (entitlement and carry-over) for every pegawai."""
    from simpeg_cuti.service import CutiRuntime
    from simpeg_cuti.settings import CutiSettings
    from simpeg_shared.errors import DomainError

    runtime = CutiRuntime(CutiSettings())
    runtime.migrate()
    try:
        hasil = runtime.application.rollover(tahun, instansi)
    except DomainError as exc:
        raise typer.BadParameter(exc.message, param_hint="--tahun") from None
    finally:
        runtime.close()
    typer.echo(f"{tahun}: opened {hasil['dibuka']}, already open {hasil['sudah_dibuka']}, "
               f"skipped {hasil['dilewati']} (no leave rules)")
