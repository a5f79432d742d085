"""SIASN import and export: pegawai records in the shape of BKN SIASN's "data utama" export.

The record format follows BKN SIASN's public field names (camelCase, as in SIASN's "data
utama" export); every value is a string in the file, dates are ``dd-mm-yyyy``:

    nipBaru            18-digit NIP
    nama, gelarDepan, gelarBelakang
    tglLahir           dd-mm-yyyy; must agree with the NIP's digits 1-8
    jenisKelamin       "M"/"F" (SIASN), also "L"/"P"; must agree with the NIP's digit 15
    nik, alamat, noHp, email
    jenisPegawaiNama   "PNS", "PPPK" or "NON ASN" (default PNS)
    statusPegawai      "AKTIF", "CLTN", "DIBERHENTIKAN", "PENSIUN", "MENINGGAL" (default AKTIF)
    instansiIndukId    the instansi
    unorId             the unit organisasi within it
    golRuangAkhir      the current golongan ruang: "III/a" (PNS) or "IX" (PPPK)
    tmtGolAkhir        its TMT, dd-mm-yyyy (required with golRuangAkhir)
    mkTahun, mkBulan   masa kerja golongan recorded with that pangkat
    jabatanId, jabatanNama, kelasJabatan
    tmtJabatan         TMT of the current jabatan, dd-mm-yyyy (required with jabatanId)

Readers (:func:`read_json`, :func:`read_csv`) never stop at a bad row: they yield
``(row, SiasnPegawai)`` or ``(row, reason)``, the row being the 1-based record number of a JSON
file or the line number of a CSV file (the header is line 1); row 0 is the file itself. Reasons
name the SIASN field, never its value (NIK, phone and address never appear in a report).

:func:`import_pegawai` is idempotent: a new NIP is registered with its pangkat, jabatan and
status; a known NIP gets only the events for what differs from its record, so importing the same
file twice records nothing the second time. An empty value means "not known", never "remove".
Records are handled in batches: one lookup of the batch's NIPs, one save (one transaction) of
every aggregate that changed.

:func:`export_pegawai` writes the record (approved changes only: a pending usulan is not part of
it) back in the same shape, so an export imported again records nothing.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventsourcing.persistence import IntegrityError
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from simpeg_profile.application import PegawaiTidakDitemukan, ProfileApplication
from simpeg_profile.domain.nip import JenisKelamin, parse_nip
from simpeg_profile.domain.pegawai import DATA_IDENTITAS, Pegawai
from simpeg_profile.domain.perubahan import JenisPerubahan, parse_perubahan
from simpeg_profile.domain.vocabulary import JenisPegawai, StatusPegawai, golongan_for
from simpeg_shared.errors import DomainError

#: SIASN field names in file order (the CSV header of an export).
FIELDS: tuple[str, ...] = (
    "nipBaru", "nama", "gelarDepan", "gelarBelakang", "tglLahir", "jenisKelamin", "nik",
    "alamat", "noHp", "email", "jenisPegawaiNama", "statusPegawai", "instansiIndukId", "unorId",
    "golRuangAkhir", "tmtGolAkhir", "mkTahun", "mkBulan", "jabatanId", "jabatanNama",
    "kelasJabatan", "tmtJabatan",
)

#: Why a status was set by an import (the StatusChanged event's ``alasan``).
ALASAN_IMPOR = "impor SIASN"

_DATE = re.compile(r"^([0-9]{2})-([0-9]{2})-([0-9]{4})$")
_ID = r"^[A-Za-z0-9._-]+$"
_SEX = {"M": JenisKelamin.LAKI_LAKI, "L": JenisKelamin.LAKI_LAKI,
        "F": JenisKelamin.PEREMPUAN, "P": JenisKelamin.PEREMPUAN}
_SEX_OUT = {JenisKelamin.LAKI_LAKI: "M", JenisKelamin.PEREMPUAN: "F"}
_JENIS = {"PNS": JenisPegawai.PNS, "PPPK": JenisPegawai.PPPK, "NON ASN": JenisPegawai.NON_ASN,
          "NON_ASN": JenisPegawai.NON_ASN, "NONASN": JenisPegawai.NON_ASN}
_JENIS_OUT = {JenisPegawai.PNS: "PNS", JenisPegawai.PPPK: "PPPK", JenisPegawai.NON_ASN: "NON ASN"}


def parse_tanggal(value: str) -> dt.date:
    """A SIASN date ``dd-mm-yyyy``; ``ValueError`` (without the value) when it is not one."""
    match = _DATE.match(value.strip())
    if match is None:
        raise ValueError("not a date dd-mm-yyyy")
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("not a real date (dd-mm-yyyy)") from None


def format_tanggal(value: dt.date | None) -> str:
    return "" if value is None else f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


class SiasnPegawai(BaseModel):
    """One pegawai as SIASN's "data utama" export has it (validated; aliases = SIASN names)."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="ignore",
                              str_strip_whitespace=True)

    nip: str = Field(alias="nipBaru")
    nama: str = Field(alias="nama", min_length=1, max_length=200)
    gelar_depan: str | None = Field(None, alias="gelarDepan", max_length=50)
    gelar_belakang: str | None = Field(None, alias="gelarBelakang", max_length=50)
    tgl_lahir: dt.date | None = Field(None, alias="tglLahir")
    jenis_kelamin: JenisKelamin | None = Field(None, alias="jenisKelamin")
    nik: str | None = Field(None, alias="nik")
    alamat: str | None = Field(None, alias="alamat")
    no_hp: str | None = Field(None, alias="noHp")
    email: str | None = Field(None, alias="email")
    jenis_pegawai: JenisPegawai = Field(JenisPegawai.PNS, alias="jenisPegawaiNama")
    status_pegawai: StatusPegawai = Field(StatusPegawai.AKTIF, alias="statusPegawai")
    instansi_induk_id: str = Field(alias="instansiIndukId", min_length=1, max_length=64,
                                   pattern=_ID)
    unor_id: str = Field(alias="unorId", min_length=1, max_length=64, pattern=_ID)
    gol_ruang_akhir: str | None = Field(None, alias="golRuangAkhir")
    tmt_gol_akhir: dt.date | None = Field(None, alias="tmtGolAkhir")
    mk_tahun: int | None = Field(None, alias="mkTahun", ge=0, le=60)
    mk_bulan: int | None = Field(None, alias="mkBulan", ge=0, le=11)
    jabatan_id: str | None = Field(None, alias="jabatanId", max_length=64, pattern=_ID)
    jabatan_nama: str | None = Field(None, alias="jabatanNama", max_length=200)
    kelas_jabatan: int | None = Field(None, alias="kelasJabatan", ge=1, le=17)
    tmt_jabatan: dt.date | None = Field(None, alias="tmtJabatan")

    @model_validator(mode="before")
    @classmethod
    def _file_values(cls, data: Any) -> Any:
        """Values arrive as strings (CSV) or JSON scalars: numbers become strings, blank
        strings and nulls mean "not given"."""
        if not isinstance(data, Mapping):
            return data
        clean: dict[str, Any] = {}
        for key, value in data.items():
            if isinstance(value, bool):
                clean[key] = value  # rejected by the field's own type
            elif isinstance(value, int | float):
                clean[key] = str(int(value)) if float(value).is_integer() else str(value)
            elif isinstance(value, str):
                clean[key] = value.strip() or None
            else:
                clean[key] = value
        return clean

    @field_validator("nip", mode="before")
    @classmethod
    def _nip(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = value.replace(" ", "")
        try:
            return parse_nip(value).value
        except DomainError as exc:
            raise ValueError(_mask(exc.message)) from None

    @field_validator("tgl_lahir", "tmt_gol_akhir", "tmt_jabatan", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return parse_tanggal(value) if isinstance(value, str) else value

    @field_validator("tgl_lahir")
    @classmethod
    def _lahir_as_nip(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        nip = info.data.get("nip")
        if value is not None and nip is not None and value != parse_nip(nip).tanggal_lahir:
            raise ValueError("differs from the NIP's birth date (digits 1-8)")
        return value

    @field_validator("jenis_kelamin", mode="before")
    @classmethod
    def _sex(cls, value: Any) -> Any:
        if isinstance(value, str):
            if value.upper() not in _SEX:
                raise ValueError("must be M or F (also L or P)")
            return _SEX[value.upper()]
        return value

    @field_validator("jenis_kelamin")
    @classmethod
    def _sex_as_nip(cls, value: JenisKelamin | None, info: ValidationInfo) -> JenisKelamin | None:
        nip = info.data.get("nip")
        if value is not None and nip is not None and value != parse_nip(nip).jenis_kelamin:
            raise ValueError("differs from the NIP's digit 15")
        return value

    @field_validator("jenis_pegawai", mode="before")
    @classmethod
    def _jenis(cls, value: Any) -> Any:
        if value is None:
            return JenisPegawai.PNS
        if isinstance(value, str):
            jenis = _JENIS.get(" ".join(value.upper().split()))
            if jenis is None:
                raise ValueError("must be PNS, PPPK or NON ASN")
            return jenis
        return value

    @field_validator("status_pegawai", mode="before")
    @classmethod
    def _status(cls, value: Any) -> Any:
        if value is None:
            return StatusPegawai.AKTIF
        if isinstance(value, str):
            name = "_".join(value.upper().split())
            if name not in StatusPegawai.__members__:
                raise ValueError(f"must be one of {', '.join(StatusPegawai)}")
            return StatusPegawai(name)
        return value

    @field_validator("gol_ruang_akhir")
    @classmethod
    def _golongan(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        golongan, sep, ruang = value.replace(" ", "").partition("/")
        value = golongan.upper() + (sep + ruang.lower() if sep else "")
        jenis = info.data.get("jenis_pegawai")
        if jenis is not None:
            allowed = golongan_for(jenis)
            if value not in allowed:
                raise ValueError(f"not a golongan of a {_JENIS_OUT[jenis]}"
                                 + (f" ({allowed[0]} … {allowed[-1]})" if allowed else ""))
        return value

    @field_validator("no_hp")
    @classmethod
    def _telepon(cls, value: str | None) -> str | None:
        return None if value is None else value.replace(" ", "").replace("-", "")

    @model_validator(mode="after")
    def _together(self) -> SiasnPegawai:
        if self.gol_ruang_akhir is not None and self.tmt_gol_akhir is None:
            raise ValueError("tmtGolAkhir: required with golRuangAkhir")
        if self.jabatan_id is not None and self.tmt_jabatan is None:
            raise ValueError("tmtJabatan: required with jabatanId")
        return self

    # -- the domain's words ---------------------------------------------------------------
    def data_pribadi(self) -> dict[str, str]:
        """Identity and personal data that the record gives, in the domain's field names."""
        values = {"nama": self.nama, "gelar_depan": self.gelar_depan,
                  "gelar_belakang": self.gelar_belakang, "nik": self.nik,
                  "alamat": self.alamat, "telepon": self.no_hp, "email": self.email}
        return {k: v for k, v in values.items() if v is not None}

    def pangkat(self) -> dict[str, Any] | None:
        if self.gol_ruang_akhir is None:
            return None
        return {"golongan_ruang": self.gol_ruang_akhir, "tmt": self.tmt_gol_akhir,
                "mkg_tahun": self.mk_tahun or 0, "mkg_bulan": self.mk_bulan or 0}

    def jabatan(self) -> dict[str, Any] | None:
        if self.jabatan_id is None:
            return None
        return {"jabatan_id": self.jabatan_id, "nama_jabatan": self.jabatan_nama,
                "kelas_jabatan": self.kelas_jabatan, "tmt": self.tmt_jabatan}


#: What a reader yields: a row number and its record, or the reason it is not one.
Row = tuple[int, SiasnPegawai | str]


def parse_record(raw: Any) -> SiasnPegawai | str:
    """One record, or the reason it is not one (SIASN field name and message, no value)."""
    if not isinstance(raw, Mapping):
        return "record: not an object of SIASN fields"
    try:
        return SiasnPegawai.model_validate(raw)
    except ValidationError as exc:
        return "; ".join(_pydantic_reason(e) for e in exc.errors(include_url=False))


def _pydantic_reason(error: Any) -> str:
    """``field: message``; pydantic's messages do not repeat the value, and the value (the
    error's ``input``) is only looked at to tell a blank required field."""
    msg = str(error["msg"]).removeprefix("Value error, ")
    where = ".".join(str(p) for p in error["loc"])
    if error["type"] == "missing" or (error.get("input") is None and where):
        msg = "required"
    return f"{where}: {msg}" if where else msg


# -- readers ------------------------------------------------------------------------------
def read_json(path: str | Path) -> Iterator[Row]:
    """Records of a JSON file: an array of records, or ``{"data": [...]}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        yield 0, f"file: cannot be read ({exc.strerror or type(exc).__name__})"
        return
    except UnicodeDecodeError:
        yield 0, "file: not UTF-8 text"
        return
    except json.JSONDecodeError as exc:
        yield 0, f"file: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        return
    if isinstance(data, Mapping) and isinstance(data.get("data"), list):
        data = data["data"]
    if not isinstance(data, list):
        yield 0, 'file: expected a JSON array of records or {"data": [...]}'
        return
    for index, raw in enumerate(data, start=1):
        yield index, parse_record(raw)


def read_csv(path: str | Path) -> Iterator[Row]:
    """Records of a CSV file whose header row names the SIASN fields (comma or semicolon
    separated, UTF-8 with or without BOM); other columns are ignored."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as file:
            header = file.readline()
            delimiter = ";" if header.count(";") > header.count(",") else ","
            file.seek(0)
            reader = csv.DictReader(file, delimiter=delimiter)
            names = [n.strip() for n in reader.fieldnames or []]
            reader.fieldnames = names
            if "nipBaru" not in names:
                yield 1, "header: no nipBaru column (the header row names the SIASN fields)"
                return
            line = reader.line_num
            for raw in reader:
                start, line = line + 1, reader.line_num
                raw.pop(None, None)  # cells beyond the header
                yield start, parse_record(raw)
    except OSError as exc:
        yield 0, f"file: cannot be read ({exc.strerror or type(exc).__name__})"
    except UnicodeDecodeError:
        yield 0, "file: not UTF-8 text"
    except csv.Error as exc:
        yield 0, f"file: not valid CSV ({exc})"


def read_file(path: str | Path, format: str | None = None) -> Iterator[Row]:
    """:func:`read_json` or :func:`read_csv`, by ``format`` or else by the file's suffix."""
    kind = (format or Path(path).suffix.lstrip(".")).lower()
    return read_csv(path) if kind == "csv" else read_json(path)


# -- import -------------------------------------------------------------------------------
@dataclass
class ImportResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    #: (row, reason) of every record not imported; reasons name fields, never values
    rejected: list[tuple[int, str]] = field(default_factory=list)
    #: events recorded (pending events of the saved aggregates)
    events: int = 0

    def summary(self) -> str:
        return (f"created {self.created}, changed {self.changed}, unchanged {self.unchanged}, "
                f"rejected {len(self.rejected)}, events {self.events}")


class _Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


#: Domain field names (the last part of a DomainError's ``field``) → SIASN names, per step.
_IDENTITAS = {"nip": "nipBaru", "nama": "nama", "gelar_depan": "gelarDepan",
              "gelar_belakang": "gelarBelakang", "nik": "nik", "alamat": "alamat",
              "telepon": "noHp", "email": "email", "tanggal_lahir": "tglLahir",
              "jenis_kelamin": "jenisKelamin", "instansi_id": "instansiIndukId",
              "unit_id": "unorId"}
_PANGKAT = {"golongan_ruang": "golRuangAkhir", "tmt": "tmtGolAkhir", "mkg_tahun": "mkTahun",
            "mkg_bulan": "mkBulan"}
_JABATAN = {"jabatan_id": "jabatanId", "nama_jabatan": "jabatanNama",
            "kelas_jabatan": "kelasJabatan", "tmt": "tmtJabatan", "unit_id": "unorId"}
_UNIT = {"instansi_id": "instansiIndukId", "unit_id": "unorId", "tmt": "unorId"}
_STATUS = {"status": "statusPegawai", "tmt": "statusPegawai"}


def _mask(message: str) -> str:
    """A message without dates or long digit runs (birth dates, NIK, phone numbers)."""
    message = re.sub(r"\d{4}-\d{2}(-\d{2})?", "…", message)
    return re.sub(r"\d{6,}", "…", message)


def _step(mapping: Mapping[str, str], default: str, action: Callable[[], object]) -> None:
    try:
        action()
    except DomainError as exc:
        leaf = exc.field.rsplit(".", 1)[-1] if exc.field else ""
        message = re.sub(r"^[A-Z_]+: ", "", exc.message)  # "PANGKAT: …" of a schema error
        raise _Rejected(f"{mapping.get(leaf, default)}: {_mask(message)}") from None


def _tmt_now(entries: list[dict[str, Any]]) -> dt.date:
    """Today, or the latest TMT in ``entries`` when that is later, so the new entry is the one
    in force (and an import of the same record again sees no difference)."""
    return max([dt.date.today(), *(e["tmt"] for e in entries)])


def _differs(current: Mapping[str, Any] | None, wanted: Mapping[str, Any], *keys: str) -> bool:
    return current is None or any(current[k] != wanted[k] for k in keys)


def _create(app: ProfileApplication, record: SiasnPegawai) -> Pegawai:
    pribadi = record.data_pribadi()
    holder: list[Pegawai] = []

    def register() -> None:
        checked = parse_perubahan(JenisPerubahan.DATA_PRIBADI, pribadi).model_dump(
            exclude_none=True)
        holder.append(app.new_pegawai(
            nip=record.nip, nama=checked["nama"], instansi_id=record.instansi_induk_id,
            unit_id=record.unor_id, tanggal_lahir=record.tgl_lahir,
            jenis_kelamin=record.jenis_kelamin, jenis_pegawai=record.jenis_pegawai,
            gelar_depan=checked.get("gelar_depan"), gelar_belakang=checked.get("gelar_belakang"),
            data_pribadi={k: v for k, v in checked.items() if k not in DATA_IDENTITAS}))

    _step(_IDENTITAS, "nipBaru", register)
    pegawai = holder[0]
    pangkat, jabatan = record.pangkat(), record.jabatan()
    if pangkat is not None:
        _step(_PANGKAT, "golRuangAkhir",
              lambda: app.apply_change(pegawai, JenisPerubahan.PANGKAT, pangkat))
    if jabatan is not None:
        _step(_JABATAN, "jabatanId",
              lambda: app.apply_change(pegawai, JenisPerubahan.JABATAN, jabatan))
    if record.status_pegawai is not StatusPegawai.AKTIF:
        _step(_STATUS, "statusPegawai", lambda: pegawai.change_status(
            status=record.status_pegawai.value, tmt=_tmt_now(pegawai.riwayat_status),
            alasan=ALASAN_IMPOR))
    return pegawai


def _update(app: ProfileApplication, current: Pegawai, record: SiasnPegawai) -> Pegawai | None:
    """A copy of ``current`` with events for what the record changes, or ``None`` when the
    record says what the aggregate already says. ``current`` itself is never touched, so a
    rejected record leaves nothing half-applied."""
    if record.jenis_pegawai is not current.jenis_pegawai:
        raise _Rejected(f"jenisPegawaiNama: the record is {_JENIS_OUT[current.jenis_pegawai]}; "
                        "an import does not change jenis pegawai")
    view = current.as_of()
    assert view is not None
    steps: list[tuple[Mapping[str, str], str, Callable[[Pegawai], object]]] = []

    def known(name: str) -> Any:
        return getattr(current, name) if name in DATA_IDENTITAS else current.data_pribadi.get(name)

    pribadi = {k: v for k, v in record.data_pribadi().items() if known(k) != v}
    if pribadi:
        steps.append((_IDENTITAS, "nama",
                      lambda p: app.apply_change(p, JenisPerubahan.DATA_PRIBADI, pribadi)))

    where = (record.instansi_induk_id, record.unor_id)
    if where != (view.instansi_id, view.unit_id):
        def move(p: Pegawai) -> None:
            # the rule of app.move(): a registered instansi must have the unit (ADR 0012)
            app.check_unit(*where)
            p.move(instansi_id=where[0], unit_id=where[1], tmt=_tmt_now(p.riwayat_unit))
        steps.append((_UNIT, "unorId", move))

    pangkat = record.pangkat()
    if pangkat is not None and _differs(view.pangkat, pangkat, "golongan_ruang", "tmt"):
        steps.append((_PANGKAT, "golRuangAkhir",
                      lambda p: app.apply_change(p, JenisPerubahan.PANGKAT, pangkat)))

    jabatan = record.jabatan()
    if jabatan is not None and _differs(view.jabatan, jabatan, "jabatan_id", "tmt"):
        steps.append((_JABATAN, "jabatanId",
                      lambda p: app.apply_change(p, JenisPerubahan.JABATAN, jabatan)))

    if record.status_pegawai is not view.status:
        steps.append((_STATUS, "statusPegawai", lambda p: p.change_status(
            status=record.status_pegawai.value, tmt=_tmt_now(p.riwayat_status),
            alasan=ALASAN_IMPOR)))

    if not steps:
        return None
    pegawai = copy.deepcopy(current)
    for mapping, default, action in steps:
        _step(mapping, default, lambda: action(pegawai))
    return pegawai


@dataclass
class _BatchOutcome:
    result: ImportResult
    aggregates: list[Pegawai]


def _run_batch(app: ProfileApplication, records: list[tuple[int, SiasnPegawai]]) -> _BatchOutcome:
    result = ImportResult()
    working: dict[str, Pegawai] = app.find_pegawai(dict.fromkeys(r.nip for _, r in records))
    touched: dict[str, Pegawai] = {}
    for row, record in records:
        try:
            current = working.get(record.nip)
            if current is None:
                pegawai = _create(app, record)
                result.created += 1
            else:
                updated = _update(app, current, record)
                if updated is None:
                    result.unchanged += 1
                    continue
                pegawai = updated
                result.changed += 1
        except _Rejected as exc:
            result.rejected.append((row, exc.reason))
            continue
        working[record.nip] = touched[record.nip] = pegawai
    aggregates = list(touched.values())
    result.events = sum(len(p.pending_events) for p in aggregates)
    return _BatchOutcome(result, aggregates)


def _numbered(records: Iterable[Row | SiasnPegawai]) -> Iterator[Row]:
    for index, item in enumerate(records, start=1):
        yield (index, item) if isinstance(item, SiasnPegawai) else item


def _batches(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def import_pegawai(app: ProfileApplication, records: Iterable[Row | SiasnPegawai], *,
                   batch_size: int = 500, progress: Callable[[int], object] | None = None,
                   attempts: int = 3) -> ImportResult:
    """Import SIASN records: ``(row, SiasnPegawai | reason)`` pairs as the readers yield them
    (a reason is reported as rejected), or bare records (numbered from 1).

    Per batch: one ``find_pegawai`` of its NIPs and one ``save`` of the aggregates that changed.
    A record breaking a rule is rejected with its reason; the rest of the batch goes on. When
    the save meets a concurrent write of the same pegawai, the batch is worked out again from
    the database (``attempts`` times in all). ``progress(n)`` is called with the number of
    records handled after each batch.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    total = ImportResult()
    for batch in _batches(_numbered(records), batch_size):
        rejected = [(row, item) for row, item in batch if isinstance(item, str)]
        valid = [(row, item) for row, item in batch if isinstance(item, SiasnPegawai)]
        outcome = None
        for _ in range(attempts):
            with app.organisasi_tetap():  # the organisation as it stands when the batch starts
                outcome = _run_batch(app, valid) if valid else None
            if outcome is None or not outcome.aggregates:
                break
            try:
                app.save(*outcome.aggregates)
                break
            except IntegrityError:
                outcome = None
        if outcome is None and valid:
            rejected += [(row, "nipBaru: changed by someone else during the import; import "
                          "the file again") for row, _ in valid]
        elif outcome is not None:
            result = outcome.result
            total.created += result.created
            total.changed += result.changed
            total.unchanged += result.unchanged
            total.events += result.events
            rejected += result.rejected
        total.rejected += sorted(rejected)
        if progress is not None:
            progress(len(batch))
    return total


# -- export -------------------------------------------------------------------------------
def to_siasn(pegawai: Pegawai) -> dict[str, str]:
    """The pegawai's current record in SIASN's shape (every value a string, "" when unknown)."""
    view = pegawai.as_of()
    assert view is not None
    pangkat, jabatan = view.pangkat or {}, view.jabatan or {}

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return {
        "nipBaru": view.nip,
        "nama": view.nama,
        "gelarDepan": text(view.gelar_depan),
        "gelarBelakang": text(view.gelar_belakang),
        "tglLahir": format_tanggal(view.tanggal_lahir),
        "jenisKelamin": _SEX_OUT[view.jenis_kelamin],
        "nik": text(view.data_pribadi.get("nik")),
        "alamat": text(view.data_pribadi.get("alamat")),
        "noHp": text(view.data_pribadi.get("telepon")),
        "email": text(view.data_pribadi.get("email")),
        "jenisPegawaiNama": _JENIS_OUT[view.jenis_pegawai],
        "statusPegawai": view.status.value,
        "instansiIndukId": view.instansi_id,
        "unorId": view.unit_id,
        "golRuangAkhir": text(pangkat.get("golongan_ruang")),
        "tmtGolAkhir": format_tanggal(pangkat.get("tmt")),
        "mkTahun": text(pangkat.get("mkg_tahun")),
        "mkBulan": text(pangkat.get("mkg_bulan")),
        "jabatanId": text(jabatan.get("jabatan_id")),
        "jabatanNama": text(jabatan.get("nama_jabatan")),
        "kelasJabatan": text(jabatan.get("kelas_jabatan")),
        "tmtJabatan": format_tanggal(jabatan.get("tmt")),
    }


def export_pegawai(app: ProfileApplication, nips: Iterable[str]) -> list[dict[str, str]]:
    """The records of ``nips`` in SIASN's shape, in the order asked; raises
    :class:`PegawaiTidakDitemukan` naming every NIP that is not registered."""
    wanted = list(dict.fromkeys(n.strip() for n in nips))
    found = app.find_pegawai(wanted)
    missing = [n for n in wanted if n not in found]
    if missing:
        raise PegawaiTidakDitemukan(f"no pegawai with NIP {', '.join(missing)}", field="nip")
    return [to_siasn(found[n]) for n in wanted]


def write_json(path: str | Path, records: Iterable[Mapping[str, str]]) -> int:
    """Write records as a JSON array; returns how many."""
    rows = [dict(r) for r in records]
    Path(path).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(rows)


def write_csv(path: str | Path, records: Iterable[Mapping[str, str]]) -> int:
    """Write records as CSV with a header of the SIASN field names; returns how many."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS, extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow({k: record.get(k) or "" for k in FIELDS})
            count += 1
    return count
