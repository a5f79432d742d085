"""The core of the demo (also all of ``--kecil``): both instansi with their organisation, the
pegawai with jabatan, pangkat and atasan, and attendance's units, schedules and geofences.

Every step reads first and writes only what is missing or different, so a second load sends
no command at all for what is already there.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import httpx

from simpeg_shared.demo.client import DemoError, Gateway
from simpeg_shared.demo.data import Instansi, Pegawai, jadwal

P = "/api/profile/v1"
A = "/api/attendance/v1"
Log = Callable[[str], None]
T = TypeVar("T")


def paralel(fn: Callable[[T], Any], items: Iterable[T], workers: int = 6) -> list[Any]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


def hari_ini(inst: Instansi) -> dt.date:
    return dt.datetime.now(ZoneInfo(inst.zona_waktu)).date()


def organisasi(gw: Gateway, inst: Instansi, log: Log) -> int:
    """Instansi, units (parents first) and jabatan in profile. Returns the commands sent."""
    token, sent = gw.admin(inst.instansi_id), 0
    r = gw.call("GET", f"{P}/instansi/{inst.instansi_id}", token, missing_ok=True)
    if r.status_code == 404:
        r = gw.call("POST", f"{P}/instansi", token, json={
            "instansi_id": inst.instansi_id, "nama": inst.nama, "zona_waktu": inst.zona_waktu})
        sent += 1
    have = r.json()
    units = {u["unit_id"] for u in have["units"]}
    for u in inst.units:
        if u.unit_id not in units:
            gw.call("POST", f"{P}/instansi/{inst.instansi_id}/unit", token, json={
                "unit_id": u.unit_id, "nama": u.nama, "induk_id": u.induk_id,
                "jadwal_kerja": jadwal()})
            sent += 1
    jabatan = {j["jabatan_id"] for j in have["jabatan"]}
    for j in inst.jabatan:
        if j.jabatan_id not in jabatan:
            gw.call("POST", f"{P}/instansi/{inst.instansi_id}/jabatan", token, json={
                "jabatan_id": j.jabatan_id, "nama": j.nama, "kelas_jabatan": j.kelas_jabatan,
                "unit_id": j.unit_id, "jenis": j.jenis})
            sent += 1
    log(f"{inst.instansi_id}: organisation ({len(inst.units)} units, {len(inst.jabatan)} jabatan, "
        f"{sent} commands)")
    return sent


TMT_JABATAN = dt.date(2024, 1, 2)


def _daftar(gw: Gateway, inst: Instansi, p: Pegawai) -> tuple[Pegawai, dict[str, Any], int]:
    token = gw.admin(inst.instansi_id)
    r = gw.call("GET", f"{P}/pegawai/{p.nip}", token, missing_ok=True)
    if r.status_code == 200:
        return p, r.json(), 0
    r = gw.call("POST", f"{P}/pegawai", token, ok=(201,), idempotency_key=f"demo:pegawai:{p.nip}",
                json={"nip": p.nip, "nama": p.nama, "gelar_belakang": p.gelar_belakang,
                      "instansi_id": inst.instansi_id, "unit_id": p.unit_id, "jenis_pegawai": "PNS"})
    return p, r.json(), 1


def _posisi(gw: Gateway, inst: Instansi, item: tuple[Pegawai, dict[str, Any], int]) -> int:
    p, have, sent = item
    token = gw.admin(inst.instansi_id)
    jab = inst_jabatan(inst, p.jabatan_id)
    if (have.get("jabatan") or {}).get("jabatan_id") != p.jabatan_id:
        gw.call("POST", f"{P}/pegawai/{p.nip}/perubahan", token, json={
            "jenis": "JABATAN", "perubahan": {"jabatan_id": p.jabatan_id, "nama_jabatan": jab.nama,
                                              "kelas_jabatan": jab.kelas_jabatan,
                                              "unit_id": p.unit_id, "tmt": TMT_JABATAN.isoformat()}})
        sent += 1
    if (have.get("pangkat") or {}).get("golongan_ruang") != p.golongan:
        gw.call("POST", f"{P}/pegawai/{p.nip}/perubahan", token, json={
            "jenis": "PANGKAT", "perubahan": {"golongan_ruang": p.golongan,
                                              "tmt": p.pangkat_tmt.isoformat(),
                                              "mkg_tahun": p.mkg_tahun, "mkg_bulan": 0}})
        sent += 1
    if p.atasan and have.get("nip_atasan") != p.atasan:
        gw.call("POST", f"{P}/pegawai/{p.nip}/atasan", token, json={
            "nip_atasan": p.atasan, "tmt": TMT_JABATAN.isoformat()})
        sent += 1
    return sent


def inst_jabatan(inst: Instansi, jabatan_id: str) -> Any:
    return next(j for j in inst.jabatan if j.jabatan_id == jabatan_id)


def pegawai(gw: Gateway, inst: Instansi, log: Log) -> int:
    """Register the pegawai (all before any atasan is set: an atasan must exist), then their
    jabatan, pangkat and atasan where profile says otherwise."""
    started = time.monotonic()
    registered = paralel(lambda p: _daftar(gw, inst, p), inst.pegawai)
    sent = sum(x[2] for x in registered)
    sent += sum(paralel(lambda item: _posisi(gw, inst, item), registered))
    log(f"{inst.instansi_id}: {len(inst.pegawai)} pegawai ({sent} commands, "
        f"{time.monotonic() - started:.1f} s)")
    return sent


def unit_presensi(gw: Gateway, inst: Instansi, berlaku_mulai: dt.date, log: Log) -> int:
    """Attendance's configuration of every unit: zone, schedule from ``berlaku_mulai`` (moved
    earlier only, never later) and the office geofences."""
    token, sent = gw.admin(inst.instansi_id), 0
    for u in inst.units:
        r = gw.call("GET", f"{A}/unit/{u.unit_id}", token, missing_ok=True)
        have = r.json() if r.status_code == 200 else None
        if have is None or dt.date.fromisoformat(have["aktif_mulai"]) > berlaku_mulai:
            r = gw.call("PUT", f"{A}/unit/{u.unit_id}", token, ok=(200,),
                        idempotency_key=f"demo:unit:{inst.instansi_id}:{u.unit_id}:{berlaku_mulai}",
                        json={"zona_waktu": inst.zona_waktu, "jadwal": jadwal(),
                              "berlaku_mulai": berlaku_mulai.isoformat()})
            have, sent = r.json(), sent + 1
        for loc in u.lokasi:
            bentuk = {"bentuk": "LINGKARAN", "lat": loc.lat, "lon": loc.lon, "radius_m": loc.radius_m}
            now = have["lokasi"].get(loc.lokasi_id)
            if now is None or now["nama"] != loc.nama or now["bentuk"] != bentuk:
                gw.call("PUT", f"{A}/unit/{u.unit_id}/lokasi/{loc.lokasi_id}", token, ok=(200,),
                        json={"nama": loc.nama, "bentuk": bentuk})
                sent += 1
    log(f"{inst.instansi_id}: attendance units and geofences ({sent} commands)")
    return sent


def tunggu(what: str, check: Callable[[], bool], timeout: float = 90, pause: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except (DemoError, httpx.HTTPError, KeyError, ValueError):
            pass
        if time.monotonic() > deadline:
            raise DemoError(f"{what}: not there after {timeout:.0f} s")
        time.sleep(pause)


def terlihat(gw: Gateway, semua: list[Instansi], log: Log) -> None:
    """Wait until the other contexts have read profile's events: monitoring counts every
    pegawai, and cuti and attendance know every demo user."""
    started = time.monotonic()
    for inst in semua:
        token = gw.admin(inst.instansi_id)

        def counted(inst: Instansi = inst, token: str = token) -> bool:
            r = gw.call("GET", f"/api/monitoring/v1/instansi/{inst.instansi_id}/ringkasan", token)
            return int(r.json()["jumlah_pegawai"]) >= len(inst.pegawai)

        tunggu(f"monitoring's count of {inst.instansi_id}", counted)
        today = hari_ini(inst).isoformat()
        for p in inst.pegawai:
            if p.pengguna is None:
                continue
            tunggu(f"cuti knows {p.pengguna}", lambda p=p, token=token: gw.call(
                "GET", f"/api/cuti/v1/pegawai/{p.nip}/saldo", token, missing_ok=True).status_code == 200)
            tunggu(f"attendance knows {p.pengguna}", lambda p=p, token=token: gw.call(
                "GET", f"{A}/harian/{p.nip}?mulai={today}&selesai={today}", token,
                missing_ok=True).status_code == 200)
    log(f"the other contexts have the pegawai ({time.monotonic() - started:.1f} s)")
