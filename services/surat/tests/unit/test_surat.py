"""The letter aggregate: the chain in order, returns lapse initials, signature after the chain."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from simpeg_surat.domain.surat import LangkahTidakSah, StatusSurat, Surat
from simpeg_surat.translate import translate


def draft(paraf: list[str]) -> Surat:
    return Surat(surat_id=uuid.uuid4(), instansi_id="pemkot-bandung", jenis="NOTA_DINAS", nip=None,
                 perihal="Rapat", unit_id="UMUM", klasifikasi="000.1", data={}, isi=["Isi"],
                 penerima=["1" * 18], paraf=paraf, penandatangan="jabatan:sekda",
                 nip_konseptor="2" * 18, sumber=None, sumber_id=None, tanda_tangan_sendiri=True)


def sign(s: Surat) -> None:
    s.tandatangani(nomor="000.1/1/UMUM/2026", nip_penandatangan="3" * 18, sebagai="PLT",
                   sha256="a" * 64, ditandatangani_pada=dt.datetime.now(dt.UTC),
                   nama_penandatangan="X", jabatan_penandatangan="Sekda")


def test_the_chain_is_walked_step_by_step_then_signed_sent_archived() -> None:
    s = draft(["4" * 18, "jabatan:kabag"])
    assert (s.status, s.langkah_berikut()) == (StatusSurat.KONSEP, 0)
    with pytest.raises(LangkahTidakSah):
        sign(s)
    s.beri_paraf("4" * 18, "DEFINITIF", None)
    assert s.langkah_berikut() == 1
    s.beri_paraf("5" * 18, "PLH", "ok")
    assert s.status is StatusSurat.SIAP_TTD and s.langkah_berikut() is None
    with pytest.raises(LangkahTidakSah):
        s.beri_paraf("5" * 18, "PLH", None)
    sign(s)
    with pytest.raises(LangkahTidakSah):
        s.arsipkan(None)
    s.kirim()
    s.arsipkan("2" * 18)
    assert s.status is StatusSurat.DIARSIPKAN
    published = [translate(e) for e in s.collect_events()]
    assert [type(e).__name__ for e in published] == [
        "SuratDraftedV1", "SuratParafedV1", "SuratParafedV1", "SuratSignedV1", "SuratSentV1",
        "SuratArchivedV1"]
    assert published[3].sebagai == "PLT" and published[0].subject() == str(s.id)


def test_a_return_lapses_every_initial_and_a_revision_restarts_the_chain() -> None:
    s = draft(["4" * 18])
    s.beri_paraf("4" * 18, "DEFINITIF", None)
    s.kembalikan("6" * 18, "Perbaiki lampiran")
    assert (s.status, s.paraf_diberikan) == (StatusSurat.DIKEMBALIKAN, [])
    with pytest.raises(LangkahTidakSah):
        sign(s)
    s.revisi("Rapat (revisi)", ["Isi baru"], ["1" * 18], "2" * 18)
    assert (s.status, s.langkah_berikut()) == (StatusSurat.KONSEP, 0)
    events = [translate(e) for e in s.collect_events()]
    assert [type(e).__name__ for e in events if e] == [
        "SuratDraftedV1", "SuratParafedV1", "SuratReturnedV1", "SuratRevisedV1"]


def test_a_letter_without_chain_waits_for_the_signature_and_ids_follow_requests() -> None:
    assert draft([]).status is StatusSurat.SIAP_TTD
    eid = uuid.uuid4()
    assert Surat.id_for_request("cuti", eid) == Surat.id_for_request("cuti", eid)
    assert Surat.id_for_request("cuti", eid) != Surat.id_for_request("kgb", eid)
