"""Gaji pokok PNS tables as dated, versioned rule data (PP 5/2024 and its successors).

A pegawai's gaji pokok is the row of their golongan ruang with the greatest MKG (masa kerja
golongan, in whole years) not above theirs.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field

from simpeg_shared.errors import DomainError


class DiLuarTabel(DomainError):
    code = "di-luar-tabel"
    title = "Not in the gaji pokok table"


class TabelGajiPokok(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kode: str
    berlaku_mulai: dt.date
    dasar_hukum: str
    sumber: str
    mkg_maksimum: int = Field(ge=1, le=60)
    #: golongan ruang -> ascending (MKG at which the step starts, gaji pokok in rupiah)
    baris: dict[str, tuple[tuple[int, int], ...]]

    def golongan(self) -> list[str]:
        return list(self.baris)

    def _steps(self, golongan_ruang: str) -> tuple[tuple[int, int], ...]:
        steps = self.baris.get(golongan_ruang)
        if steps is None:
            raise DiLuarTabel(f"golongan ruang {golongan_ruang!r} is not in {self.dasar_hukum}; "
                              f"allowed: {', '.join(self.baris)}", field="query.golongan_ruang")
        return steps

    def langkah(self, golongan_ruang: str, mkg: int) -> tuple[int, int]:
        """(the MKG of the step in force, its gaji pokok) for ``mkg`` whole years."""
        steps = self._steps(golongan_ruang)
        lowest = steps[0][0]
        if not lowest <= mkg <= self.mkg_maksimum:
            raise DiLuarTabel(f"MKG {mkg} is outside the table of {golongan_ruang}: allowed "
                              f"{lowest}–{self.mkg_maksimum}", field="query.mkg")
        index = bisect.bisect_right([m for m, _ in steps], mkg) - 1
        return steps[index]

    def langkah_berikut(self, golongan_ruang: str, mkg_bulan: int) -> int | None:
        """The MKG (years) of the first step above ``mkg_bulan`` months; ``None`` past the last."""
        for mkg, _ in self._steps(golongan_ruang):
            if mkg * 12 > mkg_bulan:
                return mkg
        return None


@cache
def semua_tabel() -> tuple[TabelGajiPokok, ...]:
    """Every table shipped, oldest first."""
    folder = resources.files("simpeg_kgb") / "rules" / "gaji_pokok"
    found = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".yaml"):
            continue
        meta = yaml.safe_load(entry.read_text(encoding="utf-8"))
        rows: dict[str, list[tuple[int, int]]] = {}
        text = (folder / meta.pop("tabel")).read_text(encoding="utf-8")
        for row in csv.DictReader(io.StringIO(text)):
            rows.setdefault(row["golongan_ruang"], []).append((int(row["mkg_tahun"]), int(row["gaji_pokok"])))
        meta["baris"] = {g: tuple(sorted(steps)) for g, steps in rows.items()}
        found.append(TabelGajiPokok.model_validate(meta))
    return tuple(sorted(found, key=lambda t: t.berlaku_mulai))


def tabel_pada(tanggal: dt.date) -> TabelGajiPokok:
    """The table in force on ``tanggal``."""
    berlaku = [t for t in semua_tabel() if t.berlaku_mulai <= tanggal]
    if not berlaku:
        raise DiLuarTabel(f"no gaji pokok table in force on {tanggal.isoformat()}", field="query.per")
    return berlaku[-1]


def langkah_pada(tanggal: dt.date) -> TabelGajiPokok:
    """The table whose steps apply on ``tanggal``: the one in force, or — before the first table
    shipped — the earliest one. The steps (the MKG at which each increase starts) have been the
    same since PP 7/1977; only the amounts change, so amounts before the first table are
    unknown (see ``dikenal``)."""
    tables = semua_tabel()
    berlaku = [t for t in tables if t.berlaku_mulai <= tanggal]
    return berlaku[-1] if berlaku else tables[0]
