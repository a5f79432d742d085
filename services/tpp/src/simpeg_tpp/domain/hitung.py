"""The TPP of one pegawai for one month, in exact decimals.

Arithmetic is exact (:class:`~decimal.Decimal`) until the end. Then the discipline part and the
performance part are each rounded down to whole rupiah, after all cuts and factors; each listed
cut is rounded down on its own (for the slip); the total is the sum of the two rounded parts. So
the listed cuts may add up to a rupiah or two more than what was actually taken, never less — the
pegawai is never paid less than the exact amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal, localcontext
from typing import Any

from simpeg_tpp.domain.aturan import KODE_POTONGAN, AturanTpp

SERATUS = Decimal(100)


def rupiah_bawah(x: Decimal) -> int:
    """Round down to whole rupiah (amounts here are never negative)."""
    return int(x.to_integral_value(rounding=ROUND_FLOOR))


@dataclass(frozen=True)
class Kejadian:
    """One occurrence that costs a cut: a band on a day, or an absent day (TK)."""

    kode: str
    tanggal: dt.date | None = None
    event_id: str | None = None
    checkin_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hasil:
    aturan: str
    basis: int
    disiplin: int
    kinerja: int
    total: int
    potongan: list[dict[str, Any]]
    rincian: list[dict[str, Any]]
    potongan_rupiah: int
    potongan_dibatasi: bool
    faktor_kinerja_persen: str
    predikat: str | None
    tidak_dibayar: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"aturan": self.aturan, "basis": self.basis, "disiplin": self.disiplin,
                "kinerja": self.kinerja, "total": self.total, "potongan": self.potongan,
                "rincian": self.rincian, "potongan_rupiah": self.potongan_rupiah,
                "potongan_dibatasi": self.potongan_dibatasi,
                "faktor_kinerja_persen": self.faktor_kinerja_persen, "predikat": self.predikat,
                "tidak_dibayar": list(self.tidak_dibayar)}


def hitung(aturan: AturanTpp, basis: int, kejadian: list[Kejadian], predikat: str | None,
           tidak_dibayar: list[str] | None = None) -> Hasil:
    """The month's TPP under ``aturan``. ``tidak_dibayar`` lists the reasons the month is not
    paid at all (CLTN, a sanction, …); the result then shows what would have been cut and 0."""
    with localcontext() as ctx:
        ctx.prec = 40  # far beyond any rupiah amount times any percentage: exact
        b = Decimal(basis)
        d_bruto = b * aturan.porsi_persen.disiplin / SERATUS
        k_bruto = b * aturan.porsi_persen.kinerja / SERATUS
        faktor = (aturan.faktor_kinerja_persen[predikat] if predikat is not None
                  else aturan.faktor_tanpa_penilaian_persen)
        k = k_bruto * faktor / SERATUS

        rincian = []
        per_kode: dict[str, tuple[int, Decimal]] = {}
        for item in kejadian:
            persen = aturan.potongan_persen[item.kode]
            exact = b * persen / SERATUS
            n, s = per_kode.get(item.kode, (0, Decimal(0)))
            per_kode[item.kode] = (n + 1, s + exact)
            rincian.append({"kode": item.kode,
                            "tanggal": item.tanggal.isoformat() if item.tanggal else None,
                            "event_id": item.event_id, "checkin_ids": list(item.checkin_ids),
                            "persen": str(persen),
                            "rupiah": rupiah_bawah(exact)})
        potongan = [{"kode": kode, "jumlah": per_kode[kode][0],
                     "persen": str(aturan.potongan_persen[kode]),
                     "rupiah": rupiah_bawah(per_kode[kode][1])}
                    for kode in KODE_POTONGAN if kode in per_kode]
        cuts = sum((s for _, s in per_kode.values()), Decimal(0))

        # The cap: never more than the part the cuts come from, nor the set's own cap.
        dari = d_bruto if aturan.potong_dari == "DISIPLIN" else d_bruto + k
        batas = dari
        if aturan.batas_potongan_persen is not None:
            batas = min(batas, b * aturan.batas_potongan_persen / SERATUS)
        taken = min(cuts, batas)
        # Off the discipline part first; with potong_dari TOTAL the rest off the performance part.
        dari_disiplin = min(taken, d_bruto)
        d = d_bruto - dari_disiplin
        k = k - (taken - dari_disiplin)

        alasan = list(tidak_dibayar or [])
        disiplin, kinerja = (0, 0) if alasan else (rupiah_bawah(d), rupiah_bawah(k))
        return Hasil(aturan=aturan.versi_lengkap, basis=basis, disiplin=disiplin, kinerja=kinerja,
                     total=disiplin + kinerja, potongan=potongan, rincian=rincian,
                     potongan_rupiah=rupiah_bawah(taken), potongan_dibatasi=taken < cuts,
                     faktor_kinerja_persen=str(faktor), predikat=predikat, tidak_dibayar=alasan)


def kejadian_hari(status: str, tl: str | None, psw: str | None, tanggal: dt.date | None = None,
                  event_id: str | None = None, checkin_ids: tuple[str, ...] = ()) -> list[Kejadian]:
    """The cuts one closed day costs: TK is a cut; a HADIR day costs its late and early bands;
    CUTI, DINAS_LUAR, SAKIT and LIBUR cost nothing."""
    if status == "TK":
        return [Kejadian("TK", tanggal, event_id, checkin_ids)]
    if status != "HADIR":
        return []
    return [Kejadian(band, tanggal, event_id, checkin_ids) for band in (tl, psw) if band]
