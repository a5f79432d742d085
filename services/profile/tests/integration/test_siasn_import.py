"""SIASN import and export against a real database: 10,000 records in one go, idempotent
re-imports, only the differences recorded, and the ``simpeg profile`` commands."""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from simpeg_profile.domain.vocabulary import StatusPegawai
from simpeg_profile.siasn import (
    SiasnPegawai,
    export_pegawai,
    import_pegawai,
    read_csv,
    read_json,
    write_json,
)

pytestmark = pytest.mark.integration

#: Two instansi unknown here (imports arrive before their organisation, ADR 0012) and one
#: registered with its units and jabatan, so the organisation checks run too.
REGISTERED = "pemkot-bandung"
UNOR: dict[str, list[str]] = {
    REGISTERED: ["diskominfo", "bappeda", "dinkes", "disdik"],
    "pemprov-jabar": ["bkd", "dispenda", "dishub", "inspektorat"],
    "kemenkeu": ["djp-kpp-01", "djp-kpp-02", "djbc-01", "setjen"],
}
GOLONGAN = ["III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
LAST_TMT = dt.date(2025, 12, 1)


def jabatan_of(unor: str) -> list[str]:
    return [f"{unor}.jf-{j}" for j in range(3)]


def siasn_records(n: int, seed: int = 20240601) -> Iterator[dict[str, str]]:
    """``n`` valid SIASN records with unique NIPs: birth dates spread over 1965-1998 (one day
    each), TMT CPNS at least 20 years after birth and not after 2025-12."""
    rng = random.Random(seed)
    first, last = dt.date(1965, 1, 1), dt.date(1998, 12, 31)
    span = (last - first).days
    assert n <= span, "one birth date per record keeps the NIPs unique"
    for i in range(n):
        lahir = first + dt.timedelta(days=i * span // n)
        tmt_year = rng.randint(lahir.year + 21, min(lahir.year + 35, LAST_TMT.year - 1))
        tmt = dt.date(tmt_year, rng.randint(1, 12), 1)
        sex = rng.choice("12")
        nip = f"{lahir:%Y%m%d}{tmt:%Y%m}{sex}{i % 999 + 1:03d}"
        years = rng.randint(1, LAST_TMT.year - tmt.year)
        tmt_gol = min(dt.date(tmt.year + years, tmt.month, 1), LAST_TMT)
        tmt_jab = min(dt.date(tmt.year + rng.randint(0, years), tmt.month, 1), LAST_TMT)
        instansi = rng.choice(list(UNOR))
        unor = rng.choice(UNOR[instansi])
        jabatan = rng.choice(jabatan_of(unor))
        yield {
            "nipBaru": nip,
            "nama": f"Pegawai {i:05d}",
            "gelarDepan": rng.choice(["", "", "Dr.", "Ir."]),
            "gelarBelakang": rng.choice(["", "S.Kom.", "S.E.", "M.Si."]),
            "tglLahir": f"{lahir:%d-%m-%Y}",
            "jenisKelamin": {"1": rng.choice("ML"), "2": rng.choice("FP")}[sex],
            "nik": f"3273{i:012d}",
            "alamat": f"Jl. Merdeka No. {i}, Bandung",
            "noHp": f"0812{i:08d}",
            "email": f"pegawai{i}@example.go.id",
            "jenisPegawaiNama": "PNS",
            "statusPegawai": "CLTN" if i % 997 == 500 else "AKTIF",
            "instansiIndukId": instansi,
            "unorId": unor,
            "golRuangAkhir": rng.choice(GOLONGAN),
            "tmtGolAkhir": f"{tmt_gol:%d-%m-%Y}",
            "mkTahun": str(years),
            "mkBulan": str(rng.randint(0, 11)),
            "jabatanId": jabatan,
            "jabatanNama": f"Jabatan {jabatan}",
            "kelasJabatan": str(rng.randint(5, 12)),
            "tmtJabatan": f"{tmt_jab:%d-%m-%Y}",
        }


def register_organisation(app: Any) -> None:
    app.register_instansi(REGISTERED, "Pemerintah Kota Bandung", "Asia/Jakarta")
    for unor in UNOR[REGISTERED]:
        app.add_unit(REGISTERED, unor, unor.title(), None, None, "5HK")
        for k, jabatan in enumerate(jabatan_of(unor)):
            app.add_jabatan(REGISTERED, jabatan, f"Jabatan {jabatan}", 6 + k, unor, "FUNGSIONAL")


def stored_events(app: Any) -> int:
    return app.recorder.max_notification_id() or 0


def timed_import(app: Any, path: Path) -> tuple[Any, float]:
    started = time.perf_counter()
    result = import_pegawai(app, read_json(path))
    return result, time.perf_counter() - started


@pytest.fixture
def app(make_runtime: Callable[..., Any]) -> Any:
    runtime = make_runtime("profile")
    register_organisation(runtime.application)
    return runtime.application


def test_ten_thousand_records_import_fast_and_a_second_import_records_nothing(app, tmp_path) -> None:
    records = list(siasn_records(10_000))
    path = tmp_path / "siasn.json"
    path.write_text(json.dumps({"data": records}))
    cltn = sum(r["statusPegawai"] == "CLTN" for r in records)
    before = stored_events(app)

    result, seconds = timed_import(app, path)
    print(f"\nfirst import of 10,000: {seconds:.1f} s ({result.summary()})")
    assert result.rejected == [], result.rejected[:5]
    assert result.created == 10_000
    assert (result.changed, result.unchanged) == (0, 0)
    # Registered + PangkatChanged + JabatanChanged each, StatusChanged for the CLTN ones
    assert result.events == 3 * 10_000 + cltn
    assert stored_events(app) - before == result.events
    assert seconds < 60, f"importing 10,000 records took {seconds:.1f} s (limit 60 s)"

    before = stored_events(app)
    again, seconds = timed_import(app, path)
    print(f"second import of 10,000: {seconds:.1f} s ({again.summary()})")
    assert (again.created, again.changed, again.unchanged, again.events) == (0, 0, 10_000, 0)
    assert again.rejected == []
    assert stored_events(app) == before, "a re-import of the same file recorded events"

    moved, promoted = records[17], records[4242]
    new_unor = next(u for u in UNOR[moved["instansiIndukId"]] if u != moved["unorId"])
    new_gol = next(g for g in GOLONGAN if g != promoted["golRuangAkhir"])
    records[17] = {**moved, "unorId": new_unor}
    records[4242] = {**promoted, "golRuangAkhir": new_gol}
    path.write_text(json.dumps(records))
    before = stored_events(app)
    third, seconds = timed_import(app, path)
    print(f"import with two changes: {seconds:.1f} s ({third.summary()})")
    assert (third.created, third.changed, third.unchanged) == (0, 2, 9_998)
    assert third.rejected == []
    assert third.events == 2 and stored_events(app) - before == 2

    found = app.find_pegawai([moved["nipBaru"], promoted["nipBaru"]])
    pegawai = found[moved["nipBaru"]]
    assert (pegawai.instansi_id, pegawai.unit_id) == (moved["instansiIndukId"], new_unor)
    assert pegawai.riwayat_unit[-1]["tmt"] == dt.date.today()
    pangkat = found[promoted["nipBaru"]].as_of().pangkat
    assert pangkat["golongan_ruang"] == new_gol
    assert f"{pangkat['tmt']:%d-%m-%Y}" == promoted["tmtGolAkhir"]

    assert import_pegawai(app, read_json(path)).events == 0


def test_export_gives_back_what_was_imported_and_imports_as_no_change(app, tmp_path) -> None:
    records = list(siasn_records(40, seed=3))
    result = import_pegawai(app, (SiasnPegawai.model_validate(r) for r in records))
    assert result.created == 40 and not result.rejected

    nips = [r["nipBaru"] for r in records[:10]]
    exported = export_pegawai(app, nips)
    assert [e["nipBaru"] for e in exported] == nips
    for original, back in zip(records, exported, strict=False):
        expected = {**original, "jenisKelamin": "M" if original["nipBaru"][14] == "1" else "F"}
        if original["instansiIndukId"] == REGISTERED:  # the organisation's name wins
            expected["jabatanNama"] = back["jabatanNama"]
            expected["kelasJabatan"] = back["kelasJabatan"]
        assert back == expected

    path = tmp_path / "export.json"
    write_json(path, exported)
    before = stored_events(app)
    again = import_pegawai(app, read_json(path))
    assert (again.unchanged, again.events, stored_events(app)) == (10, 0, before)

    with pytest.raises(Exception, match="199901012020011999"):
        export_pegawai(app, [nips[0], "199901012020011999"])


def _record(**changes: str) -> dict[str, str]:
    base = next(siasn_records(1, seed=11))
    return {**base, "instansiIndukId": "pemprov-jabar", "unorId": "bkd", "jabatanId": "bkd.jf-0",
            **changes}


def test_only_the_differences_are_recorded_and_a_rejected_record_leaves_nothing(app) -> None:
    record = _record()
    assert import_pegawai(app, [(1, SiasnPegawai.model_validate(record))]).created == 1
    nip = record["nipBaru"]

    def run(*rows: dict[str, str]) -> Any:
        return import_pegawai(app, [(n, SiasnPegawai.model_validate(r))
                                    for n, r in enumerate(rows, start=1)])

    # personal data: one DataChanged with only the changed field; blank means "not known"
    changed = run({**record, "email": "baru@example.go.id", "alamat": "", "gelarDepan": ""})
    assert (changed.changed, changed.events) == (1, 1)
    pegawai = app.get_pegawai(nip)
    assert pegawai.data_pribadi["email"] == "baru@example.go.id"
    assert pegawai.data_pribadi["alamat"] == record["alamat"]

    # a move that is fine together with a jabatan that breaks a rule: the whole record is
    # rejected, the move is not recorded, and the next record of the batch still goes in
    bad_tmt = "01-01-1970"
    other = _record(nipBaru="199001012015032002", tglLahir="01-01-1990", jenisKelamin="F",
                    tmtGolAkhir="01-03-2019", tmtJabatan="01-03-2019")
    result = run({**record, "unorId": "dishub", "tmtJabatan": bad_tmt,
                  "jabatanId": "bkd.jf-1"}, other)
    assert result.rejected == [(1, "tmtJabatan: TMT … is before TMT CPNS …")]
    assert (result.created, result.events) == (1, 3)
    assert app.get_pegawai(nip).unit_id == "bkd"

    # status, then back: one StatusChanged each
    assert run({**record, "email": "baru@example.go.id", "statusPegawai": "PENSIUN"}).events == 1
    assert app.get_pegawai(nip).status is StatusPegawai.PENSIUN

    # a unit that the registered organisation does not have; jenis pegawai cannot change
    result = run({**record, "instansiIndukId": REGISTERED, "unorId": "nowhere"},
                 {**record, "jenisPegawaiNama": "PPPK", "golRuangAkhir": "IX"})
    assert [r for r, _ in result.rejected] == [1, 2]
    assert result.rejected[0][1].startswith("unorId: no unit nowhere in pemkot-bandung")
    assert result.rejected[1][1].startswith("jenisPegawaiNama: ")
    assert result.events == 0


def test_the_same_nip_twice_in_a_batch_is_created_then_changed(app) -> None:
    record = _record()
    later = {**record, "unorId": "dishub", "golRuangAkhir": "IV/a", "tmtGolAkhir": "01-04-2025"}
    result = import_pegawai(app, [(1, SiasnPegawai.model_validate(record)),
                                  (2, SiasnPegawai.model_validate(later))])
    assert (result.created, result.changed, result.events) == (1, 1, 5)
    pegawai = app.get_pegawai(record["nipBaru"])
    assert pegawai.unit_id == "dishub" and pegawai.as_of().pangkat["golongan_ruang"] == "IV/a"


def test_a_pppk_record_with_its_golongan(app) -> None:
    record = _record(jenisPegawaiNama="PPPK", golRuangAkhir="ix")
    result = import_pegawai(app, [(1, SiasnPegawai.model_validate(record))])
    assert result.created == 1, result.rejected
    assert app.get_pegawai(record["nipBaru"]).as_of().pangkat["golongan_ruang"] == "IX"


def test_the_cli_imports_reports_bad_rows_by_number_and_exports(make_runtime, tmp_path) -> None:
    from simpeg_shared.cli import app as simpeg

    runtime = make_runtime("profile")
    env = {"SIMPEG_PROFILE_DATABASE_URL": runtime.settings.db_url,
           "SIMPEG_VAR_DIR": str(runtime.settings.common.var_dir)}
    records = list(siasn_records(5, seed=5))
    secret_nik = records[2]["nik"]
    records[2] = {**records[2], "tglLahir": "30-02-1990"}
    path = tmp_path / "siasn.json"
    path.write_text(json.dumps(records))

    runner = CliRunner()
    result = runner.invoke(simpeg, ["profile", "import", str(path), "--batch-size", "2"], env=env)
    assert result.exit_code == 0, result.output
    assert "rejected row 3: tglLahir: not a real date (dd-mm-yyyy)" in result.output
    assert "created 4, changed 0, unchanged 0, rejected 1, events 12 in " in result.output
    assert secret_nik not in result.output
    assert len(runtime.application.find_pegawai(r["nipBaru"] for r in records)) == 4

    out = tmp_path / "out.csv"
    nips = [records[0]["nipBaru"], records[4]["nipBaru"]]
    result = runner.invoke(simpeg, ["profile", "export", "--nip", nips[0], "--nip", nips[1],
                                    "--out", str(out)], env=env)
    assert result.exit_code == 0, result.output
    rows = list(read_csv(out))
    assert [(n, r.nip) for n, r in rows] == [(2, nips[0]), (3, nips[1])]
    assert rows[0][1] == SiasnPegawai.model_validate(records[0])

    result = runner.invoke(simpeg, ["profile", "import", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert "created 0, changed 0, unchanged 2, rejected 0, events 0" in result.output

    result = runner.invoke(simpeg, ["profile", "export", "--nip", "199901012020011999",
                                    "--out", str(tmp_path / "none.json")], env=env)
    assert result.exit_code == 1 and "199901012020011999" in result.output


def test_a_batch_reads_each_instansi_once_and_the_next_batch_reads_it_afresh(app) -> None:
    """The import checks every record's unit and jabatan against its instansi; inside a batch
    (``organisasi_tetap``) the instansi is read once, and a unit added since is seen by the
    next batch. Each read replays the instansi's history: 20,000 of them made an import of
    10,000 records take over a minute."""
    from simpeg_profile.application import OrganisasiTidakDitemukan

    reads: list[Any] = []
    find = app.find
    app.find = lambda aggregate_id: reads.append(aggregate_id) or find(aggregate_id)
    unor = UNOR[REGISTERED][0]
    with app.organisasi_tetap():
        for _ in range(50):
            app.check_unit(REGISTERED, unor)
        assert len(reads) == 1
        app.add_unit(REGISTERED, "unit-baru", "Unit Baru", None, None, "5HK")
        reads.clear()
        with pytest.raises(OrganisasiTidakDitemukan):  # as the batch began
            app.check_unit(REGISTERED, "unit-baru")
        assert reads == []
    app.check_unit(REGISTERED, "unit-baru")  # outside: the organisation as it is now
    with app.organisasi_tetap():
        app.check_unit(REGISTERED, "unit-baru")
