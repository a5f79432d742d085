"""``simpeg profile …``: the profile service's commands (plugged in under the ``simpeg.cli``
entry-point group).

    simpeg profile import FILE [--format json|csv] [--batch-size N]
    simpeg profile export --nip N [--nip N …] --out FILE [--format json|csv]

Both work on the profile database of the settings (``SIMPEG_PROFILE_DATABASE_URL``, default
``var/profile.sqlite3``), migrating it first.
"""

from __future__ import annotations

import enum
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from simpeg_profile.service import ProfileRuntime

app = typer.Typer(no_args_is_help=True, help="Profile: SIASN import and export of pegawai records.")


class Format(enum.StrEnum):
    json = "json"
    csv = "csv"


def _runtime() -> ProfileRuntime:
    from simpeg_profile.service import ProfileRuntime
    from simpeg_profile.settings import ProfileSettings

    runtime = ProfileRuntime(ProfileSettings())
    runtime.migrate()
    return runtime


def _format(path: Path, given: Format | None) -> Format:
    if given is not None:
        return given
    if path.suffix.lower() == ".csv":
        return Format.csv
    if path.suffix.lower() == ".json":
        return Format.json
    raise typer.BadParameter(f"cannot tell the format of {path.name}; give --format json|csv")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True,
                                         help="SIASN records: JSON array or CSV with header")],
    format: Annotated[Format | None, typer.Option("--format", help="Default: by suffix")] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=10_000,
                                            help="Records per transaction")] = 500,
) -> None:
    """Import SIASN "data utama" records: new NIPs are registered, known ones get only what
    changed. Bad rows are reported (row number and field) and skipped; the exit code is 0."""
    from simpeg_profile.siasn import import_pegawai, read_csv, read_json

    kind = _format(file, format)
    started = time.perf_counter()
    rows = list(read_csv(file) if kind is Format.csv else read_json(file))
    runtime = _runtime()
    try:
        with typer.progressbar(length=len(rows), label="importing") as bar:
            result = import_pegawai(runtime.application, rows, batch_size=batch_size,
                                    progress=bar.update)
    finally:
        runtime.close()
    seconds = time.perf_counter() - started
    for row, reason in result.rejected:
        typer.echo(f"rejected: {reason}" if row == 0 else f"rejected row {row}: {reason}")
    typer.echo(f"{result.summary()} in {seconds:.1f} s")
    if any(row == 0 for row, _ in result.rejected):
        raise typer.Exit(1)  # the file itself could not be read


@app.command("export")
def export(
    nip: Annotated[list[str], typer.Option("--nip", help="NIP to export; repeat for several")],
    out: Annotated[Path, typer.Option("--out", dir_okay=False, help="File to write")],
    format: Annotated[Format | None, typer.Option("--format", help="Default: by suffix")] = None,
) -> None:
    """Export pegawai records (approved changes) in SIASN's shape, as JSON or CSV."""
    from simpeg_profile.siasn import export_pegawai, write_csv, write_json
    from simpeg_shared.errors import DomainError

    kind = _format(out, format)
    runtime = _runtime()
    try:
        records = export_pegawai(runtime.application, nip)
    except DomainError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(1) from None
    finally:
        runtime.close()
    count = (write_csv if kind is Format.csv else write_json)(out, records)
    typer.echo(f"exported {count} pegawai to {out}")
