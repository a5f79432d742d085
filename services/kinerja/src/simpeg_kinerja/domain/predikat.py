"""Predikat kinerja from the 3x3 matrix (PermenPANRB 6/2022), as versioned rule data."""

from __future__ import annotations

import datetime as dt
import enum
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class Rating(enum.StrEnum):
    """The atasan's rating of hasil kerja or perilaku kerja against expectation."""

    DI_ATAS = "DI_ATAS"
    SESUAI = "SESUAI"
    DI_BAWAH = "DI_BAWAH"


class Predikat(enum.StrEnum):
    SANGAT_BAIK = "SANGAT_BAIK"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG_MISCONDUCT = "KURANG_MISCONDUCT"
    SANGAT_KURANG = "SANGAT_KURANG"


class AturanPredikat(BaseModel):
    """One version of the predikat rules, loaded from ``rules/predikat/*.yaml``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kode: str
    berlaku_mulai: dt.date
    sumber: str
    matriks: dict[Rating, dict[Rating, Predikat]]
    persentase_angka_kredit: dict[Predikat, int]
    batas_penilaian_hari: int = Field(ge=0, le=90)

    @model_validator(mode="after")
    def _complete(self) -> AturanPredikat:
        for hasil in Rating:
            if set(self.matriks.get(hasil, {})) != set(Rating):
                raise ValueError(f"matriks row {hasil.value} must rate every perilaku")
        if set(self.persentase_angka_kredit) != set(Predikat):
            raise ValueError("persentase_angka_kredit must name every predikat")
        return self

    def predikat(self, hasil: Rating, perilaku: Rating) -> Predikat:
        return self.matriks[hasil][perilaku]


@cache
def semua_aturan() -> tuple[AturanPredikat, ...]:
    """Every rule version shipped, oldest first. A new regulation adds a file; none is edited."""
    folder = resources.files("simpeg_kinerja") / "rules" / "predikat"
    found: list[AturanPredikat] = []
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            data: Any = yaml.safe_load(entry.read_text(encoding="utf-8"))
            found.append(AturanPredikat.model_validate(data))
    return tuple(sorted(found, key=lambda a: a.berlaku_mulai))


def aturan_pada(tanggal: dt.date) -> AturanPredikat:
    """The rule version in force on ``tanggal``."""
    berlaku = [a for a in semua_aturan() if a.berlaku_mulai <= tanggal]
    if not berlaku:
        raise LookupError(f"no predikat rules in force on {tanggal.isoformat()}")
    return berlaku[-1]
