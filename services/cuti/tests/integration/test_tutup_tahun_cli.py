"""`simpeg cuti tutup-tahun` on a real database: opens the year for every pegawai once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from typer.testing import CliRunner

from simpeg_shared.cli import app as simpeg


def test_the_roll_over_opens_this_year_once_and_refuses_a_future_year(
        make_runtime: Any, hierarki: Callable[..., list[Any]]) -> None:
    runtime = make_runtime("cuti")
    runtime.store("cuti.pegawai").apply_batch(hierarki())
    env = {"SIMPEG_CUTI_DATABASE_URL": runtime.settings.db_url,
           "SIMPEG_VAR_DIR": str(runtime.settings.common.var_dir)}
    tahun = dt.date.today().year
    first = CliRunner().invoke(simpeg, ["cuti", "tutup-tahun", "--tahun", str(tahun)], env=env)
    assert first.exit_code == 0, first.output
    assert f"{tahun}: opened 8, already open 0" in first.output  # every TMT is before this year's end
    again = CliRunner().invoke(simpeg, ["cuti", "tutup-tahun", "--tahun", str(tahun)], env=env)
    assert "opened 0, already open 8" in again.output
    saldo = runtime.application.saldo("199001012015031003", tahun)
    assert [m["sumber"] for m in saldo["mutasi"]] == ["HAK_TAHUNAN"] and saldo["saldo"] == 12
    future = CliRunner().invoke(simpeg, ["cuti", "tutup-tahun", "--tahun", str(tahun + 1)], env=env)
    assert future.exit_code != 0 and "has not started" in future.output
