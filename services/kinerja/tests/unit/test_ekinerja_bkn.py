"""The export to BKN e-Kinerja against its schema and a recorded example."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest

from simpeg_kinerja.ekinerja_bkn import documents, schema

EXAMPLE = json.loads((Path(__file__).parent / "data" / "ekinerja_bkn_contoh.json").read_text())


def _row(nip: str, hasil: str, perilaku: str, predikat: str, revisi: int, day: int, **kw: object) -> dict:
    return {"nip": nip, "instansi_id": "pemkot-bandung", "tahun": 2025, "bulan": 3, "hasil": hasil,
            "perilaku": perilaku, "predikat": predikat, "nip_penilai": "197502201998031004",
            "revisi": revisi, "aturan": "permenpanrb-6-2022",
            "diperbarui_pada": dt.datetime(2025, 4, day, 2, 0, tzinfo=dt.UTC), **kw}


def validate(doc: object) -> None:
    jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker()).validate(doc)


def test_the_recorded_example_satisfies_the_schema() -> None:
    for doc in EXAMPLE:
        validate(doc)


def test_the_exporter_writes_exactly_the_recorded_example() -> None:
    rows = [_row("199001012015032002", "SESUAI", "SESUAI", "BAIK", 2, 20),
            _row("198503152010011001", "DI_ATAS", "SESUAI", "BAIK", 1, 2)]
    assert documents(rows) == EXAMPLE


def test_documents_are_split_by_instansi_and_month() -> None:
    rows = [_row("198503152010011001", "DI_ATAS", "SESUAI", "BAIK", 1, 2),
            _row("198503152010011002", "SESUAI", "SESUAI", "BAIK", 1, 2, instansi_id="pemkab-sleman"),
            _row("198503152010011003", "SESUAI", "SESUAI", "BAIK", 1, 2, bulan=4)]
    docs = documents(rows)
    assert [(d["instansiId"], d["periode"]["bulan"], d["jumlah"]) for d in docs] == [
        ("pemkab-sleman", 3, 1), ("pemkot-bandung", 3, 1), ("pemkot-bandung", 4, 1)]
    for doc in docs:
        validate(doc)


@pytest.mark.parametrize("mangle", [
    lambda d: d["penilaian"][0].update(predikatKinerja="LUAR BIASA"),
    lambda d: d["penilaian"][0].update(nipBaru="12345"),
    lambda d: d["penilaian"][0].pop("revisi"),
    lambda d: d.update(catatan="tambahan"),
    lambda d: d["penilaian"][0].update(tanggalFinal="2025-02-30"),
])
def test_a_document_off_the_contract_is_refused(mangle) -> None:
    doc = copy.deepcopy(EXAMPLE[0])
    mangle(doc)
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
