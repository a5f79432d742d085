"""Settings of the KGB service (``SIMPEG_KGB_*``)."""

from typing import ClassVar, Literal

from pydantic import Field

from simpeg_shared.settings import ServiceSettings


class KgbSettings(ServiceSettings):
    service_name: ClassVar[str] = "kgb"
    default_port: ClassVar[int] = 8105

    pengingat_bulan: int = Field(3, ge=0, le=12, description="Announce an increase this many "
                                 "months before its TMT (the reminder to the pegawai and admin).")
    lacak_mundur_bulan: int = Field(12, ge=0, le=60, description="Also track increases whose TMT "
                                    "passed up to this many months ago (overdue paperwork).")
    tanpa_penilaian: Literal["LAYAK", "TUNDA"] = Field(
        "LAYAK", description="With no yearly evaluation before the TMT: grant (LAYAK) or "
        "postpone (TUNDA) until one is final.")
    periksa_interval: float = Field(2.0, gt=0, le=3600, description="Seconds between rounds of "
                                    "the KGB process when idle.")
