"""Public events of the profile context (topic ``simpeg.profile.v1``, keyed by NIP).

Public events carry what other contexts need to know about a pegawai — never NIK, address, phone
or other personal data; those stay encrypted in the profile service.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register

Nip = str  # 18 digits; validated where the pegawai is registered
NIP_PATTERN = r"^\d{18}$"


class ProfileEvent(ContractEvent):
    context: ClassVar[str] = "profile"
    version: ClassVar[int] = 1


@register
class PegawaiRegisteredV1(ProfileEvent):
    """A pegawai (civil servant or non-ASN staff member) was registered in an instansi."""

    nip: str = Field(pattern=NIP_PATTERN, description="18-digit NIP.")
    nama: str = Field(min_length=1, max_length=200)
    unit_id: str = Field(min_length=1, max_length=64)
    jenis_pegawai: Literal["PNS", "PPPK", "NON_ASN"] | None = None
    status: str | None = Field(None, description="AKTIF, CLTN, DIBERHENTIKAN, PENSIUN, MENINGGAL")
    tmt_cpns: dt.date | None = None


@register
class PegawaiDataChangedV1(ProfileEvent):
    """Personal data of a pegawai changed. Names the fields only; values of personal data
    (NIK, address, phone) never leave the profile service."""

    nip: str = Field(pattern=NIP_PATTERN)
    fields: list[str] = Field(description="Names of the fields that changed.")
    nama: str | None = Field(None, description="The new display name, when it changed.")


@register
class JabatanChangedV1(ProfileEvent):
    """The pegawai holds a (new) jabatan from ``tmt``."""

    nip: str = Field(pattern=NIP_PATTERN)
    jabatan_id: str
    nama_jabatan: str
    kelas_jabatan: int | None = Field(None, ge=1, le=17)
    unit_id: str
    tmt: dt.date


@register
class PangkatChangedV1(ProfileEvent):
    """The pegawai's pangkat/golongan ruang from ``tmt``, with the masa kerja golongan then."""

    nip: str = Field(pattern=NIP_PATTERN)
    golongan_ruang: str = Field(description="I/a … IV/e for PNS, I … XVII for PPPK")
    tmt: dt.date
    mkg_tahun: int = Field(ge=0, le=60)
    mkg_bulan: int = Field(ge=0, le=11)


@register
class UnitChangedV1(ProfileEvent):
    """The pegawai moved to another unit, possibly of another instansi (pindah instansi);
    ``instansi_id`` is the new one."""

    nip: str = Field(pattern=NIP_PATTERN)
    unit_id: str
    instansi_id_lama: str
    unit_id_lama: str
    tmt: dt.date


@register
class StatusChangedV1(ProfileEvent):
    nip: str = Field(pattern=NIP_PATTERN)
    status: str = Field(description="AKTIF, CLTN, DIBERHENTIKAN, PENSIUN, MENINGGAL")
    status_lama: str
    tmt: dt.date


@register
class AtasanChangedV1(ProfileEvent):
    """The pegawai's atasan langsung from ``tmt`` (``None``: no atasan recorded)."""

    nip: str = Field(pattern=NIP_PATTERN)
    nip_atasan: str | None = Field(None, pattern=NIP_PATTERN)
    tmt: dt.date


@register
class PltAssignedV1(ProfileEvent):
    """An official (``nip``) acts for a jabatan (Plt: vacant; Plh: holder absent) in a dated
    period; approvals for that jabatan route to them then."""

    nip: str = Field(pattern=NIP_PATTERN, description="The acting official.")
    jabatan_id: str
    jenis: Literal["PLT", "PLH"]
    mulai: dt.date
    selesai: dt.date


class UsulanEvent(ProfileEvent):
    nip: str = Field(pattern=NIP_PATTERN, description="Whose data the usulan changes.")
    usulan_id: uuid.UUID
    jenis_usulan: str


@register
class UsulanPerubahanSubmittedV1(UsulanEvent):
    """A pegawai submitted (or resubmitted) a change of their own data with evidence."""

    berkas: list[str] = Field(default_factory=list, description="SHA-256 of evidence files.")


@register
class UsulanPerubahanVerifiedV1(UsulanEvent):
    nip_verifikator: str = Field(pattern=NIP_PATTERN)


@register
class UsulanPerubahanReturnedV1(UsulanEvent):
    nip_pengembali: str = Field(pattern=NIP_PATTERN)
    alasan: str


@register
class UsulanPerubahanApprovedV1(UsulanEvent):
    nip_penyetuju: str = Field(pattern=NIP_PATTERN)


@register
class PmkRecordedV1(ProfileEvent):
    """Prior service was recognised (peninjauan masa kerja): ``tahun``/``bulan`` are added to
    the masa kerja golongan from ``tmt``."""

    nip: str = Field(pattern=NIP_PATTERN)
    tahun: int = Field(ge=0, le=40)
    bulan: int = Field(ge=0, le=11)
    tmt: dt.date


@register
class CltnRecordedV1(ProfileEvent):
    """A period of CLTN (unpaid leave) that does not count as service."""

    nip: str = Field(pattern=NIP_PATTERN)
    mulai: dt.date
    selesai: dt.date
