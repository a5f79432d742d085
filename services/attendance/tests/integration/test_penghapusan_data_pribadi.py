"""`simpeg forget` in attendance: where the pegawai was at each check-in (stored encrypted with
their own key) becomes unreadable and their check-in photos leave the object store, while the
check-ins themselves, with their times and statuses, stay for the days and the TPP already paid."""

from __future__ import annotations

import uuid
from typing import Any

from simpeg_attendance.domain.presensi import CheckIn
from simpeg_shared import jejak
from simpeg_shared.kunci import lupakan

from .conftest import KANTOR, photo


async def test_forgetting_erases_locations_and_photos_and_keeps_the_check_ins(suite: Any) -> None:
    await suite.configure()
    suite.clock.now = suite.clock.now.replace(hour=0, minute=5)  # 07:05 WIB
    foto = photo()
    r = await suite.presensi("pegawai", foto=foto)
    assert r.status_code == 201, r.text
    checkin_id = uuid.UUID(r.json()["checkin_id"])
    app = suite.app
    recorded = next(iter(app.events.get(checkin_id, lte=1)))
    sha = recorded.foto_sha256
    assert app.objects.exists(sha) and recorded.lat == KANTOR[0]

    # stored encrypted under the pegawai's key: the coordinates are not in the stored state
    stored = app.recorder.select_events(checkin_id)[0]
    assert repr(KANTOR[0]) not in repr(app.mapper.decode_state(stored))

    with jejak.proses("uji:forget"):
        assert lupakan(app, suite.nips["pegawai"], oleh="Kepala BKPSDM", alasan="retensi berakhir")

    again = next(iter(app.events.get(checkin_id, lte=1)))
    assert again.lat is None and again.lon is None
    assert again.waktu == recorded.waktu and again.status == recorded.status
    assert not app.objects.exists(sha)
    check_in = app.repository.get(checkin_id)
    assert isinstance(check_in, CheckIn) and check_in.nip == suite.nips["pegawai"]

    # a colleague's data is untouched
    r = await suite.presensi("rekan")
    assert r.status_code == 201, r.text
    rekan = next(iter(app.events.get(uuid.UUID(r.json()["checkin_id"]), lte=1)))
    assert rekan.lat == KANTOR[0]
    # and the forgotten pegawai's new locations are refused, not stored under a new key
    r = await suite.presensi("pegawai", "PULANG")
    assert r.status_code == 409, r.text
    assert "erased" in r.json()["detail"]
