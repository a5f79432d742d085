"""The demo's people and organisation, from ``demo.yaml`` and its seed.

Pure data, no I/O beyond reading the YAML: the same seed gives the same pegawai, positions and
histories on every machine, and the first ``n`` pegawai of an instansi are the same whatever
``n`` is (``--kecil`` loads a prefix of the full demo).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).with_name("demo.yaml")


@dataclass(frozen=True)
class Lokasi:
    lokasi_id: str
    nama: str
    lat: float
    lon: float
    radius_m: float


@dataclass(frozen=True)
class Unit:
    unit_id: str
    nama: str
    induk_id: str | None
    lokasi: tuple[Lokasi, ...]


@dataclass(frozen=True)
class Jabatan:
    jabatan_id: str
    nama: str
    kelas_jabatan: int
    unit_id: str
    jenis: str


@dataclass(frozen=True)
class Pegawai:
    nip: str
    nama: str
    gelar_belakang: str | None
    unit_id: str
    jabatan_id: str
    golongan: str
    pangkat_tmt: dt.date
    mkg_tahun: int
    atasan: str | None            # NIP of the atasan langsung
    pengguna: str | None = None   # the dev IdP's username, for the demo users

    @property
    def tmt_cpns(self) -> dt.date:
        return dt.date(int(self.nip[8:12]), int(self.nip[12:14]), 1)


@dataclass
class Instansi:
    instansi_id: str
    nama: str
    zona_waktu: str
    units: list[Unit]
    jabatan: list[Jabatan]
    pegawai: list[Pegawai] = field(default_factory=list)

    def unit(self, unit_id: str) -> Unit:
        return next(u for u in self.units if u.unit_id == unit_id)

    def by_user(self, username: str) -> Pegawai:
        return next(p for p in self.pegawai if p.pengguna == username)


@cache
def raw() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text())


def jadwal() -> str:
    return str(raw()["jadwal"])


GOLONGAN_PER_KELAS = {17: "IV/d", 15: "IV/c", 12: "IV/a", 9: "III/d", 8: "III/b", 6: "II/d", 5: "II/c"}


def _pangkat(rng: random.Random, tmt_cpns: dt.date, golongan: str) -> tuple[dt.date, int]:
    """The last pangkat decision: four-yearly promotions since TMT CPNS, the latest no later
    than 2025, with the masa kerja golongan counted from TMT CPNS (a simplification)."""
    steps = max(0, (2025 - tmt_cpns.year) // 4)
    if steps:
        steps = rng.randint(max(0, steps - 1), steps)
    tmt = dt.date(tmt_cpns.year + 4 * steps, tmt_cpns.month, 1)
    return tmt, 4 * steps


def _nip(rng: random.Random, seq: int, perempuan: bool, min_tahun: int = 1968,
         max_tahun: int = 1998) -> str:
    lahir = dt.date(rng.randint(min_tahun, max_tahun), rng.randint(1, 12), rng.randint(1, 28))
    tmt_tahun = min(2022, lahir.year + rng.randint(22, 30))
    tmt_bulan = rng.choice((1, 3, 4, 12))
    return f"{lahir:%Y%m%d}{tmt_tahun}{tmt_bulan:02d}{2 if perempuan else 1}{seq:03d}"


def instansi(total_per_instansi: int | None = None) -> list[Instansi]:
    """Both instansi with their units, jabatan and the first ``total_per_instansi`` pegawai
    (demo users first). ``None``: the full demo."""
    cfg = raw()
    seed = cfg["seed"]
    total = cfg["pegawai_per_instansi"] if total_per_instansi is None else total_per_instansi
    out = []
    for n, item in enumerate(cfg["instansi"]):
        iid = item["instansi_id"]
        units, jabatan = [], []
        heads: dict[str, dict[str, Any]] = {}
        for u in item["unit"]:
            units.append(Unit(u["unit_id"], u["nama"], u.get("induk_id"),
                              tuple(Lokasi(**loc) for loc in u.get("lokasi", ()))))
            k = u["kepala"]
            heads[u["unit_id"]] = k
            jabatan.append(Jabatan(k["jabatan_id"], k["nama"], k["kelas_jabatan"], u["unit_id"],
                                   "STRUKTURAL"))
            for j in u.get("jabatan", ()):
                jabatan.append(Jabatan(j["jabatan_id"], j["nama"], j["kelas_jabatan"], u["unit_id"],
                                       j["jenis"]))
            for s in cfg["jabatan_staf"]:
                jabatan.append(Jabatan(f"{u['unit_id']}-{s['suffix']}", f"{s['nama']} {u['nama']}"
                                       if len(s["nama"]) + len(u["nama"]) < 190 else s["nama"],
                                       s["kelas_jabatan"], u["unit_id"], s["jenis"]))
        inst = Instansi(iid, item["nama"], item["zona_waktu"], units, jabatan)
        users = item["pengguna"]
        nip_of_user = {name: u["nip"] for name, u in users.items()}
        for name, u in users.items():
            rng = random.Random(f"{seed}/{iid}/{name}")
            tmt_cpns = dt.date(int(u["nip"][8:12]), int(u["nip"][12:14]), 1)
            tmt, mkg = _pangkat(rng, tmt_cpns, u["golongan"])
            nama, _, gelar = u["nama"].partition(", ")
            inst.pegawai.append(Pegawai(
                nip=u["nip"], nama=nama, gelar_belakang=gelar or None, unit_id=u["unit_id"],
                jabatan_id=u["jabatan_id"], golongan=u["golongan"], pangkat_tmt=tmt, mkg_tahun=mkg,
                atasan=nip_of_user[u["atasan"]] if u["atasan"] else None, pengguna=name))
        # heads of the units whose head is not a demo user, then staff spread over the units
        taken = {p.nip for p in inst.pegawai}
        head_nip: dict[str, str] = {}
        for u in item["unit"]:
            if u["kepala"].get("pengguna"):
                head_nip[u["unit_id"]] = nip_of_user[u["kepala"]["pengguna"]]
        names = cfg["nama"][iid]
        gen_units = [u for u in item["unit"] if not u["kepala"].get("pengguna")]
        k = 0
        seq_base = 100 + 400 * n
        while len(inst.pegawai) < total:
            rng = random.Random(f"{seed}/{iid}/{k}")
            perempuan = rng.random() < 0.48
            is_head = k < len(gen_units)
            nip = _nip(rng, seq_base + k, perempuan, 1966 if is_head else 1968, 1978 if is_head else 1998)
            k += 1
            if nip in taken:
                continue
            taken.add(nip)
            nama = (f"{rng.choice(names['depan_p' if perempuan else 'depan_l'])} "
                    f"{rng.choice(names['belakang'])}")
            gelar = rng.choice(cfg["nama"]["gelar"])
            if is_head:
                u = gen_units[k - 1]
                unit_id, jab = u["unit_id"], u["kepala"]["jabatan_id"]
                golongan = GOLONGAN_PER_KELAS[u["kepala"]["kelas_jabatan"]]
                atasan = head_nip.get("setda") if unit_id != "setda" else None
                head_nip[unit_id] = nip
                gelar = gelar or "S.Sos."
                gelar = f"{gelar}, M.Si." if rng.random() < 0.6 else gelar
            else:
                u = rng.choice(item["unit"])
                unit_id = u["unit_id"]
                s = rng.choice(cfg["jabatan_staf"])
                jab = f"{unit_id}-{s['suffix']}"
                golongan = GOLONGAN_PER_KELAS[s["kelas_jabatan"]]
                atasan = head_nip[unit_id]
                if unit_id == "bkpsdm":  # BKPSDM's staff answer to its kabid, a demo user
                    atasan = nip_of_user[next(n for n, x in users.items()
                                              if x["jabatan_id"] == "kabid-mutasi")]
            tmt, mkg = _pangkat(rng, dt.date(int(nip[8:12]), int(nip[12:14]), 1), golongan)
            inst.pegawai.append(Pegawai(nip=nip, nama=nama, gelar_belakang=gelar,
                                        unit_id=unit_id, jabatan_id=jab, golongan=golongan,
                                        pangkat_tmt=tmt, mkg_tahun=mkg, atasan=atasan))
        # an atasan's record is written before their staff's (atasan must exist in profile)
        out.append(inst)
    return out


def kecil() -> list[Instansi]:
    return instansi(len(raw()["instansi"][0]["pengguna"]) + raw()["pegawai_kecil_per_instansi"])


def penuh() -> list[Instansi]:
    return instansi(None)
