"""Use cases of the profile context: organisation, pegawai records, and the self-update
workflow. Checks every rule before an event is recorded; roles are checked in the API."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from simpeg_profile.domain.nip import JenisKelamin, NipTidakValid, parse_nip
from simpeg_profile.domain.organisasi import Instansi
from simpeg_profile.domain.pegawai import DATA_IDENTITAS, DATA_PRIBADI, Pegawai
from simpeg_profile.domain.perubahan import (
    USULAN_MANDIRI,
    JenisPerubahan,
    Jabatan,
    Pangkat,
    parse_perubahan,
)
from simpeg_profile.domain.usulan import StatusUsulan, UsulanPerubahan
from simpeg_profile.domain.vocabulary import ZONA_WAKTU, JenisPegawai, StatusPegawai, golongan_for
from simpeg_shared.errors import Conflict, DomainError, Forbidden, NotFound
from simpeg_shared.persistence import SimpegApplication

#: instansi already read inside :meth:`ProfileApplication.organisasi_tetap` (this context only)
_ORGANISASI: ContextVar[dict[str, Instansi | None] | None] = ContextVar("profile_organisasi",
                                                                         default=None)


class PegawaiSudahTerdaftar(Conflict):
    code = "pegawai-sudah-terdaftar"
    title = "Pegawai already registered"


class PegawaiTidakDitemukan(NotFound):
    code = "pegawai-tidak-ditemukan"
    title = "Pegawai not found"


class DataTidakKonsisten(DomainError):
    code = "data-tidak-konsisten"
    title = "Data inconsistent with the record"


class OrganisasiTidakDitemukan(NotFound):
    code = "organisasi-tidak-ditemukan"
    title = "Instansi, unit or jabatan not found"


class UsulanTidakDitemukan(NotFound):
    code = "usulan-tidak-ditemukan"
    title = "Usulan not found"


class LangkahTidakSah(Conflict):
    code = "langkah-tidak-sah"
    title = "That step is not possible in the usulan's state"


class TidakBolehMenyetujuiSendiri(Forbidden):
    code = "tidak-boleh-menyetujui-sendiri"
    title = "Nobody verifies or approves their own change"


class ProfileApplication(SimpegApplication):
    name = "profile"
    #: NIK, address, phone, e-mail: encrypted with the pegawai's own key (crypto-shredding)
    data_pribadi = frozenset(DATA_PRIBADI)

    # -- organisation ------------------------------------------------------------------------
    def register_instansi(self, instansi_id: str, nama: str, zona_waktu: str) -> Instansi:
        _check_zona(zona_waktu, "body.zona_waktu")
        if self.find(Instansi.create_id(instansi_id)) is not None:
            raise Conflict(f"instansi {instansi_id} is already registered")
        instansi = Instansi(instansi_id=instansi_id, nama=nama, zona_waktu=zona_waktu)
        self._save_new(instansi, f"instansi {instansi_id} is already registered")
        return instansi

    def get_instansi(self, instansi_id: str) -> Instansi:
        instansi = self.find(Instansi.create_id(instansi_id))
        if instansi is None:
            raise OrganisasiTidakDitemukan(f"no instansi {instansi_id}")
        return instansi

    def add_unit(self, instansi_id: str, unit_id: str, nama: str, induk_id: str | None,
                 zona_waktu: str | None, jadwal_kerja: str) -> Instansi:
        instansi = self.get_instansi(instansi_id)
        if unit_id in instansi.units:
            raise Conflict(f"unit {unit_id} already exists in {instansi_id}")
        if induk_id is not None and induk_id not in instansi.units:
            raise OrganisasiTidakDitemukan(f"no parent unit {induk_id} in {instansi_id}",
                                           field="body.induk_id")
        zona = zona_waktu or (instansi.units[induk_id]["zona_waktu"] if induk_id else instansi.zona_waktu)
        _check_zona(zona, "body.zona_waktu")
        instansi.add_unit(unit_id=unit_id, nama=nama, induk_id=induk_id, zona_waktu=zona,
                          jadwal_kerja=jadwal_kerja)
        self.save(instansi)
        return instansi

    def add_jabatan(self, instansi_id: str, jabatan_id: str, nama: str, kelas_jabatan: int,
                    unit_id: str, jenis: str) -> Instansi:
        instansi = self.get_instansi(instansi_id)
        if jabatan_id in instansi.jabatan:
            raise Conflict(f"jabatan {jabatan_id} already exists in {instansi_id}")
        if unit_id not in instansi.units:
            raise OrganisasiTidakDitemukan(f"no unit {unit_id} in {instansi_id}", field="body.unit_id")
        instansi.add_jabatan(jabatan_id=jabatan_id, nama=nama, kelas_jabatan=kelas_jabatan,
                             unit_id=unit_id, jenis=jenis)
        self.save(instansi)
        return instansi

    def assign_plt(self, instansi_id: str, jabatan_id: str, nip: str, jenis: str,
                   mulai: dt.date, selesai: dt.date, nomor_sk: str | None) -> Instansi:
        instansi = self.get_instansi(instansi_id)
        if jabatan_id not in instansi.jabatan:
            raise OrganisasiTidakDitemukan(f"no jabatan {jabatan_id} in {instansi_id}",
                                           field="body.jabatan_id")
        if selesai < mulai:
            raise DomainError("selesai is before mulai", field="body.selesai")
        acting = self.get_pegawai(nip)
        if acting.instansi_id != instansi_id or acting.status is not StatusPegawai.AKTIF:
            raise DataTidakKonsisten(f"pegawai {nip} is not an active pegawai of {instansi_id}",
                                     field="body.nip")
        clash = instansi.overlapping_plt(jabatan_id, jenis, mulai, selesai)
        if clash is not None:
            raise Conflict(f"{clash['nip']} is already {jenis} for {jabatan_id} from "
                           f"{clash['mulai']} to {clash['selesai']}")
        instansi.assign_plt(jabatan_id=jabatan_id, nip=nip, jenis=jenis, mulai=mulai,
                            selesai=selesai, nomor_sk=nomor_sk)
        self.save(instansi)
        return instansi

    # -- pegawai -----------------------------------------------------------------------------
    def new_pegawai(self, *, nip: str, nama: str, instansi_id: str, unit_id: str,
                    tanggal_lahir: dt.date | None = None,
                    jenis_kelamin: JenisKelamin | None = None,
                    jenis_pegawai: JenisPegawai = JenisPegawai.PNS,
                    gelar_depan: str | None = None, gelar_belakang: str | None = None,
                    data_pribadi: dict[str, Any] | None = None) -> Pegawai:
        """A validated, not yet saved, Pegawai (for one registration or a batch import)."""
        parsed = parse_nip(nip)
        if tanggal_lahir is not None and tanggal_lahir != parsed.tanggal_lahir:
            raise DataTidakKonsisten(
                f"tanggal_lahir {tanggal_lahir.isoformat()} differs from the NIP's birth date "
                f"{parsed.tanggal_lahir.isoformat()}", field="body.tanggal_lahir")
        if jenis_kelamin is not None and jenis_kelamin != parsed.jenis_kelamin:
            raise DataTidakKonsisten(
                f"jenis_kelamin {jenis_kelamin.value} differs from the NIP's digit 15 "
                f"({parsed.jenis_kelamin.value})", field="body.jenis_kelamin")
        self.check_unit(instansi_id, unit_id)
        return Pegawai(nip=parsed.value, nama=nama, instansi_id=instansi_id, unit_id=unit_id,
                       tanggal_lahir=parsed.tanggal_lahir,
                       jenis_kelamin=parsed.jenis_kelamin.value, tmt_cpns=parsed.tmt_cpns,
                       jenis_pegawai=JenisPegawai(jenis_pegawai).value, gelar_depan=gelar_depan,
                       gelar_belakang=gelar_belakang, data_pribadi=data_pribadi or {})

    def register_pegawai(self, **fields: Any) -> Pegawai:
        pegawai = self.new_pegawai(**fields)
        if self.find(pegawai.id) is not None:
            raise PegawaiSudahTerdaftar(f"a pegawai with NIP {pegawai.nip} is already registered")
        self._save_new(pegawai, f"a pegawai with NIP {pegawai.nip} is already registered")
        return pegawai

    def get_pegawai(self, nip: str) -> Pegawai:
        try:
            pegawai = self.find(Pegawai.create_id(nip))
        except NipTidakValid:
            pegawai = None
        if pegawai is None:
            raise PegawaiTidakDitemukan(f"no pegawai with NIP {nip}")
        return pegawai

    def find_pegawai(self, nips: Iterable[str]) -> dict[str, Pegawai]:
        found = {}
        for nip in nips:
            pegawai = self.find(Pegawai.create_id(nip))
            if pegawai is not None:
                found[nip] = pegawai
        return found

    def change(self, nip: str, jenis: JenisPerubahan, data: dict[str, Any]) -> Pegawai:
        """An administrator's direct entry of a decision (SK) or riwayat."""
        pegawai = self.get_pegawai(nip)
        self.apply_change(pegawai, jenis, data)
        self.save(pegawai)
        return pegawai

    def apply_change(self, pegawai: Pegawai, jenis: JenisPerubahan, data: dict[str, Any]) -> None:
        """Validate a change against the record and record its event(s) on ``pegawai``."""
        perubahan = parse_perubahan(jenis, data)
        if jenis is JenisPerubahan.DATA_PRIBADI:
            changes = perubahan.model_dump(exclude_none=True)
            changes = {k: v for k, v in changes.items()
                       if (getattr(pegawai, k) if k in DATA_IDENTITAS else pegawai.data_pribadi.get(k)) != v}
            if changes:
                pegawai.change_data(changes)
        elif jenis is JenisPerubahan.PANGKAT:
            assert isinstance(perubahan, Pangkat)
            allowed = golongan_for(pegawai.jenis_pegawai)
            if perubahan.golongan_ruang not in allowed:
                raise DataTidakKonsisten(
                    f"golongan ruang {perubahan.golongan_ruang!r} is not one of a "
                    f"{pegawai.jenis_pegawai.value}: {', '.join(allowed) or 'none'}",
                    field="body.perubahan.golongan_ruang")
            _check_tmt(pegawai, perubahan.tmt, "body.perubahan.tmt")
            pegawai.change_pangkat(**perubahan.model_dump())
        elif jenis is JenisPerubahan.JABATAN:
            assert isinstance(perubahan, Jabatan)
            _check_tmt(pegawai, perubahan.tmt, "body.perubahan.tmt")
            pegawai.change_jabatan(**self._jabatan_facts(pegawai, perubahan))
        else:
            pegawai.add_riwayat(jenis.value, perubahan.model_dump())

    def move(self, nip: str, instansi_id: str, unit_id: str, tmt: dt.date,
             nomor_sk: str | None) -> Pegawai:
        pegawai = self.get_pegawai(nip)
        _check_tmt(pegawai, tmt)
        if (instansi_id, unit_id) == (pegawai.instansi_id, pegawai.unit_id):
            raise DataTidakKonsisten(f"pegawai {nip} is already in {instansi_id}/{unit_id}",
                                     field="body.unit_id")
        self.check_unit(instansi_id, unit_id)
        pegawai.move(instansi_id=instansi_id, unit_id=unit_id, tmt=tmt, nomor_sk=nomor_sk)
        self.save(pegawai)
        return pegawai

    def change_status(self, nip: str, status: StatusPegawai, tmt: dt.date,
                      alasan: str | None) -> Pegawai:
        pegawai = self.get_pegawai(nip)
        _check_tmt(pegawai, tmt)
        if status is pegawai.status:
            raise DataTidakKonsisten(f"pegawai {nip} is already {status.value}", field="body.status")
        pegawai.change_status(status=status.value, tmt=tmt, alasan=alasan)
        self.save(pegawai)
        return pegawai

    def change_atasan(self, nip: str, nip_atasan: str | None, tmt: dt.date) -> Pegawai:
        pegawai = self.get_pegawai(nip)
        _check_tmt(pegawai, tmt)
        if nip_atasan is not None:
            if nip_atasan == nip:
                raise DataTidakKonsisten("a pegawai cannot be their own atasan", field="body.nip_atasan")
            atasan = self.get_pegawai(nip_atasan)
            if atasan.instansi_id != pegawai.instansi_id:
                raise DataTidakKonsisten(f"atasan {nip_atasan} is not in {pegawai.instansi_id}",
                                         field="body.nip_atasan")
        pegawai.change_atasan(nip_atasan=nip_atasan, tmt=tmt)
        self.save(pegawai)
        return pegawai

    # -- self-update workflow (pemutakhiran data mandiri) -------------------------------------
    def submit_usulan(self, nip: str, jenis: JenisPerubahan, perubahan: dict[str, Any],
                      berkas: list[str]) -> UsulanPerubahan:
        pegawai = self.get_pegawai(nip)
        if jenis not in USULAN_MANDIRI:
            raise DomainError(f"{jenis.value} is entered by the administrator, not proposed",
                              field="body.jenis")
        self._dry_run(pegawai, jenis, perubahan)
        usulan = UsulanPerubahan(nip=nip, instansi_id=pegawai.instansi_id, jenis=jenis.value,
                                 perubahan=perubahan, berkas=berkas)
        self.save(usulan)
        return usulan

    def get_usulan(self, usulan_id: uuid.UUID) -> UsulanPerubahan:
        usulan = self.find(usulan_id)
        if not isinstance(usulan, UsulanPerubahan):
            raise UsulanTidakDitemukan(f"no usulan {usulan_id}")
        return usulan

    def verify_usulan(self, usulan_id: uuid.UUID, actor_nip: str, catatan: str | None) -> UsulanPerubahan:
        usulan = self._step_allowed(usulan_id, actor_nip, {StatusUsulan.DIAJUKAN}, "verify")
        usulan.verify(nip_verifikator=actor_nip, catatan=catatan)
        self.save(usulan)
        return usulan

    def return_usulan(self, usulan_id: uuid.UUID, actor_nip: str, alasan: str) -> UsulanPerubahan:
        usulan = self._step_allowed(usulan_id, actor_nip,
                                    {StatusUsulan.DIAJUKAN, StatusUsulan.DIVERIFIKASI}, "return")
        usulan.return_(nip_pengembali=actor_nip, alasan=alasan)
        self.save(usulan)
        return usulan

    def resubmit_usulan(self, usulan_id: uuid.UUID, actor_nip: str, perubahan: dict[str, Any],
                        berkas: list[str]) -> UsulanPerubahan:
        usulan = self.get_usulan(usulan_id)
        if actor_nip != usulan.nip:
            raise Forbidden("only the pegawai who proposed it may resubmit an usulan")
        if usulan.status is not StatusUsulan.DIKEMBALIKAN:
            raise LangkahTidakSah(f"usulan is {usulan.status.value}; only a returned usulan is resubmitted")
        self._dry_run(self.get_pegawai(usulan.nip), JenisPerubahan(usulan.jenis), perubahan)
        usulan.resubmit(perubahan=perubahan, berkas=berkas)
        self.save(usulan)
        return usulan

    def approve_usulan(self, usulan_id: uuid.UUID, actor_nip: str) -> UsulanPerubahan:
        """Approve and apply: the usulan's approval and the record's change are saved together."""
        usulan = self._step_allowed(usulan_id, actor_nip, {StatusUsulan.DIVERIFIKASI}, "approve")
        pegawai = self.get_pegawai(usulan.nip)
        self.apply_change(pegawai, JenisPerubahan(usulan.jenis), usulan.perubahan)
        usulan.approve(nip_penyetuju=actor_nip)
        self.save(usulan, pegawai)
        return usulan

    # -- helpers -----------------------------------------------------------------------------

    def _save_new(self, aggregate: Aggregate, conflict: str) -> None:
        try:
            self.save(aggregate)
        except IntegrityError:  # a concurrent creation of the same id won the race
            raise Conflict(conflict) from None

    @contextmanager
    def organisasi_tetap(self) -> Iterator[None]:
        """Inside the block each instansi is read from the store once: a batch of an import
        checks hundreds of units and jabatan against the same few instansi (each read replays
        the instansi's whole history). Only for work that does not change the organisation;
        other requests and threads are not affected (a context variable)."""
        token = _ORGANISASI.set({})
        try:
            yield
        finally:
            _ORGANISASI.reset(token)

    def _instansi(self, instansi_id: str) -> Instansi | None:
        cache = _ORGANISASI.get()
        if cache is None:
            return self.find(Instansi.create_id(instansi_id))
        if instansi_id not in cache:
            cache[instansi_id] = self.find(Instansi.create_id(instansi_id))
        return cache[instansi_id]

    def check_unit(self, instansi_id: str, unit_id: str) -> None:
        """When the instansi's organisation is registered, the unit must be in it. An instansi
        not (yet) registered here accepts any unit id (imports arrive before the organisation;
        ADR 0012)."""
        instansi = self._instansi(instansi_id)
        if instansi is not None and unit_id not in instansi.units:
            raise OrganisasiTidakDitemukan(f"no unit {unit_id} in {instansi_id}", field="body.unit_id")

    def _jabatan_facts(self, pegawai: Pegawai, perubahan: Jabatan) -> dict[str, Any]:
        facts = perubahan.model_dump()
        instansi = self._instansi(pegawai.instansi_id)
        known = instansi.jabatan.get(perubahan.jabatan_id) if instansi is not None else None
        if instansi is not None and known is None:
            raise OrganisasiTidakDitemukan(
                f"no jabatan {perubahan.jabatan_id} in {pegawai.instansi_id}",
                field="body.perubahan.jabatan_id")
        if known is not None:
            facts.update(nama_jabatan=known["nama"], kelas_jabatan=known["kelas_jabatan"],
                         unit_id=known["unit_id"])
        if not facts.get("nama_jabatan"):
            raise DomainError("nama_jabatan is required when the organisation is not registered",
                              field="body.perubahan.nama_jabatan")
        facts["unit_id"] = facts.get("unit_id") or pegawai.unit_id
        return facts

    def _dry_run(self, pegawai: Pegawai, jenis: JenisPerubahan, perubahan: dict[str, Any]) -> None:
        """Check a proposed change now, so a pegawai hears of a mistake at once, not at approval."""
        copy = self.repository.get(pegawai.id)
        self.apply_change(copy, jenis, perubahan)
        if not copy.collect_events():
            raise DomainError("the proposal changes nothing in the record", field="body.perubahan")

    def _step_allowed(self, usulan_id: uuid.UUID, actor_nip: str, states: set[StatusUsulan],
                      step: str) -> UsulanPerubahan:
        usulan = self.get_usulan(usulan_id)
        if actor_nip == usulan.nip:
            raise TidakBolehMenyetujuiSendiri(f"you cannot {step} your own usulan")
        if usulan.status not in states:
            raise LangkahTidakSah(f"usulan is {usulan.status.value}; cannot {step} it now")
        return usulan


def _check_zona(zona: str, field: str) -> None:
    if zona not in ZONA_WAKTU:
        raise DomainError(f"zona_waktu must be one of {', '.join(ZONA_WAKTU)} (WIB, WITA, WIT)",
                          field=field)


def _check_tmt(pegawai: Pegawai, tmt: dt.date, field: str = "body.tmt") -> None:
    if tmt < pegawai.tmt_cpns:
        raise DataTidakKonsisten(f"TMT {tmt.isoformat()} is before TMT CPNS "
                                 f"{pegawai.tmt_cpns.isoformat()}", field=field)
    if tmt > dt.date.today() + dt.timedelta(days=366):
        raise DataTidakKonsisten(f"TMT {tmt.isoformat()} is more than a year ahead", field=field)
