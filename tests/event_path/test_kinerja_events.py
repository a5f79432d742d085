"""Kinerja between profile and monitoring, through the real broker: the hierarchy arrives from
profile's events, and monitoring's predikat distribution follows finals and their corrections."""

from __future__ import annotations

import datetime as dt

from simpeg_kinerja.domain.predikat import Rating
from simpeg_monitoring.projections.kinerja import distribusi

from .conftest import publish_all, register, wait_until_async, worker_for

TAHUN = dt.date.today().year - 1
ITEM = [{"item_id": "rhk-1", "rencana_hasil_kerja": "Layanan", "indikator": [
    {"indikator": "Tepat waktu", "target": "95", "satuan": "persen"}], "mendukung_item_id": None}]


async def test_monitoring_shows_the_predikat_distribution_with_corrections(make_runtime, instansi, broker) -> None:
    profile, kinerja, monitoring = make_runtime("profile"), make_runtime("kinerja"), make_runtime("monitoring")
    atasan, *staff = register(profile, instansi, 4)
    for nip in staff:
        profile.application.change_atasan(nip, atasan, dt.date(2016, 1, 1))
    await publish_all(profile.relay())

    hierarki = worker_for(kinerja, broker.bootstrap, "kinerja.hierarki")
    await hierarki.start()
    try:
        app = kinerja.application
        assert await wait_until_async(hierarki.poll_once, lambda: _knows(app, staff, atasan), 60)
    finally:
        await hierarki.stop()

    ratings = [(Rating.DI_ATAS, Rating.DI_ATAS), (Rating.SESUAI, Rating.SESUAI), (Rating.DI_BAWAH, Rating.SESUAI)]
    for nip, (hasil, perilaku) in zip(staff, ratings, strict=True):
        app.draft_skp(nip, TAHUN, ITEM)
        app.agree_skp(nip, TAHUN, atasan)
        app.submit_realisasi(nip, TAHUN, 7, [{"item_id": "rhk-1", "realisasi": "selesai", "bukti": []}])
        app.rate(nip, TAHUN, 7, atasan, hasil, perilaku, {}, None)
        app.finalize(nip, TAHUN, 7, atasan)
    # An objection upheld: the third pegawai's month is corrected from BUTUH_PERBAIKAN to BAIK.
    app.correct(staff[2], TAHUN, 7, atasan, Rating.SESUAI, Rating.SESUAI, {}, None, "keberatan diterima")
    await publish_all(kinerja.relay())

    store = monitoring.store("monitoring.predikat_bulanan")
    worker = worker_for(monitoring, broker.bootstrap, "monitoring.predikat_bulanan")
    await worker.start()
    try:
        def seen() -> dict[str, int]:
            return store.read(lambda c, t: distribusi(c, t, instansi, TAHUN, 7))

        expected = {"SANGAT_BAIK": 1, "BAIK": 2, "BUTUH_PERBAIKAN": 0, "KURANG_MISCONDUCT": 0, "SANGAT_KURANG": 0}
        assert await wait_until_async(worker.poll_once, lambda: seen() == expected, 60), seen()
    finally:
        await worker.stop()


def _knows(app, nips, atasan) -> bool:
    """Kinerja has heard from profile who the staff are and who their atasan is."""
    from simpeg_kinerja.projections.hierarki import atasan_of

    today = dt.date.today()
    return all(app.hierarki.read(lambda c, t, n=n: atasan_of(c, t, n, today)) == atasan for n in nips)
