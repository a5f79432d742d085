"""TPP rule sets (aturan) as dated, versioned data.

A Pemda pays TPP under its own Perkada within PP 12/2019 Pasal 58: the basis per kelas jabatan
(or per jabatan), the split between discipline and performance, the cut per late/early band and
per absent day, where cuts come from and their cap, the performance factor per predikat, and the
months not paid. Each rule set is one YAML file in ``rules/tpp/`` with its ``berlaku_mulai`` and
citation; :func:`aturan_pada` picks the set in force on a date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from simpeg_shared.errors import DomainError, NotFound

KODE_POTONGAN = ("TL1", "TL2", "TL3", "TL4", "PSW1", "PSW2", "PSW3", "PSW4", "TK")
PREDIKAT = ("SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG")
Persen = Decimal


class AturanTidakDikenal(NotFound):
    code = "aturan-tidak-dikenal"
    title = "TPP rule set not known"


class TanpaAturan(DomainError):
    code = "tanpa-aturan-tpp"
    title = "No TPP rule set in force"


class TanpaBasis(DomainError):
    code = "tanpa-basis-tpp"
    title = "No TPP basis for this jabatan"


class Porsi(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    disiplin: Persen = Field(ge=0, le=100)
    kinerja: Persen = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _whole(self) -> Porsi:
        if self.disiplin + self.kinerja != 100:
            raise ValueError("porsi_persen.disiplin + porsi_persen.kinerja must be 100")
        return self


class TidakDibayar(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: tuple[str, ...] = ()
    cuti: tuple[str, ...] = ()
    penanda: tuple[str, ...] = ()


class AturanTpp(BaseModel):
    """One rule set. Percentages are exact decimals of the basis."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kode: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]{1,63}$")
    versi: int = Field(ge=1)
    berlaku_mulai: dt.date
    dasar_hukum: str
    sumber: str
    basis_kelas_jabatan: dict[int, int]
    basis_jabatan: dict[str, int] = Field(default_factory=dict)
    porsi_persen: Porsi
    potongan_persen: dict[str, Persen]
    potong_dari: Literal["DISIPLIN", "TOTAL"]
    batas_potongan_persen: Persen | None = Field(None, ge=0, le=100)
    faktor_kinerja_persen: dict[str, Persen]
    faktor_tanpa_penilaian_persen: Persen = Field(Decimal(0), ge=0, le=100)
    tidak_dibayar: TidakDibayar = TidakDibayar()

    @model_validator(mode="after")
    def _complete(self) -> AturanTpp:
        if set(self.basis_kelas_jabatan) - set(range(1, 18)):
            raise ValueError("basis_kelas_jabatan keys are kelas jabatan 1-17")
        if any(v <= 0 for v in [*self.basis_kelas_jabatan.values(), *self.basis_jabatan.values()]):
            raise ValueError("every basis is a positive number of rupiah")
        if set(self.potongan_persen) != set(KODE_POTONGAN):
            raise ValueError(f"potongan_persen names exactly {', '.join(KODE_POTONGAN)}")
        if any(not 0 <= v <= 100 for v in self.potongan_persen.values()):
            raise ValueError("a cut is 0-100 percent of the basis")
        if set(self.faktor_kinerja_persen) != set(PREDIKAT):
            raise ValueError(f"faktor_kinerja_persen names exactly {', '.join(PREDIKAT)}")
        if any(not 0 <= v <= 100 for v in self.faktor_kinerja_persen.values()):
            raise ValueError("a performance factor is 0-100 percent")
        return self

    @property
    def versi_lengkap(self) -> str:
        """``<kode>@<versi>``: what a calculation records."""
        return f"{self.kode}@{self.versi}"

    def basis(self, kelas_jabatan: int | None, jabatan_id: str | None = None) -> int:
        """The monthly basis: the jabatan's own amount where the set has one, else its kelas's."""
        if jabatan_id is not None and jabatan_id in self.basis_jabatan:
            return self.basis_jabatan[jabatan_id]
        if kelas_jabatan is None or kelas_jabatan not in self.basis_kelas_jabatan:
            raise TanpaBasis(f"rule set {self.kode} has no basis for kelas jabatan {kelas_jabatan} "
                             f"(known: {min(self.basis_kelas_jabatan)}-{max(self.basis_kelas_jabatan)}); "
                             "record the jabatan's kelas in profile", field="kelas_jabatan")
        return self.basis_kelas_jabatan[kelas_jabatan]


@cache
def semua_aturan() -> tuple[AturanTpp, ...]:
    """Every rule set shipped, oldest first."""
    folder = resources.files("simpeg_tpp") / "rules" / "tpp"
    found = [AturanTpp.model_validate(yaml.safe_load(entry.read_text(encoding="utf-8")))
             for entry in folder.iterdir() if entry.name.endswith(".yaml")]
    kodes = [a.kode for a in found]
    if len(set(kodes)) != len(kodes):
        raise ValueError("two TPP rule sets share a kode")
    return tuple(sorted(found, key=lambda a: a.berlaku_mulai))


def aturan(kode: str) -> AturanTpp:
    for a in semua_aturan():
        if a.kode == kode or a.versi_lengkap == kode:
            return a
    raise AturanTidakDikenal(f"no TPP rule set {kode!r}; known: "
                             f"{', '.join(a.kode for a in semua_aturan())}", field="aturan")


def aturan_pada(tanggal: dt.date) -> AturanTpp:
    """The rule set in force on ``tanggal``: the latest ``berlaku_mulai`` not after it."""
    berlaku = [a for a in semua_aturan() if a.berlaku_mulai <= tanggal]
    if not berlaku:
        raise TanpaAturan(f"no TPP rule set is in force on {tanggal.isoformat()}; the earliest "
                          f"starts {semua_aturan()[0].berlaku_mulai.isoformat()}", field="bulan")
    return berlaku[-1]
