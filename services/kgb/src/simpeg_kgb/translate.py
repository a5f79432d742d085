"""Private domain events of KGB -> public contracts on ``simpeg.kgb.v1``.

Only an increase's first event (``Due``) holds its facts (NIP, instansi, TMT, amounts); a later
event is published with the aggregate's state at that event's version, read from the event
store, so the relay needs no memory of earlier events (it may restart anywhere).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simpeg_kgb.domain.usulan import UsulanKgb
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import kgb as c

PUBLISHED = (UsulanKgb.Due, UsulanKgb.Postponed, UsulanKgb.SkRequested, UsulanKgb.Granted,
             UsulanKgb.Cancelled)


def make_translate(app: Any) -> Callable[[Any], ContractEvent | None]:
    def translate(event: Any) -> ContractEvent | None:
        if not isinstance(event, PUBLISHED):
            return None  # the index and the admin's postponement notes stay inside KGB
        state = event if isinstance(event, UsulanKgb.Due) else \
            app.repository.get(event.originator_id, version=event.originator_version)
        return _contract(event, state)

    return translate


def _contract(event: Any, u: Any) -> ContractEvent | None:
    common = {"event_id": event_id_for(event.originator_id, event.originator_version),
              "occurred_at": event.timestamp, "nip": u.nip, "instansi_id": u.instansi_id,
              "kgb_id": event.originator_id, "tmt": u.tmt}
    if isinstance(event, UsulanKgb.Due):
        return c.KgbDueV1(**common, golongan_ruang=u.golongan_ruang, mkg_tahun=u.mkg_tahun,
                          gaji_lama=u.gaji_lama, gaji_baru=u.gaji_baru, dasar_hukum=u.dasar_hukum)
    if isinstance(event, UsulanKgb.Postponed):
        return c.KgbPostponedV1(**common, alasan=event.alasan, ditunda_sampai=event.sampai,
                                sebab=event.sebab)
    if isinstance(event, UsulanKgb.SkRequested):
        return c.SkKgbRequestedV1(**{**common, "tmt": event.tmt_berlaku},
                                  golongan_ruang=u.golongan_ruang, mkg_tahun=u.mkg_tahun,
                                  gaji_lama=u.gaji_lama, gaji_baru=u.gaji_baru,
                                  dasar_hukum=u.dasar_hukum, kgb_berikutnya=u.kgb_berikutnya)
    if isinstance(event, UsulanKgb.Granted):
        return c.KgbGrantedV1(**{**common, "tmt": u.tmt_berlaku}, golongan_ruang=u.golongan_ruang,
                              gaji_baru=u.gaji_baru, mkg_tahun=u.mkg_tahun,
                              nomor_sk=event.nomor_sk, surat_id=event.surat_id)
    if isinstance(event, UsulanKgb.Cancelled):
        return c.KgbCancelledV1(**common, alasan=event.alasan)
    return None
