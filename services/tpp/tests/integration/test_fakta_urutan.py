"""TPP's facts do not depend on the order leave events arrive in.

After a broker loses a topic, a consumer that lagged behind reads the relay's newest batch before
the older events it never saw (ADR 0005, ADR 0028): a cancellation can arrive before the decision
it cancels. The fault-injection suite found that TPP then counted the cancelled leave as approved,
so the provisional month waived the cuts of days that were not leave, unlike a replay."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from simpeg_shared.contracts import cuti as cu
from simpeg_shared.contracts import event_id_for
from simpeg_tpp.projections.fakta import fakta_bulan

NIP = "198001012010011001"


def _events(instansi: str) -> tuple[Any, Any]:
    origin, cuti_id = uuid.uuid4(), uuid.uuid4()
    kw = {"instansi_id": instansi, "nip": NIP, "cuti_id": cuti_id, "jenis": "TAHUNAN",
          "mulai": dt.date(2026, 8, 10), "selesai": dt.date(2026, 8, 11)}
    decided = cu.CutiDecidedV1(event_id=event_id_for(origin, 1), occurred_at=dt.datetime.now(dt.UTC),
                               hasil="DISETUJUI", hari_kerja=2, nip_pejabat="197001011995031001", **kw)
    cancelled = cu.CutiCancelledV1(event_id=event_id_for(origin, 2), occurred_at=dt.datetime.now(dt.UTC),
                                   alasan="tidak jadi berangkat", **kw)
    return decided, cancelled


def test_a_cancellation_delivered_before_its_decision_still_cancels_the_leave(make_runtime: Any) -> None:
    decided, cancelled = _events("pemda-urutan")
    rows = []
    for order in ([decided, cancelled], [cancelled, decided], [cancelled, decided, cancelled]):
        store = make_runtime("tpp").store("tpp.fakta")
        for event in order:  # one batch per delivery, as a consumer meets them
            store.apply_batch([event])
        rows.append(store.read(lambda c, t: [tuple(r) for r in c.execute(select(t["cuti"]))]))
        cuti = store.read(lambda c, t: c.execute(select(t["cuti"].c.aktif)).scalar_one())
        assert cuti is False, f"delivered as {[type(e).__name__ for e in order]}: still counted as leave"
        assert store.read(lambda c, t: fakta_bulan(c, t, 2026, 8, nips=[NIP])) == {}
    assert rows[0] == rows[1] == rows[2], "the facts depend on the order of delivery"
