"""The local development issuer's key: generated on first use under ``var/dev-keys/``.

Never committed, never used outside the embedded default and tests. ``simpeg token`` signs with
it; services verify with the JWKS file written beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable
from typing import Any
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


def ensure_dev_keys(var_dir: Path) -> tuple[Path, Path]:
    """Returns (private key PEM, JWKS JSON) paths, creating them when missing."""
    folder = Path(var_dir) / "dev-keys"
    key_path, jwks_path = folder / "issuer-key.pem", folder / "jwks.json"
    if key_path.exists() and jwks_path.exists():
        return key_path, jwks_path
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": uuid.uuid4().hex[:16], "use": "sig", "alg": "RS256"})
    jwks_path.write_text(json.dumps({"keys": [jwk]}, indent=2))
    return key_path, jwks_path


def issue_token(var_dir: Path, *, issuer: str, audience: str, roles: list[str],
                instansi: str | None, nip: str | None = None, subject: str | None = None,
                ttl: dt.timedelta = dt.timedelta(hours=8)) -> str:
    key_path, jwks_path = ensure_dev_keys(var_dir)
    kid = json.loads(jwks_path.read_text())["keys"][0]["kid"]
    now = dt.datetime.now(dt.UTC)
    claims = {
        "iss": issuer, "aud": audience, "sub": subject or nip or f"dev-{uuid.uuid4().hex[:8]}",
        "iat": now, "nbf": now, "exp": now + ttl, "roles": roles,
    }
    if instansi:
        claims["instansi"] = instansi
    if nip:
        claims["nip"] = nip
    return jwt.encode(claims, key_path.read_bytes(), algorithm="RS256", headers={"kid": kid})


def dev_secret(var_dir: Path, name: str, make: Callable[[], str]) -> str:
    """A local secret (e.g. an event-store cipher key) kept under ``var/dev-keys``; created with
    ``make()`` on first use. Production passes real secrets through settings instead."""
    path = Path(var_dir) / "dev-keys" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(make())
    return path.read_text().strip()


def demo_password(var_dir: Path) -> str:
    """The one password of the dev identity provider's demo users, made per machine."""
    import secrets

    return dev_secret(var_dir, "demo-password", lambda: secrets.token_urlsafe(9))


def master_key(common: Any) -> bytes:
    """The master key wrapping per-pegawai keys: from settings, or made under var/dev-keys."""
    from simpeg_shared.kunci import buat_kunci_induk, kunci_induk

    if common.master_key is not None:
        return kunci_induk(common.master_key.get_secret_value())
    return kunci_induk(dev_secret(common.var_dir, "master.key", buat_kunci_induk))
