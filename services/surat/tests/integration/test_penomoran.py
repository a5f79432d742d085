"""Gap-free numbering under concurrency: 200 parallel requests against the test database
(PostgreSQL at 127.0.0.1:5432) give 200 distinct, consecutive numbers; so do parallel requests on
SQLite; series are per instansi, unit and year; a letter asking again keeps its number."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from simpeg_shared.testing import auth
from simpeg_surat.penomoran import Penomoran

from .conftest import S, TODAY

N = 200


async def test_200_parallel_numbering_requests_give_200_distinct_consecutive_numbers(
        make_runtime: Callable[..., Any], make_token: Callable[..., str], databases: Any) -> None:
    instansi = "pemkot-bandung"
    runtime = make_runtime("surat")
    token = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip="198001012005011002"))
    body = {"unit": "SETDA", "klasifikasi": "000.1.2", "keterangan": "Undangan rapat koordinasi"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()),
                                 base_url="http://surat") as c:
        answers = await asyncio.gather(*(c.post(f"{S}/nomor", json=body, headers=token)
                                         for _ in range(N)))
        assert {r.status_code for r in answers} == {201}, [r.text for r in answers if r.status_code != 201][:2]
        urut = sorted(r.json()["urut"] for r in answers)
        assert urut == list(range(1, N + 1))  # distinct and consecutive: no gap, no repeat
        nomor = {r.json()["nomor"] for r in answers}
        assert len(nomor) == N and f"000.1.2/0001/SETDA/{TODAY.year}" in nomor
        assert f"000.1.2/0200/SETDA/{TODAY.year}" in nomor
        register = await c.get(f"{S}/nomor", params={"tahun": TODAY.year, "unit": "SETDA"},
                               headers=token)
        assert [n["urut"] for n in register.json()] == list(range(1, N + 1))
        # Another unit has its own series.
        r = await c.post(f"{S}/nomor", json={**body, "unit": "BKPSDM"}, headers=token)
        assert r.json()["nomor"] == f"000.1.2/0001/BKPSDM/{TODAY.year}"
        # Bad input is a 422 problem naming the field; a role without the right is a 403.
        r = await c.post(f"{S}/nomor", json={**body, "unit": "SET DA/1"}, headers=token)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.unit"
        r = await c.post(f"{S}/nomor", json={**body, "extra": 1}, headers=token)
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "body.extra"
        pegawai = auth(make_token("PEGAWAI", instansi=instansi, nip="199001012015031003"))
        assert (await c.post(f"{S}/nomor", json=body, headers=pegawai)).status_code == 403
        # An Idempotency-Key makes a retried reservation return the same number, not a new one.
        key = {**token, "Idempotency-Key": uuid.uuid4().hex}
        first = await c.post(f"{S}/nomor", json={**body, "unit": "BKPSDM"}, headers=key)
        again = await c.post(f"{S}/nomor", json={**body, "unit": "BKPSDM"}, headers=key)
        assert first.json() == again.json() and again.headers["idempotent-replayed"] == "true"
    print(f"\n{N} parallel numbers on {databases.kind}")


def test_numbers_stay_gap_free_on_sqlite(make_runtime: Callable[..., Any], databases: Any) -> None:
    runtime = make_runtime("surat", database_url=f"sqlite:///{databases.sqlite_dir}/nomor-{uuid.uuid4().hex[:6]}.sqlite3")
    penomoran = Penomoran(runtime.engine)

    def take(n: int) -> int:
        return penomoran.ambil(instansi_id="pemkot-bandung", unit="UMUM", klasifikasi="000",
                               format="{klasifikasi}/{nomor}/{unit}/{tahun}", tanggal=TODAY,
                               pemegang=f"t-{n}").urut

    with ThreadPoolExecutor(max_workers=16) as pool:
        urut = sorted(pool.map(take, range(80)))
    assert urut == list(range(1, 81))


def test_a_letter_keeps_its_number_and_years_start_again(make_runtime: Callable[..., Any]) -> None:
    penomoran = Penomoran(make_runtime("surat").engine)
    fmt = "{klasifikasi}/{nomor:03d}/{unit}/{bulan_romawi}/{tahun}"
    args = {"instansi_id": "pemkot-bandung", "unit": "BKPSDM", "klasifikasi": "800.1.6.3",
            "format": fmt}
    first = penomoran.ambil(**args, tanggal=dt.date(2026, 11, 25), pemegang="surat-a")
    assert first.nomor == "800.1.6.3/001/BKPSDM/XI/2026"
    # A retried signature of the same letter gets the same number, never a second one.
    assert penomoran.ambil(**args, tanggal=dt.date(2026, 11, 25), pemegang="surat-a") == first
    assert penomoran.ambil(**args, tanggal=dt.date(2026, 11, 26), pemegang="surat-b").urut == 2
    assert penomoran.ambil(**args, tanggal=dt.date(2027, 1, 4), pemegang="surat-c").nomor == \
        "800.1.6.3/001/BKPSDM/I/2027"
    other = penomoran.ambil(**{**args, "instansi_id": "pemkab-sleman"}, tanggal=dt.date(2026, 12, 1),
                            pemegang="surat-d")
    assert other.urut == 1
    assert [n.pemegang for n in penomoran.register("pemkot-bandung", 2026)] == ["surat-a", "surat-b"]
