"""Fixtures of surat's integration tests: an instansi of the test's own (with Kota Bandung's
letter rules), its officials published as profile events through the real broker, and a client
of the surat API."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import random
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from simpeg_shared import envelope, kafka
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import profile as p
from simpeg_shared.testing import auth
from simpeg_surat.templat import BUILTIN

S = "/api/surat/v1"
TODAY = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()
_seq = itertools.count(1)


def unique_nip() -> str:
    n = next(_seq)
    lahir = f"{random.randint(1965, 1995)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
    return f"{lahir}2010{random.randint(1, 12):02d}{random.choice('12')}{n % 999 + 1:03d}"


@dataclass(frozen=True)
class Orang:
    """The people of one test's instansi."""

    pegawai: str
    kasubbid: str
    kabid: str
    plh_kabid: str
    kepala: str
    lain: str

    NAMA = {"pegawai": "Siti Rahmawati, S.Kom.", "kasubbid": "Budi Santoso, S.H.",
            "kabid": "Rina Marlina, S.E., M.M.", "plh_kabid": "Agus Setiawan, S.Sos.",
            "kepala": "Dr. H. Asep Saepudin, M.Si.", "lain": "Dewi Lestari, A.Md."}


@pytest.fixture
def instansi() -> str:
    return f"pemda-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def orang() -> Orang:
    return Orang(*(unique_nip() for _ in range(6)))


@pytest.fixture
def template_dir(tmp_path: Path, instansi: str) -> Path:
    """This test's instansi gets Kota Bandung's kop, number format, chains and signer."""
    folder = tmp_path / "templat"
    (folder / "instansi").mkdir(parents=True)
    text = (BUILTIN / "instansi" / "pemkot-bandung.yaml").read_text()
    (folder / "instansi" / f"{instansi}.yaml").write_text(
        text.replace("instansi_id: pemkot-bandung", f"instansi_id: {instansi}"))
    return folder


def profile_events(instansi: str, o: Orang) -> list[ContractEvent]:
    n = itertools.count(1)
    origin = uuid.uuid4()
    now = dt.datetime.now(dt.UTC)

    def ev(cls: type[ContractEvent], **kw: Any) -> ContractEvent:
        return cls(event_id=event_id_for(origin, next(n)), occurred_at=now, instansi_id=instansi, **kw)

    tmt = dt.date(2020, 1, 1)
    events = [ev(p.PegawaiRegisteredV1, nip=nip, nama=Orang.NAMA[who],
                 unit_id="diskominfo" if who == "pegawai" else "bkpsdm")
              for who, nip in vars(o).items()]
    jabatan = {"pegawai": ("pranata-komputer-1", "Pranata Komputer Ahli Pertama"),
               "kasubbid": ("kasubbid-cuti", "Kepala Subbidang Cuti dan Kesejahteraan"),
               "kabid": ("kabid-mutasi", "Kepala Bidang Mutasi dan Promosi"),
               "plh_kabid": ("kasubbid-mutasi", "Kepala Subbidang Mutasi"),
               "kepala": ("kepala-bkpsdm", "Kepala Badan Kepegawaian dan Pengembangan Sumber "
                                           "Daya Manusia"),
               "lain": ("analis-sdm", "Analis SDM Aparatur")}
    for who, (jid, nama) in jabatan.items():
        events.append(ev(p.JabatanChangedV1, nip=getattr(o, who), jabatan_id=jid,
                         nama_jabatan=nama, unit_id="bkpsdm", tmt=tmt))
    for who, gol in (("pegawai", "III/a"), ("kepala", "IV/c"), ("kabid", "IV/a"),
                     ("plh_kabid", "III/d"), ("kasubbid", "III/d")):
        events.append(ev(p.PangkatChangedV1, nip=getattr(o, who), golongan_ruang=gol, tmt=tmt,
                         mkg_tahun=8, mkg_bulan=0))
    events.append(ev(p.PltAssignedV1, nip=o.plh_kabid, jabatan_id="kabid-mutasi", jenis="PLH",
                     mulai=TODAY - dt.timedelta(days=2), selesai=TODAY + dt.timedelta(days=5)))
    return events


async def publish(bootstrap: str, events: Sequence[ContractEvent]) -> None:
    """Produce contract events onto their real topics, as their owning service's relay does."""
    for topic in {e.topic() for e in events}:
        await kafka.ensure_topic(bootstrap, topic, 3, 1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False)
    await producer.start()
    try:
        for e in events:
            record = envelope.encode(e)
            await producer.send_and_wait(record.topic, record.value, key=record.key,
                                         headers=record.headers)
    finally:
        await producer.stop()


async def consume(runtime: Any, bootstrap: str, projection: str, check: Callable[[], bool],
                  timeout: float = 60) -> None:
    """Feed one of surat's projections from the broker (a group of its own) until ``check``."""
    worker = ConsumerWorker(runtime.store(projection), bootstrap, session_timeout_ms=6000,
                            group_id=f"test-{uuid.uuid4().hex[:8]}")
    await worker.start()
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await asyncio.to_thread(check):
            assert loop.time() < deadline, f"{projection}: not there after {timeout} s"
            await worker.poll_once(timeout_ms=300)
        idle = 0
        while idle < 3:  # and whatever else is already on the topic (other tests' too)
            idle = idle + 1 if await worker.poll_once(timeout_ms=200) == 0 else 0
    finally:
        await worker.stop()


async def draft_all(surat: Any) -> None:
    """Run the drafter until nothing is due: the shared topic may hold other tests' requests
    ahead of this one, and a round handles 100."""
    while await asyncio.to_thread(surat.drafter.process_pending):
        pass


def known(runtime: Any, *nips: str) -> Callable[[], bool]:
    """Every one of ``nips`` is known (each NIP is a key: they sit in different partitions)."""
    from simpeg_surat.projections.pejabat import profil

    store = runtime.store("surat.pejabat")
    return lambda: all(store.read(lambda c, t, n=n: profil(c, t, n, TODAY)) is not None for n in nips)


@pytest.fixture
async def surat(make_runtime: Callable[..., Any], template_dir: Path, broker: Any,
                instansi: str, orang: Orang) -> Any:
    """A surat runtime that knows the instansi's people (from profile events on the broker)."""
    runtime = make_runtime("surat", template_dir=template_dir)
    await publish(broker.bootstrap, profile_events(instansi, orang))
    await consume(runtime, broker.bootstrap, "surat.pejabat", known(runtime, *vars(orang).values()))
    return runtime


@pytest.fixture
async def client(surat: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=surat.api()),
                                 base_url="http://surat") as c:
        yield c


@pytest.fixture
def tokens(make_token: Callable[..., str], instansi: str, orang: Orang) -> dict[str, dict[str, str]]:
    out = {who: auth(make_token("PEGAWAI", "ATASAN", instansi=instansi, nip=nip))
           for who, nip in vars(orang).items()}
    out["admin"] = auth(make_token("ADMIN_INSTANSI", instansi=instansi, nip=unique_nip()))
    out["luar"] = auth(make_token("PEGAWAI", "ATASAN", instansi="pemkab-lain", nip=unique_nip()))
    return out
