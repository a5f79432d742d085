"""Signatures: the project CA's keys are encrypted at rest; a letter signed through the BSrE
adapter (against a fake of the remote API) validates; a changed byte or a foreign CA fails."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization

from simpeg_surat.render import Naskah, Tandatangan, render
from simpeg_surat.templat import FIELDS, Katalog
from simpeg_surat.tte import PassphraseSalah, Pejabat, PenandatanganTidakTersedia
from simpeg_surat.tte.bsre import BsreSigner
from simpeg_surat.tte.ca import LocalCaSigner, ProjectCa
from simpeg_surat.tte.verifikasi import validasi

PEJABAT = Pejabat("197001011995031001", "Dr. H. Asep Saepudin, M.Si.", "pemkot-bandung")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    k = Katalog()
    return render(Naskah(k.instansi("pemkot-bandung"), k.templat("undangan"),
                         {n: n for n in FIELDS}, isi=["Isi"],
                         ttd=Tandatangan("Kepala", "Nama", "1" * 18, "IV/a", verifikasi_url="http://x")))


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> ProjectCa:
    ca = ProjectCa(tmp_path_factory.mktemp("ca"), "rahasia-uji")
    ca.setup()
    return ca


def test_keys_are_stored_encrypted_and_one_per_official(ca: ProjectCa, pdf: bytes) -> None:
    LocalCaSigner(ca).tandatangani(pdf, PEJABAT, alasan="uji", lokasi="Bandung")
    for key in (ca.folder / "ca.key.pem", ca.folder / "pejabat" / f"{PEJABAT.nip}.key.pem"):
        assert b"ENCRYPTED PRIVATE KEY" in key.read_bytes()
        assert key.stat().st_mode & 0o077 == 0
        with pytest.raises(TypeError):
            serialization.load_pem_private_key(key.read_bytes(), password=None)
    first = ca.credentials(PEJABAT)[1]
    assert ca.credentials(PEJABAT)[1] == first  # reused, not re-issued
    renamed = ca.credentials(Pejabat(PEJABAT.nip, "Nama Baru", "pemkot-bandung"))[1]
    assert renamed.serial_number != first.serial_number


def test_a_changed_byte_or_a_foreign_ca_fails_validation(ca: ProjectCa, pdf: bytes,
                                                         tmp_path: Path) -> None:
    signer = LocalCaSigner(ca)
    signed = signer.tandatangani(pdf, PEJABAT, alasan="uji", lokasi="Bandung")
    ok = validasi(signed, signer.trust_roots())
    assert ok.valid and ok.utuh and ok.terpercaya and ok.penanda_tangan == PEJABAT.nama
    assert ok.cap_waktu is not None  # PAdES B-T: the project TSA's time is in the signature
    changed = bytearray(signed)
    changed[len(pdf) // 2] ^= 0x20
    bad = validasi(bytes(changed), signer.trust_roots())
    assert not bad.valid and not bad.utuh
    other = ProjectCa(tmp_path / "lain", "x")
    other.setup()
    foreign = validasi(signed, LocalCaSigner(other).trust_roots())
    assert not foreign.valid and not foreign.terpercaya
    assert not validasi(pdf, signer.trust_roots()).valid
    appended = validasi(signed + b"\n% appended\n", signer.trust_roots())
    assert not appended.valid


def fake_bsre(ca: ProjectCa, passphrase: str) -> httpx.MockTransport:
    """A fake of the remote signing API, for tests only: signs with a CA it holds."""
    signer = LocalCaSigner(ca)

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path != "/api/v2/sign/pdf":
            return httpx.Response(404)
        body = json.loads(request.content)
        if body["passphrase"] != passphrase:
            return httpx.Response(400, json={"error": "Passphrase anda salah"})
        pdf = base64.b64decode(body["file"][0])
        signed = signer.tandatangani(pdf, Pejabat(body["nip"], "Pejabat BSrE", "x"),
                                     alasan=body["signatureProperties"][0]["reason"], lokasi="-")
        return httpx.Response(200, json={"file": [base64.b64encode(signed).decode()], "id": "1"})

    return httpx.MockTransport(handle)


def test_the_bsre_adapter_signs_through_the_remote_api(ca: ProjectCa, pdf: bytes) -> None:
    bsre = BsreSigner("https://esign.example", client_id="simpeg", client_secret="s",
                      trust_roots=LocalCaSigner(ca).trust_roots(),
                      transport=fake_bsre(ca, "benar"))
    signed = bsre.tandatangani(pdf, PEJABAT, alasan="uji", lokasi="Bandung", passphrase="benar")
    assert validasi(signed, bsre.trust_roots()).valid
    with pytest.raises(PassphraseSalah, match="Passphrase anda salah"):
        bsre.tandatangani(pdf, PEJABAT, alasan="uji", lokasi="Bandung", passphrase="keliru")
    with pytest.raises(PassphraseSalah):
        bsre.tandatangani(pdf, PEJABAT, alasan="uji", lokasi="Bandung")
    down = BsreSigner("https://esign.example", client_id=None, client_secret=None, trust_roots=None,
                      transport=httpx.MockTransport(lambda r: httpx.Response(502)))
    with pytest.raises(PenandatanganTidakTersedia):
        down.tandatangani(pdf, PEJABAT, alasan="uji", lokasi="Bandung", passphrase="p")
