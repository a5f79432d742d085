"""NIP (Nomor Induk Pegawai): the 18-digit identity of a PNS or PPPK.

Structure (Peraturan BKN on NIP; summarised in DOMAIN.md): birth date ``yyyymmdd`` (8), TMT CPNS
``yyyymm`` (6), sex (1: ``1`` male, ``2`` female), sequence (3).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from simpeg_shared.errors import DomainError

#: The youngest age at which a person can be appointed CPNS/PPPK (UU 20/2023 ASN: 18 years).
MIN_AGE_AT_APPOINTMENT = 18


class JenisKelamin(enum.StrEnum):
    """Sex as the NIP's 15th digit encodes it."""

    LAKI_LAKI = "L"
    PEREMPUAN = "P"


class NipTidakValid(DomainError):
    code = "nip-tidak-valid"
    title = "Invalid NIP"

    def __init__(self, message: str) -> None:
        super().__init__(message, field="body.nip")


@dataclass(frozen=True)
class Nip:
    value: str
    tanggal_lahir: dt.date
    tmt_cpns: dt.date
    jenis_kelamin: JenisKelamin
    nomor_urut: int

    def __str__(self) -> str:
        return self.value


def parse_nip(raw: str, *, today: dt.date | None = None) -> Nip:
    """Validate a NIP's structure and dates; raise :class:`NipTidakValid` saying what is wrong."""
    value = raw.strip().replace(" ", "")
    if len(value) != 18 or not value.isascii() or not value.isdigit():
        raise NipTidakValid(f"NIP must be exactly 18 digits, got {len(value)} characters")
    today = today or dt.date.today()
    try:
        lahir = dt.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise NipTidakValid(f"digits 1-8 ({value[0:8]}) are not a real birth date yyyymmdd") from None
    try:
        tmt = dt.date(int(value[8:12]), int(value[12:14]), 1)
    except ValueError:
        raise NipTidakValid(f"digits 9-14 ({value[8:14]}) are not a real TMT CPNS yyyymm") from None
    if lahir >= today:
        raise NipTidakValid(f"birth date {lahir.isoformat()} is not in the past")
    if tmt > today.replace(day=1) + dt.timedelta(days=366):
        raise NipTidakValid(f"TMT CPNS {tmt:%Y-%m} is more than a year in the future")
    age_at_tmt = tmt.year - lahir.year - ((tmt.month, tmt.day) < (lahir.month, lahir.day))
    if age_at_tmt < MIN_AGE_AT_APPOINTMENT:
        raise NipTidakValid(
            f"TMT CPNS {tmt:%Y-%m} is before the holder's {MIN_AGE_AT_APPOINTMENT}th birthday"
        )
    sex = value[14]
    if sex not in "12":
        raise NipTidakValid(f"digit 15 must be 1 (male) or 2 (female), got {sex}")
    urut = int(value[15:18])
    if urut == 0:
        raise NipTidakValid("digits 16-18 (sequence number) must not be 000")
    return Nip(value, lahir, tmt, JenisKelamin.LAKI_LAKI if sex == "1" else JenisKelamin.PEREMPUAN, urut)
