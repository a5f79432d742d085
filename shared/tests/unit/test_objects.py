import hashlib
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter, Request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simpeg_shared.errors import DomainError, NotFound
from simpeg_shared.http import create_app
from simpeg_shared.objects import (
    DEFAULT_ALLOWED,
    DEFAULT_MAX_BYTES,
    BerkasTerlaluBesar,
    BerkasTidakValid,
    LocalObjectStore,
    ObjectNotFound,
    StoredObject,
    object_store,
    receive_upload,
    sniff_type,
    upload_openapi,
)
from simpeg_shared.settings import CommonSettings

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize(("data", "media_type"), [
    (PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png"),
])
def test_each_allowed_type_round_trips_with_its_sniffed_type(
        tmp_path: Path, data: bytes, media_type: str) -> None:
    store = LocalObjectStore(tmp_path)
    stored = store.put(data)
    assert stored == StoredObject(sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                                  media_type=media_type)
    assert store.get(stored.sha256) == data
    assert store.exists(stored.sha256)


def test_the_hash_is_the_sha256_of_the_bytes_and_names_the_path(tmp_path: Path) -> None:
    stored = LocalObjectStore(tmp_path).put(PDF)
    digest = hashlib.sha256(PDF).hexdigest()
    assert stored.sha256 == digest
    assert files_under(tmp_path) == [tmp_path / digest[:2] / digest[2:4] / digest]


def test_the_same_file_twice_is_stored_once(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    first, second = store.put(PNG), store.put(PNG)
    assert first == second
    assert len(files_under(tmp_path)) == 1


def test_a_stored_file_is_readable_by_owner_and_group_only(tmp_path: Path) -> None:
    stored = LocalObjectStore(tmp_path).put(JPEG)
    (path,) = files_under(tmp_path)
    assert path.name == stored.sha256
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_no_temporary_files_are_left_behind(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    for data in (PDF, JPEG, PNG, PDF):
        store.put(data)
    with pytest.raises(BerkasTidakValid):
        store.put(GIF)
    names = [p.name for p in files_under(tmp_path)]
    assert len(names) == 3
    assert not [n for n in names if n.startswith(".")]


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("simpeg_shared.objects.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        LocalObjectStore(tmp_path).put(PDF)
    assert files_under(tmp_path) == []


def test_an_unknown_type_is_rejected_and_the_error_lists_the_allowed_types(tmp_path: Path) -> None:
    with pytest.raises(BerkasTidakValid) as caught:
        LocalObjectStore(tmp_path).put(GIF)
    err = caught.value
    assert (err.status, err.code, err.title, err.field) == (
        422, "berkas-tidak-valid", "File rejected", "body")
    for media_type in DEFAULT_ALLOWED:
        assert media_type in err.message
    assert files_under(tmp_path) == []


def test_a_sniffed_type_outside_the_allowed_set_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(BerkasTidakValid, match="image/png"):
        LocalObjectStore(tmp_path).put(JPEG, allowed=frozenset({"image/png"}))


def test_a_declared_type_other_than_the_content_is_rejected_naming_both(tmp_path: Path) -> None:
    with pytest.raises(BerkasTidakValid) as caught:
        LocalObjectStore(tmp_path).put(JPEG, declared_type="application/pdf")
    assert caught.value.status == 422
    assert "application/pdf" in caught.value.message and "image/jpeg" in caught.value.message
    assert files_under(tmp_path) == []


@pytest.mark.parametrize("declared", [
    "image/jpeg", "IMAGE/JPEG; charset=binary", "image/jpg", "application/octet-stream", None,
])
def test_a_matching_or_neutral_declared_type_is_accepted(tmp_path: Path,
                                                         declared: str | None) -> None:
    assert LocalObjectStore(tmp_path).put(JPEG, declared_type=declared).media_type == "image/jpeg"


def test_an_empty_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(BerkasTidakValid, match="empty") as caught:
        LocalObjectStore(tmp_path).put(b"")
    assert caught.value.status == 422


def test_a_file_over_the_limit_is_rejected_with_413_naming_the_limit(tmp_path: Path) -> None:
    data = PDF + b"\x00" * DEFAULT_MAX_BYTES
    with pytest.raises(BerkasTerlaluBesar) as caught:
        LocalObjectStore(tmp_path).put(data)
    err = caught.value
    assert (err.status, err.code, err.field) == (413, "berkas-terlalu-besar", "body")
    assert "2 MiB" in err.message
    assert isinstance(err, BerkasTidakValid) and isinstance(err, DomainError)
    assert files_under(tmp_path) == []


def test_a_file_of_exactly_the_limit_is_accepted_and_one_byte_more_is_not(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    limit = 1000
    exact = PDF + b"x" * (limit - len(PDF))
    assert store.put(exact, max_bytes=limit).size == limit
    with pytest.raises(BerkasTerlaluBesar, match="1000 bytes"):
        store.put(exact + b"x", max_bytes=limit)
    with pytest.raises(BerkasTerlaluBesar, match="1.5 KB"):
        store.put(PDF + b"x" * 2000, max_bytes=1536)


@pytest.mark.parametrize("bad", [
    "../etc/passwd", "../" * 21 + "a", "A" * 64, "a" * 63, "a" * 65, "g" * 64, "", "a" * 64 + "\n",
    "/" + "a" * 63, "ab/cd/" + "a" * 58,
])
def test_a_malformed_hash_is_not_found_and_never_becomes_a_path(tmp_path: Path, bad: str) -> None:
    store = LocalObjectStore(tmp_path / "objects")
    (tmp_path / "secret").write_bytes(PDF)
    with pytest.raises(ObjectNotFound) as caught:
        store.get(bad)
    assert (caught.value.status, caught.value.code, caught.value.title) == (
        404, "berkas-tidak-ditemukan", "File not found")
    assert isinstance(caught.value, NotFound)
    assert not store.exists(bad)


def test_an_unknown_hash_is_not_found(tmp_path: Path) -> None:
    store = LocalObjectStore(tmp_path)
    with pytest.raises(ObjectNotFound):
        store.get("0" * 64)
    assert not store.exists("0" * 64)


def test_the_type_is_sniffed_from_the_bytes_only() -> None:
    assert sniff_type(b"%PDF-") == "application/pdf"
    assert sniff_type(b"%PDF") is None
    assert sniff_type(GIF) is None
    assert sniff_type(b"") is None


def test_the_deployment_store_lives_under_var_dir(tmp_path: Path) -> None:
    store = object_store(CommonSettings(var_dir=tmp_path))
    assert isinstance(store, LocalObjectStore)
    assert store.root == tmp_path / "objects"
    stored = store.put(PDF)
    assert (tmp_path / "objects" / stored.sha256[:2] / stored.sha256[2:4] / stored.sha256).is_file()


LIMIT = 4096


# The store is content-addressed and idempotent, so sharing one tmp_path across examples is sound.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(tail=st.binary(max_size=LIMIT - len(b"%PDF-")))
def test_any_bytes_starting_like_a_pdf_under_the_limit_round_trip_exactly(
        tmp_path: Path, tail: bytes) -> None:
    store = LocalObjectStore(tmp_path)
    data = b"%PDF-" + tail
    stored = store.put(data, max_bytes=LIMIT)
    assert stored.media_type == "application/pdf"
    assert stored.size == len(data)
    assert store.get(stored.sha256) == data


def upload_client(tmp_path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> httpx.AsyncClient:
    store = LocalObjectStore(tmp_path)
    router = APIRouter()

    @router.post("/berkas", status_code=201, openapi_extra=upload_openapi())
    async def upload(request: Request) -> dict[str, object]:
        stored = await receive_upload(request, store, max_bytes=max_bytes)
        return {"sha256": stored.sha256, "size": stored.size, "media_type": stored.media_type}

    app = create_app(service="test", title="test", routers=[router])
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_an_upload_stores_the_raw_body_under_its_hash(tmp_path: Path) -> None:
    async with upload_client(tmp_path) as client:
        response = await client.post("/berkas", content=PNG, headers={"Content-Type": "image/png"})
    assert response.status_code == 201
    assert response.json() == {"sha256": hashlib.sha256(PNG).hexdigest(), "size": len(PNG),
                               "media_type": "image/png"}
    assert LocalObjectStore(tmp_path).get(response.json()["sha256"]) == PNG


async def test_an_upload_whose_content_type_lies_is_a_422_problem(tmp_path: Path) -> None:
    async with upload_client(tmp_path) as client:
        response = await client.post("/berkas", content=JPEG,
                                     headers={"Content-Type": "image/png"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"].endswith("/berkas-tidak-valid")
    assert body["errors"][0]["field"] == "body"
    assert "image/png" in body["detail"] and "image/jpeg" in body["detail"]
    assert files_under(tmp_path) == []


async def test_an_oversized_upload_is_a_413_problem_with_or_without_a_content_length(
        tmp_path: Path) -> None:
    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: sent chunked
        yield PDF
        for _ in range(10):
            yield b"\x00" * 512

    async with upload_client(tmp_path, max_bytes=1024) as client:
        for content in (PDF + b"\x00" * 2048, chunks()):
            response = await client.post("/berkas", content=content,
                                         headers={"Content-Type": "application/pdf"})
            assert response.status_code == 413
            assert response.json()["type"].endswith("/berkas-terlalu-besar")
    assert files_under(tmp_path) == []


async def test_the_upload_route_documents_a_binary_body(tmp_path: Path) -> None:
    async with upload_client(tmp_path) as client:
        schema = (await client.get("/openapi.json")).json()
    content = schema["paths"]["/berkas"]["post"]["requestBody"]["content"]
    assert set(content) == DEFAULT_ALLOWED
