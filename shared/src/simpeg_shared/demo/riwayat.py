"""The full demo's history: last month's check-ins (imported as records of the previous app),
the units' attendance moved back to that month, approved cuti ahead, and last month's TPP
closed once attendance has closed its days. Idempotent like the core: records carry stable
ids, cuti is requested only for a pegawai without one, a closed month is not closed again."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any
from zoneinfo import ZoneInfo

from simpeg_shared.demo.client import DemoError, Gateway
from simpeg_shared.demo.data import Instansi, raw
from simpeg_shared.demo.inti import Log, hari_ini, paralel, unit_presensi
from simpeg_shared.kalender import default_kalender

A = "/api/attendance/v1"
C = "/api/cuti/v1"
SUMBER = "e-absensi-lama"


def bulan_lalu(inst: Instansi) -> tuple[dt.date, dt.date]:
    first = hari_ini(inst).replace(day=1)
    akhir = first - dt.timedelta(days=1)
    return akhir.replace(day=1), akhir


def rekaman(inst: Instansi) -> list[dict[str, Any]]:
    """A month of MASUK/PULANG per pegawai on working days: most on time, some late or
    leaving early, a few absent."""
    kal = default_kalender()
    tz = ZoneInfo(inst.zona_waktu)
    mulai, akhir = bulan_lalu(inst)
    out = []
    for p in inst.pegawai:
        lokasi = inst.unit(p.unit_id).lokasi[0]
        rng = random.Random(f"{raw()['seed']}/{p.nip}/presensi")
        day = mulai
        while day <= akhir:
            if day.weekday() < 5 and kal.libur_pada(day) is None and rng.random() > 0.04:
                masuk = dt.datetime.combine(day, dt.time(7, 0), tz) + dt.timedelta(
                    minutes=rng.randint(0, 45) if rng.random() < 0.85 else rng.randint(31, 120))
                pulang = dt.datetime.combine(day, dt.time(16, 0) if day.weekday() < 4 else dt.time(16, 30),
                                             tz) + dt.timedelta(minutes=rng.randint(-20, 50))
                for jenis, waktu in (("MASUK", masuk), ("PULANG", pulang)):
                    out.append({"rekaman_id": f"{p.nip}:{day.isoformat()}:{jenis}", "nip": p.nip,
                                "jenis": jenis, "waktu": waktu.isoformat(),
                                "lat": lokasi.lat + rng.uniform(-0.0004, 0.0004),
                                "lon": lokasi.lon + rng.uniform(-0.0004, 0.0004),
                                "akurasi_m": round(rng.uniform(4, 25), 1)})
            day += dt.timedelta(days=1)
    return out


def presensi(gw: Gateway, inst: Instansi, log: Log) -> int:
    started = time.monotonic()
    records = rekaman(inst)
    token = gw.admin(inst.instansi_id)
    batches = [records[i:i + 1000] for i in range(0, len(records), 1000)]
    results = paralel(lambda b: gw.call("POST", f"{A}/impor", token, ok=(200,), timeout=300,
                                        json={"sumber": SUMBER, "rekaman": b}).json(), batches, 2)
    baru = sum(r["diterima"] for r in results)
    ditolak = [d for r in results for d in r["ditolak"]]
    if ditolak:
        raise DemoError(f"{inst.instansi_id}: {len(ditolak)} check-ins refused, e.g. {ditolak[0]}")
    log(f"{inst.instansi_id}: {len(records)} check-ins of last month ({baru} new, "
        f"{time.monotonic() - started:.1f} s)")
    return baru


def cuti(gw: Gateway, inst: Instansi, log: Log) -> int:
    """Every 20th pegawai with an atasan takes two days of cuti tahunan next month, approved."""
    by_nip = {p.nip: p for p in inst.pegawai}
    mulai = (hari_ini(inst).replace(day=1) + dt.timedelta(days=40)).replace(day=8)
    while mulai.weekday() != 1:
        mulai += dt.timedelta(days=1)
    sent = 0
    for p in inst.pegawai[10::20]:
        if not p.atasan or not by_nip[p.atasan].atasan:
            continue
        own = gw.sebagai(inst.instansi_id, p.nip)
        have = gw.call("GET", f"{C}/pegawai/{p.nip}/cuti", own).json()
        if have:
            continue
        r = gw.call("POST", f"{C}/cuti", own, ok=(201,), json={
            "jenis": "TAHUNAN", "mulai": mulai.isoformat(),
            "selesai": (mulai + dt.timedelta(days=1)).isoformat(), "alasan": "keperluan keluarga",
            "alamat_selama_cuti": "alamat keluarga"})
        cid = r.json()["id"]
        gw.call("POST", f"{C}/cuti/{cid}/pertimbangan",
                gw.sebagai(inst.instansi_id, p.atasan, "ATASAN"), json={"pertimbangan": "DISETUJUI"})
        pejabat = by_nip[p.atasan].atasan
        gw.call("POST", f"{C}/cuti/{cid}/keputusan",
                gw.sebagai(inst.instansi_id, pejabat, "PEJABAT_BERWENANG"), json={"hasil": "DISETUJUI"})
        sent += 3
    log(f"{inst.instansi_id}: approved cuti ({sent // 3} new)")
    return sent


K = "/api/kinerja/v1"
RATING = (("SESUAI", 0.75), ("DI_ATAS", 0.2), ("DI_BAWAH", 0.05))


def _rating(rng: random.Random) -> str:
    x, acc = rng.random(), 0.0
    for value, share in RATING:
        acc += share
        if x < acc:
            return value
    return "SESUAI"


def kinerja(gw: Gateway, inst: Instansi, log: Log) -> int:
    """Each pegawai with an atasan: this year's SKP agreed by the atasan, and last month's
    realisation rated and finalised (so TPP and KGB see a predikat)."""
    mulai, _ = bulan_lalu(inst)
    tahun, bulan = mulai.year, mulai.month

    def one(p: Any) -> int:
        own = gw.sebagai(inst.instansi_id, p.nip)
        atasan = gw.sebagai(inst.instansi_id, p.atasan, "ATASAN")
        rng = random.Random(f"{raw()['seed']}/{p.nip}/kinerja")
        sent = 0
        skp = gw.call("GET", f"{K}/skp/{p.nip}/{tahun}", own, missing_ok=True)
        if skp.status_code == 404:
            gw.call("PUT", f"{K}/skp/{p.nip}/{tahun}", own, ok=(200,), json={"items": [
                {"item_id": "rhk-1", "rencana_hasil_kerja": "Layanan unit kerja tepat waktu",
                 "indikator": [{"indikator": "Layanan selesai sesuai standar", "target": "95",
                                "satuan": "persen"}]},
                {"item_id": "rhk-2", "rencana_hasil_kerja": "Laporan kegiatan bulanan",
                 "indikator": [{"indikator": "Laporan tepat waktu", "target": "12",
                                "satuan": "laporan"}]}]})
            sent += 1
        if skp.status_code == 404 or skp.json().get("status") == "DRAFT":
            gw.call("POST", f"{K}/skp/{p.nip}/{tahun}/persetujuan", atasan, ok=(200, 409))
            sent += 1
        base = f"{K}/penilaian/{p.nip}/{tahun}/{bulan}"
        now = gw.call("GET", base, own, missing_ok=True)
        status = now.json().get("status") if now.status_code == 200 else None
        if status == "FINAL":
            return sent
        if status not in ("DINILAI",):
            gw.call("PUT", f"{base}/realisasi", own, ok=(200, 409), json={"realisasi": [
                {"item_id": "rhk-1", "realisasi": f"{rng.randint(88, 100)}% layanan sesuai standar"},
                {"item_id": "rhk-2", "realisasi": "laporan bulanan terkirim"}]})
            gw.call("POST", f"{base}/nilai", atasan, ok=(200, 409),
                    json={"hasil": _rating(rng), "perilaku": _rating(rng)})
            sent += 2
        gw.call("POST", f"{base}/finalisasi", atasan, ok=(200, 409))
        return sent + 1

    started = time.monotonic()
    sent = sum(paralel(one, [p for p in inst.pegawai if p.atasan], 4))
    log(f"{inst.instansi_id}: SKP {tahun} and evaluations of {mulai:%Y-%m} ({sent} commands, "
        f"{time.monotonic() - started:.1f} s)")
    return sent


def tpp(gw: Gateway, inst: Instansi, log: Log, timeout: float = 300) -> int:
    """Close last month's TPP once attendance has closed last month's last working day."""
    mulai, akhir = bulan_lalu(inst)
    token = gw.admin(inst.instansi_id)
    probe = next(p for p in inst.pegawai if p.pengguna and p.pengguna.startswith("pegawai."))
    deadline = time.monotonic() + timeout
    while True:
        r = gw.call("GET", f"{A}/harian/{probe.nip}?mulai={mulai}&selesai={akhir}", token)
        if r.json()["hari"] and max(d["tanggal"] for d in r.json()["hari"]) >= (akhir - dt.timedelta(days=3)).isoformat():
            break
        if time.monotonic() > deadline:
            raise DemoError(f"{inst.instansi_id}: attendance has not closed {mulai:%Y-%m}")
        time.sleep(5)
    admin = next(p for p in inst.pegawai if p.pengguna and p.pengguna.startswith("admin."))
    r = gw.call("POST", f"/api/tpp/v1/bulan/{mulai:%Y-%m}/penutupan",
                gw.sebagai(inst.instansi_id, admin.nip, "ADMIN_INSTANSI"), ok=(200, 409), json={})
    log(f"{inst.instansi_id}: TPP {mulai:%Y-%m} " + ("closed" if r.status_code == 200 else "was closed"))
    return int(r.status_code == 200)


def muat(gw: Gateway, semua: list[Instansi], log: Log) -> int:
    sent = 0
    for inst in semua:
        sent += presensi(gw, inst, log)
        sent += unit_presensi(gw, inst, bulan_lalu(inst)[0], log)
        sent += cuti(gw, inst, log)
        sent += kinerja(gw, inst, log)
    for inst in semua:
        sent += tpp(gw, inst, log)
    return sent
