"""Settings of the surat service (``SIMPEG_SURAT_*``)."""

from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field, SecretStr

from simpeg_shared.settings import ServiceSettings


class SuratSettings(ServiceSettings):
    service_name: ClassVar[str] = "surat"
    default_port: ClassVar[int] = 8106

    public_base_url: str = Field(
        "http://127.0.0.1:8000",
        description="Where the public verification page is reached (the gateway); the QR code "
        "on every signed letter points at <this>/api/surat/v1/verifikasi/<id>.")
    template_dir: Path | None = Field(
        None, description="Extra templates (instansi/*.yaml, jenis/*.yaml) that add to or "
        "override the built-in ones.")
    signer: Literal["local-ca", "bsre"] = Field(
        "local-ca", description="local-ca: the project CA under var/ (development, tests); "
        "bsre: a BSrE-style remote signing API (production).")
    signing_secret: SecretStr | None = Field(
        None, description="Encrypts the project CA's and every official's private key; in "
        "development a secret is made under var/dev-keys.")
    bsre_url: str | None = Field(None, description="Base URL of the remote signing API.")
    bsre_client_id: str | None = None
    bsre_client_secret: SecretStr | None = None
    bsre_trust_roots: Path | None = Field(
        None, description="PEM file of the roots that issue the remote API's certificates.")
    bsre_timeout_seconds: float = Field(30.0, gt=0, le=300)
    max_pdf_bytes: int = Field(10 * 1024 * 1024, ge=1024, description="Largest PDF accepted.")
    drafter_interval: float = Field(0.5, gt=0, le=60,
                                    description="How often requests are turned into drafts.")
