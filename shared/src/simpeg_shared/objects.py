"""Evidence files (scans, photos): content-addressed storage with strict type checks.

A file is named by the SHA-256 of its bytes, so events carry the hash, storing the same file twice
keeps one copy, and a hash read back from the outside cannot name anything but a stored object.
The type is sniffed from the first bytes; a filename or a client's ``Content-Type`` is never
trusted. Uploads are the raw request body (no multipart): the client sends the file itself with
its ``Content-Type``, see :func:`receive_upload`.

Nothing here logs, and no message carries the file's contents.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from simpeg_shared.errors import DomainError, NotFound
from simpeg_shared.settings import CommonSettings

MiB = 1024 * 1024
DEFAULT_MAX_BYTES = 2 * MiB
PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DEFAULT_ALLOWED: frozenset[str] = frozenset({PDF, JPEG, PNG})
FILE_MODE = 0o640
DIR_MODE = 0o750

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
# Names some clients send for the same types; compared after normalising.
_ALIASES = {"application/x-pdf": PDF, "image/jpg": JPEG, "image/pjpeg": JPEG, "image/x-png": PNG}
_SHA256 = re.compile(r"[0-9a-f]{64}")


class BerkasTidakValid(DomainError):
    """The file is empty, of a type not allowed, or not what its sender declared."""

    status = 422
    code = "berkas-tidak-valid"
    title = "File rejected"

    def __init__(self, message: str, *, field: str | None = "body") -> None:
        super().__init__(message, field=field)


class BerkasTerlaluBesar(BerkasTidakValid):
    """The file is over the size limit (a :class:`BerkasTidakValid` with its own status)."""

    status = 413
    code = "berkas-terlalu-besar"
    title = "File too large"


class ObjectNotFound(NotFound):
    """No stored file has this hash, or the hash is malformed."""

    status = 404
    code = "berkas-tidak-ditemukan"
    title = "File not found"


@dataclass(frozen=True, slots=True)
class StoredObject:
    """A stored file: its SHA-256 (64 lowercase hex), size in bytes and sniffed media type."""

    sha256: str
    size: int
    media_type: str


def sniff_type(data: bytes) -> str | None:
    """The media type the first bytes show (PDF, JPEG, PNG), or None."""
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    return None


def is_sha256(value: object) -> bool:
    """Exactly 64 lowercase hex characters: the only strings that may become a path."""
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def normalise_media_type(value: str | None) -> str | None:
    """``image/JPG; q=1`` -> ``image/jpeg``; None, empty and ``application/octet-stream`` -> None."""
    if value is None:
        return None
    media_type = value.split(";", 1)[0].strip().lower()
    if not media_type or media_type == "application/octet-stream":
        return None
    return _ALIASES.get(media_type, media_type)


def _size_text(n: int) -> str:
    if n >= MiB:
        return f"{round(n / MiB, 1):g} MiB"
    if n >= 1024:
        return f"{round(n / 1024, 1):g} KB"
    return f"{n} bytes"


def check_file(data: bytes, *, declared_type: str | None = None,
               allowed: frozenset[str] = DEFAULT_ALLOWED,
               max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The sniffed media type of an acceptable file; raises BerkasTidakValid/BerkasTerlaluBesar."""
    if not data:
        raise BerkasTidakValid("the file is empty")
    if len(data) > max_bytes:
        raise BerkasTerlaluBesar(
            f"the file is {_size_text(len(data))}; the limit is {_size_text(max_bytes)}")
    allowed_text = ", ".join(sorted(allowed))
    sniffed = sniff_type(data)
    if sniffed is None or sniffed not in allowed:
        shown = f"a {sniffed} file" if sniffed else "of an unrecognised type"
        raise BerkasTidakValid(f"the file is {shown}; allowed types are {allowed_text}")
    declared = normalise_media_type(declared_type)
    if declared is not None and declared != sniffed:
        raise BerkasTidakValid(
            f"the file was declared as {declared} but its content is {sniffed}")
    return sniffed


class ObjectStore(ABC):
    """Content-addressed store of evidence files. ``put`` checks every file before storing it."""

    def put(self, data: bytes, *, declared_type: str | None = None,
            allowed: frozenset[str] = DEFAULT_ALLOWED,
            max_bytes: int = DEFAULT_MAX_BYTES) -> StoredObject:
        """Check and store ``data``; storing the same bytes again returns the same object."""
        media_type = check_file(data, declared_type=declared_type, allowed=allowed,
                                max_bytes=max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        self._store(sha256, data)
        return StoredObject(sha256=sha256, size=len(data), media_type=media_type)

    @abstractmethod
    def _store(self, sha256: str, data: bytes) -> None:
        """Write checked bytes under their hash; idempotent and atomic."""

    @abstractmethod
    def get(self, sha256: str) -> bytes:
        """The stored bytes; ObjectNotFound for an unknown or malformed hash."""

    @abstractmethod
    def exists(self, sha256: str) -> bool:
        """Whether a file with this hash is stored (False for a malformed hash)."""

    @abstractmethod
    def delete(self, sha256: str) -> bool:
        """Remove the file (erasure of personal data); False when it was not there."""


class LocalObjectStore(ObjectStore):
    """Files on a local disk at ``root/ab/cd/<sha256>``, written atomically with mode 0640."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise ObjectNotFound("not a file hash: expected 64 lowercase hexadecimal characters")
        return self.root / sha256[0:2] / sha256[2:4] / sha256

    def _store(self, sha256: str, data: bytes) -> None:
        path = self._path(sha256)
        try:
            if path.stat().st_size == len(data):
                return  # same hash and size: already stored
        except FileNotFoundError:
            pass
        folder = path.parent
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                os.fchmod(f.fileno(), FILE_MODE)
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        _fsync_dir(folder)

    def get(self, sha256: str) -> bytes:
        path = self._path(sha256)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ObjectNotFound(f"no stored file has the hash {sha256}") from None

    def exists(self, sha256: str) -> bool:
        return is_sha256(sha256) and self._path(sha256).is_file()

    def delete(self, sha256: str) -> bool:
        try:
            self._path(sha256).unlink()
        except (FileNotFoundError, ObjectNotFound):
            return False
        _fsync_dir(self._path(sha256).parent)
        return True


def _fsync_dir(folder: Path) -> None:
    """Make the rename durable; a no-op where directories cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def object_store(settings: CommonSettings) -> ObjectStore:
    """The store of this deployment (S3/MinIO comes later, chosen here by a setting)."""
    return LocalObjectStore(settings.var_dir / "objects")


async def read_body(request: Request, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The raw request body, refused with BerkasTerlaluBesar as soon as it passes ``max_bytes``.

    A ``Content-Length`` over the limit is refused before anything is read; a chunked body is
    refused at the first chunk that crosses the limit, so a large body is never held in memory.
    """
    too_big = BerkasTerlaluBesar(f"the file is over the limit of {_size_text(max_bytes)}")
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > max_bytes:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


async def receive_upload(request: Request, store: ObjectStore, *,
                         allowed: frozenset[str] = DEFAULT_ALLOWED,
                         max_bytes: int = DEFAULT_MAX_BYTES) -> StoredObject:
    """Store the request body as an evidence file; its ``Content-Type`` is the declared type.

    Send ``application/octet-stream`` (or no type) to let the content alone decide. Document the
    route's body with ``openapi_extra=upload_openapi(allowed)``.
    """
    data = await read_body(request, max_bytes=max_bytes)
    declared = request.headers.get("content-type")
    return await run_in_threadpool(store.put, data, declared_type=declared, allowed=allowed,
                                   max_bytes=max_bytes)


def upload_openapi(allowed: frozenset[str] = DEFAULT_ALLOWED) -> dict[str, Any]:
    """``openapi_extra`` of an upload route: a binary body of one of the allowed types."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"requestBody": {"required": True,
                            "content": {t: binary for t in sorted(allowed)}}}


__all__ = [
    "DEFAULT_ALLOWED", "DEFAULT_MAX_BYTES", "BerkasTerlaluBesar", "BerkasTidakValid",
    "LocalObjectStore", "ObjectNotFound", "ObjectStore", "StoredObject", "check_file",
    "is_sha256", "normalise_media_type", "object_store", "read_body", "receive_upload",
    "sniff_type", "upload_openapi",
]
