"""Helpers for attendance's integration tests: profile and cuti events published as contract
events onto their real topics through the broker, consumed by attendance's own projections,
photos, and an API client whose clock the test sets."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import itertools
import random
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer
from PIL import Image

from simpeg_attendance.translate import translate
from simpeg_shared import envelope, kafka
from simpeg_shared.consumer import ConsumerWorker
from simpeg_shared.contracts import ContractEvent, event_id_for
from simpeg_shared.contracts import cuti as ct
from simpeg_shared.contracts import profile as p
from simpeg_shared.testing import auth

A = "/api/attendance/v1"
KANTOR = (-6.9147, 107.6098)  # Gedung Sate, Bandung
_seq = itertools.count(1)
_photo_seq = itertools.count(1)


def unique_nip() -> str:
    n = next(_seq)
    return (f"{random.randint(1960, 1995)}{random.randint(1, 12):02d}{random.randint(1, 28):02d}"
            f"2015{random.randint(1, 12):02d}{random.choice('12')}{n % 999 + 1:03d}")


def contract(cls: type[ContractEvent], instansi: str, **kw: Any) -> Any:
    return cls(event_id=event_id_for(uuid.uuid4(), 1), occurred_at=dt.datetime.now(dt.UTC),
               instansi_id=instansi, **kw)


def photo(width: int = 96) -> bytes:
    """A real JPEG no other test sends (its pixels carry a running number)."""
    n = next(_photo_seq)
    img = Image.new("RGB", (width, width), (n % 256, (n // 256) % 256, random.randint(0, 255)))
    img.putpixel((0, 0), (random.randint(0, 255), 0, 0))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=90)
    return buf.getvalue()


async def publish(bootstrap: str, events: list[ContractEvent]) -> None:
    """Produce contract events onto their topics the way a relay does (CloudEvents, keyed by NIP)."""
    for topic in {e.topic() for e in events}:
        await kafka.ensure_topic(bootstrap, topic, 3, 1)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=False,
                                linger_ms=5)
    await producer.start()
    try:
        futures = []
        for e in events:
            rec = envelope.encode(e)
            futures.append(await producer.send(rec.topic, rec.value, key=rec.key, headers=rec.headers))
        await asyncio.gather(*futures)
    finally:
        await producer.stop()


async def consume(runtime: Any, projection: str, bootstrap: str, check: Callable[[], bool],
                  timeout: float = 90) -> None:
    """Feed one of attendance's projections from the broker until ``check()`` holds."""
    worker = ConsumerWorker(runtime.store(projection), bootstrap, session_timeout_ms=6000,
                            group_id=f"test-{uuid.uuid4().hex[:8]}")
    await worker.start()
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not await asyncio.to_thread(check):
            assert loop.time() < deadline, f"{projection} did not get there in {timeout} s"
            await worker.poll_once(200)
    finally:
        await worker.stop()


def published(runtime: Any, kind: type | None = None) -> list[Any]:
    """Every public event attendance would publish, from its notification log, in order."""
    app = runtime.application
    out = []
    for n in app.recorder.select_notifications(1, 1_000_000):
        c = translate(app.mapper.to_domain_event(n))
        if c is not None and (kind is None or isinstance(c, kind)):
            out.append(c)
    return out


def days(runtime: Any, nip: str) -> dict[dt.date, Any]:
    """The latest revisi of each published day of ``nip``."""
    from simpeg_shared.contracts.attendance import DailyAttendanceV1

    latest: dict[dt.date, Any] = {}
    for e in published(runtime, DailyAttendanceV1):
        if e.nip == nip and (e.tanggal not in latest or e.revisi > latest[e.tanggal].revisi):
            latest[e.tanggal] = e
    return latest


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@dataclass
class Suite:
    runtime: Any
    client: httpx.AsyncClient
    instansi: str
    unit: str
    clock: Clock
    make_token: Callable[..., str]
    bootstrap: str
    nips: dict[str, str] = field(default_factory=dict)

    @property
    def app(self) -> Any:
        return self.runtime.application

    def token(self, who: str, *roles: str) -> dict[str, str]:
        return auth(self.make_token(*(roles or ("PEGAWAI",)), instansi=self.instansi,
                                    nip=self.nips.get(who)))

    @property
    def admin(self) -> dict[str, str]:
        return auth(self.make_token("ADMIN_INSTANSI", instansi=self.instansi))

    async def configure(self, zona: str = "Asia/Jakarta", mulai: dt.date = dt.date(2026, 5, 4),
                        jadwal: str = "perpres-21-2023", radius: float = 100) -> None:
        r = await self.client.put(f"{A}/unit/{self.unit}", headers=self.admin,
                                  json={"zona_waktu": zona, "jadwal": jadwal, "berlaku_mulai": mulai.isoformat()})
        assert r.status_code == 200, r.text
        r = await self.client.put(f"{A}/unit/{self.unit}/lokasi/kantor", headers=self.admin, json={
            "nama": "Kantor", "bentuk": {"bentuk": "LINGKARAN", "lat": KANTOR[0], "lon": KANTOR[1],
                                         "radius_m": radius}})
        assert r.status_code == 200, r.text

    async def presensi(self, who: str, jenis: str = "MASUK", *, lat: Any = KANTOR[0],
                       lon: Any = KANTOR[1], foto: bytes | None = None, mock: bool = False,
                       akurasi: Any = 8, waktu_ponsel: dt.datetime | None = None,
                       waktu_ambil: dt.datetime | None = None, perangkat: str = "android-1234",
                       foto_type: str = "image/jpeg", headers: dict[str, str] | None = None) -> httpx.Response:
        data = {"jenis": jenis, "lat": str(lat), "lon": str(lon), "akurasi_m": str(akurasi),
                "perangkat_id": perangkat, "lokasi_palsu": "true" if mock else "false",
                "waktu_ponsel": (waktu_ponsel or self.clock.now).isoformat()}
        if waktu_ambil is not None:
            data["waktu_ambil"] = waktu_ambil.isoformat()
        return await self.client.post(f"{A}/presensi", data=data,
                                      files={"foto": ("foto.jpg", foto or photo(), foto_type)},
                                      headers=headers or self.token(who))


@pytest.fixture
async def suite(make_runtime: Callable[..., Any], make_token: Callable[..., str],
                broker: Any) -> AsyncIterator[Suite]:
    """An attendance runtime that knows, from profile's events through the broker, a pegawai,
    their atasan and a colleague in one unit of a fresh instansi."""
    runtime = make_runtime("attendance")
    instansi = f"pemda-{uuid.uuid4().hex[:8]}"
    unit = f"unit-{uuid.uuid4().hex[:6]}"
    nips = {"pegawai": unique_nip(), "atasan": unique_nip(), "rekan": unique_nip()}
    events = [contract(p.PegawaiRegisteredV1, instansi, nip=nip, nama=who, unit_id=unit)
              for who, nip in nips.items()]
    events += [contract(p.AtasanChangedV1, instansi, nip=nips[w], nip_atasan=nips["atasan"],
                        tmt=dt.date(2020, 1, 1)) for w in ("pegawai", "rekan")]
    await publish(broker.bootstrap, events)
    from simpeg_attendance.projections.pegawai import atasan_of, instansi_of

    store = runtime.store("attendance.pegawai")

    def known(c: Any, t: Any) -> bool:  # NIPs are keys: each may sit in another partition
        return (all(instansi_of(c, t, nip) == instansi for nip in nips.values())
                and all(atasan_of(c, t, nips[w], dt.date(2026, 1, 1)) == nips["atasan"]
                        for w in ("pegawai", "rekan")))

    await consume(runtime, "attendance.pegawai", broker.bootstrap, lambda: store.read(known))
    clock = Clock(dt.datetime(2026, 5, 4, 0, 0, tzinfo=dt.UTC))
    runtime.application.clock = clock
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()),
                                 base_url="http://attendance") as client:
        yield Suite(runtime, client, instansi, unit, clock, make_token, broker.bootstrap, nips)


def cuti_decided(instansi: str, nip: str, mulai: dt.date, selesai: dt.date, jenis: str = "TAHUNAN",
                 hasil: str = "DISETUJUI", cuti_id: uuid.UUID | None = None) -> Any:
    return contract(ct.CutiDecidedV1, instansi, nip=nip, cuti_id=cuti_id or uuid.uuid4(),
                    jenis=jenis, hasil=hasil, mulai=mulai, selesai=selesai,
                    hari_kerja=(selesai - mulai).days + 1, nip_pejabat="197001011995031001")
