"""What a change to a pegawai's record may contain, by kind — one schema for the self-update
workflow (usulan) and for an administrator's direct entry. Validated before any event."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from simpeg_shared.errors import DomainError

Teks = Annotated[str, Field(min_length=1, max_length=200)]


class _Perubahan(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class DataPribadi(_Perubahan):
    """Identity and personal data; at least one field."""

    nama: Teks | None = None
    gelar_depan: Annotated[str, Field(max_length=50)] | None = None
    gelar_belakang: Annotated[str, Field(max_length=50)] | None = None
    nik: Annotated[str, Field(pattern=r"^\d{16}$", description="16-digit NIK")] | None = None
    alamat: Annotated[str, Field(min_length=5, max_length=500)] | None = None
    telepon: Annotated[str, Field(pattern=r"^\+?\d{8,15}$")] | None = None
    email: Annotated[str, Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)] | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> DataPribadi:
        if not self.model_dump(exclude_none=True):
            raise ValueError("name at least one field to change")
        return self


class Pendidikan(_Perubahan):
    jenjang: Literal["SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3", "PROFESI"]
    nama_sekolah: Teks
    jurusan: Teks | None = None
    tahun_lulus: int = Field(ge=1950, le=2100)
    nomor_ijazah: Annotated[str, Field(max_length=100)] | None = None


class Diklat(_Perubahan):
    nama: Teks
    penyelenggara: Teks
    mulai: dt.date
    selesai: dt.date
    jam_pelajaran: int = Field(ge=1, le=2000)

    @model_validator(mode="after")
    def _order(self) -> Diklat:
        if self.selesai < self.mulai:
            raise ValueError("selesai is before mulai")
        return self


class Penghargaan(_Perubahan):
    nama: Teks
    nomor_sk: Teks
    tanggal: dt.date


class Keluarga(_Perubahan):
    hubungan: Literal["SUAMI", "ISTRI", "ANAK", "AYAH", "IBU"]
    nama: Teks
    tanggal_lahir: dt.date
    nik: Annotated[str, Field(pattern=r"^\d{16}$")] | None = None


class Skp(_Perubahan):
    tahun: int = Field(ge=2000, le=2100)
    predikat: Literal["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG_MISCONDUCT", "SANGAT_KURANG"]
    tanggal: dt.date


class Pmk(_Perubahan):
    """Peninjauan masa kerja: prior service recognised and added to masa kerja golongan."""

    tahun: int = Field(ge=0, le=40)
    bulan: int = Field(ge=0, le=11)
    tmt: dt.date
    nomor_sk: Teks


class Cltn(_Perubahan):
    """A period of cuti di luar tanggungan negara: not counted in masa kerja."""

    mulai: dt.date
    selesai: dt.date
    nomor_sk: Teks

    @model_validator(mode="after")
    def _order(self) -> Cltn:
        if self.selesai <= self.mulai:
            raise ValueError("selesai must be after mulai")
        return self


class PengangkatanPns(_Perubahan):
    """Appointment from CPNS to PNS (after the probation year), by SK."""

    tmt_pns: dt.date
    nomor_sk: Teks
    tanggal_sk: dt.date


class Pangkat(_Perubahan):
    golongan_ruang: str = Field(description="I/a … IV/e (PNS) or I … XVII (PPPK)")
    tmt: dt.date
    mkg_tahun: int = Field(ge=0, le=60)
    mkg_bulan: int = Field(ge=0, le=11)
    nomor_sk: Annotated[str, Field(max_length=100)] | None = None


class Jabatan(_Perubahan):
    jabatan_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
    nama_jabatan: Teks | None = Field(None, description="Taken from the organisation when known")
    kelas_jabatan: int | None = Field(None, ge=1, le=17)
    unit_id: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    tmt: dt.date
    nomor_sk: Annotated[str, Field(max_length=100)] | None = None


class JenisPerubahan(enum.StrEnum):
    """Kinds of change; the first seven may be proposed by the pegawai themself."""

    DATA_PRIBADI = "DATA_PRIBADI"
    PENDIDIKAN = "PENDIDIKAN"
    DIKLAT = "DIKLAT"
    PENGHARGAAN = "PENGHARGAAN"
    KELUARGA = "KELUARGA"
    PANGKAT = "PANGKAT"
    JABATAN = "JABATAN"
    SKP = "SKP"
    PMK = "PMK"
    CLTN = "CLTN"
    PENGANGKATAN_PNS = "PENGANGKATAN_PNS"


SCHEMA: dict[JenisPerubahan, type[_Perubahan]] = {
    JenisPerubahan.DATA_PRIBADI: DataPribadi,
    JenisPerubahan.PENDIDIKAN: Pendidikan,
    JenisPerubahan.DIKLAT: Diklat,
    JenisPerubahan.PENGHARGAAN: Penghargaan,
    JenisPerubahan.KELUARGA: Keluarga,
    JenisPerubahan.PANGKAT: Pangkat,
    JenisPerubahan.JABATAN: Jabatan,
    JenisPerubahan.SKP: Skp,
    JenisPerubahan.PMK: Pmk,
    JenisPerubahan.CLTN: Cltn,
    JenisPerubahan.PENGANGKATAN_PNS: PengangkatanPns,
}

#: Kinds a pegawai may propose through the self-update workflow (MySAPK's scope); SKP, PMK, CLTN
#: and the CPNS-to-PNS appointment come from decisions entered by the administrator.
USULAN_MANDIRI = frozenset({
    JenisPerubahan.DATA_PRIBADI, JenisPerubahan.PENDIDIKAN, JenisPerubahan.DIKLAT,
    JenisPerubahan.PENGHARGAAN, JenisPerubahan.KELUARGA, JenisPerubahan.PANGKAT,
    JenisPerubahan.JABATAN,
})


class PerubahanTidakValid(DomainError):
    code = "perubahan-tidak-valid"
    title = "The change is not valid"


def parse_perubahan(jenis: JenisPerubahan, data: dict[str, Any]) -> _Perubahan:
    """Validate a change's content for its kind; errors name the field (body.perubahan.x)."""
    try:
        return SCHEMA[jenis].model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "perubahan"
        msg = "unknown field" if first["type"] == "extra_forbidden" else first["msg"]
        raise PerubahanTidakValid(f"{jenis.value}: {msg}",
                                  field=f"body.perubahan.{where}".rstrip(".")) from None
