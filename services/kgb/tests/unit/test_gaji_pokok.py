"""The PP 5/2024 table as data: every golongan's first and last step, MKG between steps."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

import pytest

from simpeg_kgb.domain.gaji import DiLuarTabel, tabel_pada

TABLE = tabel_pada(dt.date(2026, 1, 1))
ROWS: dict[str, list[tuple[int, int]]] = {}
for row in csv.DictReader((resources.files("simpeg_kgb") / "rules" / "gaji_pokok" / "pp-5-2024.csv")
                          .read_text().splitlines()):
    ROWS.setdefault(row["golongan_ruang"], []).append((int(row["mkg_tahun"]), int(row["gaji_pokok"])))


def test_the_table_has_all_seventeen_golongan_ruang_of_pns() -> None:
    assert TABLE.golongan() == ["I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b",
                                "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"]
    assert TABLE.dasar_hukum == "PP 5/2024" and "Nomor 5 Tahun 2024" in TABLE.sumber


@pytest.mark.parametrize("golongan", sorted(ROWS))
def test_first_and_last_step_of_every_golongan(golongan: str) -> None:
    first, last = ROWS[golongan][0], ROWS[golongan][-1]
    assert TABLE.langkah(golongan, first[0]) == first
    assert TABLE.langkah(golongan, last[0]) == last
    assert TABLE.langkah(golongan, TABLE.mkg_maksimum) == last  # beyond the last step: the last salary


@pytest.mark.parametrize("golongan", sorted(ROWS))
def test_an_mkg_between_steps_takes_the_lower_step(golongan: str) -> None:
    for (m1, g1), (m2, _) in zip(ROWS[golongan], ROWS[golongan][1:], strict=False):
        for mkg in range(m1, m2):
            assert TABLE.langkah(golongan, mkg) == (m1, g1)


def test_known_figures_of_the_regulation() -> None:
    assert TABLE.langkah("III/a", 5) == (4, 2964000)
    assert TABLE.langkah("II/a", 1) == (1, 2218400)  # II/a's first increase comes after one year
    assert TABLE.langkah("II/a", 2) == (1, 2218400)
    assert TABLE.langkah("I/a", 0) == (0, 1685700)


@pytest.mark.parametrize(("golongan", "mkg", "field", "allowed"), [
    ("V/a", 3, "query.golongan_ruang", "IV/e"),
    ("III/a", -1, "query.mkg", "0–40"),
    ("III/a", 41, "query.mkg", "0–40"),
])
def test_outside_the_table_is_refused_naming_what_is_allowed(golongan: str, mkg: int, field: str, allowed: str) -> None:
    with pytest.raises(DiLuarTabel) as err:
        TABLE.langkah(golongan, mkg)
    assert err.value.field == field and allowed in err.value.message


def test_no_table_before_the_first_regulation_in_force() -> None:
    with pytest.raises(DiLuarTabel):
        tabel_pada(dt.date(2023, 12, 31))
