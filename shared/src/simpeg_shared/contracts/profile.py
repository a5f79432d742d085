"""Public events of the profile context (topic ``simpeg.profile.v1``)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from simpeg_shared.contracts import ContractEvent, register


class ProfileEvent(ContractEvent):
    context: ClassVar[str] = "profile"
    version: ClassVar[int] = 1


@register
class PegawaiRegisteredV1(ProfileEvent):
    """A pegawai (civil servant or non-ASN staff member) was registered in an instansi."""

    nip: str = Field(pattern=r"^\d{18}$", description="18-digit NIP.")
    nama: str = Field(min_length=1, max_length=200)
    unit_id: str = Field(min_length=1, max_length=64)
