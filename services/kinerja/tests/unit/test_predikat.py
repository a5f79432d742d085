import datetime as dt
import itertools

import pytest

from simpeg_kinerja.domain.predikat import AturanPredikat, Predikat, Rating, aturan_pada, semua_aturan

A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH

#: PermenPANRB 6/2022's matrix, cell by cell (hasil, perilaku) -> predikat, percentage.
EXPECTED = {
    (A, A): (Predikat.SANGAT_BAIK, 150), (A, S): (Predikat.BAIK, 100), (A, B): (Predikat.KURANG_MISCONDUCT, 50),
    (S, A): (Predikat.BAIK, 100), (S, S): (Predikat.BAIK, 100), (S, B): (Predikat.KURANG_MISCONDUCT, 50),
    (B, A): (Predikat.BUTUH_PERBAIKAN, 75), (B, S): (Predikat.BUTUH_PERBAIKAN, 75), (B, B): (Predikat.SANGAT_KURANG, 25),
}


@pytest.mark.parametrize(("hasil", "perilaku"), list(itertools.product(Rating, Rating)))
def test_every_cell_of_the_matrix(hasil: Rating, perilaku: Rating) -> None:
    aturan = aturan_pada(dt.date(2026, 11, 1))
    predikat = aturan.predikat(hasil, perilaku)
    assert (predikat, aturan.persentase_angka_kredit[predikat]) == EXPECTED[(hasil, perilaku)]


def test_the_rules_in_force_are_chosen_by_date_and_cite_their_source() -> None:
    aturan = aturan_pada(dt.date(2026, 1, 1))
    assert aturan.kode == "permenpanrb-6-2022" and "6 Tahun 2022" in aturan.sumber
    assert semua_aturan()[0].berlaku_mulai <= dt.date(2022, 1, 1)
    with pytest.raises(LookupError):
        aturan_pada(dt.date(2019, 1, 1))


def test_an_incomplete_rule_file_is_refused() -> None:
    data = aturan_pada(dt.date(2026, 1, 1)).model_dump()
    del data["matriks"]["SESUAI"]["DI_BAWAH"]
    with pytest.raises(ValueError, match="matriks row SESUAI"):
        AturanPredikat.model_validate(data)
