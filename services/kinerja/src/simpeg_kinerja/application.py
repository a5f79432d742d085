"""Use cases of the kinerja context. Who may agree or rate is decided from the hierarchy kinerja
keeps from profile's events (atasan langsung, Plt/Plh); nobody rates themselves."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any


from simpeg_kinerja.domain.penilaian import (
    BERAKHLAK,
    PenilaianPeriodik,
    PenilaianTahunan,
    StatusPenilaian,
)
from simpeg_kinerja.domain.predikat import Rating, aturan_pada
from simpeg_kinerja.domain.skp import Skp, StatusSkp
from simpeg_kinerja.projections import hierarki as h
from simpeg_kinerja.projections.penilaian import menunggu
from simpeg_shared.errors import Conflict, DomainError, Forbidden, NotFound
from simpeg_shared.persistence import SimpegApplication
from simpeg_shared.projection import ProjectionStore


class TidakDikenal(NotFound):
    code = "pegawai-tidak-dikenal"
    title = "Pegawai not known to kinerja"


class SkpTidakDitemukan(NotFound):
    code = "skp-tidak-ditemukan"
    title = "SKP not found"


class PenilaianTidakDitemukan(NotFound):
    code = "penilaian-tidak-ditemukan"
    title = "Evaluation not found"


class BukanPenilai(Forbidden):
    code = "bukan-penilai"
    title = "Only the atasan (or their Plt/Plh) rates, and nobody rates themselves"


class LangkahTidakSah(Conflict):
    code = "langkah-tidak-sah"
    title = "That step is not possible now"


def akhir_periode(tahun: int, bulan: int | None = None) -> dt.date:
    if bulan is None:
        return dt.date(tahun, 12, 31)
    return dt.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


class KinerjaApplication(SimpegApplication):
    name = "kinerja"

    def __init__(self, database_url: str, hierarki: ProjectionStore, status: ProjectionStore,
                 **env: str) -> None:
        super().__init__(database_url, **env)
        self.hierarki = hierarki
        self.status = status

    # -- hierarchy ---------------------------------------------------------------------------
    def instansi_of(self, nip: str) -> str:
        instansi = self.hierarki.read(lambda conn, t: h.instansi_of(conn, t, nip))
        if instansi is None:
            raise TidakDikenal(f"pegawai {nip} is not known to kinerja (not registered in profile)")
        return instansi

    def check_penilai(self, nip: str, periode: dt.date, actor: str) -> None:
        today = dt.date.today()
        atasan, allowed = self.hierarki.read(
            lambda conn, t: h.penilai_sah(conn, t, nip, min(periode, today), today))
        if actor == nip:
            raise BukanPenilai("you cannot agree or rate your own SKP or performance")
        if atasan is None:
            raise BukanPenilai(f"pegawai {nip} has no atasan langsung recorded for "
                               f"{periode.isoformat()}; record it in profile first")
        if actor not in allowed:
            raise BukanPenilai(f"only {nip}'s atasan ({atasan}) or the Plt/Plh acting for them "
                               "may do this")

    # -- SKP -----------------------------------------------------------------------------------
    def draft_skp(self, nip: str, tahun: int, items: list[dict[str, Any]]) -> Skp:
        instansi = self.instansi_of(nip)
        self._check_items(nip, tahun, items)
        skp = self.find(Skp.create_id(nip, tahun))
        if skp is None:
            skp = Skp(nip=nip, tahun=tahun, instansi_id=instansi, items=items)
        elif skp.status is StatusSkp.DRAFT:
            skp.revise(items=items)
        else:
            raise LangkahTidakSah(f"the SKP {tahun} of {nip} is already agreed")
        self.save(skp)
        return skp

    def agree_skp(self, nip: str, tahun: int, actor: str) -> Skp:
        skp = self.get_skp(nip, tahun)
        self.check_penilai(nip, akhir_periode(tahun), actor)
        if skp.status is not StatusSkp.DRAFT:
            raise LangkahTidakSah(f"the SKP {tahun} of {nip} is already agreed")
        skp.agree(nip_penyetuju=actor)
        self.save(skp)
        return skp

    def get_skp(self, nip: str, tahun: int) -> Skp:
        skp = self.find(Skp.create_id(nip, tahun))
        if skp is None:
            raise SkpTidakDitemukan(f"no SKP {tahun} for {nip}")
        return skp

    def _check_items(self, nip: str, tahun: int, items: list[dict[str, Any]]) -> None:
        ids = [i["item_id"] for i in items]
        if len(set(ids)) != len(ids):
            raise DomainError("item_id must be unique within an SKP", field="body.items")
        supported = [(n, i["mendukung_item_id"]) for n, i in enumerate(items) if i.get("mendukung_item_id")]
        if not supported:
            return
        atasan = self.hierarki.read(lambda conn, t: h.atasan_of(conn, t, nip, akhir_periode(tahun)))
        atasan_skp = self.find(Skp.create_id(atasan, tahun)) if atasan else None
        known = atasan_skp.item_ids() if atasan_skp and atasan_skp.status is StatusSkp.DISETUJUI else set()
        for n, ref in supported:
            if ref not in known:
                raise DomainError(f"{ref!r} is not an item of the atasan's agreed SKP {tahun}",
                                  field=f"body.items.{n}.mendukung_item_id")

    # -- monthly realisation and evaluation -----------------------------------------------------
    def submit_realisasi(self, nip: str, tahun: int, bulan: int,
                         realisasi: list[dict[str, Any]]) -> PenilaianPeriodik:
        skp = self.get_skp(nip, tahun)
        if skp.status is not StatusSkp.DISETUJUI:
            raise LangkahTidakSah(f"the SKP {tahun} must be agreed before reporting realisation")
        if dt.date(tahun, bulan, 1) > dt.date.today():
            raise DomainError(f"{tahun}-{bulan:02d} has not started", field="path.bulan")
        for n, r in enumerate(realisasi):
            if r["item_id"] not in skp.item_ids():
                raise DomainError(f"{r['item_id']!r} is not an item of the SKP {tahun}",
                                  field=f"body.realisasi.{n}.item_id")
        penilaian = self.find(PenilaianPeriodik.create_id(nip, tahun, bulan))
        if penilaian is None:
            penilaian = PenilaianPeriodik(nip=nip, instansi_id=skp.instansi_id, tahun=tahun,
                                          bulan=bulan, realisasi=realisasi)
        elif penilaian.status is StatusPenilaian.REALISASI:
            penilaian.revise_realisasi(realisasi=realisasi)
        else:
            raise LangkahTidakSah(f"{tahun}-{bulan:02d} is already rated; ask the atasan")
        self.save(penilaian)
        return penilaian

    def get_penilaian(self, nip: str, tahun: int, bulan: int) -> PenilaianPeriodik:
        penilaian = self.find(PenilaianPeriodik.create_id(nip, tahun, bulan))
        if penilaian is None:
            raise PenilaianTidakDitemukan(f"no realisation of {nip} for {tahun}-{bulan:02d}")
        return penilaian

    def rate(self, nip: str, tahun: int, bulan: int, actor: str, hasil: Rating, perilaku: Rating,
             perilaku_rinci: dict[str, Rating], umpan_balik: str | None) -> PenilaianPeriodik:
        penilaian = self.get_penilaian(nip, tahun, bulan)
        self.check_penilai(nip, akhir_periode(tahun, bulan), actor)
        if penilaian.status is StatusPenilaian.FINAL:
            raise LangkahTidakSah("the evaluation is final; correct it instead")
        penilaian.rate(hasil=hasil.value, perilaku=perilaku.value,
                       perilaku_rinci=_rinci(perilaku_rinci), umpan_balik=umpan_balik,
                       nip_penilai=actor)
        self.save(penilaian)
        return penilaian

    def finalize(self, nip: str, tahun: int, bulan: int, actor: str) -> PenilaianPeriodik:
        penilaian = self.get_penilaian(nip, tahun, bulan)
        self.check_penilai(nip, akhir_periode(tahun, bulan), actor)
        if penilaian.status is not StatusPenilaian.DINILAI:
            raise LangkahTidakSah(f"the evaluation is {penilaian.status.value}; rate it first"
                                  if penilaian.status is StatusPenilaian.REALISASI
                                  else "the evaluation is already final")
        assert penilaian.rating is not None
        aturan = aturan_pada(akhir_periode(tahun, bulan))
        predikat = aturan.predikat(Rating(penilaian.rating["hasil"]), Rating(penilaian.rating["perilaku"]))
        penilaian.finalize(predikat=predikat.value, aturan=aturan.kode, nip_penilai=actor)
        self.save(penilaian)
        return penilaian

    def correct(self, nip: str, tahun: int, bulan: int, actor: str, hasil: Rating,
                perilaku: Rating, perilaku_rinci: dict[str, Rating], umpan_balik: str | None,
                alasan: str) -> PenilaianPeriodik:
        """A correction of a final evaluation (after a keberatan, say): a new final fact with a
        higher revisi; the earlier one stays in the history."""
        penilaian = self.get_penilaian(nip, tahun, bulan)
        self.check_penilai(nip, akhir_periode(tahun, bulan), actor)
        if penilaian.status is not StatusPenilaian.FINAL:
            raise LangkahTidakSah("only a final evaluation is corrected; rate it instead")
        aturan = aturan_pada(akhir_periode(tahun, bulan))
        penilaian.correct(hasil=hasil.value, perilaku=perilaku.value,
                          perilaku_rinci=_rinci(perilaku_rinci), umpan_balik=umpan_balik,
                          predikat=aturan.predikat(hasil, perilaku).value, aturan=aturan.kode,
                          nip_penilai=actor, alasan=alasan)
        self.save(penilaian)
        return penilaian

    def terlambat(self, actor: str, hari_ini: dt.date | None = None) -> list[dict[str, Any]]:
        """Months of the actor's indirect staff (the staff of their staff) still waiting for
        their atasan after the period ended plus the rules' grace days."""
        today = hari_ini or dt.date.today()
        tiers = self.hierarki.read(lambda conn, t: {
            atasan: h.bawahan(conn, t, atasan, today) for atasan in h.bawahan(conn, t, actor, today)})
        staff = {nip: atasan for atasan, nips in tiers.items() for nip in nips}
        if not staff:
            return []
        waiting = self.status.read(lambda conn, t: menunggu(conn, t, set(staff)))
        late = []
        for row in waiting:
            batas = akhir_periode(row["tahun"], row["bulan"]) + dt.timedelta(
                days=aturan_pada(akhir_periode(row["tahun"], row["bulan"])).batas_penilaian_hari)
            if batas < today:
                late.append({"nip": row["nip"], "tahun": row["tahun"], "bulan": row["bulan"],
                             "nip_atasan": staff[row["nip"]], "batas": batas})
        return late

    # -- yearly --------------------------------------------------------------------------------
    def finalize_tahunan(self, nip: str, tahun: int, actor: str, hasil: Rating, perilaku: Rating,
                         umpan_balik: str | None) -> PenilaianTahunan:
        skp = self.get_skp(nip, tahun)
        if skp.status is not StatusSkp.DISETUJUI:
            raise LangkahTidakSah(f"the SKP {tahun} was never agreed")
        if dt.date.today() < dt.date(tahun, 12, 1):
            raise LangkahTidakSah(f"the yearly evaluation of {tahun} opens in December")
        self.check_penilai(nip, akhir_periode(tahun), actor)
        if self.find(PenilaianTahunan.create_id(nip, tahun)) is not None:
            raise LangkahTidakSah(f"the {tahun} evaluation of {nip} is already final")
        aturan = aturan_pada(akhir_periode(tahun))
        tahunan = PenilaianTahunan(nip=nip, instansi_id=skp.instansi_id, tahun=tahun,
                                   hasil=hasil.value, perilaku=perilaku.value,
                                   predikat=aturan.predikat(hasil, perilaku).value,
                                   aturan=aturan.kode, nip_penilai=actor, umpan_balik=umpan_balik)
        self.save(tahunan)
        return tahunan



def _rinci(perilaku_rinci: dict[str, Rating]) -> dict[str, str]:
    unknown = set(perilaku_rinci) - set(BERAKHLAK)
    if unknown:
        raise DomainError(f"perilaku_rinci names BerAKHLAK values only ({', '.join(BERAKHLAK)}); "
                          f"not {', '.join(sorted(unknown))}", field="body.perilaku_rinci")
    return {k: Rating(v).value for k, v in perilaku_rinci.items()}
