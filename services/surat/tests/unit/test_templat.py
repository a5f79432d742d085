"""Templates and instansi rules are data, checked when loaded; every shipped template renders."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from simpeg_surat.render import Naskah, Tandatangan, render
from simpeg_surat.templat import FIELDS, JENIS, Katalog, TemplatError, fill


def test_every_instansi_has_rules_and_a_template_for_every_jenis() -> None:
    katalog = Katalog()
    for instansi in [*katalog.semua_instansi(), "pemda-tanpa-konfigurasi"]:
        konfig = katalog.instansi(instansi)
        for jenis in JENIS:
            assert katalog.templat(konfig.aturan(jenis).templat).jenis == jenis
    assert katalog.instansi("pemda-baru").kop.baris == ["PEMERINTAH DAERAH", "PEMDA-BARU"]


@pytest.mark.parametrize("kode", ["surat_izin_cuti", "sk_kgb", "nota_dinas", "surat_tugas",
                                  "undangan", "surat_biasa"])
def test_every_shipped_template_renders_with_its_values(kode: str) -> None:
    katalog = Katalog()
    values = {name: f"<{name}>" for name in FIELDS}
    pdf = render(Naskah(katalog.instansi("pemkot-bandung"), katalog.templat(kode), values,
                        isi=["Paragraf pertama & kedua."],
                        ttd=Tandatangan(jabatan="Kepala", nama="Nama Pejabat", nip="1" * 18,
                                        pangkat="Pembina / IV/a",
                                        verifikasi_url="http://x/api/surat/v1/verifikasi/1")))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "PEMERINTAH KOTA BANDUNG" in text and "Nama Pejabat" in text
    assert "<nama>" in text or kode in ("nota_dinas", "undangan", "surat_biasa")
    # Deterministic: the same letter renders to the same bytes.
    assert render(Naskah(katalog.instansi("pemkot-bandung"), katalog.templat(kode), values,
                         isi=["Paragraf pertama & kedua."],
                         ttd=Tandatangan(jabatan="Kepala", nama="Nama Pejabat", nip="1" * 18,
                                         pangkat="Pembina / IV/a",
                                         verifikasi_url="http://x/api/surat/v1/verifikasi/1"))) == pdf


def test_a_missing_value_is_a_clear_error_and_values_cannot_inject_markup() -> None:
    with pytest.raises(TemplatError, match="needs nama"):
        fill("Kepada {nama}", {})
    assert fill("<b>{nama}</b>", {"nama": "A & <i>B</i>"}) == "<b>A &amp; &lt;i&gt;B&lt;/i&gt;</b>"


def _write(folder: Path, kind: str, name: str, text: str) -> Path:
    (folder / kind).mkdir(parents=True, exist_ok=True)
    (folder / kind / f"{name}.yaml").write_text(text)
    return folder


def test_an_unknown_placeholder_fails_at_load(tmp_path: Path) -> None:
    _write(tmp_path, "jenis", "salah", "jenis: UNDANGAN\njudul: X\nblok:\n  - paragraf: '{namaa}'\n")
    with pytest.raises(ValueError, match="unknown placeholders namaa"):
        Katalog(tmp_path)


@pytest.mark.parametrize(("fmt", "message"), [
    ("{klasifikasi}/{unit}/{tahun}", "must contain {nomor}"),
    ("{klasifikasi}/{nomor}/{kode_rahasia}", "not kode_rahasia"),
])
def test_a_bad_number_format_fails_at_load(tmp_path: Path, fmt: str, message: str) -> None:
    _write(tmp_path, "instansi", "pemda-x", f"instansi_id: pemda-x\nformat_nomor: '{fmt}'\n")
    with pytest.raises(ValueError, match=message):
        Katalog(tmp_path)


def test_an_instansi_file_overrides_only_what_it_sets(tmp_path: Path) -> None:
    _write(tmp_path, "instansi", "pemda-x", "instansi_id: pemda-x\nkota: Sleman\n"
           "jenis:\n  NOTA_DINAS:\n    templat: nota_dinas\n    klasifikasi: '005'\n    unit: SETDA\n"
           "    paraf: ['jabatan:sekda']\n")
    konfig = Katalog(tmp_path).instansi("pemda-x")
    assert konfig.kota == "Sleman" and konfig.aturan("NOTA_DINAS").paraf == ["jabatan:sekda"]
    assert konfig.aturan("SK_KGB").klasifikasi == "800.1.6"  # from default.yaml
    _write(tmp_path, "instansi", "pemda-y", "instansi_id: pemda-y\njenis:\n  NOTA_DINAS:\n"
           "    templat: nota_dinas\n    klasifikasi: '005'\n    unit: SETDA\n    paraf: ['kepala']\n")
    with pytest.raises(ValueError, match="NIP or jabatan"):
        Katalog(tmp_path)
