"""The profile API against a real database: registration, validation, idempotency, auth."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from simpeg_shared.testing import auth

NIP = "198503152010011001"
BODY = {"nip": NIP, "nama": "Budi Santoso, S.Kom.", "instansi_id": "pemkot-bandung", "unit_id": "diskominfo"}
URL = "/api/profile/v1/pegawai"


@pytest.fixture
async def profile(make_runtime: Callable[..., Any]) -> AsyncIterator[tuple[httpx.AsyncClient, Any]]:
    runtime = make_runtime("profile")
    transport = httpx.ASGITransport(app=runtime.api())
    async with httpx.AsyncClient(transport=transport, base_url="http://profile") as client:
        yield client, runtime


@pytest.fixture
def admin(make_token: Callable[..., str]) -> dict[str, str]:
    return auth(make_token("ADMIN_INSTANSI", instansi="pemkot-bandung"))


def stored_events(runtime: Any) -> int:
    return runtime.application.recorder.max_notification_id() or 0


async def test_registering_a_pegawai_answers_201_and_stores_one_event(profile, admin) -> None:
    client, runtime = profile
    r = await client.post(URL, json=BODY, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json() == {**BODY, "tanggal_lahir": "1985-03-15", "jenis_kelamin": "L",
                        "tmt_cpns": "2010-01-01", "jenis_pegawai": "PNS", "status": "AKTIF"}
    assert r.headers["x-request-id"]
    assert stored_events(runtime) == 1
    got = await client.get(f"{URL}/{NIP}", headers=admin)
    assert got.status_code == 200 and got.json()["nama"] == BODY["nama"]


async def test_a_second_registration_of_the_same_nip_is_409(profile, admin) -> None:
    client, runtime = profile
    assert (await client.post(URL, json=BODY, headers=admin)).status_code == 201
    r = await client.post(URL, json={**BODY, "nama": "Someone Else"}, headers=admin)
    assert r.status_code == 409
    assert r.headers["content-type"] == "application/problem+json"
    assert NIP in r.json()["detail"]
    assert stored_events(runtime) == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nip": "198502302010011001"}, "body.nip"),
        ({"nip": 198503152010011001}, "body.nip"),
        ({"nama": ""}, "body.nama"),
        ({"unit_id": ["x"]}, "body.unit_id"),
        ({"gaji": 5000000}, "body.gaji"),
        ({"tanggal_lahir": "1985-03-16"}, "body.tanggal_lahir"),
        ({"jenis_kelamin": "P"}, "body.jenis_kelamin"),
        ({"jenis_kelamin": "X"}, "body.jenis_kelamin"),
    ],
)
async def test_invalid_input_is_422_problem_naming_the_field(profile, admin, change: dict, field: str) -> None:
    client, runtime = profile
    r = await client.post(URL, json={**BODY, **change}, headers=admin)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert problem["status"] == 422
    assert field in [e["field"] for e in problem["errors"]]
    assert field in problem["detail"]
    assert stored_events(runtime) == 0


async def test_a_body_that_is_not_json_is_422_not_500(profile, admin) -> None:
    client, _ = profile
    r = await client.post(URL, content=b"{nope", headers={**admin, "content-type": "application/json"})
    assert r.status_code == 422
    assert r.headers["content-type"] == "application/problem+json"


async def test_a_repeated_idempotency_key_returns_the_first_response_and_stores_one_event(profile, admin) -> None:
    client, runtime = profile
    headers = {**admin, "Idempotency-Key": "reg-7f3a"}
    first = await client.post(URL, json=BODY, headers=headers)
    second = await client.post(URL, json=BODY, headers=headers)
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers.get("idempotent-replayed") == "true"
    assert stored_events(runtime) == 1
    reused = await client.post(URL, json={**BODY, "nama": "Other"}, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["errors"][0]["field"] == "header.Idempotency-Key"


async def test_a_refused_command_releases_its_idempotency_key(profile, admin) -> None:
    client, runtime = profile
    headers = {**admin, "Idempotency-Key": "reg-retry"}
    bad = await client.post(URL, json={**BODY, "jenis_kelamin": "P"}, headers=headers)
    assert bad.status_code == 422
    fixed = await client.post(URL, json={**BODY, "jenis_kelamin": "P"} | {"jenis_kelamin": "L"}, headers=headers)
    assert fixed.status_code == 201
    assert stored_events(runtime) == 1


async def test_no_token_or_a_forged_token_is_401(profile, admin) -> None:
    client, runtime = profile
    assert (await client.post(URL, json=BODY)).status_code == 401
    token = admin["Authorization"]
    forged = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    r = await client.post(URL, json=BODY, headers={"Authorization": forged})
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert stored_events(runtime) == 0


async def test_roles_and_instansi_scope_are_enforced(profile, make_token) -> None:
    client, runtime = profile
    pegawai = auth(make_token("PEGAWAI", instansi="pemkot-bandung"))
    other_admin = auth(make_token("ADMIN_INSTANSI", instansi="pemkab-sleman"))
    bkn = auth(make_token("BKN_PUSAT", instansi=None))
    assert (await client.post(URL, json=BODY, headers=pegawai)).status_code == 403
    assert (await client.post(URL, json=BODY, headers=other_admin)).status_code == 403
    assert (await client.post(URL, json=BODY, headers=bkn)).status_code == 403
    assert stored_events(runtime) == 0
    admin = auth(make_token("ADMIN_INSTANSI", instansi="pemkot-bandung"))
    assert (await client.post(URL, json=BODY, headers=admin)).status_code == 201
    assert (await client.get(f"{URL}/{NIP}", headers=bkn)).status_code == 200
    assert (await client.get(f"{URL}/{NIP}", headers=other_admin)).status_code == 404


async def test_health_readiness_and_metrics(profile) -> None:
    client, _ = profile
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).json() == {"status": "ready"}
    assert "simpeg_http_request_seconds" in (await client.get("/metrics")).text


async def test_the_openapi_documents_problem_responses(profile) -> None:
    client, _ = profile
    spec = (await client.get("/openapi.json")).json()
    post = spec["paths"][URL]["post"]
    for status in ("401", "403", "409", "422"):
        assert "application/problem+json" in post["responses"][status]["content"]
