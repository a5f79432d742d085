"""Property: whatever sequence of requests, considerations, decisions and cancellations happens
(in whatever order, with refusals in between), the cuti tahunan ledger's balance equals the
entitlement minus the working days of the leave that stands approved, and the next year carries
over what the rules allow."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simpeg_cuti.application import CutiApplication
from simpeg_cuti.domain.aturan import hak_pada
from simpeg_cuti.projections.kotak_masuk import KotakMasuk
from simpeg_cuti.projections.pegawai import PegawaiCuti
from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts import profile as p
from simpeg_shared.errors import DomainError
from simpeg_shared.persistence import SHARED_MIGRATIONS, make_engine, migrate
from simpeg_shared.projection import ProjectionStore

I = "pemkot-properti"
PEGAWAI, ATASAN, KEPALA = "199001012015031003", "198001012005011002", "197001011995031001"
AWAL = dt.date(2026, 7, 1)
HASIL = ["DISETUJUI", "PERUBAHAN", "DITANGGUHKAN", "TIDAK_DISETUJUI"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[ProjectionStore, ProjectionStore, Path]:
    folder = tmp_path_factory.mktemp("cuti-properti")
    engine = make_engine(f"sqlite:///{folder}/read.db")
    migrate(engine, SHARED_MIGRATIONS, "alembic_version_simpeg")
    pegawai, kotak = ProjectionStore(engine, PegawaiCuti()), ProjectionStore(engine, KotakMasuk())
    pegawai.setup()
    kotak.setup()
    n, origin = itertools.count(1), uuid.uuid4()

    def ev(cls: type, **kw: Any) -> Any:
        return cls(event_id=event_id_for(origin, next(n)), occurred_at=dt.datetime.now(dt.UTC),
                   instansi_id=I, **kw)
    pegawai.apply_batch([
        ev(p.PegawaiRegisteredV1, nip=PEGAWAI, nama="P", unit_id="u", jenis_pegawai="PNS",
           tmt_cpns=dt.date(2015, 3, 1)),
        ev(p.PegawaiRegisteredV1, nip=ATASAN, nama="A", unit_id="u"),
        ev(p.PegawaiRegisteredV1, nip=KEPALA, nama="K", unit_id="u"),
        ev(p.AtasanChangedV1, nip=PEGAWAI, nip_atasan=ATASAN, tmt=dt.date(2015, 3, 1)),
        ev(p.AtasanChangedV1, nip=ATASAN, nip_atasan=KEPALA, tmt=dt.date(2015, 3, 1)),
    ])
    return pegawai, kotak, folder


langkah = st.one_of(
    st.tuples(st.just("ajukan"), st.integers(0, 120), st.integers(0, 8)),
    st.tuples(st.just("timbang"), st.integers(0, 20)),
    st.tuples(st.just("putuskan"), st.integers(0, 20), st.sampled_from(HASIL), st.integers(-5, 20),
              st.integers(0, 6)),
    st.tuples(st.just("putuskan"), st.integers(0, 20), st.just("DISETUJUI"), st.just(0), st.just(0)),
    st.tuples(st.just("batalkan"), st.integers(0, 20)),
    st.tuples(st.just("maju"), st.integers(1, 40)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(langkah_langkah=st.lists(langkah, min_size=3, max_size=30))
def test_the_balance_is_entitlement_minus_approved_working_days(stores, langkah_langkah) -> None:
    pegawai, kotak, folder = stores
    app = CutiApplication(f"sqlite:///{folder}/unused.db", pegawai, kotak,
                          PERSISTENCE_MODULE="eventsourcing.popo")
    today = [AWAL]
    app.hari_ini = lambda: today[0]
    hak = hak_pada("PNS", AWAL).tahunan.hak_hari
    ids: list[uuid.UUID] = []
    disetujui: dict[uuid.UUID, int] = {}     # the model: leave standing approved -> its days
    ditangguhkan: dict[uuid.UUID, int] = {}
    try:
        for step in langkah_langkah:
            try:
                if step[0] == "ajukan":
                    mulai = dt.date(2026, 8, 3) + dt.timedelta(days=step[1])
                    selesai = min(mulai + dt.timedelta(days=step[2]), dt.date(2026, 12, 31))
                    ids.append(app.ajukan(PEGAWAI, "TAHUNAN", mulai, selesai, "urusan keluarga",
                                          "Jl. Contoh 1", None, None).id)
                elif step[0] == "timbang" and ids:
                    app.pertimbangkan(ids[step[1] % len(ids)], ATASAN, "DISETUJUI", None)
                elif step[0] == "putuskan" and ids:
                    cid, hasil = ids[step[1] % len(ids)], step[2]
                    if app.get(cid).status == "MENUNGGU_PERTIMBANGAN":
                        app.pertimbangkan(cid, ATASAN, "DISETUJUI", None)
                    before = app.get(cid)
                    mulai = selesai = None
                    if hasil == "PERUBAHAN":
                        mulai = before.mulai + dt.timedelta(days=step[3])
                        selesai = min(mulai + dt.timedelta(days=step[4]), dt.date(2026, 12, 31))
                    cuti = app.putuskan(cid, KEPALA, hasil, None if hasil == "DISETUJUI" else "dinas",
                                        mulai, selesai)
                    if hasil in ("DISETUJUI", "PERUBAHAN"):
                        disetujui[cid] = cuti.hari_final
                    elif hasil == "DITANGGUHKAN":
                        ditangguhkan[cid] = before.hari_kerja
                elif step[0] == "batalkan" and ids:
                    cid = ids[step[1] % len(ids)]
                    app.batalkan(cid, PEGAWAI, "tidak jadi")
                    disetujui.pop(cid, None)
                elif step[0] == "maju":
                    today[0] = min(today[0] + dt.timedelta(days=step[1]), dt.date(2026, 12, 31))
            except DomainError as exc:
                event(f"refused {step[0]}: {exc.code}")  # refused: the ledger must not have moved (checked below)
            saldo = app.saldo(PEGAWAI, 2026)
            assert saldo["saldo"] == hak - sum(disetujui.values())
            assert saldo["saldo"] >= 0 and saldo["tertunda"] <= saldo["saldo"]
            assert saldo["saldo"] == sum(m["perubahan"] for m in saldo["mutasi"])
            assert saldo["ditangguhkan"] == sum(ditangguhkan.values())

        event(f"approved at the end: {min(len(disetujui), 2)}")
        event(f"cancelled or postponed: {bool(ditangguhkan) or any(s[0] == 'batalkan' for s in langkah_langkah)}")
        # and the year after carries at most 6 ordinary days, the postponed ones in full
        today[0] = dt.date(2027, 1, 4)
        sisa = hak - sum(disetujui.values())
        tangguhan = min(sum(ditangguhkan.values()), sisa)
        assert app.saldo(PEGAWAI, 2027)["saldo"] == hak + min(sisa - tangguhan, 6) + tangguhan
    finally:
        app.close()
