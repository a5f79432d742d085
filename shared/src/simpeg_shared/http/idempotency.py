"""``Idempotency-Key`` for commands: a repeated key returns the first response, unchanged.

The key is reserved before the command runs (so two concurrent requests with one key cannot both
run it), then completed with the response. A key reused with a different request is a 422; one
still running is a 409. A command that is refused (4xx) or fails stores nothing and releases its
key. Keys are scoped to the caller.

One window is left between two transactions: the command's events committed, then the process
died before the key was completed. After ``STALE_AFTER`` the command runs again. A command that
creates an aggregate closes that window by taking the aggregate's id from the key
(:func:`id_perintah`) and answering with what is already stored under it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

from simpeg_shared.errors import Conflict, DomainError
from simpeg_shared.projection import insert_or_ignore

#: An unfinished reservation older than this (its process died) may be taken over.
STALE_AFTER = dt.timedelta(seconds=60)


#: namespace of the ids commands derive from (caller, Idempotency-Key)
_NS_PERINTAH = uuid.UUID("5d0c2f4e-6a3b-4e0f-9a53-2b7f5b1c9e61")


def id_perintah(scope: str, key: str | None) -> uuid.UUID | None:
    """The id a command creating an aggregate gives it when the request has an Idempotency-Key:
    the same (caller, key) always makes the same id, so a run after a lost completion finds its
    aggregate instead of making a second one. ``None`` without a key."""
    return uuid.uuid5(_NS_PERINTAH, f"{scope}\x1f{key}") if key else None


class IdempotencyKeyReused(DomainError):
    status = 422
    code = "idempotency-key-reused"
    title = "Idempotency-Key reused with a different request"


def _table() -> Any:
    from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text

    return Table(
        "idempotency_key", MetaData(),
        Column("scope", String(255), primary_key=True), Column("key", String(255), primary_key=True),
        Column("fingerprint", String(64)), Column("status_code", Integer), Column("body", Text),
        Column("created_at", DateTime(timezone=True)),
    )


_TABLE = _table()


def run_idempotent(engine: Engine, request: Request, key: str | None, scope: str, payload: Any,
                   command: Callable[[], tuple[int, Any]]) -> JSONResponse:
    """Run ``command`` (returning status and JSON-able body) at most once per key."""
    if key is None:
        status, body = command()
        return JSONResponse(body, status_code=status)
    if not 1 <= len(key) <= 255:
        raise DomainError("Idempotency-Key must be 1 to 255 characters", field="header.Idempotency-Key")
    fingerprint = hashlib.sha256(
        json.dumps([request.method, request.url.path, payload], sort_keys=True, default=str).encode()
    ).hexdigest()
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        reserved = insert_or_ignore(conn, _TABLE, scope=scope, key=key, fingerprint=fingerprint,
                                    created_at=now)
        if not reserved:
            row = conn.execute(
                text("SELECT fingerprint, status_code, body, created_at FROM idempotency_key "
                     "WHERE scope = :s AND key = :k"), {"s": scope, "k": key}).one()
            if row.fingerprint != fingerprint:
                raise IdempotencyKeyReused(
                    "This Idempotency-Key was used for a different request; use a new key.",
                    field="header.Idempotency-Key")
            if row.status_code is not None:
                return JSONResponse(json.loads(row.body), status_code=row.status_code,
                                    headers={"Idempotent-Replayed": "true"})
            created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
            if now - created < STALE_AFTER:
                raise Conflict("A request with this Idempotency-Key is still being processed; "
                               "retry in a moment.")
            conn.execute(text("UPDATE idempotency_key SET created_at = :t WHERE scope = :s AND "
                              "key = :k"), {"t": now, "s": scope, "k": key})
    try:
        status, body = command()
    except BaseException:
        # Nothing was stored: a refused or failed command releases its key so that a retry,
        # after the caller fixed the cause, is judged afresh.
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM idempotency_key WHERE scope = :s AND key = :k"),
                         {"s": scope, "k": key})
        raise
    _complete(engine, scope, key, status, body)
    return JSONResponse(body, status_code=status)


def _complete(engine: Engine, scope: str, key: str, status: int, body: Any) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE idempotency_key SET status_code = :c, body = :b WHERE scope = :s AND key = :k"),
            {"c": status, "b": json.dumps(body, default=str), "s": scope, "k": key},
        )
