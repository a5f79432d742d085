"""Authentication: RS256 JWTs verified against the issuer's JWKS; roles and instansi scope.

The gateway checks the token, and every service checks it again (defence in depth). In the
embedded default and tests the JWKS is a local file written by :mod:`simpeg_shared.devkeys`; in
docker-compose and Kubernetes it is Keycloak's JWKS URL.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWK, PyJWKClient

from simpeg_shared.settings import CommonSettings


class Role(enum.StrEnum):
    PEGAWAI = "PEGAWAI"
    ATASAN = "ATASAN"
    VERIFIKATOR = "VERIFIKATOR"
    PEJABAT_BERWENANG = "PEJABAT_BERWENANG"
    ADMIN_INSTANSI = "ADMIN_INSTANSI"
    BKN_PUSAT = "BKN_PUSAT"


class AuthError(Exception):
    """No, expired, forged or malformed credentials."""


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[Role]
    instansi_id: str | None
    nip: str | None = None

    def has_any(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def may_read(self, instansi_id: str) -> bool:
        """Every query is scoped to the caller's instansi, except BKN_PUSAT (reads all)."""
        return Role.BKN_PUSAT in self.roles or self.instansi_id == instansi_id

    def may_write(self, instansi_id: str) -> bool:
        """BKN_PUSAT is read-only; everyone else writes only in their own instansi."""
        return self.instansi_id == instansi_id


class TokenVerifier:
    def __init__(self, settings: CommonSettings) -> None:
        self.issuer = settings.jwt_issuer
        self.audience = settings.jwt_audience
        self.jwks_url = settings.jwks_url
        self.jwks_file = settings.jwks_file

    @cached_property
    def _client(self) -> PyJWKClient | None:
        return PyJWKClient(self.jwks_url, cache_keys=True, lifespan=300) if self.jwks_url else None

    def _file_keys(self) -> dict[str, PyJWK]:
        if self.jwks_file is None:
            raise AuthError("no JWKS configured (SIMPEG_JWKS_URL or SIMPEG_JWKS_FILE)")
        try:
            data = json.loads(Path(self.jwks_file).read_text())
        except (OSError, ValueError) as exc:
            raise AuthError(f"JWKS file unreadable: {exc}") from exc
        return {k["kid"]: PyJWK(k) for k in data.get("keys", [])}

    def _key_for(self, token: str) -> Any:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError("malformed token") from exc
        if header.get("alg") != "RS256":
            raise AuthError("token must be signed with RS256")
        if self._client is not None:
            try:
                return self._client.get_signing_key_from_jwt(token).key
            except jwt.PyJWTError as exc:
                raise AuthError(f"signing key not found: {exc}") from exc
        key = self._file_keys().get(header.get("kid", ""))
        if key is None:
            raise AuthError("token signed by an unknown key")
        return key.key

    def verify(self, token: str) -> Principal:
        key = self._key_for(token)
        try:
            claims = jwt.decode(
                token, key, algorithms=["RS256"], audience=self.audience, issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("token expired") from exc
        except jwt.PyJWTError as exc:
            raise AuthError(f"invalid token: {exc}") from exc
        roles: set[Role] = set()
        for r in claims.get("roles", []):
            try:
                roles.add(Role(r))
            except ValueError:
                continue  # roles of other applications in a shared realm are not ours
        return Principal(
            subject=str(claims["sub"]),
            roles=frozenset(roles),
            instansi_id=claims.get("instansi"),
            nip=claims.get("nip"),
        )


def bearer_token(authorization: str | None) -> str:
    if not authorization:
        raise AuthError("missing Authorization header")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("Authorization must be 'Bearer <token>'")
    return token.strip()
