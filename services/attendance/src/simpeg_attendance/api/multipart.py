"""A small, strict ``multipart/form-data`` reader for the check-in upload.

The body is read with the shared size limit (a photo over the limit is refused as soon as the
body passes it, before it is held in memory), then split on its boundary. Only named form
fields are accepted; at most one file (the photo). No part is ever logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from starlette.requests import Request

from simpeg_shared.errors import DomainError
from simpeg_shared.objects import read_body

MAX_PARTS = 20
MAX_FIELD_BYTES = 1000


class BukanMultipart(DomainError):
    status = 415
    code = "bukan-multipart"
    title = "Send the check-in as multipart/form-data"


class MultipartRusak(DomainError):
    status = 400
    code = "multipart-rusak"
    title = "The multipart body cannot be read"


@dataclass(frozen=True)
class Berkas:
    data: bytes
    content_type: str | None


def _params(value: str, header: str) -> Message:
    m = Message()
    m[header] = value
    return m


async def baca_form(request: Request, max_bytes: int) -> tuple[dict[str, str], dict[str, Berkas]]:
    ctype = request.headers.get("content-type", "")
    m = _params(ctype, "content-type")
    boundary = m.get_param("boundary", header="content-type")
    if m.get_content_type() != "multipart/form-data" or not isinstance(boundary, str) or not boundary:
        raise BukanMultipart("the check-in is multipart/form-data: the fields and the photo as "
                             "the part named 'foto'", field="header.Content-Type")
    body = await read_body(request, max_bytes=max_bytes)
    delim = b"--" + boundary.encode("latin-1")
    start = body.find(delim)
    if start < 0:
        raise MultipartRusak("no part starts with the boundary of the Content-Type header")
    segments = body[start + len(delim):].split(b"\r\n" + delim)
    fields: dict[str, str] = {}
    files: dict[str, Berkas] = {}
    closed = False
    for n, seg in enumerate(segments):
        if seg.startswith(b"--"):
            closed = True
            break
        if n >= MAX_PARTS:
            raise MultipartRusak(f"more than {MAX_PARTS} parts")
        if not seg.startswith(b"\r\n"):
            raise MultipartRusak("a boundary is not followed by a line break")
        head, sep, data = seg[2:].partition(b"\r\n\r\n")
        if not sep:
            raise MultipartRusak("a part has no blank line after its headers")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            key, colon, value = line.partition(":")
            if colon:
                headers[key.strip().lower()] = value.strip()
        disposition = _params(headers.get("content-disposition", ""), "content-disposition")
        name = disposition.get_param("name", header="content-disposition")
        if not isinstance(name, str) or not name:
            raise MultipartRusak("every part needs Content-Disposition: form-data; name=\"…\"")
        if name in fields or name in files:
            raise MultipartRusak(f"the part {name!r} is sent twice", field=f"body.{name}")
        if disposition.get_param("filename", header="content-disposition") is not None or (
                "content-type" in headers and not headers["content-type"].startswith("text/")):
            files[name] = Berkas(data, headers.get("content-type"))
        else:
            if len(data) > MAX_FIELD_BYTES:
                raise MultipartRusak(f"the field {name!r} is longer than {MAX_FIELD_BYTES} bytes",
                                     field=f"body.{name}")
            try:
                fields[name] = data.decode("utf-8")
            except UnicodeDecodeError:
                raise MultipartRusak(f"the field {name!r} is not UTF-8 text",
                                     field=f"body.{name}") from None
    if not closed:
        raise MultipartRusak("the body ends before the closing boundary")
    return fields, files
