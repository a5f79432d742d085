"""A letter as PDF (reportlab): kop surat, title and number, body blocks, signature block with
the verification QR code, tembusan. Drafts render with a KONSEP mark and no number or QR."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (Flowable, HRFlowable, Image, KeepTogether, ListFlowable,
                                ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle)

from simpeg_surat.templat import KonfigurasiInstansi, Templat, fill

FONT, BOLD = "Helvetica", "Helvetica-Bold"
BASE = ParagraphStyle("isi", fontName=FONT, fontSize=11, leading=15, alignment=TA_JUSTIFY)
KOP1 = ParagraphStyle("kop1", fontName=BOLD, fontSize=14, leading=17, alignment=TA_CENTER)
KOP2 = ParagraphStyle("kop2", fontName=BOLD, fontSize=12.5, leading=15, alignment=TA_CENTER)
KOP3 = ParagraphStyle("kop3", fontName=FONT, fontSize=8.5, leading=11, alignment=TA_CENTER)
JUDUL = ParagraphStyle("judul", fontName=BOLD, fontSize=12, leading=15, alignment=TA_CENTER)
TENGAH = ParagraphStyle("tengah", parent=BASE, alignment=TA_CENTER)
TTD = ParagraphStyle("ttd", parent=BASE, alignment=0, leading=14)
KECIL = ParagraphStyle("kecil", fontName=FONT, fontSize=8, leading=10)


@dataclass(frozen=True)
class Tandatangan:
    """The signature block: who signs, as what, and where the QR code points (None: a draft)."""

    jabatan: str
    nama: str
    nip: str
    pangkat: str
    sebagai: str = "DEFINITIF"
    verifikasi_url: str | None = None


@dataclass
class Naskah:
    konfig: KonfigurasiInstansi
    templat: Templat
    values: dict[str, Any]
    isi: list[str] = field(default_factory=list)
    ttd: Tandatangan | None = None


def qr_png(url: str) -> bytes:
    img = qrcode.make(url, box_size=8, border=1)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _kop(konfig: KonfigurasiInstansi) -> list[Flowable]:
    out: list[Flowable] = []
    for n, baris in enumerate(konfig.kop.baris):
        out.append(Paragraph(escape(baris), KOP1 if n == 0 else KOP2))
    if konfig.kop.alamat:
        out.append(Paragraph(escape(konfig.kop.alamat), KOP3))
    out += [Spacer(1, 3), HRFlowable(width="100%", thickness=2.2, color=colors.black, spaceAfter=1),
            HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=12)]
    return out


def _tabel(rows: list[list[str]], values: dict[str, Any]) -> Table:
    data = [[Paragraph(fill(label, values), BASE), Paragraph(":", BASE),
             Paragraph(fill(value, values), BASE)] for label, value in rows]
    table = Table(data, colWidths=[5.2 * cm, 0.5 * cm, None], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _tanda_tangan(naskah: Naskah) -> Flowable:
    v, ttd = naskah.values, naskah.ttd
    assert ttd is not None
    prefix = {"PLT": "Plt. ", "PLH": "Plh. "}.get(ttd.sebagai, "")
    lines: list[Flowable] = [
        Paragraph(f"{escape(naskah.konfig.kota)}, {escape(str(v['tanggal']))}"
                  if naskah.konfig.kota else escape(str(v["tanggal"])), TTD),
        Paragraph(f"{escape(prefix + ttd.jabatan)},", TTD), Spacer(1, 4)]
    if ttd.verifikasi_url:
        qr = Image(io.BytesIO(qr_png(ttd.verifikasi_url)), width=2.5 * cm, height=2.5 * cm)
        note = Paragraph("Ditandatangani secara elektronik. Pindai kode QR untuk memeriksa "
                         "keaslian surat ini.", KECIL)
        mark = Table([[qr, note]], colWidths=[2.7 * cm, 5.0 * cm], hAlign="LEFT")
        mark.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        lines.append(mark)
    else:
        lines.append(Spacer(1, 2.5 * cm))
    lines += [Spacer(1, 4), Paragraph(f"<b><u>{escape(ttd.nama)}</u></b>", TTD),
              Paragraph(escape(ttd.pangkat), TTD), Paragraph(f"NIP. {escape(ttd.nip)}", TTD)]
    block = Table([["", lines]], colWidths=[8.3 * cm, 8.2 * cm])
    block.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return KeepTogether([Spacer(1, 14), block])


def render(naskah: Naskah) -> bytes:
    """The letter's PDF bytes. Deterministic for the same input (reportlab's invariant mode),
    so a golden test can compare documents."""
    t, v = naskah.templat, naskah.values
    story: list[Flowable] = _kop(naskah.konfig)
    story.append(Paragraph(f"<u>{fill(t.judul, v)}</u>", JUDUL))
    if not t.nomor_di_tabel:
        story.append(Paragraph(f"Nomor: {escape(str(v['nomor']))}", TENGAH))
    story.append(Spacer(1, 14))
    for blok in t.blok:
        if blok.paragraf is not None:
            story.append(Paragraph(fill(blok.paragraf, v), BASE))
        elif blok.tabel is not None:
            story.append(_tabel(blok.tabel, v))
        elif blok.daftar is not None:
            story.append(ListFlowable(
                [ListItem(Paragraph(fill(item, v), BASE), leftIndent=18) for item in blok.daftar],
                bulletType="1", bulletFormat="%s.", leftIndent=18, bulletFontName=FONT,
                bulletFontSize=11))
        elif blok.isi:
            for text in naskah.isi:
                story += [Paragraph(escape(text), BASE), Spacer(1, 6)]
        elif blok.garis:
            story.append(HRFlowable(width="100%", thickness=0.6, color=colors.black))
        story.append(Spacer(1, 8))
    if naskah.ttd is not None:
        story.append(_tanda_tangan(naskah))
    if t.tembusan:
        story += [Spacer(1, 16), Paragraph("Tembusan:", KECIL.clone("t", fontSize=9.5, leading=12))]
        story += [Paragraph(f"{n}. {fill(item, v)}", KECIL.clone("t2", fontSize=9.5, leading=12))
                  for n, item in enumerate(t.tembusan, 1)]
    draft = naskah.ttd is None or naskah.ttd.verifikasi_url is None

    def page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        if draft:
            canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.35))
            canvas.setFont(BOLD, 60)
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(40)
            canvas.drawCentredString(0, 0, "KONSEP")
        else:
            canvas.drawCentredString(
                A4[0] / 2, 1.2 * cm,
                "Dokumen ini ditandatangani secara elektronik menggunakan sertifikat elektronik; "
                "keasliannya dapat diperiksa melalui kode QR.")
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm,
                            topMargin=1.5 * cm, bottomMargin=2 * cm, invariant=1,
                            title=fill(t.judul, v, markup=False), author="SIMPEG",
                            subject=str(v.get("perihal", "")), creator="SIMPEG surat")
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()
