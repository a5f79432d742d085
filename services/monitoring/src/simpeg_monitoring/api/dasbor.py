"""Daily and monthly roll-ups, the national view for BKN_PUSAT, and the live stream
(Server-Sent Events) the dashboard listens to. Every answer says how current it is."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from simpeg_monitoring.projections import bulanan as b
from simpeg_monitoring.projections import kesegaran
from simpeg_monitoring.projections import presensi as p
from simpeg_monitoring.projections.kinerja import distribusi
from simpeg_shared.auth import Principal, Role
from simpeg_shared.errors import DomainError, Forbidden
from simpeg_shared.http import current_principal, require_roles, responses
from simpeg_shared.http.tanggal import IsoDate

router = APIRouter(prefix="/api/monitoring/v1", tags=["dasbor"])
InstansiPath = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
BULAN = r"^\d{4}-(0[1-9]|1[0-2])$"


class Kesegaran(BaseModel):
    event_terakhir: dt.datetime | None
    diterapkan_pada: dt.datetime | None
    lag_detik: float | None


class AngkaHarian(BaseModel):
    pegawai: int = 0
    hadir_sejauh_ini: int = 0
    tepat_waktu: int = 0
    terlambat: dict[str, int] = {}
    belum_hadir: int = 0
    cuti: int = 0
    menunggu_review: int = 0
    ditutup: dict[str, int] = {}


class BarisUnit(AngkaHarian):
    unit_id: str


class Harian(AngkaHarian):
    instansi_id: str | None
    tanggal: dt.date
    zona_waktu: str | None
    rincian: list[BarisUnit]
    kesegaran: Kesegaran


class Kurva(BaseModel):
    instansi_id: str
    tanggal: dt.date
    zona_waktu: str
    titik: list[tuple[str, int]]  # ("07:31", cumulative count)
    kesegaran: Kesegaran


class Bulanan(BaseModel):
    instansi_id: str | None
    bulan: str
    hari_tk: int
    ambang_disiplin: dict[str, int]
    predikat: dict[str, int] | None
    kgb: dict[str, int]
    tpp: dict[str, int]
    usulan_menunggu: int
    kelengkapan: dict[str, Any]
    kesegaran: dict[str, Kesegaran]


def _check(principal: Principal, instansi_id: str) -> None:
    if not principal.may_read(instansi_id):
        raise Forbidden(f"you may see only your own instansi ({principal.instansi_id})")


def _angka(row: dict[str, int], pegawai: int, cuti: int) -> dict[str, Any]:
    return {"pegawai": pegawai, "hadir_sejauh_ini": row.get("hadir_sejauh_ini", 0),
            "tepat_waktu": row.get("tepat_waktu", 0),
            "terlambat": {band: row.get(band, 0) for band, _, _ in p.BAND_TL},
            "belum_hadir": max(pegawai - row.get("hadir_sejauh_ini", 0) - cuti, 0), "cuti": cuti,
            "menunggu_review": row.get("menunggu_review", 0),
            "ditutup": {s: row.get(f"ditutup_{s}", 0) for s in p.STATUS_HARI}}


def _pegawai_per(state: Any, instansi_id: str | None, by: str) -> tuple[dict[str, int], dict[str, str]]:
    """Pegawai count per unit (or instansi) and each NIP's group, from the ringkasan read model."""
    def q(conn: Any, t: dict[str, Any]) -> tuple[dict[str, int], dict[str, str]]:
        peg = t["pegawai"]
        stmt = peg.select()
        if instansi_id is not None:
            stmt = stmt.where(peg.c.instansi_id == instansi_id)
        counts: dict[str, int] = {}
        group: dict[str, str] = {}
        for r in conn.execute(stmt):
            key = getattr(r, by)
            counts[key] = counts.get(key, 0) + 1
            group[r.nip] = key
        return counts, group
    return state.ringkasan.read(q)


def harian_dari(state: Any, instansi_id: str | None, tanggal: dt.date | None) -> Harian:
    by = "unit_id" if instansi_id else "instansi_id"
    zona = state.presensi.read(lambda c, t: p.zona(c, t, instansi_id)) if instansi_id else None
    day = tanggal or (dt.datetime.now(ZoneInfo(zona)).date() if zona else dt.date.today())
    rows = state.presensi.read(lambda c, t: p.harian(c, t, instansi_id, day, by))
    on_leave = state.presensi.read(lambda c, t: p.cuti_pada(c, t, instansi_id, day))
    pegawai, group = _pegawai_per(state, instansi_id, by)
    cuti: dict[str, int] = {}
    for nip, inst in on_leave:
        key = group.get(nip, inst if by == "instansi_id" else "?")
        cuti[key] = cuti.get(key, 0) + 1
    rincian = [BarisUnit(unit_id=key, **_angka(rows.get(key, {}), pegawai.get(key, 0), cuti.get(key, 0)))
               for key in sorted(set(pegawai) | set(rows) | set(cuti))]
    total: dict[str, int] = {}
    for key in rows:
        for name, n in rows[key].items():
            total[name] = total.get(name, 0) + n
    fresh = state.presensi.read(lambda c, t: kesegaran.baca(c, t["kesegaran"]))
    return Harian(instansi_id=instansi_id, tanggal=day, zona_waktu=zona, rincian=rincian,
                  kesegaran=Kesegaran(**fresh),
                  **_angka(total, sum(pegawai.values()), sum(cuti.values())))


@router.get("/instansi/{instansi_id}/harian", response_model=Harian,
            summary="Today's (or a day's) attendance of one instansi, per unit",
            responses=responses(401, 403, 422))
def get_harian(instansi_id: InstansiPath, request: Request,
               tanggal: Annotated[IsoDate | None, Query(description="Local date; today in the "
                                                        "instansi's zone when absent")] = None,
               principal: Principal = Depends(current_principal)) -> Harian:
    _check(principal, instansi_id)
    return harian_dari(request.app.state, instansi_id, tanggal)


@router.get("/nasional/harian", response_model=Harian,
            summary="A day's attendance of every instansi (BKN_PUSAT)", responses=responses(401, 403, 422))
def get_nasional_harian(request: Request, tanggal: Annotated[IsoDate | None, Query()] = None,
                        principal: Principal = Depends(require_roles(Role.BKN_PUSAT))) -> Harian:
    return harian_dari(request.app.state, None, tanggal)


@router.get("/instansi/{instansi_id}/kurva", response_model=Kurva,
            summary="Cumulative first check-ins by local minute", responses=responses(401, 403, 422))
def get_kurva(instansi_id: InstansiPath, request: Request,
              tanggal: Annotated[IsoDate | None, Query()] = None,
              principal: Principal = Depends(current_principal)) -> Kurva:
    _check(principal, instansi_id)
    store = request.app.state.presensi
    zona = store.read(lambda c, t: p.zona(c, t, instansi_id))
    day = tanggal or dt.datetime.now(ZoneInfo(zona)).date()
    running, titik = 0, []
    for menit, n in store.read(lambda c, t: p.kurva(c, t, instansi_id, day)):
        running += n
        titik.append((f"{menit // 60:02d}:{menit % 60:02d}", running))
    fresh = store.read(lambda c, t: kesegaran.baca(c, t["kesegaran"]))
    return Kurva(instansi_id=instansi_id, tanggal=day, zona_waktu=zona, titik=titik,
                 kesegaran=Kesegaran(**fresh))


def bulanan_dari(state: Any, instansi_id: str | None, bulan: str) -> Bulanan:
    tahun, nomor = (int(x) for x in bulan.split("-"))
    if not 2000 <= tahun <= 2100:
        raise DomainError("bulan must be YYYY-MM between 2000 and 2100", field="query.bulan")
    mulai = dt.date(tahun, nomor, 1)
    akhir = dt.date(tahun + (nomor == 12), nomor % 12 + 1, 1)
    hadir = state.presensi.read(lambda c, t: p.bulanan(c, t, instansi_id, mulai, akhir))
    lain = state.bulanan.read(lambda c, t: b.bulanan(c, t, instansi_id, tahun, nomor))
    predikat = state.predikat.read(lambda c, t: distribusi(c, t, instansi_id, tahun, nomor)) \
        if instansi_id else None
    fresh = {"presensi": state.presensi.read(lambda c, t: kesegaran.baca(c, t["kesegaran"])),
             "bulanan": state.bulanan.read(lambda c, t: kesegaran.baca(c, t["kesegaran"]))}
    return Bulanan(instansi_id=instansi_id, bulan=bulan, predikat=predikat, **hadir, **lain,
                   kesegaran={k: Kesegaran(**v) for k, v in fresh.items()})


@router.get("/instansi/{instansi_id}/bulanan", response_model=Bulanan,
            summary="A month's figures of one instansi", responses=responses(401, 403, 422))
def get_bulanan(instansi_id: InstansiPath, request: Request,
                bulan: Annotated[str, Query(pattern=BULAN, description="YYYY-MM")],
                principal: Principal = Depends(current_principal)) -> Bulanan:
    _check(principal, instansi_id)
    return bulanan_dari(request.app.state, instansi_id, bulan)


@router.get("/nasional/bulanan", response_model=Bulanan,
            summary="A month's figures of every instansi together (BKN_PUSAT)",
            responses=responses(401, 403, 422))
def get_nasional_bulanan(request: Request, bulan: Annotated[str, Query(pattern=BULAN)],
                         principal: Principal = Depends(require_roles(Role.BKN_PUSAT))) -> Bulanan:
    return bulanan_dari(request.app.state, None, bulan)


@router.get("/stream", summary="Live figures of today (Server-Sent Events)",
            response_class=StreamingResponse, responses=responses(401, 403, 422))
async def stream(request: Request,
                 instansi_id: Annotated[str | None, Query(max_length=64, pattern=r"^[A-Za-z0-9._-]+$",
                                                          description="Absent: national (BKN_PUSAT)")] = None,
                 principal: Principal = Depends(current_principal)) -> StreamingResponse:
    if instansi_id is None:
        if Role.BKN_PUSAT not in principal.roles:
            raise Forbidden("the national stream is for BKN_PUSAT; name your instansi_id")
    else:
        _check(principal, instansi_id)
    state = request.app.state
    poll = state.stream_interval

    def version() -> tuple[Any, Any]:
        return (state.presensi.read(lambda c, t: kesegaran.baca(c, t["kesegaran"]))["diterapkan_pada"],
                state.ringkasan.read(lambda c, t: c.execute(t["instansi"].select()
                                                            .with_only_columns(t["instansi"].c.diperbarui_pada)
                                                            .order_by(t["instansi"].c.diperbarui_pada.desc())
                                                            .limit(1)).scalar()))

    async def events() -> AsyncIterator[bytes]:
        last: Any = None
        quiet = 0.0
        while not await request.is_disconnected():
            current = await asyncio.to_thread(version)
            if current != last:
                last = current
                data = await asyncio.to_thread(harian_dari, state, instansi_id, None)
                yield f"event: harian\ndata: {json.dumps(data.model_dump(mode='json'))}\n\n".encode()
                quiet = 0.0
            elif quiet >= 10:
                yield b": tetap terhubung\n\n"  # keeps proxies from closing an idle stream
                quiet = 0.0
            await asyncio.sleep(poll)
            quiet += poll

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
