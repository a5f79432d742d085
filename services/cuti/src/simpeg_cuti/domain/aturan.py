"""Leave entitlements (PP 11/2017 for PNS, PP 49/2018 for PPPK) and approval chains per instansi,
as versioned rule data under ``rules/``. One function picks the set in force on a date."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

JenisCuti = Literal["TAHUNAN", "BESAR", "SAKIT", "MELAHIRKAN", "ALASAN_PENTING", "CLTN"]
JENIS_CUTI: tuple[str, ...] = ("TAHUNAN", "BESAR", "SAKIT", "MELAHIRKAN", "ALASAN_PENTING", "CLTN")
JenisPegawai = Literal["PNS", "PPPK"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AturanTahunan(_Frozen):
    """Cuti tahunan: the yearly entitlement and what carries over into the next year."""

    hak_hari: int = Field(ge=0, le=30)
    masa_kerja_min_tahun: int = Field(ge=0)
    minimal_hari: int = Field(ge=1)
    carry_over_maks: int = Field(ge=0)
    total_maks_tidak_dipakai: int = Field(ge=0)
    tahun_tidak_dipakai: int = Field(ge=1)
    tangguhan_dibawa_penuh: bool
    cuti_bersama_mengurangi: bool

    def bawa(self, sisa: int, tangguhan: int, tidak_dipakai: bool) -> tuple[int, int]:
        """What carries from a year ending with ``sisa`` days (``tangguhan`` of them postponed by
        the official) into the next: (ordinary carry-over, postponed days carried in full).

        Ordinary days carry at most ``carry_over_maks`` (6: 18 in all, PP 11/2017 Pasal 312), or up
        to ``total_maks_tidak_dipakai`` in all (24, Pasal 313) after ``tahun_tidak_dipakai`` years
        without any cuti tahunan."""
        sisa = max(sisa, 0)
        dibawa_tangguhan = min(tangguhan, sisa) if self.tangguhan_dibawa_penuh else 0
        biasa = sisa - dibawa_tangguhan
        batas = (max(self.total_maks_tidak_dipakai - self.hak_hari, 0) if tidak_dipakai
                 else self.carry_over_maks)
        return min(biasa, batas), dibawa_tangguhan


class AturanJenis(_Frozen):
    """What one kind of leave allows. A kind missing from a rule set is not an entitlement."""

    pasal: str
    masa_kerja_min_tahun: int = Field(0, ge=0)
    maks_bulan: int | None = Field(None, ge=1)
    perpanjangan_bulan: int = Field(0, ge=0)
    lampiran_wajib_lebih_dari_hari: int | None = Field(None, ge=0)
    anak_ke_maks: int | None = Field(None, ge=1)
    hapus_tahunan: bool = False
    boleh_mundur_hari: int = Field(0, ge=0)


class AturanHak(_Frozen):
    kode: str
    jenis_pegawai: JenisPegawai
    berlaku_mulai: dt.date
    sumber: str
    tahunan: AturanTahunan
    jenis: dict[JenisCuti, AturanJenis]


class Pejabat(_Frozen):
    """Who has the authority: the n-th atasan up the line, or the holder of a jabatan."""

    atasan_tingkat: int | None = Field(None, ge=1, le=5)
    jabatan_id: str | None = None

    @model_validator(mode="after")
    def _one(self) -> Pejabat:
        if (self.atasan_tingkat is None) == (self.jabatan_id is None):
            raise ValueError("name either atasan_tingkat or jabatan_id")
        return self


class AlurPersetujuan(_Frozen):
    """An instansi's approval chain and working week."""

    instansi_id: str
    berlaku_mulai: dt.date
    sumber: str
    hari_masuk: list[int] = Field(min_length=1)
    pertimbangan_atasan: bool = True
    pejabat_berwenang: dict[str, Pejabat]

    @model_validator(mode="after")
    def _valid(self) -> AlurPersetujuan:
        if not set(self.hari_masuk) <= set(range(7)):
            raise ValueError("hari_masuk are weekdays 0 (Monday) .. 6 (Sunday)")
        unknown = set(self.pejabat_berwenang) - {"DEFAULT", *JENIS_CUTI}
        if unknown or "DEFAULT" not in self.pejabat_berwenang:
            raise ValueError("pejabat_berwenang needs DEFAULT and names kinds of cuti only")
        return self

    def pejabat_untuk(self, jenis: str) -> Pejabat:
        return self.pejabat_berwenang.get(jenis, self.pejabat_berwenang["DEFAULT"])

    @property
    def minggu_kerja(self) -> frozenset[int]:
        return frozenset(self.hari_masuk)


def _load(folder: str, model: type[Any]) -> tuple[Any, ...]:
    found = []
    for entry in (resources.files("simpeg_cuti") / "rules" / folder).iterdir():
        if entry.name.endswith(".yaml"):
            found.append(model.model_validate(yaml.safe_load(entry.read_text(encoding="utf-8"))))
    return tuple(sorted(found, key=lambda a: a.berlaku_mulai))


@cache
def semua_hak() -> tuple[AturanHak, ...]:
    return _load("hak", AturanHak)


@cache
def semua_alur() -> tuple[AlurPersetujuan, ...]:
    return _load("alur", AlurPersetujuan)


def hak_pada(jenis_pegawai: str, tanggal: dt.date) -> AturanHak | None:
    """The entitlements of ``jenis_pegawai`` in force on ``tanggal`` (None: no leave of PP 11/2017
    or PP 49/2018 applies, e.g. non-ASN staff)."""
    berlaku = [a for a in semua_hak() if a.jenis_pegawai == jenis_pegawai and a.berlaku_mulai <= tanggal]
    return berlaku[-1] if berlaku else None


def alur_pada(instansi_id: str, tanggal: dt.date) -> AlurPersetujuan:
    """The instansi's own chain in force on ``tanggal``, else the default one."""
    for key in (instansi_id, "*"):
        berlaku = [a for a in semua_alur() if a.instansi_id == key and a.berlaku_mulai <= tanggal]
        if berlaku:
            return berlaku[-1]
    raise LookupError(f"no approval chain in force on {tanggal.isoformat()}")


def tambah_bulan(tanggal: dt.date, bulan: int) -> dt.date:
    """``tanggal`` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    m = tanggal.month - 1 + bulan
    tahun, bulan_baru = tanggal.year + m // 12, m % 12 + 1
    return dt.date(tahun, bulan_baru, min(tanggal.day, calendar.monthrange(tahun, bulan_baru)[1]))


def batas_selesai(mulai: dt.date, maks_bulan: int) -> dt.date:
    """The last day of a leave of at most ``maks_bulan`` months starting on ``mulai``."""
    return tambah_bulan(mulai, maks_bulan) - dt.timedelta(days=1)


def genap_tahun(tmt: dt.date, tahun: int, jeda: list[tuple[dt.date, dt.date]]) -> dt.date:
    """The day ``tahun`` years of counted service are complete (CLTN periods push it back)."""
    tanggal = tambah_bulan(tmt, 12 * tahun)
    for mulai, selesai in sorted(jeda):
        if mulai < tanggal and selesai >= tmt:
            tanggal += dt.timedelta(days=(min(selesai, tanggal) - max(mulai, tmt)).days + 1)
    return tanggal
