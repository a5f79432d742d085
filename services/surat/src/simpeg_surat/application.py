"""Use cases of the surat context: draft (by hand or from a request of cuti or KGB), paraf in
order, return with a reason, revise, sign (number, render, PAdES), send, archive, verify.

Who may act in a step is decided from the officials surat keeps from profile's events: the
official a step names, or the Plt/Plh acting for that official's jabatan on the day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import asdict
from typing import Any

from eventsourcing.persistence import IntegrityError

from simpeg_shared.contracts import ContractEvent
from simpeg_shared.contracts.cuti import SuratIzinCutiRequestedV1
from simpeg_shared.contracts.kgb import SkKgbRequestedV1
from simpeg_shared.errors import Conflict, DomainError, Forbidden, NotFound
from simpeg_shared.objects import PDF, ObjectNotFound, ObjectStore
from simpeg_shared.persistence import SimpegApplication
from simpeg_shared.projection import ProjectionStore
from simpeg_surat.domain import format as f
from simpeg_surat.domain.surat import LangkahTidakSah, StatusSurat, Surat, jabatan_ref, parse_ref
from simpeg_surat.penomoran import Nomor, Penomoran
from simpeg_surat.projections import pejabat as pj
from simpeg_surat.render import Naskah, Tandatangan, render
from simpeg_surat.templat import Katalog, KonfigurasiInstansi, fill
from simpeg_surat.tte import Pejabat, Penandatangan
from simpeg_surat.tte.verifikasi import validasi

NAMA_CUTI = {"TAHUNAN": "cuti tahunan", "BESAR": "cuti besar", "SAKIT": "cuti sakit",
             "MELAHIRKAN": "cuti melahirkan", "ALASAN_PENTING": "cuti karena alasan penting",
             "CLTN": "cuti di luar tanggungan negara"}
ZONA = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA",
        "Asia/Jayapura": "WIT"}
SIGNED = (StatusSurat.DITANDATANGANI, StatusSurat.TERKIRIM, StatusSurat.DIARSIPKAN)


class SuratTidakDitemukan(NotFound):
    code = "surat-tidak-ditemukan"
    title = "Letter not found"


class ParafTidakBerurutan(Conflict):
    code = "paraf-tidak-berurutan"
    title = "Initials are given in the order of the chain"


class BukanGiliran(Forbidden):
    code = "bukan-pejabat-langkah-ini"
    title = "You are not the official of this step"


class TandaTanganSendiri(Forbidden):
    code = "tanda-tangan-sendiri"
    title = "Nobody initials or signs a letter about themselves"


class DataPegawaiBelumAda(Conflict):
    code = "data-pegawai-belum-ada"
    title = "Surat does not know this pegawai yet"


class SuratBerubah(Conflict):
    code = "surat-berubah"
    title = "The letter changed meanwhile"


class KonfigurasiKurang(DomainError):
    code = "konfigurasi-surat-kurang"
    title = "The instansi's letter configuration is incomplete"


class SuratApplication(SimpegApplication):
    name = "surat"

    def __init__(self, database_url: str, *, pejabat: ProjectionStore, penomoran: Penomoran,
                 katalog: Katalog, penandatangan: Penandatangan, objects: ObjectStore,
                 public_base_url: str, max_pdf_bytes: int, **env: str) -> None:
        super().__init__(database_url, **env)
        self.pejabat = pejabat
        self.penomoran = penomoran
        self.katalog = katalog
        self.penandatangan = penandatangan
        self.objects = objects
        self.public_base_url = public_base_url.rstrip("/")
        self.max_pdf_bytes = max_pdf_bytes

    def simpan(self, surat: Surat) -> None:
        """Save a step; another step saved first (two officials at once) is a 409, not a 500."""
        try:
            self.save(surat)
        except IntegrityError:
            raise SuratBerubah("someone else acted on this letter at the same moment; reload it "
                               "and try again") from None

    # -- lookups ---------------------------------------------------------------------------------
    def hari_ini(self, konfig: KonfigurasiInstansi) -> dt.date:
        return dt.datetime.now(konfig.zone).date()

    def get(self, surat_id: uuid.UUID) -> Surat:
        surat = self.find(surat_id)
        if surat is None:
            raise SuratTidakDitemukan(f"no letter {surat_id}")
        return surat

    def profil(self, nip: str, per: dt.date) -> pj.Profil | None:
        return self.pejabat.read(lambda conn, t: pj.profil(conn, t, nip, per))

    def berwenang(self, surat: Surat, ref: str,
                  per: dt.date) -> tuple[str | None, dict[str, str], str | None]:
        """(definitive NIP, NIP -> DEFINITIF/PLT/PLH of who may act, jabatan name) for a step of
        the letter's chain (positions are those of the letter's instansi)."""
        nip, jabatan_id = parse_ref(ref)
        instansi_id = surat.instansi_id

        def query(conn: Any, t: Any) -> tuple[str | None, dict[str, str], str | None]:
            definitif, allowed = pj.yang_berwenang(conn, t, instansi_id, nip, jabatan_id, per)
            nama_jabatan = None
            if definitif is not None:
                own = pj.profil(conn, t, definitif, per)
                nama_jabatan = own.nama_jabatan if own else None
            if nama_jabatan is None and jabatan_id is not None:
                j = t["jabatan"]
                nama_jabatan = conn.execute(j.select().with_only_columns(j.c.nama_jabatan)
                                            .where(j.c.instansi_id == instansi_id,
                                                   j.c.jabatan_id == jabatan_id)
                                            .order_by(j.c.tmt.desc()).limit(1)).scalar()
            return definitif, allowed, nama_jabatan

        return self.pejabat.read(query)

    def _berwenang_di(self, instansi_id: str, ref: str, per: dt.date) -> dict[str, str]:
        nip, jabatan_id = parse_ref(ref)

        def query(conn: Any, t: Any) -> dict[str, str]:
            if nip is not None:
                own = pj.profil(conn, t, nip, per)
                if own is None or own.instansi_id != instansi_id:
                    return {}
            return pj.yang_berwenang(conn, t, instansi_id, nip, jabatan_id, per)[1]

        return self.pejabat.read(query)

    def refs_of(self, instansi_id: str, actor: str, per: dt.date) -> set[str]:
        """Every step reference ``actor`` may act for on ``per``: their NIP and jabatan, and the
        jabatan (and its holder) of each position they are Plt/Plh of."""

        def query(conn: Any, t: Any) -> set[str]:
            refs = {actor}
            own = pj.profil(conn, t, actor, per)
            if own is not None and own.jabatan_id:
                refs.add(jabatan_ref(own.jabatan_id))
            p = t["plt"]
            acting = conn.execute(p.select().with_only_columns(p.c.jabatan_id).where(
                p.c.instansi_id == instansi_id, p.c.nip == actor, p.c.mulai <= per,
                p.c.selesai >= per)).scalars().all()
            for jabatan_id in acting:
                refs.add(jabatan_ref(jabatan_id))
                holder = pj.pemegang(conn, t, instansi_id, jabatan_id, per)
                if holder is not None:
                    refs.add(holder)
            return refs

        return self.pejabat.read(query)

    # -- drafting --------------------------------------------------------------------------------
    def draft(self, *, instansi_id: str, jenis: str, nip_konseptor: str, perihal: str,
              isi: list[str], penerima: list[str], penandatangan: str,
              paraf: list[str] | None = None, nip: str | None = None, unit: str | None = None,
              klasifikasi: str | None = None) -> Surat:
        konfig = self.katalog.instansi(instansi_id)
        aturan = konfig.aturan(jenis)
        today = self.hari_ini(konfig)
        if nip is not None:
            subject = self.profil(nip, today)
            if subject is None or subject.instansi_id != instansi_id:
                raise DomainError(f"pegawai {nip} is not known in {instansi_id}", field="body.nip")
        chain = list(aturan.paraf if paraf is None else paraf)
        steps = [(ref, f"body.paraf.{n}") for n, ref in enumerate(chain)]
        for ref, field in [*steps, (penandatangan, "body.penandatangan")]:
            if not self._berwenang_di(instansi_id, ref, today):
                raise DomainError(f"{ref} names nobody in {instansi_id} today: no such pegawai, "
                                  "or nobody holds or acts for that jabatan", field=field)
        surat = Surat(surat_id=uuid.uuid4(), instansi_id=instansi_id, jenis=jenis, nip=nip,
                      perihal=perihal, unit_id=unit or aturan.unit,
                      klasifikasi=klasifikasi or aturan.klasifikasi, data={}, isi=isi,
                      penerima=list(dict.fromkeys(penerima)),
                      paraf=chain, penandatangan=penandatangan, nip_konseptor=nip_konseptor,
                      sumber=None,
                      sumber_id=None, tanda_tangan_sendiri=aturan.tanda_tangan_sendiri)
        self.save(surat)
        return surat

    def draft_from_request(self, request: ContractEvent) -> Surat:
        """The draft answering a request of cuti or KGB: exactly one per request event."""
        surat_id = Surat.id_for_request(request.context, request.event_id)
        existing = self.find(surat_id)
        if existing is not None:
            return existing
        konfig = self.katalog.instansi(request.instansi_id)
        if isinstance(request, SuratIzinCutiRequestedV1):
            jenis, sumber_id, signer = "SURAT_IZIN_CUTI", str(request.cuti_id), request.nip_penandatangan
            data: dict[str, Any] = {"jenis_cuti": request.jenis, "mulai": request.mulai.isoformat(),
                                    "selesai": request.selesai.isoformat(),
                                    "hari_kerja": request.hari_kerja, "unit_id": request.unit_id}
        elif isinstance(request, SkKgbRequestedV1):
            jenis, sumber_id, signer = "SK_KGB", str(request.kgb_id), request.nip_penandatangan
            data = {"golongan_ruang": request.golongan_ruang, "mkg_tahun": request.mkg_tahun,
                    "mkg_bulan": request.mkg_bulan, "gaji_lama": request.gaji_lama,
                    "gaji_baru": request.gaji_baru, "dasar_hukum": request.dasar_hukum,
                    "tmt": request.tmt.isoformat(),
                    "kgb_berikutnya": request.kgb_berikutnya.isoformat()
                    if request.kgb_berikutnya else None}
        else:
            raise ValueError(f"surat drafts no letter for {type(request).__name__}")
        aturan = konfig.aturan(jenis)
        signer = signer or aturan.penandatangan
        if signer is None:
            raise KonfigurasiKurang(f"the request names no signer and instansi "
                                    f"{request.instansi_id} configures none for {jenis}")
        assert request.nip is not None
        subject = self.profil(request.nip, self.hari_ini(konfig))
        templat = self.katalog.templat(aturan.templat)
        nama = subject.nama if subject else request.nip
        perihal = fill(templat.perihal or jenis.replace("_", " ").title(),
                       {"nama": nama, "nama_cuti": NAMA_CUTI.get(str(data.get("jenis_cuti")), "cuti")},
                       markup=False)
        surat = Surat(surat_id=surat_id, instansi_id=request.instansi_id, jenis=jenis,
                      nip=request.nip, perihal=perihal, unit_id=aturan.unit,
                      klasifikasi=aturan.klasifikasi, data=data, isi=[], penerima=[request.nip],
                      paraf=list(aturan.paraf), penandatangan=signer, nip_konseptor=None,
                      sumber=request.context, sumber_id=sumber_id,
                      tanda_tangan_sendiri=aturan.tanda_tangan_sendiri)
        try:
            self.save(surat)
        except IntegrityError:  # the same request drafted concurrently: keep the first
            return self.get(surat_id)
        return surat

    # -- paraf chain -----------------------------------------------------------------------------
    def _bukan_diri_sendiri(self, surat: Surat, actor: str, what: str) -> None:
        if surat.nip is not None and actor == surat.nip and not surat.tanda_tangan_sendiri:
            raise TandaTanganSendiri(f"you cannot {what} a letter about yourself; the official "
                                     "above you (or their Plt/Plh) does")

    def paraf(self, surat_id: uuid.UUID, actor: str, catatan: str | None = None) -> Surat:
        surat = self.get(surat_id)
        step = surat.langkah_berikut()
        if step is None:
            raise LangkahTidakSah(f"the letter is {surat.status.value}; no paraf is due")
        self._bukan_diri_sendiri(surat, actor, "initial")
        today = self.hari_ini(self.katalog.instansi(surat.instansi_id))
        definitif, allowed, _ = self.berwenang(surat, surat.paraf[step], today)
        if actor not in allowed:
            later = [n for n, ref in enumerate(surat.paraf[step + 1:], start=step + 2)
                     if actor in self.berwenang(surat, ref, today)[1]]
            if later or actor in self.berwenang(surat, surat.penandatangan, today)[1]:
                raise ParafTidakBerurutan(
                    f"paraf step {step + 1} ({surat.paraf[step]}"
                    f"{', held by ' + definitif if definitif else ''}) comes first; "
                    f"your turn is {'step ' + str(later[0]) if later else 'the signature'}")
            raise BukanGiliran(f"paraf step {step + 1} belongs to {surat.paraf[step]} or the "
                               "Plt/Plh acting for them; you are neither")
        surat.beri_paraf(actor, allowed[actor], catatan)
        self.simpan(surat)
        return surat

    def kembalikan(self, surat_id: uuid.UUID, actor: str, alasan: str) -> Surat:
        surat = self.get(surat_id)
        today = self.hari_ini(self.katalog.instansi(surat.instansi_id))
        may = set(self.berwenang(surat, surat.penandatangan, today)[1])
        step = surat.langkah_berikut()
        if step is not None:
            may |= set(self.berwenang(surat, surat.paraf[step], today)[1])
        if surat.status in (StatusSurat.KONSEP, StatusSurat.SIAP_TTD) and actor not in may:
            raise BukanGiliran("only the official whose paraf is due, or the signer, returns "
                               "the draft")
        surat.kembalikan(actor, alasan)
        self.simpan(surat)
        return surat

    def revisi(self, surat_id: uuid.UUID, actor: str, *, admin: bool, perihal: str,
               isi: list[str], penerima: list[str]) -> Surat:
        surat = self.get(surat_id)
        if surat.nip_konseptor is None and not admin:
            raise Forbidden("a letter drafted from a request is revised by the instansi's admin")
        if surat.nip_konseptor is not None and surat.nip_konseptor != actor:
            raise Forbidden("only the drafter revises the draft")
        surat.revisi(perihal, isi, list(dict.fromkeys(penerima)), actor)
        self.simpan(surat)
        return surat

    # -- signature -------------------------------------------------------------------------------
    def _values(self, surat: Surat, konfig: KonfigurasiInstansi, tanggal: dt.date, nomor: str,
                ttd: Tandatangan) -> dict[str, Any]:
        v: dict[str, Any] = {
            "nomor": nomor, "tanggal": f.tanggal(tanggal), "kota": konfig.kota,
            "perihal": surat.perihal, "perihal_judul": surat.perihal.upper(),
            "klasifikasi": surat.klasifikasi, "instansi_id": surat.instansi_id,
            "penandatangan_nama": ttd.nama, "penandatangan_nip": ttd.nip,
            "penandatangan_pangkat": ttd.pangkat,
            "penandatangan_jabatan": {"PLT": "Plt. ", "PLH": "Plh. "}.get(ttd.sebagai, "") + ttd.jabatan,
        }
        names = []
        for nip in surat.penerima:
            p = self.profil(nip, tanggal)
            names.append(p.nama if p else nip)
        v["kepada"] = ", ".join(names)
        if surat.nip is not None:
            p = self.profil(surat.nip, tanggal)
            if p is None:
                raise DataPegawaiBelumAda(f"profile has not told surat about pegawai {surat.nip} "
                                          "yet; try again in a moment")
            v.update(nama=p.nama, nip=p.nip, pangkat=f.pangkat(p.golongan_ruang),
                     jabatan=p.nama_jabatan or "-",
                     unit_kerja=konfig.nama_unit(surat.data.get("unit_id") or p.unit_id))
        d = surat.data
        if surat.jenis == "SURAT_IZIN_CUTI":
            mulai, selesai = dt.date.fromisoformat(d["mulai"]), dt.date.fromisoformat(d["selesai"])
            nama_cuti = NAMA_CUTI[d["jenis_cuti"]]
            v.update(nama_cuti=nama_cuti, judul_cuti=nama_cuti.upper(), tahun=mulai.year,
                     hari_kerja=d["hari_kerja"], hari_kerja_terbilang=f.terbilang(d["hari_kerja"]),
                     mulai=f.tanggal(mulai), selesai=f.tanggal(selesai))
        elif surat.jenis == "SK_KGB":
            nxt = d.get("kgb_berikutnya")
            v.update(gaji_lama=f.rupiah(d["gaji_lama"]), gaji_baru=f.rupiah(d["gaji_baru"]),
                     gaji_baru_terbilang=f.terbilang(d["gaji_baru"]),
                     golongan_ruang=d["golongan_ruang"], pangkat=f.pangkat(d["golongan_ruang"]),
                     mkg=f"{d['mkg_tahun']} tahun {d['mkg_bulan']} bulan",
                     tmt=f.tanggal(dt.date.fromisoformat(d["tmt"])),
                     kgb_berikutnya=f.tanggal(dt.date.fromisoformat(nxt)) if nxt else "-",
                     dasar_hukum=d["dasar_hukum"])
        return v

    def _naskah(self, surat: Surat, konfig: KonfigurasiInstansi, tanggal: dt.date, nomor: str,
                ttd: Tandatangan) -> Naskah:
        templat = self.katalog.templat(konfig.aturan(surat.jenis).templat)
        return Naskah(konfig, templat, self._values(surat, konfig, tanggal, nomor, ttd),
                      isi=surat.isi, ttd=ttd)

    def pratinjau(self, surat_id: uuid.UUID) -> bytes:
        """The draft as PDF: marked KONSEP, without number or QR code."""
        surat = self.get(surat_id)
        konfig = self.katalog.instansi(surat.instansi_id)
        today = self.hari_ini(konfig)
        definitif, _, jabatan = self.berwenang(surat, surat.penandatangan, today)
        p = self.profil(definitif, today) if definitif else None
        ttd = Tandatangan(jabatan=jabatan or "-", nama=p.nama if p else "-", nip=definitif or "-",
                          pangkat=f.pangkat(p.golongan_ruang) if p else "-")
        return render(self._naskah(surat, konfig, today, "(diberikan saat ditandatangani)", ttd))

    def verifikasi_url(self, surat_id: uuid.UUID) -> str:
        return f"{self.public_base_url}/api/surat/v1/verifikasi/{surat_id}"

    def tandatangani(self, surat_id: uuid.UUID, actor: str, passphrase: str | None = None) -> Surat:
        surat = self.get(surat_id)
        if surat.status is not StatusSurat.SIAP_TTD:
            raise LangkahTidakSah(
                f"the letter is {surat.status.value}; "
                + (f"{len(surat.paraf) - len(surat.paraf_diberikan)} paraf still due"
                   if surat.status is StatusSurat.KONSEP else "it cannot be signed now"))
        self._bukan_diri_sendiri(surat, actor, "sign")
        konfig = self.katalog.instansi(surat.instansi_id)
        today = self.hari_ini(konfig)
        _, allowed, jabatan = self.berwenang(surat, surat.penandatangan, today)
        if actor not in allowed:
            raise BukanGiliran(f"the letter is signed by {surat.penandatangan} or the Plt/Plh "
                               "acting for them; you are neither")
        signer = self.profil(actor, today)
        if signer is None:
            raise DataPegawaiBelumAda("profile has not told surat about you yet")
        sebagai = allowed[actor]
        ttd = Tandatangan(jabatan=(signer.nama_jabatan if sebagai == "DEFINITIF" else jabatan)
                          or "-", nama=signer.nama, nip=actor,
                          pangkat=f.pangkat(signer.golongan_ruang), sebagai=sebagai,
                          verifikasi_url=self.verifikasi_url(surat.id))
        # Check the template can be filled before a number is taken for it.
        self._values(surat, konfig, today, "-", ttd)
        nomor = self.penomoran.ambil(instansi_id=surat.instansi_id, unit=surat.unit_id,
                                     klasifikasi=surat.klasifikasi, format=konfig.format_nomor,
                                     tanggal=today, pemegang=str(surat.id),
                                     keterangan=surat.perihal[:255])
        pdf = render(self._naskah(surat, konfig, today, nomor.nomor, ttd))
        signed = self.penandatangan.tandatangani(
            pdf, Pejabat(actor, signer.nama, surat.instansi_id), passphrase=passphrase,
            alasan=f"Penandatanganan surat nomor {nomor.nomor}", lokasi=konfig.kota or surat.instansi_id)
        stored = self.objects.put(signed, declared_type=PDF, allowed=frozenset({PDF}),
                                  max_bytes=self.max_pdf_bytes)
        surat.tandatangani(nomor=nomor.nomor, nip_penandatangan=actor, sebagai=sebagai,
                           sha256=stored.sha256, ditandatangani_pada=dt.datetime.now(dt.UTC),
                           nama_penandatangan=signer.nama, jabatan_penandatangan=ttd.jabatan)
        surat.kirim()  # a signed letter goes to its recipients' inboxes at once
        self.simpan(surat)
        return surat

    def pdf(self, surat: Surat) -> bytes:
        if surat.status not in SIGNED or surat.sha256 is None:
            raise LangkahTidakSah("the letter is not signed yet; see its preview instead")
        return self.objects.get(surat.sha256)

    def arsipkan(self, surat_id: uuid.UUID, actor: str | None) -> Surat:
        surat = self.get(surat_id)
        surat.arsipkan(actor)
        self.simpan(surat)
        return surat

    # -- numbers outside the workflow ------------------------------------------------------------
    def ambil_nomor(self, *, instansi_id: str, unit: str, klasifikasi: str,
                    keterangan: str) -> Nomor:
        """A number for a letter made outside SIMPEG (kept in the same register and series)."""
        konfig = self.katalog.instansi(instansi_id)
        return self.penomoran.ambil(instansi_id=instansi_id, unit=unit, klasifikasi=klasifikasi,
                                    format=konfig.format_nomor, tanggal=self.hari_ini(konfig),
                                    pemegang=f"reservasi:{uuid.uuid4()}", keterangan=keterangan)

    # -- public verification ---------------------------------------------------------------------
    def verifikasi(self, surat_id: uuid.UUID, berkas: bytes | None = None) -> dict[str, Any]:
        surat = self.find(surat_id)
        if surat is None or surat.status not in SIGNED:
            raise SuratTidakDitemukan("no signed letter has this id")
        assert surat.sha256 is not None and surat.tanda_tangan is not None
        if berkas is None:
            try:
                berkas = self.objects.get(surat.sha256)
                sumber = "TERSIMPAN"
            except ObjectNotFound:
                berkas, sumber = None, "TERSIMPAN"
        else:
            sumber = "UNGGAHAN"
        digest = hashlib.sha256(berkas).hexdigest() if berkas is not None else None
        hasil = validasi(berkas, self.penandatangan.trust_roots()) if berkas is not None else None
        ttd = surat.tanda_tangan
        pada = ttd["pada"]
        pada = pada if isinstance(pada, dt.datetime) else dt.datetime.fromisoformat(pada)
        zone = self.katalog.instansi(surat.instansi_id).zone
        lokal = pada.astimezone(zone)
        zona = ZONA.get(zone.key, lokal.strftime("%Z"))
        return {
            "surat_id": surat.id, "nomor": surat.nomor, "jenis": surat.jenis,
            "instansi_id": surat.instansi_id, "status": surat.status.value,
            "penandatangan": {"nama": ttd["nama"], "nip": ttd["nip"], "jabatan": ttd["jabatan"],
                              "sebagai": ttd["sebagai"]},
            "ditandatangani_pada": pada,
            "waktu_setempat": f"{f.tanggal(lokal.date())} {lokal:%H:%M} {zona}",
            "sha256_tercatat": surat.sha256,
            "berkas": {"sumber": sumber, "ada": berkas is not None, "sha256": digest,
                       "hash_cocok": digest == surat.sha256,
                       "tanda_tangan": asdict(hasil) if hasil else None},
            "sah": digest == surat.sha256 and bool(hasil and hasil.valid),
        }
