"""SIASN records without a database: dates, sex, golongan, readers, bad rows, export shape."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from simpeg_profile.domain.nip import JenisKelamin
from simpeg_profile.domain.pegawai import Pegawai
from simpeg_profile.domain.vocabulary import JenisPegawai, StatusPegawai
from simpeg_profile.siasn import (
    FIELDS,
    SiasnPegawai,
    format_tanggal,
    parse_record,
    parse_tanggal,
    read_csv,
    read_json,
    to_siasn,
    write_csv,
    write_json,
)

NIP = "198503152010011001"  # born 15-03-1985, TMT CPNS 2010-01, male, sequence 001
NIK = "3273011503850001"
RECORD = {
    "nipBaru": NIP, "nama": "Budi Santoso", "gelarDepan": "", "gelarBelakang": "S.Kom.",
    "tglLahir": "15-03-1985", "jenisKelamin": "M", "nik": NIK, "alamat": "Jl. Asia Afrika 1",
    "noHp": "081234567890", "email": "budi@example.go.id", "jenisPegawaiNama": "PNS",
    "statusPegawai": "AKTIF", "instansiIndukId": "pemkot-bandung", "unorId": "diskominfo",
    "golRuangAkhir": "III/b", "tmtGolAkhir": "01-04-2014", "mkTahun": "4", "mkBulan": "3",
    "jabatanId": "jf-pranata-komputer", "jabatanNama": "Pranata Komputer Ahli Pertama",
    "kelasJabatan": "8", "tmtJabatan": "01-01-2015",
}


def parsed(**changes: object) -> SiasnPegawai:
    record = parse_record({**RECORD, **changes})
    assert isinstance(record, SiasnPegawai), record
    return record


def reason(**changes: object) -> str:
    record = parse_record({**RECORD, **changes})
    assert isinstance(record, str), record
    return record


# -- dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "date"), [("15-03-1985", dt.date(1985, 3, 15)),
                                            ("29-02-2020", dt.date(2020, 2, 29)),
                                            (" 01-12-2025 ", dt.date(2025, 12, 1))])
def test_dates_are_dd_mm_yyyy(text: str, date: dt.date) -> None:
    assert parse_tanggal(text) == date
    assert format_tanggal(date) == text.strip()


@pytest.mark.parametrize(("text", "message"), [
    ("30-02-2020", "not a real date"), ("31-04-2021", "not a real date"),
    ("00-01-2020", "not a real date"), ("1985-03-15", "not a date dd-mm-yyyy"),
    ("15/03/1985", "not a date dd-mm-yyyy"), ("5-3-1985", "not a date dd-mm-yyyy"),
])
def test_what_is_not_a_date(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_tanggal(text)


def test_a_record_maps_to_the_domain_words() -> None:
    record = parsed()
    assert (record.nip, record.tgl_lahir, record.jenis_kelamin) == (
        NIP, dt.date(1985, 3, 15), JenisKelamin.LAKI_LAKI)
    assert (record.jenis_pegawai, record.status_pegawai) == (JenisPegawai.PNS, StatusPegawai.AKTIF)
    assert record.gelar_depan is None  # blank: not known
    assert record.data_pribadi() == {
        "nama": "Budi Santoso", "gelar_belakang": "S.Kom.", "nik": NIK,
        "alamat": "Jl. Asia Afrika 1", "telepon": "081234567890", "email": "budi@example.go.id"}
    assert record.pangkat() == {"golongan_ruang": "III/b", "tmt": dt.date(2014, 4, 1),
                                "mkg_tahun": 4, "mkg_bulan": 3}
    assert record.jabatan() == {"jabatan_id": "jf-pranata-komputer",
                                "nama_jabatan": "Pranata Komputer Ahli Pertama",
                                "kelas_jabatan": 8, "tmt": dt.date(2015, 1, 1)}
    bare = parsed(golRuangAkhir="", tmtGolAkhir="", jabatanId=None, tmtJabatan=None,
                  jenisPegawaiNama="", statusPegawai="")
    assert (bare.pangkat(), bare.jabatan()) == (None, None)
    assert (bare.jenis_pegawai, bare.status_pegawai) == (JenisPegawai.PNS, StatusPegawai.AKTIF)


def test_json_numbers_are_read_as_their_text() -> None:
    record = parsed(mkTahun=4, mkBulan=0, kelasJabatan=8)
    assert (record.mk_tahun, record.mk_bulan, record.kelas_jabatan) == (4, 0, 8)


def test_the_birth_date_must_be_the_nips() -> None:
    assert reason(tglLahir="16-03-1985") == "tglLahir: differs from the NIP's birth date (digits 1-8)"


# -- sex -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("given", "nip", "sex"), [
    ("M", NIP, JenisKelamin.LAKI_LAKI), ("L", NIP, JenisKelamin.LAKI_LAKI),
    ("m", NIP, JenisKelamin.LAKI_LAKI),
    ("F", "199001012015032002", JenisKelamin.PEREMPUAN),
    ("P", "199001012015032002", JenisKelamin.PEREMPUAN),
])
def test_m_and_f_map_to_l_and_p(given: str, nip: str, sex: JenisKelamin) -> None:
    tgl = f"{nip[6:8]}-{nip[4:6]}-{nip[0:4]}"
    assert parsed(nipBaru=nip, tglLahir=tgl, jenisKelamin=given).jenis_kelamin is sex


def test_sex_must_be_known_and_the_nips() -> None:
    assert reason(jenisKelamin="X") == "jenisKelamin: must be M or F (also L or P)"
    assert reason(jenisKelamin="F") == "jenisKelamin: differs from the NIP's digit 15"


# -- jenis pegawai and golongan ----------------------------------------------------------------
def test_pppk_has_golongan_i_to_xvii() -> None:
    record = parsed(jenisPegawaiNama="PPPK", golRuangAkhir="ix")
    assert record.jenis_pegawai is JenisPegawai.PPPK
    assert record.pangkat()["golongan_ruang"] == "IX"
    assert reason(jenisPegawaiNama="PPPK", golRuangAkhir="III/a") == (
        "golRuangAkhir: not a golongan of a PPPK (I … XVII)")
    assert reason(golRuangAkhir="IX") == "golRuangAkhir: not a golongan of a PNS (I/a … IV/e)"
    assert reason(golRuangAkhir="III/e") == "golRuangAkhir: not a golongan of a PNS (I/a … IV/e)"


def test_golongan_is_written_as_the_domain_writes_it() -> None:
    assert parsed(golRuangAkhir="iii/B").gol_ruang_akhir == "III/b"
    assert parsed(golRuangAkhir="IV / a").gol_ruang_akhir == "IV/a"


def test_non_asn_has_no_golongan() -> None:
    assert parsed(jenisPegawaiNama="NON ASN", golRuangAkhir="", tmtGolAkhir="").jenis_pegawai \
        is JenisPegawai.NON_ASN
    assert reason(jenisPegawaiNama="NON ASN") == "golRuangAkhir: not a golongan of a NON ASN"
    assert reason(jenisPegawaiNama="HONORER") == "jenisPegawaiNama: must be PNS, PPPK or NON ASN"


def test_a_tmt_goes_with_its_golongan_and_jabatan() -> None:
    assert reason(tmtGolAkhir="") == "tmtGolAkhir: required with golRuangAkhir"
    assert reason(tmtJabatan=None) == "tmtJabatan: required with jabatanId"


def test_status_words() -> None:
    assert parsed(statusPegawai="pensiun").status_pegawai is StatusPegawai.PENSIUN
    assert reason(statusPegawai="CUTI").startswith("statusPegawai: must be one of AKTIF, CLTN")


def test_required_fields_and_every_problem_of_a_row_are_named() -> None:
    message = reason(nipBaru="19850315201001100", nama="  ", instansiIndukId=None,
                     unorId="unit dengan spasi")
    assert message.startswith("nipBaru: NIP must be exactly 18 digits")
    assert "nama: required" in message and "instansiIndukId: required" in message
    assert "unorId: String should match pattern" in message
    assert parse_record(["not", "an", "object"]) == "record: not an object of SIASN fields"


def test_reasons_name_the_field_never_the_value() -> None:
    message = reason(nipBaru="198502302010011001", tglLahir="30-02-1985", noHp="x")
    assert "19850230" not in message and "30-02-1985" not in message
    assert message.startswith("nipBaru: digits 1-8 (…) are not a real birth date")


# -- readers ----------------------------------------------------------------------------------
def _write_csv(path: Path, rows: list[dict[str, object]], delimiter: str = ",",
               bom: bool = False) -> None:
    header = [*FIELDS, "kedudukanHukum"]  # SIASN has more columns than we read
    lines = [delimiter.join(header)]
    for row in rows:
        lines.append(delimiter.join(str(row.get(h, "")) for h in header))
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")


def test_csv_rows_are_numbered_by_line_and_bad_rows_reported(tmp_path: Path) -> None:
    path = tmp_path / "siasn.csv"
    female = {**RECORD, "nipBaru": "199001012015032002", "tglLahir": "01-01-1990",
              "jenisKelamin": "F", "kedudukanHukum": "Aktif"}
    _write_csv(path, [RECORD, {**RECORD, "tglLahir": "30-02-2020"}, female], bom=True)
    rows = list(read_csv(path))
    assert [n for n, _ in rows] == [2, 3, 4]
    assert rows[0][1] == parsed()
    assert rows[1] == (3, "tglLahir: not a real date (dd-mm-yyyy)")
    assert isinstance(rows[2][1], SiasnPegawai) and rows[2][1].nip == "199001012015032002"


def test_csv_with_semicolons_and_quoted_lines(tmp_path: Path) -> None:
    path = tmp_path / "siasn.csv"
    _write_csv(path, [RECORD, {**RECORD, "jenisKelamin": "X"}], delimiter=";")
    assert [(n, isinstance(r, SiasnPegawai)) for n, r in read_csv(path)] == [(2, True), (3, False)]
    write_csv(path, [{**RECORD, "alamat": "Jl. Asia Afrika 1,\nBandung"}, RECORD])
    rows = list(read_csv(path))
    assert [n for n, _ in rows] == [2, 4]
    assert rows[0][1].alamat == "Jl. Asia Afrika 1,\nBandung"


def test_csv_without_the_nip_column(tmp_path: Path) -> None:
    path = tmp_path / "siasn.csv"
    path.write_text("nama,unorId\nBudi,diskominfo\n")
    assert list(read_csv(path)) == [(1, "header: no nipBaru column (the header row names the "
                                        "SIASN fields)")]


@pytest.mark.parametrize("wrap", [lambda rows: rows, lambda rows: {"data": rows}])
def test_json_array_or_data_object(tmp_path: Path, wrap) -> None:
    path = tmp_path / "siasn.json"
    path.write_text(json.dumps(wrap([RECORD, "oops", {**RECORD, "tglLahir": "30-02-2020"}])))
    assert list(read_json(path)) == [(1, parsed()), (2, "record: not an object of SIASN fields"),
                                     (3, "tglLahir: not a real date (dd-mm-yyyy)")]


def test_a_file_that_is_not_json_is_one_reported_problem(tmp_path: Path) -> None:
    path = tmp_path / "siasn.json"
    path.write_text('[{"nipBaru": ')
    ((row, message),) = read_json(path)
    assert row == 0 and message.startswith("file: not valid JSON")
    path.write_text('{"records": []}')
    assert list(read_json(path)) == [(0, 'file: expected a JSON array of records or {"data": [...]}')]
    assert list(read_json(tmp_path / "missing.json"))[0][1].startswith("file: cannot be read")


# -- export shape ------------------------------------------------------------------------------
def _pegawai() -> Pegawai:
    pegawai = Pegawai(nip=NIP, nama="Budi Santoso", instansi_id="pemkot-bandung",
                      unit_id="diskominfo", tanggal_lahir=dt.date(1985, 3, 15), jenis_kelamin="L",
                      tmt_cpns=dt.date(2010, 1, 1), gelar_belakang="S.Kom.",
                      data_pribadi={"nik": NIK, "alamat": "Jl. Asia Afrika 1",
                                    "telepon": "081234567890", "email": "budi@example.go.id"})
    pegawai.change_pangkat(golongan_ruang="III/b", tmt=dt.date(2014, 4, 1), mkg_tahun=4, mkg_bulan=3)
    pegawai.change_jabatan(jabatan_id="jf-pranata-komputer",
                           nama_jabatan="Pranata Komputer Ahli Pertama", kelas_jabatan=8,
                           unit_id="diskominfo", tmt=dt.date(2015, 1, 1))
    return pegawai


def test_export_is_the_siasn_shape_and_reads_back_as_the_same_record(tmp_path: Path) -> None:
    exported = to_siasn(_pegawai())
    assert list(exported) == list(FIELDS)
    assert exported == RECORD
    for writer, reader, name in ((write_json, read_json, "out.json"), (write_csv, read_csv, "out.csv")):
        assert writer(tmp_path / name, [exported]) == 1
        ((_, back),) = reader(tmp_path / name)
        assert back == parsed()
