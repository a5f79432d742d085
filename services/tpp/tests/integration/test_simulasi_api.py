"""POST /simulasi: the issue's example exactly, and every bad input a 4xx problem+json."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from simpeg_shared.testing import auth

T = "/api/tpp/v1"
EXAMPLE = {"aturan": "contoh-2026", "tpp_basis": 5000000,
           "kehadiran": {"TL1": 2, "PSW2": 1, "TK": 1}, "predikat": "BAIK"}


@pytest.fixture
async def client(make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> AsyncIterator[tuple[httpx.AsyncClient, dict]]:
    runtime = make_runtime("tpp")
    headers = auth(make_token("PEGAWAI", instansi="pemkot-bandung", nip="198503152010011001"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()), base_url="http://t") as c:
        yield c, headers


async def test_the_issue_example_answers_exactly(client) -> None:
    c, h = client
    r = await c.post(f"{T}/simulasi", json=EXAMPLE, headers=h)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["disiplin"], body["kinerja"], body["total"]) == (1750000, 3000000, 4750000)
    assert [{k: p[k] for k in ("kode", "jumlah", "rupiah")} for p in body["potongan"]] == [
        {"kode": "TL1", "jumlah": 2, "rupiah": 50000}, {"kode": "PSW2", "jumlah": 1, "rupiah": 50000},
        {"kode": "TK", "jumlah": 1, "rupiah": 150000}]
    assert body["aturan"] == "contoh-2026@1"


async def test_the_basis_may_come_from_the_kelas_jabatan_of_the_rule_set(client) -> None:
    c, h = client
    r = await c.post(f"{T}/simulasi", json={"aturan": "contoh-2026", "kelas_jabatan": 9,
                                            "predikat": "SANGAT_KURANG"}, headers=h)
    assert r.status_code == 200 and r.json()["basis"] == 3600000
    assert r.json()["kinerja"] == 3600000 * 60 // 100 * 25 // 100


@pytest.mark.parametrize(("change", "status", "field"), [
    ({"aturan": "tidak-ada"}, 404, "aturan"),
    ({"kehadiran": {"TL9": 1}}, 422, "body.kehadiran"),
    ({"kehadiran": {"TK": -1}}, 422, "body.kehadiran.TK"),
    ({"kehadiran": {"TK": 40}}, 422, "body.kehadiran.TK"),
    ({"predikat": "LUMAYAN"}, 422, "body.predikat"),
    ({"tpp_basis": 0}, 422, "body.tpp_basis"),
    ({"tpp_basis": "lima juta"}, 422, "body.tpp_basis"),
    ({"kelas_jabatan": 9}, 422, "body.tpp_basis"),
    ({"tpp_basis": None}, 422, "body.tpp_basis"),
    ({"bonus": 1}, 422, "body.bonus"),
])
async def test_bad_input_is_a_problem_naming_the_field(client, change: dict, status: int, field: str) -> None:
    c, h = client
    r = await c.post(f"{T}/simulasi", json=EXAMPLE | change, headers=h)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert body["detail"]
    assert field in [e["field"] for e in body.get("errors", [])] or field in body["detail"]


async def test_no_token_is_401_and_a_bad_month_is_422(client) -> None:
    c, h = client
    r = await c.post(f"{T}/simulasi", json=EXAMPLE)
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    r = await c.get(f"{T}/pegawai/198503152010011001/slip", params={"bulan": "2026-13"}, headers=h)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "query.bulan"
    r = await c.get(f"{T}/pegawai/198503152010011001/slip", params={"bulan": "2026-01"}, headers=h)
    assert r.status_code == 404  # not registered in profile (yet)
    r = await c.get(f"{T}/aturan", headers=h)
    assert [a["kode"] for a in r.json()] == ["contoh-2026", "contoh-2027"]
