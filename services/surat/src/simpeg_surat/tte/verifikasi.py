"""Validation of a signed letter with pyHanko's own validator against the signer's trust roots:
is the signature intact (the signed bytes unchanged), cryptographically valid, made with a
certificate that chains to a trusted root, and does it cover the whole file?"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass

from asn1crypto import x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

# pyHanko logs every failed validation with the certificate's subject (an official's name and
# NIP): personal data stays out of the logs; the outcome is returned to the caller instead.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class HasilValidasi:
    valid: bool
    utuh: bool
    terpercaya: bool
    seluruh_dokumen: bool
    penanda_tangan: str | None
    ditandatangani_pada: dt.datetime | None
    pesan: str
    cap_waktu: dt.datetime | None = None  # from a trusted time-stamping authority (PAdES B-T)


def validasi(pdf: bytes, trust_roots: list[x509.Certificate]) -> HasilValidasi:
    """Validate the letter's (last) signature; never raises for a broken or foreign file."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return HasilValidasi(False, False, False, False, None, None,
                                 "the file carries no electronic signature")
        sig = signatures[-1]
        vc = ValidationContext(trust_roots=trust_roots, allow_fetching=False,
                               revocation_mode="soft-fail")
        status = validate_pdf_signature(sig, vc)
    except (SignatureValidationError, ValueError, KeyError, TypeError, IndexError,
            AttributeError) as exc:
        return HasilValidasi(False, False, False, False, None, None,
                             f"the signature could not be read: {type(exc).__name__}")
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds on damaged files
        return HasilValidasi(False, False, False, False, None, None,
                             f"the file could not be validated: {type(exc).__name__}")
    cn = status.signing_cert.subject.native.get("common_name") if status.signing_cert else None
    whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    ok = bool(status.bottom_line) and whole
    if ok:
        pesan = "the signature is valid and covers the whole file"
    elif not status.intact:
        pesan = "the file was changed after it was signed"
    elif not status.trusted:
        pesan = "the signing certificate does not chain to a trusted root"
    elif not whole:
        pesan = "content was added after the signature"
    else:
        pesan = "the signature is not valid"
    ts = status.timestamp_validity
    cap = ts.timestamp if ts is not None and ts.intact and ts.valid and ts.trusted else None
    return HasilValidasi(ok, bool(status.intact), bool(status.trusted), whole, cn,
                         status.signer_reported_dt, pesan, cap)
