"""One instansi's hierarchy as profile publishes it, a cuti runtime fed with it, and an API
client with a token for each person."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from simpeg_cuti.translate import translate
from simpeg_shared.contracts import event_id_for
from simpeg_shared.contracts import profile as p
from simpeg_shared.testing import auth

I = "pemkot-bandung"
C = "/api/cuti/v1"
#: kepala (jabatan kadis) <- atasan (kabid) <- pegawai, baru, senior, pppk, lain; plt acts for kadis
NIP = {"kepala": "197001011995031001", "atasan": "198001012005011002",
       "pegawai": "199001012015031003", "baru": "199801012026032004",
       "senior": "198505052010011005", "pppk": "199202022022012006",
       "plt": "198303032008011007", "lain": "198707072012011008"}
TMT = {"kepala": dt.date(1995, 3, 1), "atasan": dt.date(2005, 1, 1), "pegawai": dt.date(2015, 3, 1),
       "baru": dt.date(2026, 3, 1), "senior": dt.date(2010, 1, 1), "pppk": dt.date(2022, 1, 1),
       "plt": dt.date(2008, 1, 1), "lain": dt.date(2012, 1, 1)}
PLT_MULAI, PLT_SELESAI = dt.date(2026, 7, 1), dt.date(2026, 7, 10)


def profile_events(instansi: str = I, nip: dict[str, str] = NIP) -> list[Any]:
    n = itertools.count(1)
    origin = uuid.uuid4()

    def ev(cls: type, **kw: Any) -> Any:
        return cls(event_id=event_id_for(origin, next(n)), occurred_at=dt.datetime.now(dt.UTC),
                   instansi_id=instansi, **kw)

    events = [ev(p.PegawaiRegisteredV1, nip=nip[who], nama=who, unit_id="bkpsdm",
                 jenis_pegawai="PPPK" if who == "pppk" else "PNS", status="AKTIF",
                 tmt_cpns=TMT[who]) for who in nip]
    for who in ("atasan", "plt", "lain"):
        events.append(ev(p.AtasanChangedV1, nip=nip[who], nip_atasan=nip["kepala"], tmt=TMT[who]))
    for who in ("pegawai", "baru", "senior", "pppk"):
        events.append(ev(p.AtasanChangedV1, nip=nip[who], nip_atasan=nip["atasan"], tmt=TMT[who]))
    events += [
        ev(p.JabatanChangedV1, nip=nip["kepala"], jabatan_id="kadis", nama_jabatan="Kepala Badan",
           kelas_jabatan=14, unit_id="bkpsdm", tmt=dt.date(2020, 1, 1)),
        ev(p.JabatanChangedV1, nip=nip["atasan"], jabatan_id="kabid", nama_jabatan="Kepala Bidang",
           kelas_jabatan=11, unit_id="bkpsdm", tmt=dt.date(2020, 1, 1)),
        ev(p.PltAssignedV1, nip=nip["plt"], jabatan_id="kadis", jenis="PLH", mulai=PLT_MULAI,
           selesai=PLT_SELESAI),
    ]
    return events


def published(runtime: Any) -> list[Any]:
    """What the relay would publish from the runtime's event store, in order."""
    app = runtime.application
    out = []
    for n in app.recorder.select_notifications(1, 10_000):
        contract = translate(app.mapper.to_domain_event(n))
        if contract is not None:
            out.append(contract)
    return out


class Pemda:
    """The runtime, an API client, tokens, and the clock of the application."""

    nip = NIP
    plt_mulai, plt_selesai = PLT_MULAI, PLT_SELESAI

    def __init__(self, runtime: Any, client: httpx.AsyncClient, tokens: dict[str, dict[str, str]],
                 make_token: Callable[..., str]) -> None:
        self.runtime = runtime
        self.make_token = make_token
        self.c = client
        self.t = tokens

    @property
    def app(self) -> Any:
        return self.runtime.application

    def published(self) -> list[Any]:
        return published(self.runtime)

    def today(self, day: dt.date) -> None:
        self.app.hari_ini = lambda: day

    async def ajukan(self, who: str, mulai: str, selesai: str, jenis: str = "TAHUNAN",
                     **extra: Any) -> httpx.Response:
        body = {"jenis": jenis, "mulai": mulai, "selesai": selesai, "alasan": "keperluan keluarga",
                "alamat_selama_cuti": "Jl. Contoh No. 1, Bandung", **extra}
        return await self.c.post(f"{C}/cuti", json=body, headers=self.t[who])

    async def pertimbangkan(self, cuti_id: str, who: str = "atasan",
                            pertimbangan: str = "DISETUJUI") -> httpx.Response:
        return await self.c.post(f"{C}/cuti/{cuti_id}/pertimbangan",
                                 json={"pertimbangan": pertimbangan}, headers=self.t[who])

    async def putuskan(self, cuti_id: str, hasil: str = "DISETUJUI", who: str = "kepala",
                       **extra: Any) -> httpx.Response:
        body = {"hasil": hasil, **({"alasan": "kebutuhan dinas"} if hasil != "DISETUJUI" else {}), **extra}
        return await self.c.post(f"{C}/cuti/{cuti_id}/keputusan", json=body, headers=self.t[who])

    async def disetujui(self, who: str, mulai: str, selesai: str, **extra: Any) -> dict[str, Any]:
        r = await self.ajukan(who, mulai, selesai, **extra)
        assert r.status_code == 201, r.text
        cid = r.json()["id"]
        assert (await self.pertimbangkan(cid)).status_code == 200
        r = await self.putuskan(cid)
        assert r.status_code == 200 and r.json()["status"] == "DISETUJUI", r.text
        return r.json()

    async def saldo(self, who: str, tahun: int) -> dict[str, Any]:
        r = await self.c.get(f"{C}/pegawai/{NIP[who]}/saldo", params={"tahun": tahun},
                             headers=self.t[who])
        assert r.status_code == 200, r.text
        return r.json()


@pytest.fixture
async def pemda(make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> AsyncIterator[Pemda]:
    runtime = make_runtime("cuti")
    runtime.store("cuti.pegawai").apply_batch(profile_events())
    roles = {"kepala": ("PEGAWAI", "PEJABAT_BERWENANG"), "atasan": ("PEGAWAI", "ATASAN")}
    tokens = {who: auth(make_token(*roles.get(who, ("PEGAWAI", "ATASAN")), instansi=I, nip=nip))
              for who, nip in NIP.items()}
    tokens["luar"] = auth(make_token("PEGAWAI", "ATASAN", "ADMIN_INSTANSI", instansi="pemkab-sleman",
                                     nip="198808082013011009"))
    tokens["admin"] = auth(make_token("ADMIN_INSTANSI", instansi=I, nip="198909092014011010"))
    runtime.application.hari_ini = lambda: dt.date(2026, 7, 1)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=runtime.api()),
                                 base_url="http://cuti") as client:
        yield Pemda(runtime, client, tokens, make_token)


@pytest.fixture
def hierarki() -> Callable[..., list[Any]]:
    """Profile's events for an instansi (``instansi``) with NIPs ``nip`` (default: the shared ones)."""
    return profile_events
