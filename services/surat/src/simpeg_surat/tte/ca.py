"""The project CA: a root made at set-up under ``var/surat-tte/``, one key and certificate per
signing official, a time-stamping authority, every private key stored encrypted (PKCS#8, with the signing secret from
settings or a dev secret). Never committed; used by development and tests only — production
signs through the national CA's remote API (:mod:`simpeg_surat.tte.bsre`)."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko_certvalidator.registry import SimpleCertificateStore

from simpeg_surat.tte import Pejabat, Penandatangan

CA_NAME = "SIMPEG Project CA (development)"
TSA_NAME = "SIMPEG Project TSA (development)"
CA_YEARS = 10
LEAF_DAYS = 730


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class ProjectCa:
    def __init__(self, folder: Path, secret: str) -> None:
        self.folder = Path(folder)
        self._secret = secret.encode()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # api and worker processes may set up at the same time; one makes the CA.
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with open(self.folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    @property
    def _ca_cert_path(self) -> Path:
        return self.folder / "ca.crt.pem"

    def _encrypt(self, key: rsa.RSAPrivateKey) -> bytes:
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.BestAvailableEncryption(self._secret))

    def _decrypt(self, path: Path) -> rsa.RSAPrivateKey:
        key = serialization.load_pem_private_key(path.read_bytes(), password=self._secret)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key

    def setup(self) -> None:
        """Make the root CA unless it exists (idempotent)."""
        with self._locked():
            if self._ca_cert_path.exists():
                return
            key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
            name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                              x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SIMPEG"),
                              x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME)])
            now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
            cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                    .public_key(key.public_key()).serial_number(x509.random_serial_number())
                    .not_valid_before(now).not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
                    .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                    .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                                 key_encipherment=False, data_encipherment=False,
                                                 key_agreement=False, key_cert_sign=True,
                                                 crl_sign=True, encipher_only=False,
                                                 decipher_only=False), critical=True)
                    .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                                   critical=False)
                    .sign(key, hashes.SHA256()))
            _write_private(self.folder / "ca.key.pem", self._encrypt(key))
            self._ca_cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))

    def ca_certificate(self) -> x509.Certificate:
        if not self._ca_cert_path.exists():
            self.setup()
        return x509.load_pem_x509_certificate(self._ca_cert_path.read_bytes())

    def _leaf_paths(self, nip: str) -> tuple[Path, Path]:
        if not (len(nip) == 18 and nip.isdigit()):
            raise ValueError("a signing official is named by an 18-digit NIP")
        folder = self.folder / "pejabat"
        return folder / f"{nip}.key.pem", folder / f"{nip}.crt.pem"

    def credentials(self, pejabat: Pejabat) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        """The official's key and certificate; issued on first use, and again when the
        certificate expires or no longer carries the official's name."""
        key_path, cert_path = self._leaf_paths(pejabat.nip)
        self.setup()  # idempotent; outside the lock, which is not re-entrant
        with self._locked():
            if key_path.exists() and cert_path.exists():
                cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
                cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
                fresh = cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
                if fresh and cn == pejabat.nama[:64]:
                    return self._decrypt(key_path), cert
            key = (self._decrypt(key_path) if key_path.exists()
                   else rsa.generate_private_key(public_exponent=65537, key_size=2048))
            cert = self._issue(key, pejabat)
            key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_private(key_path, self._encrypt(key))
            cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
            return key, cert

    def tsa_credentials(self) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        """The project's time-stamping authority (RFC 3161), issued by the root on first use:
        a signature carries a trusted time (PAdES B-T), not only the signer's clock."""
        key_path, cert_path = self.folder / "tsa.key.pem", self.folder / "tsa.crt.pem"
        self.setup()
        with self._locked():
            if key_path.exists() and cert_path.exists():
                cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
                if cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=1):
                    return self._decrypt(key_path), cert
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
                              x509.NameAttribute(NameOID.ORGANIZATION_NAME, "SIMPEG"),
                              x509.NameAttribute(NameOID.COMMON_NAME, TSA_NAME)])
            cert = self._sign_leaf(
                x509.CertificateBuilder().subject_name(name).public_key(key.public_key())
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
                               critical=True), key)
            _write_private(key_path, self._encrypt(key))
            cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
            return key, cert

    def _sign_leaf(self, builder: x509.CertificateBuilder,
                   key: rsa.RSAPrivateKey) -> x509.Certificate:
        ca_key = self._decrypt(self.folder / "ca.key.pem")
        ca_cert = x509.load_pem_x509_certificate(self._ca_cert_path.read_bytes())
        now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
        return (builder.issuer_name(ca_cert.subject).serial_number(x509.random_serial_number())
                .not_valid_before(now).not_valid_after(now + dt.timedelta(days=LEAF_DAYS))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                             key_encipherment=False, data_encipherment=False,
                                             key_agreement=False, key_cert_sign=False,
                                             crl_sign=False, encipher_only=False,
                                             decipher_only=False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                               critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    ca_cert.public_key()), critical=False)  # type: ignore[arg-type]
                .sign(ca_key, hashes.SHA256()))

    def _issue(self, key: rsa.RSAPrivateKey, pejabat: Pejabat) -> x509.Certificate:
        subject = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, pejabat.instansi_id[:64]),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, pejabat.nip),
            x509.NameAttribute(NameOID.COMMON_NAME, pejabat.nama[:64]),
        ])
        return self._sign_leaf(x509.CertificateBuilder().subject_name(subject)
                               .public_key(key.public_key()), key)


def as_asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def _pkinfo(key: rsa.RSAPrivateKey) -> asn1_keys.PrivateKeyInfo:
    return asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def sign_pades(pdf: bytes, key: rsa.RSAPrivateKey, cert: x509.Certificate,
               chain: list[x509.Certificate], *, nama: str, alasan: str, lokasi: str,
               timestamper: TimeStamper | None = None) -> bytes:
    """A PAdES signature over the whole document, as an incremental update: baseline B-B, or
    B-T with a ``timestamper``."""
    import io

    signer = signers.SimpleSigner(
        signing_cert=as_asn1(cert), signing_key=_pkinfo(key),
        cert_registry=SimpleCertificateStore.from_certs([as_asn1(c) for c in chain]))
    meta = signers.PdfSignatureMetadata(
        field_name="TTE", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=alasan, location=lokasi, name=nama)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)
    return out.getvalue()


class LocalCaSigner(Penandatangan):
    """Signs with the official's key from the project CA; no passphrase is asked."""

    def __init__(self, ca: ProjectCa) -> None:
        self.ca = ca

    def tandatangani(self, pdf: bytes, pejabat: Pejabat, *, alasan: str, lokasi: str,
                     passphrase: str | None = None) -> bytes:
        key, cert = self.ca.credentials(pejabat)
        root = self.ca.ca_certificate()
        tsa_key, tsa_cert = self.ca.tsa_credentials()
        timestamper = DummyTimeStamper(  # the project's own TSA: a local, trusted clock
            tsa_cert=as_asn1(tsa_cert), tsa_key=_pkinfo(tsa_key),
            certs_to_embed=SimpleCertificateStore.from_certs([as_asn1(root)]))
        return sign_pades(pdf, key, cert, [root], nama=pejabat.nama, alasan=alasan,
                          lokasi=lokasi, timestamper=timestamper)

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        return [as_asn1(self.ca.ca_certificate())]
