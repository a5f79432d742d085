"""Use cases of the cuti context: request, consideration, decision, cancellation, the ledger and
the yearly roll-over. Who may consider and decide is computed from the hierarchy cuti keeps from
profile's events (atasan langsung, jabatan, dated Plt/Plh) and the instansi's approval chain as
data; nobody considers or decides their own leave."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import IntegrityError

from simpeg_cuti.domain import cuti as st
from simpeg_cuti.domain.akun import BAWA, HAK, HAPUS, KOREKSI, PAKAI, PULIH, PULIH_HAPUS, AkunCuti
from simpeg_cuti.domain.aturan import (AlurPersetujuan, AturanHak, alur_pada, batas_selesai,
                                       genap_tahun, hak_pada)
from simpeg_cuti.domain.cuti import Cuti
from simpeg_cuti.projections import pegawai as pg
from simpeg_cuti.projections.pegawai import InfoPegawai
from simpeg_shared.errors import Conflict, DomainError, Forbidden, NotFound
from simpeg_shared.kalender import HariKerja, Kalender, KalenderTidakTersedia, default_kalender
from simpeg_shared.persistence import SimpegApplication
from simpeg_shared.projection import ProjectionStore


class TidakDikenal(NotFound):
    code = "pegawai-tidak-dikenal"
    title = "Pegawai not known to cuti"


class CutiTidakDitemukan(NotFound):
    code = "cuti-tidak-ditemukan"
    title = "Leave request not found"


class TidakBerhak(DomainError):
    code = "cuti-tidak-berhak"
    title = "Not entitled to this leave"


class SaldoTidakCukup(DomainError):
    code = "saldo-cuti-tidak-cukup"
    title = "Not enough cuti tahunan left"


class TumpangTindih(Conflict):
    code = "cuti-tumpang-tindih"
    title = "The dates overlap another leave"


class KalenderKosong(DomainError):
    code = "kalender-tidak-tersedia"
    title = "No holiday calendar for that year"


class BukanPenyetuju(Forbidden):
    code = "bukan-penyetuju"
    title = "Not the one to consider or decide this leave"


class LangkahTidakSah(Conflict):
    code = "langkah-tidak-sah"
    title = "That step is not possible now"


class CutiApplication(SimpegApplication):
    name = "cuti"
    #: the address during leave: encrypted with the pegawai's own key (crypto-shredding)
    data_pribadi = frozenset({"alamat_selama_cuti"})

    def __init__(self, database_url: str, pegawai: ProjectionStore, kotak_masuk: ProjectionStore,
                 kalender: Kalender | None = None, **env: str) -> None:
        super().__init__(database_url, **env)
        self.pegawai_store = pegawai
        self.kotak_masuk = kotak_masuk
        self.kalender = kalender or default_kalender()
        #: today's date; the server's clock decides (tests pin it)
        self.hari_ini: Callable[[], dt.date] = dt.date.today

    # -- who is who ------------------------------------------------------------------------------
    def info(self, nip: str) -> InfoPegawai:
        found = self.pegawai_store.read(lambda conn, t: pg.info(conn, t, nip))
        if found is None:
            raise TidakDikenal(f"pegawai {nip} is not known to cuti (not registered in profile)")
        return found

    def penimbang(self, nip: str, per: dt.date) -> dict[str, str]:
        """Who may give the consideration on ``per``: the atasan langsung (DEFINITIF) and the
        Plt/Plh of the atasan's jabatan; never the pegawai."""
        def query(conn: Any, t: Any) -> dict[str, str]:
            atasan = pg.atasan_of(conn, t, nip, per)
            if atasan is None:
                return {}
            found = {atasan: "DEFINITIF"}
            for n, jenis in pg.pelaksana(conn, t, pg.jabatan_of(conn, t, atasan, per), per):
                found.setdefault(n, jenis)
            return found
        found = self.pegawai_store.read(query)
        found.pop(nip, None)
        return found

    def pejabat(self, nip: str, jenis: str, alur: AlurPersetujuan, per: dt.date) -> dict[str, str]:
        """Who may decide on ``per``: the official with authority of the instansi's chain (the
        n-th atasan up the line, or the holder of a jabatan) and the Plt/Plh of that jabatan."""
        rule = alur.pejabat_untuk(jenis)

        def query(conn: Any, t: Any) -> dict[str, str]:
            if rule.jabatan_id is not None:
                holders, jabatan = pg.pemegang(conn, t, rule.jabatan_id, per), rule.jabatan_id
            else:
                current = nip
                for _ in range(rule.atasan_tingkat or 1):
                    up = pg.atasan_of(conn, t, current, per)
                    if up is None:
                        break
                    current = up
                if current == nip:
                    return {}
                holders, jabatan = [current], pg.jabatan_of(conn, t, current, per)
            found = {h: "DEFINITIF" for h in holders}
            for n, j in pg.pelaksana(conn, t, jabatan, per):
                found.setdefault(n, j)
            return found
        found = self.pegawai_store.read(query)
        found.pop(nip, None)
        return found

    # -- working days ----------------------------------------------------------------------------
    def hari_kerja(self, mulai: dt.date, selesai: dt.date,
                   hari_masuk: frozenset[int] | None = None) -> HariKerja:
        if selesai < mulai:
            raise DomainError("selesai is before mulai", field="selesai")
        if (selesai - mulai).days > 4 * 366:
            raise DomainError("a range of more than four years is not a leave", field="selesai")
        try:
            if hari_masuk is None:
                return self.kalender.hari_kerja(mulai, selesai)
            return self.kalender.hari_kerja(mulai, selesai, hari_masuk)
        except KalenderTidakTersedia as exc:
            raise KalenderKosong(str(exc), field="mulai") from None

    # -- the ledger ------------------------------------------------------------------------------
    def _akun(self, info: InfoPegawai) -> AkunCuti:
        akun = self.find(AkunCuti.create_id(info.nip))
        if akun is None:
            return AkunCuti(nip=info.nip, instansi_id=info.instansi_id)
        if akun.instansi_id != info.instansi_id:
            akun.pindah(instansi_id=info.instansi_id)
        return akun

    def _aturan(self, info: InfoPegawai, tanggal: dt.date) -> AturanHak:
        jenis = info.jenis_pegawai or "PNS"
        aturan = hak_pada(jenis, tanggal)
        if aturan is None:
            raise TidakBerhak(f"no leave rules apply to {jenis} staff (PP 11/2017 covers PNS, "
                              "PP 49/2018 PPPK)")
        return aturan

    def _buka(self, akun: AkunCuti, info: InfoPegawai, tahun: int, field: str = "body.mulai") -> None:
        """Open the ledger of ``tahun``: the year's entitlement and what carries over from the
        year before. Deterministic from the account, so opening it on first use and by the
        roll-over job give the same result."""
        if akun.dibuka(tahun):
            return
        if tahun > self.hari_ini().year:
            raise DomainError(f"the cuti tahunan of {tahun} opens on 1 January {tahun}; request "
                              "it then", field=field)
        aturan = self._aturan(info, dt.date(tahun, 1, 1))
        a = aturan.tahunan
        genap = genap_tahun(info.tmt, a.masa_kerja_min_tahun, list(info.cltn))
        today = self.hari_ini()
        if genap <= dt.date(tahun, 12, 31):
            akun.gerak(tahun, a.hak_hari, HAK, "HAK_TAHUNAN",
                       f"hak cuti tahunan {tahun} ({aturan.kode})", today)
        else:
            akun.gerak(tahun, 0, HAK, "HAK_TAHUNAN",
                       f"belum berhak: {a.masa_kerja_min_tahun} tahun masa kerja genap pada "
                       f"{genap.isoformat()} ({aturan.kode})", today)
        biasa, tangguhan = self._bawaan(akun, info, tahun)
        if biasa:
            akun.gerak(tahun, biasa, BAWA, "CARRY_OVER", f"sisa cuti tahunan {tahun - 1}", today)
        if tangguhan:
            akun.gerak(tahun, tangguhan, BAWA, "TANGGUHAN",
                       f"cuti tahunan {tahun - 1} yang ditangguhkan", today)
        besar = akun.besar_pada(tahun)
        if besar is not None:
            self._hapus_tahunan(akun, tahun, besar)

    def _bawaan(self, akun: AkunCuti, info: InfoPegawai, tahun: int) -> tuple[int, int]:
        lalu = akun.buku.get(tahun - 1)
        if lalu is None:
            return 0, 0
        a = self._aturan(info, dt.date(tahun, 1, 1)).tahunan
        tidak_dipakai = all(
            (b := akun.buku.get(tahun - k)) is not None and b["hak"] > 0 and b["dipakai"] == 0
            and not b["hapus"] for k in range(1, a.tahun_tidak_dipakai + 1))
        return a.bawa(lalu["saldo"], lalu["tangguhan"], tidak_dipakai)

    def _sesuaikan(self, akun: AkunCuti, info: InfoPegawai, tahun: int) -> None:
        """A year already rolled over changed afterwards (a late decision): correct what the
        later years carried, year by year."""
        t = tahun + 1
        while akun.dibuka(t):
            harus = sum(self._bawaan(akun, info, t))
            selisih = harus - akun.buku[t]["bawa"]
            if selisih:
                akun.gerak(t, selisih, BAWA, "KOREKSI_CARRY_OVER",
                           f"sisa cuti tahunan {t - 1} berubah setelah tutup tahun", self.hari_ini())
            t += 1

    def _hapus_tahunan(self, akun: AkunCuti, tahun: int, cuti_id: str) -> None:
        sisa = akun.saldo(tahun)
        if sisa > 0:
            akun.gerak(tahun, -sisa, HAPUS, f"CUTI_BESAR:{cuti_id}",
                       f"cuti besar pada {tahun}: tidak ada cuti tahunan tahun itu", self.hari_ini())

    def saldo(self, nip: str, tahun: int) -> dict[str, Any]:
        info = self.info(nip)
        akun = self._akun(info)
        if not akun.dibuka(tahun) and tahun <= self.hari_ini().year:
            self._buka(akun, info, tahun)
            self._save(akun)
        buku = akun.buku.get(tahun)
        return {
            "nip": nip, "tahun": tahun, "dibuka": buku is not None,
            "saldo": akun.saldo(tahun),
            "tertunda": akun.tertunda(tahun),
            "tersedia": akun.saldo(tahun) - akun.tertunda(tahun),
            "hak": buku["hak"] if buku else 0, "dibawa": buku["bawa"] if buku else 0,
            "dipakai": buku["dipakai"] if buku else 0,
            "ditangguhkan": buku["tangguhan"] if buku else 0,
            "mutasi": akun.mutasi_tahun(tahun),
        }

    def rollover(self, tahun: int, instansi_id: str | None = None) -> dict[str, int]:
        """The yearly job: open ``tahun`` for every pegawai (entitlement and carry-over).
        Running it again changes nothing."""
        if tahun > self.hari_ini().year:
            raise DomainError(f"{tahun} has not started", field="tahun")
        nips = self.pegawai_store.read(lambda conn, t: pg.semua_nip(conn, t, instansi_id))
        dibuka = sudah = dilewati = 0
        for nip in nips:
            info = self.info(nip)
            akun = self._akun(info)
            if akun.dibuka(tahun):
                sudah += 1
                continue
            if info.tmt > dt.date(tahun, 12, 31):
                dilewati += 1  # appointed after that year
                continue
            try:
                self._buka(akun, info, tahun)
            except TidakBerhak:
                dilewati += 1  # non-ASN staff: no leave rules apply
                continue
            self._save(akun)
            dibuka += 1
        return {"dibuka": dibuka, "sudah_dibuka": sudah, "dilewati": dilewati}

    # -- requests --------------------------------------------------------------------------------
    def get(self, cuti_id: uuid.UUID) -> Cuti:
        found = self.find(cuti_id)
        if not isinstance(found, Cuti):
            raise CutiTidakDitemukan(f"no leave request {cuti_id}")
        return found

    def daftar(self, nip: str) -> list[Cuti]:
        info = self.info(nip)
        akun = self.find(AkunCuti.create_id(info.nip))
        if akun is None:
            return []
        return [self.get(uuid.UUID(cid)) for cid in akun.cuti]

    def ajukan(self, nip: str, jenis: str, mulai: dt.date, selesai: dt.date, alasan: str,
               alamat_selama_cuti: str, lampiran: dict[str, Any] | None,
               anak_ke: int | None) -> Cuti:
        info = self.info(nip)
        if info.status not in (None, "AKTIF"):
            raise TidakBerhak(f"pegawai {nip} is {info.status}, not active")
        aturan = self._aturan(info, mulai)
        rule = aturan.jenis.get(jenis)  # type: ignore[call-overload]
        if rule is None:
            raise TidakBerhak(f"{info.jenis_pegawai or 'PNS'} staff have no {jenis} leave "
                              f"({aturan.sumber.strip()})", field="body.jenis")
        today = self.hari_ini()
        if mulai < today - dt.timedelta(days=rule.boleh_mundur_hari):
            raise DomainError(
                f"{jenis} cannot start before {(today - dt.timedelta(days=rule.boleh_mundur_hari)).isoformat()}"
                + (" (it is requested before it starts)" if not rule.boleh_mundur_hari else ""),
                field="body.mulai")
        if rule.lampiran_wajib_lebih_dari_hari is not None and lampiran is None \
                and (selesai - mulai).days + 1 > rule.lampiran_wajib_lebih_dari_hari:
            raise DomainError(f"{jenis} of more than {rule.lampiran_wajib_lebih_dari_hari} day(s) "
                              f"needs a doctor's statement as lampiran ({rule.pasal})",
                              field="body.lampiran")
        if rule.anak_ke_maks is not None:
            if anak_ke is None:
                raise DomainError(f"{jenis} needs anak_ke (which child)", field="body.anak_ke")
            if anak_ke > rule.anak_ke_maks:
                raise TidakBerhak(f"cuti melahirkan covers the 1st to {rule.anak_ke_maks}rd child; "
                                  f"for child {anak_ke} request cuti besar ({rule.pasal})",
                                  field="body.anak_ke")
        alur = alur_pada(info.instansi_id, mulai)
        akun = self._akun(info)
        hk = self._periksa_tanggal(info, akun, aturan, jenis, mulai, selesai, alur, None)

        penimbang = self.penimbang(nip, today) if alur.pertimbangan_atasan else {}
        pejabat = self.pejabat(nip, jenis, alur, today)
        if not pejabat:
            raise DomainError(f"nobody has the authority to decide {nip}'s leave: record the "
                              "atasan langsung and jabatan in profile", field="body.jenis")
        if penimbang and not set(penimbang) & {n for n, s in pejabat.items() if s == "DEFINITIF"}:
            status, diteruskan = st.MENUNGGU_PERTIMBANGAN, sorted(penimbang)
        else:  # no atasan recorded, or the atasan is the official with authority: one step
            status, diteruskan = st.MENUNGGU_KEPUTUSAN, sorted(pejabat)
        cuti = Cuti(nip=nip, instansi_id=info.instansi_id, unit_id=info.unit_id, jenis=jenis,
                    mulai=mulai, selesai=selesai, hari_kerja=hk.hari_kerja, alasan=alasan,
                    alamat_selama_cuti=alamat_selama_cuti, lampiran=lampiran, anak_ke=anak_ke,
                    aturan=aturan.kode, status=status, diteruskan_ke=diteruskan)
        akun.catat(cuti_id=str(cuti.id), jenis=jenis, mulai=mulai, selesai=selesai,
                   hari_kerja=hk.hari_kerja, status=status)
        self._save(cuti, akun)
        return cuti

    def _periksa_tanggal(self, info: InfoPegawai, akun: AkunCuti, aturan: AturanHak, jenis: str,
                         mulai: dt.date, selesai: dt.date, alur: AlurPersetujuan,
                         kecuali: str | None) -> HariKerja:
        """The checks of a leave's dates, for a request and for changed dates (PERUBAHAN)."""
        rule = aturan.jenis[jenis]  # type: ignore[index]
        for name, day in (("mulai", mulai), ("selesai", selesai)):
            if not 2000 <= day.year <= 2100:
                raise DomainError(f"{name} must fall in 2000..2100", field=f"body.{name}")
        if selesai < mulai:
            raise DomainError("selesai is before mulai", field="body.selesai")
        if rule.masa_kerja_min_tahun:
            genap = genap_tahun(info.tmt, rule.masa_kerja_min_tahun, list(info.cltn))
            if mulai < genap:
                raise TidakBerhak(
                    f"{jenis} needs {rule.masa_kerja_min_tahun} year(s) of continuous service; "
                    f"{info.nip} completes it on {genap.isoformat()} ({rule.pasal})",
                    field="body.mulai")
        if rule.maks_bulan is not None and selesai > batas_selesai(mulai, rule.maks_bulan):
            raise DomainError(f"{jenis} lasts at most {rule.maks_bulan} month(s): from "
                              f"{mulai.isoformat()} until {batas_selesai(mulai, rule.maks_bulan).isoformat()} "
                              f"at the latest ({rule.pasal})", field="body.selesai")
        if rule.maks_bulan is not None:
            # an extension continues an earlier leave of the kind: the run counts as one
            awal = akun.awal_rangkaian(jenis, mulai, kecuali)
            batas = batas_selesai(awal, rule.maks_bulan + rule.perpanjangan_bulan)
            if awal < mulai and selesai > batas:
                raise DomainError(
                    f"this continues the {jenis} from {awal.isoformat()}; with its extension of "
                    f"{rule.perpanjangan_bulan} month(s) it ends on {batas.isoformat()} at the "
                    f"latest ({rule.pasal})", field="body.selesai")
        if jenis == "TAHUNAN" and selesai.year != mulai.year:
            raise DomainError("cuti tahunan is taken from one year's balance: split the leave at "
                              "31 December into two requests", field="body.selesai")
        try:
            hk = self.hari_kerja(mulai, selesai, alur.minggu_kerja)
        except DomainError as exc:
            exc.field = f"body.{exc.field}"
            raise
        if hk.hari_kerja < 1:
            raise DomainError(f"there is no working day from {mulai.isoformat()} to "
                              f"{selesai.isoformat()} (weekends and holidays only)", field="body.mulai")
        clash = akun.tumpang_tindih(mulai, selesai, kecuali)
        if clash is not None:
            cid, other = clash
            raise TumpangTindih(f"the dates overlap {other['jenis']} {other['mulai'].isoformat()}.."
                                f"{other['selesai'].isoformat()} ({other['status']}, request {cid}); "
                                "cancel it or choose other dates", field="body.mulai")
        if jenis == "TAHUNAN":
            a = aturan.tahunan
            if hk.hari_kerja < a.minimal_hari:
                raise DomainError(f"cuti tahunan is at least {a.minimal_hari} working day(s)",
                                  field="body.selesai")
            self._buka(akun, info, mulai.year)
            besar = akun.besar_pada(mulai.year)
            if besar is not None:
                raise TidakBerhak(f"a cuti besar was taken in {mulai.year} (request {besar}): no "
                                  f"cuti tahunan that year ({aturan.jenis['BESAR'].pasal if 'BESAR' in aturan.jenis else aturan.kode})",
                                  field="body.mulai")
            tersedia = akun.saldo(mulai.year) - akun.tertunda(mulai.year, kecuali)
            if hk.hari_kerja > tersedia:
                raise SaldoTidakCukup(
                    f"{hk.hari_kerja} working days asked, {tersedia} of cuti tahunan {mulai.year} "
                    f"left (balance {akun.saldo(mulai.year)}, {akun.tertunda(mulai.year, kecuali)} "
                    "waiting for a decision)", field="body.selesai")
        return hk

    def pertimbangkan(self, cuti_id: uuid.UUID, actor: str, pertimbangan: str,
                      catatan: str | None) -> Cuti:
        cuti = self.get(cuti_id)
        if actor == cuti.nip:
            raise BukanPenyetuju("you cannot give the consideration on your own leave")
        if cuti.status != st.MENUNGGU_PERTIMBANGAN:
            raise LangkahTidakSah(f"the request is {cuti.status}, not waiting for a consideration")
        today = self.hari_ini()
        allowed = self.penimbang(cuti.nip, today)
        if actor not in allowed:
            raise BukanPenyetuju(f"only {cuti.nip}'s atasan langsung or the Plt/Plh acting for "
                                 f"them today may give the consideration")
        alur = alur_pada(cuti.instansi_id, cuti.mulai)
        pejabat = self.pejabat(cuti.nip, cuti.jenis, alur, today)
        cuti.pertimbangkan(pertimbangan, actor, allowed[actor], catatan, sorted(pejabat))
        akun = self._akun(self.info(cuti.nip))
        akun.catat(cuti_id=str(cuti.id), jenis=cuti.jenis, mulai=cuti.mulai, selesai=cuti.selesai,
                   hari_kerja=cuti.hari_kerja, status=cuti.status)
        self._save(cuti, akun)
        return cuti

    def putuskan(self, cuti_id: uuid.UUID, actor: str, hasil: str, alasan: str | None,
                 mulai: dt.date | None, selesai: dt.date | None) -> Cuti:
        cuti = self.get(cuti_id)
        if actor == cuti.nip:
            raise BukanPenyetuju("you cannot decide your own leave")
        if cuti.status == st.MENUNGGU_PERTIMBANGAN:
            raise LangkahTidakSah("the request waits for the atasan langsung's consideration first")
        if cuti.status != st.MENUNGGU_KEPUTUSAN:
            raise LangkahTidakSah(f"the request is already {cuti.status}")
        today = self.hari_ini()
        info = self.info(cuti.nip)
        alur = alur_pada(cuti.instansi_id, cuti.mulai)
        allowed = self.pejabat(cuti.nip, cuti.jenis, alur, today)
        if actor not in allowed:
            raise BukanPenyetuju("only the official with authority (or the Plt/Plh acting for them "
                                 f"today) decides; that is {', '.join(sorted(allowed)) or 'nobody on record'}")
        if hasil != st.DISETUJUI and not alasan:
            raise DomainError(f"a decision {hasil} must give its reason", field="body.alasan")
        if hasil == st.PERUBAHAN:
            if mulai is None or selesai is None:
                raise DomainError("PERUBAHAN names the new dates (mulai and selesai)", field="body.mulai")
            if (mulai, selesai) == (cuti.mulai, cuti.selesai):
                raise DomainError("PERUBAHAN changes the dates; these are the requested ones",
                                  field="body.mulai")
            if mulai < today and mulai < cuti.mulai:
                raise DomainError("the new dates cannot start in the past", field="body.mulai")
        elif mulai is not None or selesai is not None:
            raise DomainError("only a PERUBAHAN names new dates", field="body.mulai")
        akun = self._akun(info)
        aturan = self._aturan(info, cuti.mulai)
        cid = str(cuti.id)
        if hasil in st.DIAMBIL:
            mulai_f = mulai or cuti.mulai
            selesai_f = selesai or cuti.selesai
            hk = self._periksa_tanggal(info, akun, aturan, cuti.jenis, mulai_f, selesai_f, alur, cid)
            hari = hk.hari_kerja
            if cuti.jenis == "TAHUNAN":
                akun.gerak(mulai_f.year, -hari, PAKAI, f"CUTI:{cid}",
                           f"cuti tahunan {mulai_f.isoformat()}..{selesai_f.isoformat()}", today)
                self._sesuaikan(akun, info, mulai_f.year)
            elif aturan.jenis[cuti.jenis].hapus_tahunan:  # type: ignore[index]
                if akun.dibuka(mulai_f.year):
                    self._hapus_tahunan(akun, mulai_f.year, cid)
                    self._sesuaikan(akun, info, mulai_f.year)
        else:
            mulai_f, selesai_f, hari = cuti.mulai, cuti.selesai, cuti.hari_kerja
            if hasil == st.DITANGGUHKAN and cuti.jenis == "TAHUNAN":
                self._buka(akun, info, cuti.mulai.year)
                akun.tangguhkan(tahun=cuti.mulai.year, hari=cuti.hari_kerja, cuti_id=cid)
                self._sesuaikan(akun, info, cuti.mulai.year)
        cuti.putuskan(hasil, mulai_f, selesai_f, hari, actor, allowed[actor], alasan)
        akun.catat(cuti_id=cid, jenis=cuti.jenis, mulai=mulai_f, selesai=selesai_f,
                   hari_kerja=hari, status=cuti.status)
        self._save(cuti, akun)
        return cuti

    def batalkan(self, cuti_id: uuid.UUID, actor: str, alasan: str) -> Cuti:
        cuti = self.get(cuti_id)
        if actor != cuti.nip:
            raise Forbidden("only the pegawai cancels their own leave request")
        today = self.hari_ini()
        if not (cuti.terbuka or cuti.diambil):
            raise LangkahTidakSah(f"a request that is {cuti.status} cannot be cancelled")
        if cuti.diambil and cuti.mulai_final <= today:
            raise LangkahTidakSah(f"the leave started on {cuti.mulai_final.isoformat()}; only leave "
                                  "that has not started can be cancelled")
        info = self.info(cuti.nip)
        akun = self._akun(info)
        cid = str(cuti.id)
        if cuti.diambil:
            tahun = cuti.mulai_final.year
            if cuti.jenis == "TAHUNAN":
                akun.gerak(tahun, cuti.hari_final, PULIH, f"BATAL:{cid}",
                           f"pembatalan cuti tahunan {cuti.mulai_final.isoformat()}", today)
                self._sesuaikan(akun, info, tahun)
            elif akun.dibuka(tahun) and cid in akun.buku[tahun]["hapus"]:
                akun.gerak(tahun, akun.buku[tahun]["hapus"][cid], PULIH_HAPUS, f"BATAL:{cid}",
                           "pembatalan cuti besar: cuti tahunan kembali", today)
                self._sesuaikan(akun, info, tahun)
        cuti.batalkan(alasan, actor)
        akun.catat(cuti_id=cid, jenis=cuti.jenis, mulai=cuti.mulai_final,
                   selesai=cuti.selesai_final, hari_kerja=cuti.hari_final, status=cuti.status)
        self._save(cuti, akun)
        return cuti

    def koreksi_saldo(self, nip: str, tahun: int, perubahan: int, alasan: str) -> dict[str, Any]:
        """An administrator's correction, e.g. the balance carried from before SIMPEG."""
        info = self.info(nip)
        akun = self._akun(info)
        self._buka(akun, info, tahun, field="body.tahun")
        if akun.saldo(tahun) + perubahan < 0:
            raise DomainError(f"the balance of {tahun} would fall below zero", field="body.perubahan")
        akun.gerak(tahun, perubahan, KOREKSI, "KOREKSI", alasan, self.hari_ini())
        self._sesuaikan(akun, info, tahun)
        self._save(akun)
        return self.saldo(nip, tahun)

    def _save(self, *aggregates: Any) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise Conflict("the request or balance was changed at the same moment by someone "
                           "else; retry") from None

