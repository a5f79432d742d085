"""Whether a due KGB may be granted: the performance condition (data in ``rules/kelayakan``).

The period judged is the last full year before the TMT: the yearly evaluation of ``tmt.year - 1``,
or, when that one is not final yet, the latest one before the TMT's year. With no evaluation at
all (a new PNS, or an instansi that started e-kinerja late) a configured fallback decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

TanpaPenilaian = Literal["LAYAK", "TUNDA"]


class AturanKelayakan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kode: str
    berlaku_mulai: dt.date
    dasar_hukum: str
    predikat_layak: tuple[str, ...] = Field(min_length=1)
    penundaan_maksimum_bulan: int = Field(ge=1, le=24)


@cache
def semua_aturan() -> tuple[AturanKelayakan, ...]:
    folder = resources.files("simpeg_kgb") / "rules" / "kelayakan"
    rules = [AturanKelayakan.model_validate(yaml.safe_load(f.read_text(encoding="utf-8")))
             for f in folder.iterdir() if f.name.endswith(".yaml")]
    return tuple(sorted(rules, key=lambda r: r.berlaku_mulai))


def aturan_pada(day: dt.date) -> AturanKelayakan:
    rules = [r for r in semua_aturan() if r.berlaku_mulai <= day]
    return rules[-1] if rules else semua_aturan()[0]


@dataclass(frozen=True)
class Kelayakan:
    layak: bool
    alasan: str
    tahun_penilaian: int | None
    aturan: str


def nilai(penilaian: Mapping[int, str], tmt: dt.date, tanpa_penilaian: TanpaPenilaian) -> Kelayakan:
    """``penilaian``: the final yearly predikat by year."""
    aturan = aturan_pada(tmt)
    earlier = sorted(t for t in penilaian if t < tmt.year)
    if not earlier:
        if tanpa_penilaian == "LAYAK":
            return Kelayakan(True, "no yearly evaluation before the TMT; granted by the "
                             "configured fallback (tanpa_penilaian=LAYAK)", None, aturan.kode)
        return Kelayakan(False, "no yearly evaluation before the TMT (tanpa_penilaian=TUNDA)",
                         None, aturan.kode)
    tahun = tmt.year - 1 if tmt.year - 1 in penilaian else earlier[-1]
    predikat = penilaian[tahun]
    if predikat in aturan.predikat_layak:
        return Kelayakan(True, f"predikat {predikat} in {tahun}", tahun, aturan.kode)
    return Kelayakan(False, f"predikat {predikat} in {tahun} is below "
                     f"{' / '.join(aturan.predikat_layak)}", tahun, aturan.kode)


def tambah_bulan(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1) if day.day == 1 else _clamp(year, month + 1, day.day)


def _clamp(year: int, month: int, day: int) -> dt.date:
    import calendar

    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
