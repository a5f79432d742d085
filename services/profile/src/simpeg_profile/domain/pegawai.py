"""The Pegawai aggregate: one per NIP, with its riwayat (histories) as dated events.

Module path and class names are stored in every event's topic: do not move or rename them.
Dated attributes (jabatan, pangkat, unit, status, atasan) are kept as histories ordered by TMT
(tanggal mulai berlaku, the date a decision takes effect), so the record can answer "as of" any
date, including corrections recorded after the fact.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from eventsourcing.domain import Aggregate, event

from simpeg_profile.domain.nip import JenisKelamin
from simpeg_profile.domain.vocabulary import JenisPegawai, JenisRiwayat, StatusPegawai

#: Namespace of pegawai aggregate ids: uuid5(PEGAWAI_NAMESPACE, NIP).
PEGAWAI_NAMESPACE = uuid.UUID("0b7d1c52-8f3e-5a61-b9d4-2e6f7a8c1d30")

#: Personal data: stored (encrypted), shown to those allowed, never in public events or logs.
DATA_PRIBADI = ("nik", "alamat", "telepon", "email")
#: Identity fields a self-update may change besides personal data.
DATA_IDENTITAS = ("nama", "gelar_depan", "gelar_belakang")


def _latest(entries: list[dict[str, Any]], per: dt.date | None) -> dict[str, Any] | None:
    """The entry in force on ``per`` (greatest TMT not after it; later-recorded wins a tie)."""
    best = None
    for entry in entries:
        if per is not None and entry["tmt"] > per:
            continue
        if best is None or entry["tmt"] >= best["tmt"]:
            best = entry
    return best


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end`` (0 when ``end`` is before ``start``)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


@dataclass(frozen=True)
class PegawaiView:
    """What the record says about a pegawai on one date."""

    nip: str
    nama: str
    gelar_depan: str | None
    gelar_belakang: str | None
    jenis_pegawai: JenisPegawai
    jenis_kelamin: JenisKelamin
    tanggal_lahir: dt.date
    tmt_cpns: dt.date
    status: StatusPegawai
    instansi_id: str
    unit_id: str
    jabatan: dict[str, Any] | None
    pangkat: dict[str, Any] | None
    masa_kerja_golongan: tuple[int, int] | None
    nip_atasan: str | None
    data_pribadi: dict[str, Any]
    riwayat: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    per: dt.date | None = None


class Pegawai(Aggregate):
    """A civil servant (PNS, PPPK) or non-ASN staff member of one instansi."""

    @staticmethod
    def create_id(nip: str) -> uuid.UUID:
        return uuid.uuid5(PEGAWAI_NAMESPACE, nip)

    @event("Registered")
    def __init__(self, nip: str, nama: str, instansi_id: str, unit_id: str,
                 tanggal_lahir: dt.date, jenis_kelamin: str, tmt_cpns: dt.date,
                 jenis_pegawai: str = JenisPegawai.PNS.value, gelar_depan: str | None = None,
                 gelar_belakang: str | None = None, data_pribadi: dict[str, Any] | None = None) -> None:
        self.nip = nip
        self.nama = nama
        self.gelar_depan = gelar_depan
        self.gelar_belakang = gelar_belakang
        self.tanggal_lahir = tanggal_lahir
        self.jenis_kelamin = JenisKelamin(jenis_kelamin)
        self.tmt_cpns = tmt_cpns
        self.jenis_pegawai = JenisPegawai(jenis_pegawai)
        self.data_pribadi: dict[str, Any] = dict(data_pribadi or {})
        self.riwayat_unit: list[dict[str, Any]] = [
            {"instansi_id": instansi_id, "unit_id": unit_id, "tmt": tmt_cpns}]
        self.riwayat_status: list[dict[str, Any]] = [
            {"status": StatusPegawai.AKTIF.value, "tmt": tmt_cpns}]
        self.riwayat_jabatan: list[dict[str, Any]] = []
        self.riwayat_pangkat: list[dict[str, Any]] = []
        self.riwayat_atasan: list[dict[str, Any]] = []
        self.riwayat: dict[str, list[dict[str, Any]]] = {}

    # -- current values (today's record) ---------------------------------------------------
    @property
    def instansi_id(self) -> str:
        return _latest(self.riwayat_unit, None)["instansi_id"]  # type: ignore[index]

    @property
    def unit_id(self) -> str:
        return _latest(self.riwayat_unit, None)["unit_id"]  # type: ignore[index]

    @property
    def status(self) -> StatusPegawai:
        return StatusPegawai(_latest(self.riwayat_status, None)["status"])  # type: ignore[index]

    # -- changes: public commands record private events that carry every fact the public
    # contracts need (instansi at the time, the previous value), so translation stays pure --
    def change_data(self, changes: dict[str, Any]) -> None:
        self._data_changed(changes=changes, instansi_id=self.instansi_id, nip=self.nip)

    @event("DataChanged")
    def _data_changed(self, changes: dict[str, Any], instansi_id: str, nip: str) -> None:
        for name, value in changes.items():
            if name in DATA_IDENTITAS:
                setattr(self, name, value)
            else:
                self.data_pribadi[name] = value

    def change_jabatan(self, jabatan_id: str, nama_jabatan: str, kelas_jabatan: int | None,
                       unit_id: str, tmt: dt.date, nomor_sk: str | None = None) -> None:
        self._jabatan_changed(jabatan_id=jabatan_id, nama_jabatan=nama_jabatan,
                              kelas_jabatan=kelas_jabatan, unit_id=unit_id, tmt=tmt,
                              nomor_sk=nomor_sk, instansi_id=self.instansi_id, nip=self.nip)

    @event("JabatanChanged")
    def _jabatan_changed(self, jabatan_id: str, nama_jabatan: str, kelas_jabatan: int | None,
                         unit_id: str, tmt: dt.date, nomor_sk: str | None, instansi_id: str, nip: str) -> None:
        self.riwayat_jabatan.append({"jabatan_id": jabatan_id, "nama_jabatan": nama_jabatan,
                                     "kelas_jabatan": kelas_jabatan, "unit_id": unit_id,
                                     "tmt": tmt, "nomor_sk": nomor_sk})

    def change_pangkat(self, golongan_ruang: str, tmt: dt.date, mkg_tahun: int, mkg_bulan: int,
                       nomor_sk: str | None = None) -> None:
        self._pangkat_changed(golongan_ruang=golongan_ruang, tmt=tmt, mkg_tahun=mkg_tahun,
                              mkg_bulan=mkg_bulan, nomor_sk=nomor_sk, instansi_id=self.instansi_id, nip=self.nip)

    @event("PangkatChanged")
    def _pangkat_changed(self, golongan_ruang: str, tmt: dt.date, mkg_tahun: int, mkg_bulan: int,
                         nomor_sk: str | None, instansi_id: str, nip: str) -> None:
        self.riwayat_pangkat.append({"golongan_ruang": golongan_ruang, "tmt": tmt,
                                     "mkg_tahun": mkg_tahun, "mkg_bulan": mkg_bulan,
                                     "nomor_sk": nomor_sk})

    def move(self, instansi_id: str, unit_id: str, tmt: dt.date, nomor_sk: str | None = None) -> None:
        """Mutasi to another unit, or pindah instansi when ``instansi_id`` differs."""
        self._unit_changed(instansi_id=instansi_id, unit_id=unit_id, tmt=tmt, nomor_sk=nomor_sk,
                           instansi_id_lama=self.instansi_id, unit_id_lama=self.unit_id, nip=self.nip)

    @event("UnitChanged")
    def _unit_changed(self, instansi_id: str, unit_id: str, tmt: dt.date, nomor_sk: str | None,
                      instansi_id_lama: str, unit_id_lama: str, nip: str) -> None:
        self.riwayat_unit.append({"instansi_id": instansi_id, "unit_id": unit_id, "tmt": tmt,
                                  "nomor_sk": nomor_sk})

    def change_status(self, status: str, tmt: dt.date, alasan: str | None = None) -> None:
        self._status_changed(status=status, tmt=tmt, alasan=alasan,
                             status_lama=self.status.value, instansi_id=self.instansi_id, nip=self.nip)

    @event("StatusChanged")
    def _status_changed(self, status: str, tmt: dt.date, alasan: str | None, status_lama: str,
                        instansi_id: str, nip: str) -> None:
        self.riwayat_status.append({"status": status, "tmt": tmt, "alasan": alasan})

    def change_atasan(self, nip_atasan: str | None, tmt: dt.date) -> None:
        self._atasan_changed(nip_atasan=nip_atasan, tmt=tmt, instansi_id=self.instansi_id, nip=self.nip)

    @event("AtasanChanged")
    def _atasan_changed(self, nip_atasan: str | None, tmt: dt.date, instansi_id: str, nip: str) -> None:
        self.riwayat_atasan.append({"nip_atasan": nip_atasan, "tmt": tmt})

    def add_riwayat(self, jenis: str, entry: dict[str, Any]) -> None:
        self._riwayat_added(jenis=jenis, entry=entry, instansi_id=self.instansi_id, nip=self.nip)

    @event("RiwayatAdded")
    def _riwayat_added(self, jenis: str, entry: dict[str, Any], instansi_id: str, nip: str) -> None:
        self.riwayat.setdefault(jenis, []).append(dict(entry))

    # -- as of -----------------------------------------------------------------------------
    def masa_kerja_golongan(self, per: dt.date) -> tuple[int, int] | None:
        """Years and months of masa kerja golongan on ``per``: the MKG recorded with the pangkat
        in force, plus time since its TMT, plus PMK recognised since, minus CLTN time."""
        pangkat = _latest(self.riwayat_pangkat, per)
        if pangkat is None:
            return None
        months = pangkat["mkg_tahun"] * 12 + pangkat["mkg_bulan"]
        months += months_between(pangkat["tmt"], per)
        for pmk in self.riwayat.get(JenisRiwayat.PMK.value, []):
            if pangkat["tmt"] < pmk["tmt"] <= per:
                months += pmk["tahun"] * 12 + pmk["bulan"]
        for cltn in self.riwayat.get(JenisRiwayat.CLTN.value, []):
            start = max(cltn["mulai"], pangkat["tmt"])
            end = min(cltn["selesai"], per)
            if end > start:
                months -= months_between(start, end)
        months = max(months, 0)
        return months // 12, months % 12

    def as_of(self, per: dt.date | None = None) -> PegawaiView | None:
        """The record on ``per`` (today's record when ``None``); ``None`` before TMT CPNS."""
        if per is not None and per < self.tmt_cpns:
            return None
        unit = _latest(self.riwayat_unit, per)
        status = _latest(self.riwayat_status, per)
        atasan = _latest(self.riwayat_atasan, per)
        assert unit is not None and status is not None
        riwayat = {
            jenis: [e for e in entries if per is None or _entry_date(e) <= per]
            for jenis, entries in self.riwayat.items()
        }
        return PegawaiView(
            nip=self.nip, nama=self.nama, gelar_depan=self.gelar_depan,
            gelar_belakang=self.gelar_belakang, jenis_pegawai=self.jenis_pegawai,
            jenis_kelamin=self.jenis_kelamin, tanggal_lahir=self.tanggal_lahir,
            tmt_cpns=self.tmt_cpns, status=StatusPegawai(status["status"]),
            instansi_id=unit["instansi_id"], unit_id=unit["unit_id"],
            jabatan=_latest(self.riwayat_jabatan, per), pangkat=_latest(self.riwayat_pangkat, per),
            masa_kerja_golongan=self.masa_kerja_golongan(per or dt.date.today()),
            nip_atasan=atasan["nip_atasan"] if atasan else None,
            data_pribadi=dict(self.data_pribadi), riwayat=riwayat, per=per,
        )


def _entry_date(entry: dict[str, Any]) -> dt.date:
    for key in ("tmt", "tmt_pns", "tanggal", "mulai", "tahun_lulus"):
        value = entry.get(key)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, int):
            return dt.date(value, 12, 31)
    return dt.date.min
