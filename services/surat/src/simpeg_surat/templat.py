"""Letter templates and per-instansi configuration, as data (``templat/``).

``templat/instansi/<instansi_id>.yaml`` holds an instansi's kop surat, city, time zone, number
format and, per jenis of letter, its template, classification code, unit, paraf chain and signer;
``instansi/default.yaml`` covers what an instansi does not set. ``templat/jenis/<kode>.yaml``
holds a template: title, body blocks with ``{placeholders}`` and tembusan. Every file is checked
when loaded: an unknown placeholder or a malformed number format fails at start-up, not on the
day a letter is signed. ``SIMPEG_SURAT_TEMPLATE_DIR`` adds files or overrides built-in ones.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, get_args
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from simpeg_shared.contracts.surat import JenisSurat
from simpeg_shared.errors import Conflict

BUILTIN = Path(__file__).with_name("templat")
JENIS: tuple[str, ...] = get_args(JenisSurat)
REF_PATTERN = r"^(\d{18}|jabatan:[A-Za-z0-9._-]{1,64})$"

#: Placeholders a template may use. Letters about a pegawai fill the pegawai's fields; cuti and
#: KGB letters fill theirs from the request; hand-written letters fill ``kepada`` and ``isi``.
FIELDS = frozenset({
    "nomor", "tanggal", "kota", "perihal", "perihal_judul", "klasifikasi", "instansi_id",
    "nama", "nip", "pangkat", "jabatan", "unit_kerja", "kepada",
    "penandatangan_nama", "penandatangan_nip", "penandatangan_jabatan", "penandatangan_pangkat",
    # cuti
    "nama_cuti", "judul_cuti", "tahun", "hari_kerja", "hari_kerja_terbilang", "mulai", "selesai",
    # KGB
    "gaji_lama", "gaji_baru", "gaji_baru_terbilang", "golongan_ruang", "mkg", "tmt",
    "kgb_berikutnya", "dasar_hukum",
})
NOMOR_FIELDS = frozenset({"klasifikasi", "nomor", "unit", "tahun", "bulan", "bulan_romawi"})


class TemplatError(Conflict):
    code = "templat-tidak-lengkap"
    title = "The letter's template cannot be filled"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def fill(text: str, values: dict[str, Any], *, markup: bool = True) -> str:
    """``text`` with its placeholders filled. Values are escaped for reportlab's paragraph
    markup, so a name with ``<`` or ``&`` prints as written and cannot inject markup."""
    missing = placeholders(text) - set(values)
    if missing:
        raise TemplatError(f"the template needs {', '.join(sorted(missing))}, which this letter "
                           "does not have")
    safe = {k: escape(str(v)) if markup else str(v) for k, v in values.items()}
    return text.format(**safe)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Kop(_Model):
    baris: list[str] = Field(min_length=1, max_length=4)
    alamat: str = ""


class AturanJenis(_Model):
    """How one instansi makes one jenis of letter."""

    templat: str
    klasifikasi: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z.\-]+$")
    unit: str = Field(min_length=1, max_length=32, pattern=r"^[0-9A-Za-z.\-]+$")
    paraf: list[str] = Field(default_factory=list, max_length=10)
    penandatangan: str | None = Field(None, pattern=REF_PATTERN,
                                      description="Signer when a request names none.")
    tanda_tangan_sendiri: bool = Field(
        False, description="Whether the pegawai a letter is about may initial or sign it.")

    @field_validator("paraf")
    @classmethod
    def _refs(cls, value: list[str]) -> list[str]:
        import re

        for ref in value:
            if not re.match(REF_PATTERN, ref):
                raise ValueError(f"paraf step {ref!r} must be an 18-digit NIP or jabatan:<id>")
        return value


class KonfigurasiInstansi(_Model):
    instansi_id: str
    kop: Kop
    kota: str
    zona_waktu: str = "Asia/Jakarta"
    format_nomor: str
    unit_kerja: dict[str, str] = Field(default_factory=dict)
    jenis: dict[JenisSurat, AturanJenis] = Field(default_factory=dict)

    @field_validator("format_nomor")
    @classmethod
    def _format(cls, value: str) -> str:
        names = placeholders(value)
        if "nomor" not in names:
            raise ValueError("format_nomor must contain {nomor}")
        unknown = names - NOMOR_FIELDS
        if unknown:
            raise ValueError(f"format_nomor may use {', '.join(sorted(NOMOR_FIELDS))}; "
                             f"not {', '.join(sorted(unknown))}")
        value.format(klasifikasi="1", nomor=1, unit="U", tahun=2026, bulan=1, bulan_romawi="I")
        return value

    @field_validator("zona_waktu")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not an IANA time zone") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zona_waktu)

    def aturan(self, jenis: str) -> AturanJenis:
        return self.jenis[jenis]  # type: ignore[index]

    def nama_unit(self, unit_id: str | None) -> str:
        if not unit_id:
            return "-"
        return self.unit_kerja.get(unit_id, unit_id)


class Blok(_Model):
    """One block of a letter's body: exactly one of its fields is set."""

    paragraf: str | None = None
    tabel: list[list[str]] | None = None
    daftar: list[str] | None = None
    isi: bool | None = None
    garis: bool | None = None

    @model_validator(mode="after")
    def _one(self) -> Blok:
        if sum(v is not None for v in self.model_dump().values()) != 1:
            raise ValueError("a block has exactly one of paragraf, tabel, daftar, isi, garis")
        for row in self.tabel or []:
            if len(row) != 2:
                raise ValueError("a tabel row is [label, value]")
        return self

    def texts(self) -> list[str]:
        out = [self.paragraf] if self.paragraf else []
        out += [cell for row in self.tabel or [] for cell in row]
        return out + list(self.daftar or [])


class Templat(_Model):
    jenis: JenisSurat
    judul: str
    perihal: str | None = Field(None, description="Perihal of letters drafted from a request.")
    nomor_di_tabel: bool = Field(False, description="The number is in the body's table (nota "
                                 "dinas), not under the title.")
    blok: list[Blok] = Field(min_length=1)
    tembusan: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known(self) -> Templat:
        texts = [self.judul, self.perihal or "", *self.tembusan,
                 *(t for b in self.blok for t in b.texts())]
        unknown = set().union(*(placeholders(t) for t in texts)) - FIELDS
        if unknown:
            raise ValueError(f"unknown placeholders {', '.join(sorted(unknown))}; known: "
                             f"{', '.join(sorted(FIELDS))}")
        return self


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


class Katalog:
    """Every template and instansi configuration, loaded and checked once."""

    def __init__(self, extra_dir: Path | None = None) -> None:
        folders = [BUILTIN] + ([Path(extra_dir)] if extra_dir else [])
        self._templat: dict[str, Templat] = {}
        raw_instansi: dict[str, dict[str, Any]] = {}
        for folder in folders:
            for path in sorted((folder / "jenis").glob("*.yaml")):
                try:
                    self._templat[path.stem] = Templat.model_validate(_load(path))
                except ValueError as exc:
                    raise ValueError(f"template {path}: {exc}") from exc
            for path in sorted((folder / "instansi").glob("*.yaml")):
                data = _load(path)
                name = "*" if path.stem == "default" else str(data.get("instansi_id", path.stem))
                raw_instansi[name] = data
        if "*" not in raw_instansi:
            raise ValueError("templat/instansi/default.yaml is missing")
        self._default_raw = raw_instansi.pop("*")
        self._instansi = {k: self._merge(k, v) for k, v in raw_instansi.items()}
        self._fallback: dict[str, KonfigurasiInstansi] = {}

    def _merge(self, instansi_id: str, own: dict[str, Any]) -> KonfigurasiInstansi:
        base = self._default_raw
        merged = {**base, **own, "instansi_id": instansi_id,
                  "jenis": {**base.get("jenis", {}), **own.get("jenis", {})}}
        kop = merged["kop"]
        merged["kop"] = {**kop, "baris": [b.replace("{instansi_id}", instansi_id.upper())
                                          for b in kop["baris"]]}
        try:
            konfig = KonfigurasiInstansi.model_validate(merged)
        except ValueError as exc:
            raise ValueError(f"instansi {instansi_id}: {exc}") from exc
        for jenis, aturan in konfig.jenis.items():
            if aturan.templat not in self._templat:
                raise ValueError(f"instansi {instansi_id}, {jenis}: no template {aturan.templat!r}")
        missing = set(JENIS) - set(konfig.jenis)
        if missing:
            raise ValueError(f"instansi {instansi_id}: no rules for {', '.join(sorted(missing))}")
        return konfig

    def instansi(self, instansi_id: str) -> KonfigurasiInstansi:
        if instansi_id in self._instansi:
            return self._instansi[instansi_id]
        if instansi_id not in self._fallback:
            self._fallback[instansi_id] = self._merge(instansi_id, {})
        return self._fallback[instansi_id]

    def templat(self, kode: str) -> Templat:
        return self._templat[kode]

    def semua_instansi(self) -> list[str]:
        return sorted(self._instansi)
