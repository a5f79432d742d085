"""A PNS's KGB schedule: the increases so far since their pangkat, and the next one."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel

from simpeg_kgb.domain.gaji import langkah_pada
from simpeg_kgb.domain.jadwal import Kgb, jadwal
from simpeg_kgb.projections.riwayat import riwayat
from simpeg_shared.auth import Principal
from simpeg_shared.errors import DomainError, NotFound
from simpeg_shared.http import current_principal, responses
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/kgb/v1", tags=["jadwal"])


class KgbOut(BaseModel):
    tmt: dt.date
    golongan_ruang: str
    mkg_tahun: int
    gaji_pokok: int | None
    gaji_pokok_lama: int | None
    dasar_hukum: str | None

    @classmethod
    def of(cls, k: Kgb) -> KgbOut:
        return cls(tmt=k.tmt, golongan_ruang=k.golongan_ruang, mkg_tahun=k.mkg_tahun,
                   gaji_pokok=k.gaji_pokok, gaji_pokok_lama=k.gaji_pokok_lama, dasar_hukum=k.dasar_hukum)


class JadwalOut(BaseModel):
    nip: str
    per: dt.date
    masa_kerja_golongan: dict[str, int] | None
    riwayat: list[KgbOut]
    berikut: KgbOut | None


class TidakAdaJadwal(NotFound):
    code = "jadwal-tidak-ada"
    title = "No KGB schedule"


@router.get("/pegawai/{nip}/jadwal", response_model=JadwalOut, summary="The KGB schedule of a PNS",
            responses=responses(401, 404, 422))
def get_jadwal(
    nip: Annotated[str, Path(pattern=r"^\d{18}$")],
    request: Request,
    per: Annotated[IsoDate | None, Query(description="As of this date; today when absent")] = None,
    principal: Principal = Depends(current_principal),
) -> JadwalOut:
    data = request.app.state.riwayat.read(lambda conn, t: riwayat(conn, t, nip))
    if data is None or not (principal.may_read(data["instansi_id"]) or principal.nip == nip):
        raise TidakAdaJadwal(f"no pegawai with NIP {nip} known to KGB")
    if data["jenis_pegawai"] not in (None, "PNS"):
        raise DomainError(f"{nip} is {data['jenis_pegawai']}: KGB applies to PNS", field="path.nip")
    if not data["pangkat"]:
        raise TidakAdaJadwal(f"no pangkat recorded for {nip}: record it in profile first")
    day = per or dt.date.today()
    j = jadwal(data["pangkat"], data["pmk"], data["cltn"], day, langkah_pada)
    mkg = j.mkg_sekarang
    return JadwalOut(nip=nip, per=day, riwayat=[KgbOut.of(k) for k in j.riwayat],
                     berikut=KgbOut.of(j.berikut) if j.berikut else None,
                     masa_kerja_golongan={"tahun": mkg[0], "bulan": mkg[1]} if mkg else None)
