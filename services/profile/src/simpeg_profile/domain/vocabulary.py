"""The words of personnel administration that profile's records use (UU 20/2023 ASN and its
implementing rules), validated where a value enters the system."""

from __future__ import annotations

import enum


class JenisPegawai(enum.StrEnum):
    """PNS (civil servant), PPPK (contract civil servant) or NON_ASN (other staff)."""

    PNS = "PNS"
    PPPK = "PPPK"
    NON_ASN = "NON_ASN"


class StatusPegawai(enum.StrEnum):
    """AKTIF; CLTN (cuti di luar tanggungan negara: unpaid leave, not counted as service);
    DIBERHENTIKAN (dismissed); PENSIUN (retired); MENINGGAL (deceased)."""

    AKTIF = "AKTIF"
    CLTN = "CLTN"
    DIBERHENTIKAN = "DIBERHENTIKAN"
    PENSIUN = "PENSIUN"
    MENINGGAL = "MENINGGAL"


#: Golongan ruang of PNS (PP 5/2024 salary table rows): I/a … IV/e.
GOLONGAN_PNS: tuple[str, ...] = tuple(
    f"{g}/{r}" for g, rooms in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for r in rooms
)
#: Golongan of PPPK (Perpres 11/2024): I … XVII.
GOLONGAN_PPPK: tuple[str, ...] = (
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII",
)


def golongan_for(jenis: JenisPegawai) -> tuple[str, ...]:
    if jenis is JenisPegawai.PNS:
        return GOLONGAN_PNS
    if jenis is JenisPegawai.PPPK:
        return GOLONGAN_PPPK
    return ()


#: The three time zones of Indonesia: WIB, WITA, WIT.
ZONA_WAKTU: tuple[str, ...] = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


class JenisRiwayat(enum.StrEnum):
    """Histories (riwayat) kept as entries beside the dated attributes."""

    PENDIDIKAN = "PENDIDIKAN"
    DIKLAT = "DIKLAT"
    PENGHARGAAN = "PENGHARGAAN"
    KELUARGA = "KELUARGA"
    SKP = "SKP"
    PMK = "PMK"  # peninjauan masa kerja: prior service added to masa kerja golongan
    CLTN = "CLTN"  # periods of unpaid leave: not counted in masa kerja
    PENGANGKATAN_PNS = "PENGANGKATAN_PNS"  # CPNS appointed PNS
