"""The payroll of one month for finance: CSV and XLSX with the same columns and a totals row."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

KOLOM = [("no", "No"), ("nip", "NIP"), ("nama", "Nama"), ("unit_id", "Unit"),
         ("aturan", "Aturan"), ("predikat", "Predikat"), ("basis", "Basis TPP"),
         ("potongan", "Potongan disiplin"), ("disiplin", "TPP disiplin"),
         ("kinerja", "TPP kinerja"), ("tpp_bulan_ini", "TPP bulan ini"),
         ("koreksi", "Koreksi bulan lalu"), ("koreksi_bulan", "Bulan dikoreksi"),
         ("dibayar", "Jumlah dibayar")]
JUMLAH = ("basis", "potongan", "disiplin", "kinerja", "tpp_bulan_ini", "koreksi", "dibayar")


def _teks(value: Any) -> Any:
    # A cell that starts like a formula is data, not a formula, in the spreadsheet finance opens.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def baris(rows: list[dict[str, Any]]) -> tuple[list[list[Any]], list[Any]]:
    body = []
    for n, r in enumerate(rows, start=1):
        r = dict(r, no=n, koreksi_bulan=" ".join(r.get("koreksi_bulan", [])))
        body.append([_teks(r.get(k)) if r.get(k) is not None else "" for k, _ in KOLOM])
    total = ["JUMLAH", f"{len(rows)} pegawai"] + [""] * (len(KOLOM) - 2)
    for k in JUMLAH:
        total[[c for c, _ in KOLOM].index(k)] = sum(int(r.get(k) or 0) for r in rows)
    return body, total


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow([label for _, label in KOLOM])
    body, total = baris(rows)
    w.writerows(body)
    w.writerow(total)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[dict[str, Any]], judul: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "TPP"
    ws.append([label for _, label in KOLOM])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    body, total = baris(rows)
    for r in body:
        ws.append(r)
    ws.append(total)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    nip_col = [c for c, _ in KOLOM].index("nip") + 1
    for row in ws.iter_rows(min_row=2, min_col=nip_col, max_col=nip_col):
        for cell in row:
            cell.number_format = "@"  # an 18-digit NIP is text, never a float
    for k in JUMLAH:
        col = [c for c, _ in KOLOM].index(k) + 1
        for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            for cell in row:
                cell.number_format = "#,##0"
    wb.properties.title = judul
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
