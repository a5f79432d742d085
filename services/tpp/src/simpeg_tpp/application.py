"""Use cases of the TPP context: simulate, calculate a month from the facts, close it, slip,
objections, what-if under another rule set.

A month is provisional — computed on read from the facts the consumers keep — until the admin
closes it for the instansi. Closing fixes every pegawai's result in a ``TppBulanan`` aggregate
(``TppCalculatedV1``) and re-checks the already closed months whose facts changed since; a
difference becomes a correction paid in this payroll (``TppCorrectedV1``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

import structlog
from eventsourcing.persistence import IntegrityError
from sqlalchemy import select

from simpeg_shared.errors import Conflict, DomainError, Forbidden, NotFound
from simpeg_shared.persistence import SimpegApplication
from simpeg_shared.projection import ProjectionStore
from simpeg_tpp.domain.aturan import KODE_POTONGAN, AturanTpp, aturan, aturan_pada
from simpeg_tpp.domain.bulanan import PenandaBulan, PenutupanInstansi, TppBulanan
from simpeg_tpp.domain.hitung import Hasil, Kejadian, hitung, kejadian_hari
from simpeg_tpp.projections import fakta as fk

log = structlog.get_logger("simpeg.tpp")

#: Aggregates saved per transaction when a month is closed (a province closes ~100,000).
#: eventsourcing's PostgreSQL recorder sends a save through one psycopg pipeline; with a few
#: thousand of these events (a few MB) client and server both wait on full buffers and the
#: save never returns, so keep a batch well below that.
BATCH = 500


class PegawaiTidakDikenal(NotFound):
    code = "pegawai-tidak-dikenal"
    title = "Pegawai not known to TPP"


class BulanBelumDitutup(Conflict):
    code = "bulan-belum-ditutup"
    title = "The month is not closed"


class LangkahTidakSah(Conflict):
    code = "langkah-tidak-sah"
    title = "That step is not possible now"


class KeberatanTidakDitemukan(NotFound):
    code = "keberatan-tidak-ditemukan"
    title = "Objection not found"


def teks_bulan(tahun: int, bulan: int) -> str:
    return f"{tahun:04d}-{bulan:02d}"


def bulan_berikut(tahun: int, bulan: int) -> tuple[int, int]:
    return (tahun + 1, 1) if bulan == 12 else (tahun, bulan + 1)


# -- from facts to a result ------------------------------------------------------------------------

def masukan_dari(f: fk.FaktaBulan) -> dict[str, Any]:
    """The inputs of one pegawai-month, recorded with a closed month so that it can be recomputed
    exactly, or under another rule set (what-if)."""
    return {
        "unit_id": f.unit_id,
        "jabatan": f.jabatan,
        "status": list(f.status),
        "cuti": list(f.cuti),
        "hari": [{"tanggal": h["tanggal"].isoformat() if isinstance(h["tanggal"], dt.date) else h["tanggal"],
                  "status": h["status"], "tl": h["tl"], "psw": h["psw"], "event_id": h["event_id"],
                  "checkin_ids": list(h.get("checkin_ids", []))}
                 for h in f.hari],
        "jumlah_hari": f.jumlah_hari,
        "penilaian": f.penilaian,
        "penanda": [],
        "pengecualian": [],
    }


def dikecualikan(masukan: dict[str, Any]) -> dict[str, str]:
    """Days whose cuts do not apply, and why: approved leave covers them, or an accepted
    objection waived them."""
    out: dict[str, str] = {}
    for c in masukan["cuti"]:
        d, end = dt.date.fromisoformat(c["mulai"]), dt.date.fromisoformat(c["selesai"])
        while d <= end:
            out[d.isoformat()] = f"CUTI:{c['cuti_id']}"
            d += dt.timedelta(days=1)
    for tanggal in masukan.get("pengecualian", []):
        out.setdefault(tanggal, "KEBERATAN")
    return out


def hitung_masukan(masukan: dict[str, Any], a: AturanTpp) -> Hasil:
    jabatan = masukan["jabatan"] or {}
    basis = a.basis(jabatan.get("kelas_jabatan"), jabatan.get("jabatan_id"))
    bebas = dikecualikan(masukan)
    kejadian: list[Kejadian] = []
    for h in masukan["hari"]:
        if h["tanggal"] in bebas:
            continue
        kejadian.extend(kejadian_hari(h["status"], h["tl"], h["psw"],
                                      dt.date.fromisoformat(h["tanggal"]), h["event_id"],
                                      tuple(h.get("checkin_ids", ()))))
    alasan = [f"STATUS:{s}" for s in masukan["status"] if s in a.tidak_dibayar.status]
    alasan += sorted({f"CUTI:{c['jenis']}" for c in masukan["cuti"] if c["jenis"] in a.tidak_dibayar.cuti})
    alasan += [f"PENANDA:{p}" for p in masukan.get("penanda", []) if p in a.tidak_dibayar.penanda]
    penilaian = masukan["penilaian"]
    return hitung(a, basis, kejadian, penilaian["predikat"] if penilaian else None, alasan)


def sama(x: dict[str, Any], y: dict[str, Any]) -> bool:
    keys = ("disiplin", "kinerja", "total", "tidak_dibayar")
    return all(x[k] == y[k] for k in keys)


class TppApplication(SimpegApplication):
    name = "tpp"

    def __init__(self, database_url: str, fakta: ProjectionStore, penggajian: ProjectionStore,
                 **env: str) -> None:
        super().__init__(database_url, **env)
        self.fakta = fakta
        self.penggajian = penggajian

    def nama(self, nips: Any) -> dict[str, str]:
        wanted = list(nips)

        def q(conn: Any, t: dict[str, Any]) -> dict[str, str]:
            p = t["pegawai"]
            return {r.nip: r.nama for r in conn.execute(select(p.c.nip, p.c.nama).where(p.c.nip.in_(wanted)))}

        return self.fakta.read(q) if wanted else {}

    # -- simulation ------------------------------------------------------------------------------
    def simulasi(self, kode: str, kehadiran: dict[str, int], predikat: str | None,
                 tpp_basis: int | None = None, kelas_jabatan: int | None = None,
                 jabatan_id: str | None = None) -> Hasil:
        a = aturan(kode)
        unknown = set(kehadiran) - set(KODE_POTONGAN)
        if unknown:
            raise DomainError(f"kehadiran counts only {', '.join(KODE_POTONGAN)}; not "
                              f"{', '.join(sorted(unknown))}", field="body.kehadiran")
        if (tpp_basis is None) == (kelas_jabatan is None and jabatan_id is None):
            raise DomainError("give either tpp_basis or kelas_jabatan (optionally jabatan_id)",
                              field="body.tpp_basis")
        basis = tpp_basis if tpp_basis is not None else a.basis(kelas_jabatan, jabatan_id)
        kejadian = [Kejadian(kode_) for kode_ in KODE_POTONGAN for _ in range(kehadiran.get(kode_, 0))]
        return hitung(a, basis, kejadian, predikat)

    # -- who ------------------------------------------------------------------------------------
    def pegawai(self, nip: str) -> dict[str, Any]:
        def q(conn: Any, t: dict[str, Any]) -> Any:
            return conn.execute(t["pegawai"].select().where(t["pegawai"].c.nip == nip)).first()

        row = self.fakta.read(q)
        if row is None:
            raise PegawaiTidakDikenal(f"pegawai {nip} is not known to TPP (not registered in profile)")
        return {"nip": row.nip, "instansi_id": row.instansi_id, "unit_id": row.unit_id, "nama": row.nama}

    def kalender(self, instansi_id: str) -> PenutupanInstansi | None:
        return self.find(PenutupanInstansi.create_id(instansi_id))

    def penanda(self, instansi_id: str, tahun: int, bulan: int) -> PenandaBulan | None:
        return self.find(PenandaBulan.create_id(instansi_id, tahun, bulan))

    def _masukan_kini(self, f: fk.FaktaBulan, tahun: int, bulan: int,
                      closed: TppBulanan | None, penanda: PenandaBulan | None) -> dict[str, Any]:
        """The inputs of a pegawai-month as TPP knows them now: the facts, the admin's flags and
        the days waived by accepted objections."""
        masukan = masukan_dari(f)
        masukan["penanda"] = penanda.dari(f.nip) if penanda else []
        masukan["pengecualian"] = list(closed.pengecualian) if closed else []
        return masukan

    # -- one pegawai's month -----------------------------------------------------------------------
    def sementara(self, nip: str, tahun: int, bulan: int) -> tuple[dict[str, Any], Hasil, AturanTpp]:
        facts = self.fakta.read(lambda conn, t: fk.fakta_bulan(conn, t, tahun, bulan, nips=[nip]))
        if nip not in facts:
            raise PegawaiTidakDikenal(f"pegawai {nip} is not known to TPP (not registered in profile)")
        a = aturan_pada(fk.awal_akhir(tahun, bulan)[1])
        f = facts[nip]
        masukan = self._masukan_kini(f, tahun, bulan, None, self.penanda(f.instansi_id, tahun, bulan))
        return masukan, hitung_masukan(masukan, a), a

    def slip(self, nip: str, tahun: int, bulan: int) -> dict[str, Any]:
        closed = self.find(TppBulanan.create_id(nip, tahun, bulan))
        if closed is None:
            masukan, hasil, a = self.sementara(nip, tahun, bulan)
            return _slip(nip, tahun, bulan, "SEMENTARA", masukan, hasil.as_dict(), a, [], [])
        a = aturan(closed.hasil["aturan"])
        return _slip(nip, tahun, bulan, "DITETAPKAN", closed.masukan_berlaku, closed.berlaku, a,
                     [_koreksi_out(k) for k in closed.koreksi], list(closed.keberatan.values()),
                     ditetapkan=closed.hasil)

    # -- closing ---------------------------------------------------------------------------------
    def tutup_bulan(self, instansi_id: str, tahun: int, bulan: int, nip_admin: str,
                    hari_ini: dt.date | None = None) -> dict[str, Any]:
        _, akhir = fk.awal_akhir(tahun, bulan)
        if akhir >= (hari_ini or dt.date.today()):
            raise LangkahTidakSah(f"{teks_bulan(tahun, bulan)} has not ended; close it after "
                                  f"{akhir.isoformat()}")
        kal = self.kalender(instansi_id) or PenutupanInstansi(instansi_id=instansi_id)
        if kal.sudah_ditutup(tahun, bulan):
            raise LangkahTidakSah(f"{teks_bulan(tahun, bulan)} is already closed for {instansi_id}; "
                                  "later facts become corrections in the next payroll")
        a = aturan_pada(akhir)
        # Marks first, facts second: a fact arriving in between renews its mark and is
        # re-checked at the next closing (ADR 0019).
        marks = self.fakta.read(lambda conn, t: fk.tanda_sebelum(conn, t, instansi_id, tahun, bulan))
        facts = self.fakta.read(lambda conn, t: fk.fakta_bulan(conn, t, tahun, bulan,
                                                               instansi_id=instansi_id))
        flags = self.penanda(instansi_id, tahun, bulan)
        tidak_dihitung: list[dict[str, str]] = []
        jumlah_total = 0
        batch: list[TppBulanan] = []
        for nip, f in facts.items():
            masukan = self._masukan_kini(f, tahun, bulan, None, flags)
            try:
                hasil = hitung_masukan(masukan, a)
            except DomainError as exc:
                tidak_dihitung.append({"nip": nip, "alasan": exc.message})
                continue
            jumlah_total += hasil.total
            batch.append(TppBulanan(nip=nip, instansi_id=instansi_id, unit_id=f.unit_id,
                                    tahun=tahun, bulan=bulan, masukan=masukan,
                                    hasil=hasil.as_dict()))
            if len(batch) >= BATCH:
                self._save_new(batch)
                batch = []
        self._save_new(batch)
        koreksi = self._koreksi_fakta_baru(marks, tahun, bulan)
        kal.tutup(tahun=tahun, bulan=bulan, aturan=a.versi_lengkap,
                  jumlah_pegawai=len(facts) - len(tidak_dihitung), jumlah_total=jumlah_total,
                  jumlah_koreksi=len(koreksi), nip_admin=nip_admin)
        self._save_or_conflict(kal)
        # the generation first: on SQLite every transaction takes the write lock, so a read
        # opened inside this one would wait for it (30 s, then a 500 after the month closed)
        gen = self.fakta.current_generation()
        with self.fakta.engine.begin() as conn:
            fk.hapus_tanda(conn, self.fakta.tables(gen), marks)
        log.info("tpp.bulan_ditutup", instansi=instansi_id, bulan=teks_bulan(tahun, bulan),
                 pegawai=len(facts) - len(tidak_dihitung), koreksi=len(koreksi))
        return {"instansi_id": instansi_id, "bulan": teks_bulan(tahun, bulan),
                "aturan": a.versi_lengkap, "jumlah_pegawai": len(facts) - len(tidak_dihitung),
                "jumlah_total": jumlah_total, "koreksi": koreksi, "tidak_dihitung": tidak_dihitung}

    def _save_new(self, batch: list[TppBulanan]) -> None:
        if not batch:
            return
        try:
            self.save(*batch)
        except IntegrityError:
            # A closing that stopped half-way is being resumed: keep what was fixed then.
            fresh = [b for b in batch if self.find(b.id) is None]
            if fresh:
                self.save(*fresh)

    def _koreksi_fakta_baru(self, marks: list[tuple[str, int, int, str]], tahun: int,
                            bulan: int) -> list[dict[str, Any]]:
        """Re-check the closed months whose facts changed; a difference is paid now."""
        per_bulan: dict[tuple[int, int], list[str]] = defaultdict(list)
        for nip, y, m, _ in marks:
            if (y, m) < (tahun, bulan):
                per_bulan[(y, m)].append(nip)
        out: list[dict[str, Any]] = []
        for (y, m), nips in sorted(per_bulan.items()):
            facts = self.fakta.read(lambda conn, t: fk.fakta_bulan(conn, t, y, m, nips=nips))
            changed = []
            flags: dict[str, PenandaBulan | None] = {}
            for nip in nips:
                closed = self.find(TppBulanan.create_id(nip, y, m))
                if closed is None or nip not in facts:
                    continue
                if closed.instansi_id not in flags:
                    flags[closed.instansi_id] = self.penanda(closed.instansi_id, y, m)
                masukan = self._masukan_kini(facts[nip], y, m, closed, flags[closed.instansi_id])
                try:
                    hasil = hitung_masukan(masukan, aturan(closed.hasil["aturan"])).as_dict()
                except DomainError:
                    continue  # e.g. the kelas jabatan vanished: the paid result stands
                if sama(hasil, closed.berlaku):
                    continue
                closed.koreksikan(masukan=masukan, hasil=hasil, dibayar_tahun=tahun,
                                  dibayar_bulan=bulan, sebab="FAKTA_BARU", keberatan_id=None)
                changed.append(closed)
                out.append({"nip": nip, "bulan": teks_bulan(y, m),
                            "selisih": closed.koreksi[-1]["selisih"]})
            if changed:
                self._save_or_conflict(*changed)
        return out

    # -- objections ------------------------------------------------------------------------------
    def _closed(self, nip: str, tahun: int, bulan: int) -> TppBulanan:
        closed = self.find(TppBulanan.create_id(nip, tahun, bulan))
        if closed is None:
            raise BulanBelumDitutup(f"{teks_bulan(tahun, bulan)} of {nip} is not closed yet; the "
                                    "provisional slip can still change, object once it is closed")
        return closed

    def ajukan_keberatan(self, nip: str, tahun: int, bulan: int, alasan: str,
                         tanggal: list[dt.date]) -> dict[str, Any]:
        closed = self._closed(nip, tahun, bulan)
        awal, akhir = fk.awal_akhir(tahun, bulan)
        for n, d in enumerate(tanggal):
            if not awal <= d <= akhir:
                raise DomainError(f"{d.isoformat()} is not in {teks_bulan(tahun, bulan)}",
                                  field=f"body.tanggal.{n}")
        if closed.keberatan_terbuka() is not None:
            raise LangkahTidakSah("an objection to this month is already waiting for a decision")
        kid = str(uuid.uuid4())
        closed.ajukan_keberatan(keberatan_id=kid, alasan=alasan,
                                tanggal=sorted({d.isoformat() for d in tanggal}))
        self._save_or_conflict(closed)
        return closed.keberatan[kid]

    def putuskan_keberatan(self, nip: str, tahun: int, bulan: int, keberatan_id: str,
                           keputusan: str, tanggal_dikecualikan: list[dt.date], catatan: str,
                           nip_admin: str) -> dict[str, Any]:
        closed = self._closed(nip, tahun, bulan)
        k = closed.keberatan.get(keberatan_id)
        if k is None:
            raise KeberatanTidakDitemukan(f"no objection {keberatan_id} on {teks_bulan(tahun, bulan)} of {nip}")
        if k["keputusan"] is not None:
            raise LangkahTidakSah(f"the objection was already decided ({k['keputusan']})")
        if nip_admin == nip:
            raise Forbidden("nobody decides their own objection")
        awal, akhir = fk.awal_akhir(tahun, bulan)
        for n, d in enumerate(tanggal_dikecualikan):
            if not awal <= d <= akhir:
                raise DomainError(f"{d.isoformat()} is not in {teks_bulan(tahun, bulan)}",
                                  field=f"body.tanggal_dikecualikan.{n}")
        if keputusan == "DITOLAK" and tanggal_dikecualikan:
            raise DomainError("a rejected objection waives no day", field="body.tanggal_dikecualikan")
        if keputusan == "DITERIMA" and not tanggal_dikecualikan:
            raise DomainError("name the days whose cuts are waived", field="body.tanggal_dikecualikan")
        closed.putuskan_keberatan(keberatan_id=keberatan_id, keputusan=keputusan,
                                  tanggal_dikecualikan=sorted({d.isoformat() for d in tanggal_dikecualikan}),
                                  catatan=catatan, nip_pemutus=nip_admin)
        if keputusan == "DITERIMA":
            self._hitung_ulang(closed, "KEBERATAN", keberatan_id)
        self._save_or_conflict(closed)
        return {"keberatan": closed.keberatan[keberatan_id],
                "koreksi": _koreksi_out(closed.koreksi[-1]) if keputusan == "DITERIMA" and closed.koreksi
                and closed.koreksi[-1]["keberatan_id"] == keberatan_id else None}

    def _hitung_ulang(self, closed: TppBulanan, sebab: str, keberatan_id: str | None) -> None:
        """Recalculate a closed month now (current facts, flags, waived days, the month's own
        rule set); a difference is a correction paid after the instansi's last closed month."""
        y, m = closed.tahun, closed.bulan
        facts = self.fakta.read(lambda conn, t: fk.fakta_bulan(conn, t, y, m, nips=[closed.nip]))
        if closed.nip in facts:
            masukan = self._masukan_kini(facts[closed.nip], y, m, closed,
                                         self.penanda(closed.instansi_id, y, m))
        else:
            masukan = dict(closed.masukan_berlaku, pengecualian=list(closed.pengecualian))
        hasil = hitung_masukan(masukan, aturan(closed.hasil["aturan"])).as_dict()
        if sama(hasil, closed.berlaku):
            return
        kal = self.kalender(closed.instansi_id)
        last = kal.terakhir() if kal else None
        py, pm = bulan_berikut(*max(last or (y, m), (y, m)))
        closed.koreksikan(masukan=masukan, hasil=hasil, dibayar_tahun=py, dibayar_bulan=pm,
                          sebab=sebab, keberatan_id=keberatan_id)

    def _save_or_conflict(self, *aggregates: Any) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            raise LangkahTidakSah("someone changed this at the same moment; read it again and "
                                  "retry") from None

    # -- flags (sanction, late LHKPN/LHKASN) -------------------------------------------------------
    def tandai(self, nip: str, tahun: int, bulan: int, jenis: str, aktif: bool, keterangan: str,
               nip_admin: str) -> dict[str, Any]:
        pegawai = self.pegawai(nip)
        a = aturan_pada(fk.awal_akhir(tahun, bulan)[1])
        if jenis not in a.tidak_dibayar.penanda:
            raise DomainError(f"rule set {a.kode} knows the flags {', '.join(a.tidak_dibayar.penanda)}; "
                              f"not {jenis!r}", field="body.jenis")
        closed = self.find(TppBulanan.create_id(nip, tahun, bulan))
        instansi = closed.instansi_id if closed else pegawai["instansi_id"]
        flags = self.penanda(instansi, tahun, bulan) or PenandaBulan(instansi_id=instansi,
                                                                     tahun=tahun, bulan=bulan)
        if (jenis in flags.dari(nip)) == aktif:
            raise LangkahTidakSah(f"{jenis} is already {'set' if aktif else 'not set'} for "
                                  f"{teks_bulan(tahun, bulan)}")
        (flags.tandai if aktif else flags.cabut)(nip=nip, jenis=jenis, keterangan=keterangan,
                                                 nip_admin=nip_admin)
        self._save_or_conflict(flags)
        if closed is not None:
            self._hitung_ulang(closed, "FAKTA_BARU", None)
            self._save_or_conflict(closed)
        return {"nip": nip, "bulan": teks_bulan(tahun, bulan), "penanda": flags.dari(nip),
                "koreksi": _koreksi_out(closed.koreksi[-1]) if closed and closed.koreksi else None}

    # -- what-if ---------------------------------------------------------------------------------
    def whatif(self, nip: str, tahun: int, bulan: int, kode: str) -> dict[str, Any]:
        """A closed month recomputed from its recorded inputs under another rule set, side by
        side; nothing is stored."""
        closed = self._closed(nip, tahun, bulan)
        lain = aturan(kode)
        masukan = dict(closed.masukan_berlaku, pengecualian=list(closed.pengecualian))
        hasil = hitung_masukan(masukan, lain).as_dict()
        return {"nip": nip, "bulan": teks_bulan(tahun, bulan), "ditetapkan": closed.berlaku,
                "simulasi": hasil, "selisih": hasil["total"] - closed.berlaku["total"]}

    def whatif_instansi(self, instansi_id: str, nips: list[str], tahun: int, bulan: int,
                        kode: str) -> dict[str, Any]:
        lain = aturan(kode)
        rows, dipakai = [], set()
        for nip in nips:
            closed = self.find(TppBulanan.create_id(nip, tahun, bulan))
            if closed is None or closed.instansi_id != instansi_id:
                continue
            masukan = dict(closed.masukan_berlaku, pengecualian=list(closed.pengecualian))
            try:
                simulasi = hitung_masukan(masukan, lain).total
            except DomainError:
                simulasi = None
            dipakai.add(closed.berlaku["aturan"])
            rows.append({"nip": nip, "ditetapkan": closed.berlaku["total"], "simulasi": simulasi})
        return {"instansi_id": instansi_id, "bulan": teks_bulan(tahun, bulan),
                "aturan_ditetapkan": sorted(dipakai),
                "aturan_simulasi": lain.versi_lengkap,
                "jumlah_ditetapkan": sum(r["ditetapkan"] for r in rows),
                "jumlah_simulasi": sum(r["simulasi"] or 0 for r in rows), "pegawai": rows}


def _koreksi_out(k: dict[str, Any]) -> dict[str, Any]:
    return {"koreksi_ke": k["koreksi_ke"], "total": k["hasil"]["total"],
            "total_sebelumnya": k["total_sebelumnya"], "selisih": k["selisih"],
            "dibayar": teks_bulan(k["dibayar_tahun"], k["dibayar_bulan"]), "sebab": k["sebab"],
            "keberatan_id": k["keberatan_id"]}


def _slip(nip: str, tahun: int, bulan: int, status: str, masukan: dict[str, Any],
          hasil: dict[str, Any], a: AturanTpp, koreksi: list[dict[str, Any]],
          keberatan: list[dict[str, Any]], ditetapkan: dict[str, Any] | None = None) -> dict[str, Any]:
    bebas = dikecualikan(masukan)
    return {
        "nip": nip, "bulan": teks_bulan(tahun, bulan), "status": status,
        "aturan": {"versi": hasil["aturan"], "kode": a.kode, "berlaku_mulai": a.berlaku_mulai.isoformat(),
                   "dasar_hukum": a.dasar_hukum},
        "unit_id": masukan["unit_id"], "jabatan": masukan["jabatan"],
        "basis": hasil["basis"], "disiplin": hasil["disiplin"], "kinerja": hasil["kinerja"],
        "total": hasil["total"], "potongan": hasil["potongan"], "rincian_potongan": hasil["rincian"],
        "potongan_rupiah": hasil["potongan_rupiah"], "potongan_dibatasi": hasil["potongan_dibatasi"],
        "penilaian": masukan["penilaian"], "predikat": hasil["predikat"],
        "faktor_kinerja_persen": hasil["faktor_kinerja_persen"],
        "tidak_dibayar": hasil["tidak_dibayar"],
        "hari_tanpa_potongan": [{"tanggal": d, "sebab": s} for d, s in sorted(bebas.items())
                                if any(h["tanggal"] == d for h in masukan["hari"])],
        "jumlah_hari_tercatat": masukan.get("jumlah_hari", 0),
        # approved leave of the month, also days not closed yet: no cut will apply to them
        "cuti": [{"cuti_id": c["cuti_id"], "jenis": c["jenis"], "mulai": c["mulai"],
                  "selesai": c["selesai"]} for c in masukan.get("cuti", [])],
        "ditetapkan": ({"disiplin": ditetapkan["disiplin"], "kinerja": ditetapkan["kinerja"],
                        "total": ditetapkan["total"]} if ditetapkan else None),
        "koreksi": koreksi, "keberatan": keberatan,
    }
