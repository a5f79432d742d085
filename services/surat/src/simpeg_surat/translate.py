"""Private domain events of surat -> public contracts on ``simpeg.surat.v1``."""

from __future__ import annotations

from typing import Any

from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import surat as c
from simpeg_surat.domain.surat import Surat

PUBLISHED = (Surat.Drafted, Surat.Parafed, Surat.Returned, Surat.Revised, Surat.Signed,
             Surat.Sent, Surat.Archived)


def translate(event: Any) -> ContractEvent | None:
    if not isinstance(event, PUBLISHED):
        return None
    common = {"event_id": event_id_for(event.originator_id, event.originator_version),
              "occurred_at": event.timestamp, "nip": event.nip, "instansi_id": event.instansi_id,
              "surat_id": event.originator_id, "jenis": event.jenis}
    if isinstance(event, Surat.Drafted):
        return c.SuratDraftedV1(**common, perihal=event.perihal, unit_id=event.unit_id,
                                klasifikasi=event.klasifikasi, nip_konseptor=event.nip_konseptor,
                                paraf=event.paraf, penandatangan=event.penandatangan,
                                sumber=event.sumber, sumber_id=event.sumber_id)
    if isinstance(event, Surat.Parafed):
        return c.SuratParafedV1(**common, urutan=event.urutan, nip_paraf=event.nip_paraf,
                                sebagai=event.sebagai)
    if isinstance(event, Surat.Returned):
        return c.SuratReturnedV1(**common, nip_pengembali=event.nip_pengembali, alasan=event.alasan)
    if isinstance(event, Surat.Revised):
        return c.SuratRevisedV1(**common, perihal=event.perihal, nip_perevisi=event.nip_perevisi)
    if isinstance(event, Surat.Signed):
        return c.SuratSignedV1(**common, nomor=event.nomor, nip_penandatangan=event.nip_penandatangan,
                               ditandatangani_pada=event.ditandatangani_pada, sha256=event.sha256,
                               sumber=event.sumber, sumber_id=event.sumber_id,
                               sebagai=event.sebagai, perihal=event.perihal)
    if isinstance(event, Surat.Sent):
        return c.SuratSentV1(**common, nomor=event.nomor, perihal=event.perihal,
                             penerima=event.penerima, sha256=event.sha256)
    if isinstance(event, Surat.Archived):
        return c.SuratArchivedV1(**common, nomor=event.nomor, nip_pengarsip=event.nip_pengarsip)
    return None
