"""Indonesian formatting for official letters: dates ("25 November 2026"), rupiah
("Rp 2.964.000"), numbers in words (*terbilang*), Roman months and pangkat names.

Tata naskah dinas writes dates with the month's Indonesian name and amounts with a dot as the
thousands separator; the pangkat of each golongan ruang follows PP 99/2000.
"""

from __future__ import annotations

import datetime as dt

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_SATUAN = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
           "sepuluh", "sebelas")

#: Pangkat of each golongan ruang of a PNS (PP 99/2000).
PANGKAT = {
    "I/a": "Juru Muda", "I/b": "Juru Muda Tingkat I", "I/c": "Juru", "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda", "II/b": "Pengatur Muda Tingkat I", "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I", "III/a": "Penata Muda", "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata", "III/d": "Penata Tingkat I", "IV/a": "Pembina", "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda", "IV/d": "Pembina Utama Madya", "IV/e": "Pembina Utama",
}


def tanggal(value: dt.date) -> str:
    """``25 November 2026``."""
    return f"{value.day} {BULAN[value.month - 1]} {value.year}"


def bulan_romawi(month: int) -> str:
    return ROMAWI[month - 1]


def rupiah(amount: int) -> str:
    """``Rp 2.964.000`` (money is integer rupiah everywhere in SIMPEG)."""
    if amount < 0:
        return "-" + rupiah(-amount)
    return "Rp " + f"{amount:,}".replace(",", ".")


def terbilang(n: int) -> str:
    """The number in Indonesian words: 12 -> ``dua belas``, 2964000 -> ``dua juta sembilan
    ratus enam puluh empat ribu``."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _SATUAN[n] if n else "nol"
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        return _join(f"{_SATUAN[n // 10]} puluh", n % 10)
    if n < 200:
        return _join("seratus", n - 100)
    if n < 1000:
        return _join(f"{_SATUAN[n // 100]} ratus", n % 100)
    if n < 2000:
        return _join("seribu", n - 1000)
    for size, word in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            return _join(f"{terbilang(n // size)} {word}", n % size)
    raise AssertionError("unreachable")


def _join(head: str, rest: int) -> str:
    return f"{head} {terbilang(rest)}" if rest else head


def pangkat(golongan_ruang: str | None) -> str:
    """``Penata Muda / III/a``; a golongan without a PNS pangkat (PPPK) is shown alone."""
    if not golongan_ruang:
        return "-"
    name = PANGKAT.get(golongan_ruang)
    return f"{name} / {golongan_ruang}" if name else golongan_ruang
