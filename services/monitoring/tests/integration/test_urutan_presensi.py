"""Monitoring's check-ins do not depend on the order a check-in and its review arrive in.

After a broker loses a topic, a consumer that lagged reads the relay's newest batch before the
older events it never saw (ADR 0005, ADR 0028), so a review can arrive before its check-in. The
check-in then used to keep the status it was recorded with: a rejected check-in went on counting
as waiting for review, unlike a replay."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from simpeg_monitoring.projections.presensi import harian
from simpeg_shared.contracts import attendance as a
from simpeg_shared.contracts import event_id_for

DAY = dt.date(2026, 8, 10)


def _events(instansi: str) -> tuple[Any, Any]:
    origin = uuid.uuid4()
    kw = {"instansi_id": instansi, "nip": "198001012010011001", "checkin_id": uuid.uuid4(), "tanggal": DAY}
    recorded = a.CheckInRecordedV1(
        event_id=event_id_for(origin, 1), occurred_at=dt.datetime(2026, 8, 10, 0, 40, tzinfo=dt.UTC),
        unit_id="setda", jenis="MASUK", waktu=dt.datetime(2026, 8, 10, 0, 40, tzinfo=dt.UTC),
        zona_waktu="Asia/Jakarta", skor_risiko=60, status="MENUNGGU_REVIEW", **kw)
    reviewed = a.CheckInReviewedV1(
        event_id=event_id_for(origin, 2), occurred_at=dt.datetime(2026, 8, 10, 3, 0, tzinfo=dt.UTC),
        keputusan="DITOLAK", alasan="di luar lokasi kerja", nip_peninjau="197001011995031001", **kw)
    return recorded, reviewed


def test_a_review_delivered_before_its_check_in_still_decides_it(make_runtime: Any) -> None:
    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    recorded, reviewed = _events(instansi)
    rows = []
    for order in ([recorded, reviewed], [reviewed, recorded], [reviewed, recorded, reviewed]):
        store = make_runtime("monitoring").store("monitoring.presensi")
        for event in order:  # one batch per delivery, as a consumer meets them
            store.apply_batch([event])
        rows.append(store.read(lambda c, t: [tuple(r) for r in c.execute(select(t["checkin"]))]))
        figures = store.read(lambda c, t: harian(c, t, instansi, DAY, "instansi_id")).get(instansi, {})
        assert figures.get("menunggu_review", 0) == 0 and figures.get("hadir_sejauh_ini", 0) == 0, \
            f"delivered as {[type(e).__name__ for e in order]}: the rejected check-in still counts"
    assert rows[0] == rows[1] == rows[2], "the check-in rows depend on the order of delivery"
