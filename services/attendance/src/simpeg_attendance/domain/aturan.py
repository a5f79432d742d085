"""Attendance rules as versioned data: schedules, risk signals and the discipline ladder.

Each rule set is a YAML file under ``rules/<kind>/`` with a ``kode``, a ``berlaku_mulai``
(effective-from) date and a ``sumber`` (source citation), loaded into a frozen, validated model.
A new regulation or a Pemda's new arrangement adds a file; none is edited, and every decision
records the ``kode@berlaku_mulai`` it used.
"""

from __future__ import annotations

import datetime as dt
import enum
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

HARI = ("SENIN", "SELASA", "RABU", "KAMIS", "JUMAT", "SABTU", "MINGGU")  # date.weekday() order


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Versi(_Frozen):
    kode: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    berlaku_mulai: dt.date
    sumber: str

    @property
    def versi(self) -> str:
        return f"{self.kode}@{self.berlaku_mulai.isoformat()}"


# -- schedules ---------------------------------------------------------------------------------
class JamHari(_Frozen):
    masuk: dt.time
    pulang: dt.time
    istirahat_menit: int = Field(0, ge=0, le=240)

    @property
    def lewat_tengah_malam(self) -> bool:
        return self.pulang <= self.masuk


class Pita(_Frozen):
    kode: str
    sampai_menit: int | None = Field(None, ge=1)


class Periode(_Frozen):
    mulai: dt.date
    selesai: dt.date


class Ramadan(_Frozen):
    hari: dict[str, JamHari]
    periode: list[Periode]


class JenisJadwal(enum.StrEnum):
    TETAP = "TETAP"   # the same hours every week
    SHIFT = "SHIFT"   # hours by the pegawai's dated shift assignment


class Jadwal(_Versi):
    """One version of a working schedule."""

    jenis: JenisJadwal
    ikut_kalender_libur: bool
    hari: dict[str, JamHari] = Field(default_factory=dict)
    shift: dict[str, JamHari] = Field(default_factory=dict)
    ramadan: Ramadan | None = None
    pita_terlambat: list[Pita] = Field(min_length=1)
    pita_pulang_cepat: list[Pita] = Field(min_length=1)
    tenggang_penutupan_menit: int = Field(ge=0, le=24 * 60)

    @model_validator(mode="after")
    def _complete(self) -> Jadwal:
        for days in (self.hari, *([self.ramadan.hari] if self.ramadan else [])):
            unknown = set(days) - set(HARI)
            if unknown:
                raise ValueError(f"unknown day names {sorted(unknown)}; use {', '.join(HARI)}")
        if self.jenis is JenisJadwal.TETAP and not self.hari:
            raise ValueError("a TETAP schedule needs working days (hari)")
        if self.jenis is JenisJadwal.SHIFT and not self.shift:
            raise ValueError("a SHIFT schedule needs shifts")
        for pita in (self.pita_terlambat, self.pita_pulang_cepat):
            if pita[-1].sampai_menit is not None or any(p.sampai_menit is None for p in pita[:-1]):
                raise ValueError("only the last band is open-ended")
        return self

    def jam(self, tanggal: dt.date, shift: str | None = None) -> JamHari | None:
        """The hours of ``tanggal`` (``None``: no working day by this schedule)."""
        if self.jenis is JenisJadwal.SHIFT:
            return self.shift.get(shift) if shift else None
        hari = HARI[tanggal.weekday()]
        if self.ramadan and any(p.mulai <= tanggal <= p.selesai for p in self.ramadan.periode):
            return self.ramadan.hari.get(hari)
        return self.hari.get(hari)

    @property
    def hari_masuk(self) -> frozenset[int]:
        return frozenset(HARI.index(h) for h in self.hari)

    @staticmethod
    def pita(menit: int | None, bands: list[Pita]) -> str | None:
        """The band of ``menit`` minutes (``None`` minutes: no check at all -> the last band)."""
        if menit is None:
            return bands[-1].kode
        if menit <= 0:
            return None
        for band in bands:
            if band.sampai_menit is None or menit <= band.sampai_menit:
                return band.kode
        return bands[-1].kode


# -- risk --------------------------------------------------------------------------------------
class Sinyal(_Frozen):
    bobot: int = Field(ge=0, le=100)
    pesan: str


class BatasRisiko(_Frozen):
    akurasi_m: float = Field(gt=0)
    kecepatan_kmh: float = Field(gt=0)
    jarak_min_perjalanan_m: float = Field(ge=0)
    selisih_jam_menit: float = Field(gt=0)
    sinkron_terlambat_jam: float = Field(gt=0)


SINYAL = ("LOKASI_PALSU", "DI_LUAR_LOKASI", "AKURASI_RENDAH", "FOTO_DIPAKAI_ULANG",
          "GANTI_PERANGKAT", "PERJALANAN_MUSTAHIL", "JAM_PONSEL_MELESET", "SINKRON_TERLAMBAT")


class AturanRisiko(_Versi):
    ambang_review: int = Field(ge=1, le=100)
    sinyal: dict[str, Sinyal]
    batas: BatasRisiko

    @model_validator(mode="after")
    def _every_signal(self) -> AturanRisiko:
        if set(self.sinyal) != set(SINYAL):
            raise ValueError(f"sinyal must weigh exactly {', '.join(SINYAL)}")
        return self


# -- discipline --------------------------------------------------------------------------------
class Ambang(_Frozen):
    hari: int = Field(ge=1, le=366)
    keterangan: str


class AturanDisiplin(_Versi):
    kumulatif: list[Ambang] = Field(min_length=1)
    berturut_turut: list[Ambang] = Field(min_length=1)


# -- loading -----------------------------------------------------------------------------------
R = TypeVar("R", bound=_Versi)


def _load(folder: str, model: type[R]) -> tuple[R, ...]:
    root = resources.files("simpeg_attendance") / "rules" / folder
    found: list[R] = []
    for entry in root.iterdir():
        if entry.name.endswith(".yaml"):
            data: Any = yaml.safe_load(entry.read_text(encoding="utf-8"))
            found.append(model.model_validate(data))
    return tuple(sorted(found, key=lambda r: (r.kode, r.berlaku_mulai)))


@cache
def semua_jadwal() -> tuple[Jadwal, ...]:
    return _load("jadwal", Jadwal)


@cache
def semua_risiko() -> tuple[AturanRisiko, ...]:
    return _load("risiko", AturanRisiko)


@cache
def semua_disiplin() -> tuple[AturanDisiplin, ...]:
    return _load("disiplin", AturanDisiplin)


def _pada(found: tuple[R, ...], tanggal: dt.date, what: str, kode: str | None = None) -> R:
    berlaku = [r for r in found if r.berlaku_mulai <= tanggal and (kode is None or r.kode == kode)]
    if not berlaku:
        raise LookupError(f"no {what}{' ' + kode if kode else ''} in force on {tanggal.isoformat()}")
    return max(berlaku, key=lambda r: r.berlaku_mulai)


def kode_jadwal() -> list[str]:
    return sorted({j.kode for j in semua_jadwal()})


def jadwal_pada(kode: str, tanggal: dt.date) -> Jadwal:
    """The version of schedule ``kode`` in force on ``tanggal``."""
    return _pada(semua_jadwal(), tanggal, "schedule", kode)


def risiko_pada(tanggal: dt.date) -> AturanRisiko:
    return _pada(semua_risiko(), tanggal, "risk rules")


def disiplin_pada(tanggal: dt.date) -> AturanDisiplin:
    return _pada(semua_disiplin(), tanggal, "discipline ladder")


JenisAmbang = Literal["KUMULATIF", "BERTURUT_TURUT"]
