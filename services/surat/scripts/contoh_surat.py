"""Render an example surat izin cuti (fictional people) and write it as a PNG for the docs.

    .venv/bin/python services/surat/scripts/contoh_surat.py [docs/surat-izin-cuti.png]

It uses the service's own template, renderer and a throwaway project CA in a temporary folder, so
the picture shows exactly what a signed letter looks like. Needs pypdfium2 (the dev group).
"""

from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path

import pypdfium2 as pdfium

from simpeg_surat.render import Naskah, Tandatangan, render
from simpeg_surat.templat import Katalog
from simpeg_surat.tte import Pejabat
from simpeg_surat.tte.ca import LocalCaSigner, ProjectCa
from simpeg_surat.tte.verifikasi import validasi

VALUES = {
    "nomor": "800.1.11.4/0001/BKPSDM/2026", "tanggal": "25 November 2026", "kota": "Bandung",
    "perihal": "Izin cuti tahunan a.n. Siti Rahmawati, S.Kom.", "nama": "Siti Rahmawati, S.Kom.",
    "nip": "199001012015032003", "pangkat": "Penata Muda / III/a",
    "jabatan": "Pranata Komputer Ahli Pertama", "unit_kerja": "Dinas Komunikasi dan Informatika",
    "nama_cuti": "cuti tahunan", "judul_cuti": "CUTI TAHUNAN", "tahun": 2026, "hari_kerja": 3,
    "hari_kerja_terbilang": "tiga", "mulai": "1 Desember 2026", "selesai": "3 Desember 2026",
}
SIGNER = Pejabat("197001011995031001", "Dr. H. Asep Saepudin, M.Si.", "pemkot-bandung")


def main(out: Path) -> None:
    katalog = Katalog()
    ttd = Tandatangan(jabatan="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                      nama=SIGNER.nama, nip=SIGNER.nip, pangkat="Pembina Utama Muda / IV/c",
                      verifikasi_url=f"http://127.0.0.1:8000/api/surat/v1/verifikasi/{uuid.uuid4()}")
    pdf = render(Naskah(katalog.instansi("pemkot-bandung"), katalog.templat("surat_izin_cuti"),
                        VALUES, ttd=ttd))
    with tempfile.TemporaryDirectory() as tmp:
        signer = LocalCaSigner(ProjectCa(Path(tmp), "contoh"))
        signed = signer.tandatangani(pdf, SIGNER, alasan="Contoh", lokasi="Bandung")
        assert validasi(signed, signer.trust_roots()).valid
    page = pdfium.PdfDocument(signed)[0]
    page.render(scale=1.5).to_pil().convert("L").save(out, optimize=True)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/surat-izin-cuti.png"))
