"""Electronic signatures (tanda tangan elektronik, TTE): PAdES signing behind one interface.

:class:`Penandatangan` is what the application calls. :class:`~simpeg_surat.tte.ca.LocalCaSigner`
signs with keys from the project CA under ``var/`` (development and tests);
:class:`~simpeg_surat.tte.bsre.BsreSigner` sends the PDF to a BSrE-style remote signing API
(production). Both give back a PDF with a PAdES signature that :mod:`simpeg_surat.tte.verifikasi`
checks against the signer's trust roots.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from asn1crypto import x509

from simpeg_shared.errors import DomainError


@dataclass(frozen=True)
class Pejabat:
    """The official whose certificate signs: NIP, name and instansi as the certificate shows."""

    nip: str
    nama: str
    instansi_id: str


class PassphraseSalah(DomainError):
    status = 422
    code = "passphrase-salah"
    title = "The signing passphrase was refused"


class PenandatanganTidakTersedia(DomainError):
    status = 503
    code = "penandatangan-tidak-tersedia"
    title = "The signing service is not available"


class Penandatangan(ABC):
    """Signs a PDF for an official with a PAdES signature."""

    @abstractmethod
    def tandatangani(self, pdf: bytes, pejabat: Pejabat, *, alasan: str, lokasi: str,
                     passphrase: str | None = None) -> bytes:
        """The signed PDF (an incremental update of ``pdf``)."""

    @abstractmethod
    def trust_roots(self) -> list[x509.Certificate]:
        """The roots a validator trusts for this signer's certificates."""
