"""The holiday calendar as data: national holidays and cuti bersama per year.

One YAML file per year under ``rules/kalender/`` (``<tahun>.yaml``), seeded from the ``holidays``
package for Indonesia (its ``public`` category: the national holidays of the yearly SKB of the
Ministers of Religious Affairs, Manpower and PANRB; its ``government`` category: the cuti bersama
of the same SKB) by ``simpeg kalender seed``, then edited by hand when the decree changes. An
instansi may add a directory of its own files (local holidays); a later directory's file for a
year replaces the earlier one whole, so a correction is a new file, never a code change.

Cuti, attendance and TPP count working days with the same calendar, so a day is a working day or
not in one place only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

BUILTIN_DIR = Path(__file__).parent / "rules" / "kalender"
JenisLibur = Literal["LIBUR_NASIONAL", "CUTI_BERSAMA", "LIBUR_DAERAH"]
#: Monday..Friday (``date.weekday()``): the default five-day week of Perpres 21/2023.
SENIN_JUMAT: frozenset[int] = frozenset(range(5))


class KalenderTidakTersedia(LookupError):
    """No calendar for a year that was asked about: counting days then would be a guess."""

    def __init__(self, tahun: Iterable[int]) -> None:
        self.tahun = sorted(set(tahun))
        super().__init__(
            "no holiday calendar for " + ", ".join(map(str, self.tahun))
            + "; add rules/kalender/<tahun>.yaml (simpeg kalender seed --tahun …)")


@dataclass(frozen=True, order=True)
class Libur:
    tanggal: dt.date
    nama: str
    jenis: JenisLibur

    def as_dict(self) -> dict[str, str]:
        return {"tanggal": self.tanggal.isoformat(), "nama": self.nama, "jenis": self.jenis}


@dataclass(frozen=True)
class HariKerja:
    hari_kerja: int
    libur: tuple[Libur, ...]  # holidays inside the range that fall on a working weekday


class Kalender:
    """Holidays by date for the years it has files for."""

    def __init__(self, tahun: dict[int, tuple[Libur, ...]], sumber: dict[int, str]) -> None:
        self._tahun = tahun
        self.sumber = sumber
        self._by_date = {lib.tanggal: lib for libs in tahun.values() for lib in libs}

    @classmethod
    def load(cls, *extra_dirs: Path) -> Kalender:
        tahun: dict[int, tuple[Libur, ...]] = {}
        sumber: dict[int, str] = {}
        for directory in (BUILTIN_DIR, *extra_dirs):
            for path in sorted(Path(directory).glob("*.yaml")):
                year, entries, source = _read(path)
                tahun[year] = entries
                sumber[year] = source
        return cls(tahun, sumber)

    @property
    def tahun(self) -> list[int]:
        return sorted(self._tahun)

    def _check(self, mulai: dt.date, selesai: dt.date) -> None:
        missing = [y for y in range(mulai.year, selesai.year + 1) if y not in self._tahun]
        if missing:
            raise KalenderTidakTersedia(missing)

    def libur_pada(self, tanggal: dt.date) -> Libur | None:
        self._check(tanggal, tanggal)
        return self._by_date.get(tanggal)

    def libur(self, mulai: dt.date, selesai: dt.date) -> list[Libur]:
        """Every holiday from ``mulai`` to ``selesai`` inclusive, weekends included."""
        self._check(mulai, selesai)
        return sorted(lib for lib in self._by_date.values() if mulai <= lib.tanggal <= selesai)

    def hari_kerja(self, mulai: dt.date, selesai: dt.date,
                   hari_masuk: frozenset[int] = SENIN_JUMAT) -> HariKerja:
        """Working days from ``mulai`` to ``selesai`` inclusive on a week of ``hari_masuk``
        weekdays, skipping holidays and cuti bersama."""
        if selesai < mulai:
            raise ValueError("selesai is before mulai")
        self._check(mulai, selesai)
        count, libur = 0, []
        day = mulai
        while day <= selesai:
            if day.weekday() in hari_masuk:
                holiday = self._by_date.get(day)
                if holiday is None:
                    count += 1
                else:
                    libur.append(holiday)
            day += dt.timedelta(days=1)
        return HariKerja(count, tuple(libur))

    def tanggal_kerja(self, mulai: dt.date, selesai: dt.date,
                      hari_masuk: frozenset[int] = SENIN_JUMAT) -> list[dt.date]:
        """The working dates themselves (same rule as :meth:`hari_kerja`)."""
        self._check(mulai, selesai)
        out, day = [], mulai
        while day <= selesai:
            if day.weekday() in hari_masuk and day not in self._by_date:
                out.append(day)
            day += dt.timedelta(days=1)
        return out


def _read(path: Path) -> tuple[int, tuple[Libur, ...], str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        year = int(data["tahun"])
        source = str(data["sumber"])
        entries = tuple(sorted(
            Libur(dt.date.fromisoformat(str(e["tanggal"])), str(e["nama"]), e["jenis"])
            for e in data["libur"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: not a holiday calendar file ({exc})") from exc
    for e in entries:
        if e.tanggal.year != year:
            raise ValueError(f"{path}: {e.tanggal} is not in {year}")
        if e.jenis not in ("LIBUR_NASIONAL", "CUTI_BERSAMA", "LIBUR_DAERAH"):
            raise ValueError(f"{path}: unknown jenis {e.jenis!r}")
    return year, entries, source


@lru_cache(maxsize=1)
def default_kalender() -> Kalender:
    """The built-in calendar (cached: the files are read once per process)."""
    return Kalender.load()


def seed(tahun: int) -> dict[str, object]:
    """A year's file content from the ``holidays`` package (public holidays + cuti bersama)."""
    import holidays

    public = holidays.country_holidays("ID", years=tahun, language="id")
    bersama = holidays.country_holidays("ID", years=tahun, categories=("government",), language="id")
    entries: list[dict[str, str]] = []
    for day, name in sorted(public.items()):
        for part in name.split("; "):
            entries.append({"tanggal": day.isoformat(), "nama": part, "jenis": "LIBUR_NASIONAL"})
    for day, name in sorted(bersama.items()):
        if day not in public:
            entries.append({"tanggal": day.isoformat(), "nama": name, "jenis": "CUTI_BERSAMA"})
    entries.sort(key=lambda e: e["tanggal"])
    # one entry per date: a day with two holidays keeps both names
    merged: dict[str, dict[str, str]] = {}
    for e in entries:
        if e["tanggal"] in merged:
            merged[e["tanggal"]]["nama"] += "; " + e["nama"]
        else:
            merged[e["tanggal"]] = e
    return {
        "tahun": tahun,
        "sumber": (f"holidays {holidays.__version__} (Indonesia: public holidays and, as the "
                   "'government' category, cuti bersama), after the yearly SKB Bersama Menteri "
                   "Agama, Menteri Ketenagakerjaan dan Menteri PANRB"),
        "libur": list(merged.values()),
    }


def write_seed(tahun: Sequence[int], directory: Path = BUILTIN_DIR) -> list[Path]:
    paths = []
    for year in tahun:
        path = Path(directory) / f"{year}.yaml"
        path.write_text("# Holiday calendar; edit when the decree changes (see simpeg_shared.kalender)\n"
                        + yaml.safe_dump(seed(year), allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        paths.append(path)
    return paths
