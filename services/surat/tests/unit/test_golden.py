"""Golden files: the text of a rendered surat izin cuti and SK KGB, line by line. A change of a
template shows here as a diff someone reviews. Regenerate with SIMPEG_SURAT_GOLDEN=write."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from simpeg_surat.render import Naskah, Tandatangan, render
from simpeg_surat.templat import Katalog

DATA = Path(__file__).with_name("data")
ORANG = {"nama": "Siti Rahmawati, S.Kom.", "nip": "199001012015032003",
         "pangkat": "Penata Muda / III/a", "jabatan": "Pranata Komputer Ahli Pertama",
         "unit_kerja": "Dinas Komunikasi dan Informatika", "kota": "Bandung",
         "tanggal": "25 November 2026"}
VALUES = {
    "surat_izin_cuti": {**ORANG, "nomor": "800.1.11.4/0001/BKPSDM/2026", "perihal": "Izin cuti",
                        "nama_cuti": "cuti tahunan", "judul_cuti": "CUTI TAHUNAN", "tahun": 2026,
                        "hari_kerja": 3, "hari_kerja_terbilang": "tiga",
                        "mulai": "1 Desember 2026", "selesai": "3 Desember 2026"},
    "sk_kgb": {**ORANG, "nomor": "800.1.6.3/0002/BKPSDM/2026", "perihal": "KGB",
               "gaji_lama": "Rp 2.873.700", "gaji_baru": "Rp 2.964.000",
               "gaji_baru_terbilang": "dua juta sembilan ratus enam puluh empat ribu",
               "mkg": "10 tahun 0 bulan", "golongan_ruang": "III/a", "tmt": "1 Januari 2027",
               "kgb_berikutnya": "1 Januari 2029", "dasar_hukum": "PP 5 Tahun 2024"},
}
TTD = Tandatangan(jabatan="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
                  nama="Dr. H. Asep Saepudin, M.Si.", nip="197001011995031001",
                  pangkat="Pembina Utama Muda / IV/c", sebagai="PLH",
                  verifikasi_url="http://127.0.0.1:8000/api/surat/v1/verifikasi/1")


@pytest.mark.parametrize("kode", sorted(VALUES))
def test_the_rendered_letter_reads_as_its_golden_file(kode: str) -> None:
    katalog = Katalog()
    pdf = render(Naskah(katalog.instansi("pemkot-bandung"), katalog.templat(kode), VALUES[kode],
                        ttd=TTD))
    text = "\n".join(line.rstrip() for page in PdfReader(io.BytesIO(pdf)).pages
                     for line in page.extract_text().splitlines()) + "\n"
    golden = DATA / f"{kode}.txt"
    if os.environ.get("SIMPEG_SURAT_GOLDEN") == "write":
        golden.write_text(text)
    assert text == golden.read_text()
