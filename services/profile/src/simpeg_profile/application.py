"""Use cases of the profile context."""

from __future__ import annotations

import datetime as dt

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from simpeg_profile.domain.nip import JenisKelamin, NipTidakValid, parse_nip
from simpeg_profile.domain.pegawai import Pegawai
from simpeg_shared.errors import Conflict, DomainError, NotFound
from simpeg_shared.persistence import SimpegApplication


class PegawaiSudahTerdaftar(Conflict):
    code = "pegawai-sudah-terdaftar"
    title = "Pegawai already registered"


class PegawaiTidakDitemukan(NotFound):
    code = "pegawai-tidak-ditemukan"
    title = "Pegawai not found"


class DataTidakKonsisten(DomainError):
    code = "data-tidak-konsisten"
    title = "Data inconsistent with the NIP"


class ProfileApplication(SimpegApplication):
    name = "profile"

    def register_pegawai(self, *, nip: str, nama: str, instansi_id: str, unit_id: str,
                         tanggal_lahir: dt.date | None = None,
                         jenis_kelamin: JenisKelamin | None = None) -> Pegawai:
        parsed = parse_nip(nip)
        if tanggal_lahir is not None and tanggal_lahir != parsed.tanggal_lahir:
            raise DataTidakKonsisten(
                f"tanggal_lahir {tanggal_lahir.isoformat()} differs from the NIP's birth date "
                f"{parsed.tanggal_lahir.isoformat()}", field="body.tanggal_lahir")
        if jenis_kelamin is not None and jenis_kelamin != parsed.jenis_kelamin:
            raise DataTidakKonsisten(
                f"jenis_kelamin {jenis_kelamin.value} differs from the NIP's digit 15 "
                f"({parsed.jenis_kelamin.value})", field="body.jenis_kelamin")
        if self._exists(parsed.value):
            raise PegawaiSudahTerdaftar(f"a pegawai with NIP {parsed.value} is already registered")
        pegawai = Pegawai(nip=parsed.value, nama=nama, instansi_id=instansi_id, unit_id=unit_id,
                          tanggal_lahir=parsed.tanggal_lahir,
                          jenis_kelamin=parsed.jenis_kelamin.value, tmt_cpns=parsed.tmt_cpns)
        try:
            self.save(pegawai)
        except IntegrityError:  # a concurrent registration of the same NIP won the race
            raise PegawaiSudahTerdaftar(
                f"a pegawai with NIP {parsed.value} is already registered") from None
        return pegawai

    def get_pegawai(self, nip: str) -> Pegawai:
        try:
            return self.repository.get(Pegawai.create_id(nip))
        except (AggregateNotFoundError, NipTidakValid):
            raise PegawaiTidakDitemukan(f"no pegawai with NIP {nip}") from None

    def _exists(self, nip: str) -> bool:
        try:
            self.repository.get(Pegawai.create_id(nip))
        except AggregateNotFoundError:
            return False
        return True
