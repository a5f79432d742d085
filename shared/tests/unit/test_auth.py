import datetime as dt
import json
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from simpeg_shared.auth import AuthError, Principal, Role, TokenVerifier, bearer_token
from simpeg_shared.devkeys import ensure_dev_keys, issue_token
from simpeg_shared.settings import CommonSettings


@pytest.fixture
def setup(tmp_path: Path) -> tuple[CommonSettings, TokenVerifier]:
    _, jwks = ensure_dev_keys(tmp_path)
    settings = CommonSettings(var_dir=tmp_path, jwks_file=jwks)
    return settings, TokenVerifier(settings)


def _token(settings: CommonSettings, **kw: object) -> str:
    args = dict(issuer=settings.jwt_issuer, audience=settings.jwt_audience, roles=["ATASAN"],
                instansi="pemkot-bandung", nip="198503152010011001")
    args.update(kw)
    return issue_token(settings.var_dir, **args)  # type: ignore[arg-type]


def test_a_dev_token_verifies_into_roles_and_instansi(setup: tuple[CommonSettings, TokenVerifier]) -> None:
    settings, verifier = setup
    p = verifier.verify(_token(settings, roles=["ATASAN", "PEGAWAI", "some-other-app-role"]))
    assert p.roles == {Role.ATASAN, Role.PEGAWAI}
    assert p.instansi_id == "pemkot-bandung" and p.nip == "198503152010011001"


def test_the_dev_key_is_private_to_its_owner(tmp_path: Path) -> None:
    key, _ = ensure_dev_keys(tmp_path)
    assert key.stat().st_mode & 0o077 == 0


def test_expired_wrong_issuer_and_wrong_audience_tokens_are_refused(setup: tuple[CommonSettings, TokenVerifier]) -> None:
    settings, verifier = setup
    with pytest.raises(AuthError, match="expired"):
        verifier.verify(_token(settings, ttl=dt.timedelta(seconds=-5)))
    with pytest.raises(AuthError):
        verifier.verify(_token(settings, issuer="someone-else"))
    with pytest.raises(AuthError):
        verifier.verify(_token(settings, audience="another-app"))


def test_a_token_signed_with_another_key_under_our_kid_is_refused(setup: tuple[CommonSettings, TokenVerifier]) -> None:
    settings, verifier = setup
    kid = json.loads(settings.jwks_file.read_text())["keys"][0]["kid"]  # type: ignore[union-attr]
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption())
    now = dt.datetime.now(dt.UTC)
    forged = jwt.encode({"iss": settings.jwt_issuer, "aud": settings.jwt_audience, "sub": "x",
                         "iat": now, "exp": now + dt.timedelta(minutes=5), "roles": ["BKN_PUSAT"]},
                        pem, algorithm="RS256", headers={"kid": kid})
    with pytest.raises(AuthError, match="invalid token"):
        verifier.verify(forged)


def test_hs256_and_unsigned_tokens_are_refused(setup: tuple[CommonSettings, TokenVerifier]) -> None:
    settings, verifier = setup
    now = dt.datetime.now(dt.UTC)
    claims = {"iss": settings.jwt_issuer, "aud": settings.jwt_audience, "sub": "x", "iat": now,
              "exp": now + dt.timedelta(minutes=5)}
    with pytest.raises(AuthError, match="RS256"):
        verifier.verify(jwt.encode(claims, "s" * 32, algorithm="HS256"))
    with pytest.raises(AuthError):
        verifier.verify(jwt.encode(claims, None, algorithm="none"))


def test_bearer_header_parsing() -> None:
    assert bearer_token("Bearer abc") == "abc"
    for bad in (None, "", "Basic abc", "Bearer "):
        with pytest.raises(AuthError):
            bearer_token(bad)


def test_bkn_pusat_reads_every_instansi_and_writes_none() -> None:
    bkn = Principal("u", frozenset({Role.BKN_PUSAT}), None)
    admin = Principal("a", frozenset({Role.ADMIN_INSTANSI}), "pemkot-bandung")
    assert bkn.may_read("pemkab-sleman") and not bkn.may_write("pemkab-sleman")
    assert admin.may_read("pemkot-bandung") and admin.may_write("pemkot-bandung")
    assert not admin.may_read("pemkab-sleman") and not admin.may_write("pemkab-sleman")
