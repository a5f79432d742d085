"""`simpeg kinerja export-bkn` on a real database: latest revisi only, valid against the schema."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import jsonschema
from typer.testing import CliRunner

from simpeg_kinerja.ekinerja_bkn import schema
from simpeg_shared.cli import app as simpeg
from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts.kinerja import PenilaianPeriodikFinalizedV1


def final(nip: str, revisi: int, predikat: str, hasil: str = "SESUAI") -> PenilaianPeriodikFinalizedV1:
    return PenilaianPeriodikFinalizedV1(
        event_id=event_id_for(uuid.uuid4(), revisi), occurred_at=dt.datetime(2025, 4, revisi, tzinfo=dt.UTC),
        nip=nip, instansi_id="pemkot-bandung", tahun=2025, bulan=3, hasil=hasil, perilaku="SESUAI",
        predikat=predikat, aturan="permenpanrb-6-2022", nip_penilai="197502201998031004", revisi=revisi,
        alasan_koreksi="keberatan" if revisi > 1 else None)


def test_the_export_sends_the_latest_revisi_of_each_month(make_runtime: Any, tmp_path) -> None:
    runtime = make_runtime("kinerja")
    runtime.store("kinerja.penilaian_status").apply_batch([
        final("198503152010011001", 1, "BUTUH_PERBAIKAN", "DI_BAWAH"),
        final("198503152010011001", 2, "BAIK"),
        final("199001012015032002", 1, "BAIK"),
    ])
    out = tmp_path / "bkn.json"
    env = {"SIMPEG_KINERJA_DATABASE_URL": runtime.settings.db_url,
           "SIMPEG_VAR_DIR": str(runtime.settings.common.var_dir)}
    result = CliRunner().invoke(simpeg, ["kinerja", "export-bkn", "--tahun", "2025", "--bulan", "3",
                                         "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert "exported 2 evaluations of 1 instansi" in result.output
    (doc,) = json.loads(out.read_text())
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(doc)
    assert [(p["nipBaru"], p["revisi"], p["predikatKinerja"]) for p in doc["penilaian"]] == [
        ("198503152010011001", 2, "BAIK"), ("199001012015032002", 1, "BAIK")]
