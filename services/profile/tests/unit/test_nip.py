import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from simpeg_profile.domain.nip import JenisKelamin, NipTidakValid, parse_nip

TODAY = dt.date(2026, 11, 25)


def test_a_valid_nip_is_split_into_its_parts() -> None:
    nip = parse_nip("198503152010011001", today=TODAY)
    assert nip.tanggal_lahir == dt.date(1985, 3, 15)
    assert nip.tmt_cpns == dt.date(2010, 1, 1)
    assert nip.jenis_kelamin is JenisKelamin.LAKI_LAKI
    assert nip.nomor_urut == 1
    assert parse_nip("199001012015032002", today=TODAY).jenis_kelamin is JenisKelamin.PEREMPUAN


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19850315201001100", "exactly 18 digits"),
        ("1985031520100110011", "exactly 18 digits"),
        ("19850315201001100a", "exactly 18 digits"),
        ("١٩٨٥٠٣١٥٢٠١٠٠١١٠٠١", "exactly 18 digits"),  # Arabic-Indic digits are digits, not NIP digits
        ("198502302010011001", "not a real birth date"),
        ("198513012010011001", "not a real birth date"),
        ("198503152010131001", "not a real TMT CPNS"),
        ("198503152010001001", "not a real TMT CPNS"),
        ("202701012045011001", "not in the past"),
        ("198503152029011001", "more than a year in the future"),
        ("199503152010011001", "18th birthday"),
        ("198503152010013001", "digit 15"),
        ("198503152010011000", "must not be 000"),
    ],
)
def test_an_invalid_nip_is_refused_with_the_reason(nip: str, message: str) -> None:
    with pytest.raises(NipTidakValid, match=message) as err:
        parse_nip(nip, today=TODAY)
    assert err.value.field == "body.nip"


@given(
    lahir=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2006, 1, 1)),
    years_after=st.integers(min_value=18, max_value=45),
    month=st.integers(min_value=1, max_value=12),
    sex=st.sampled_from("12"),
    urut=st.integers(min_value=1, max_value=999),
)
def test_every_well_formed_nip_round_trips(lahir: dt.date, years_after: int, month: int, sex: str, urut: int) -> None:
    tmt_year = lahir.year + years_after + 1
    assume(dt.date(tmt_year, month, 1) <= TODAY)
    raw = f"{lahir:%Y%m%d}{tmt_year:04d}{month:02d}{sex}{urut:03d}"
    nip = parse_nip(raw, today=TODAY)
    assert (nip.tanggal_lahir, nip.tmt_cpns, nip.nomor_urut) == (lahir, dt.date(tmt_year, month, 1), urut)
    assert nip.jenis_kelamin is (JenisKelamin.LAKI_LAKI if sex == "1" else JenisKelamin.PEREMPUAN)
    assert str(nip) == raw


@given(st.text(max_size=25))
def test_arbitrary_text_is_either_a_valid_nip_or_a_clear_refusal(raw: str) -> None:
    try:
        nip = parse_nip(raw, today=TODAY)
    except NipTidakValid as exc:
        assert exc.message
    else:
        assert len(nip.value) == 18 and nip.value.isdigit()
