"""The audit trail and crypto-shredding on profile's real event store (PostgreSQL when it answers):

- every stored event says who (subject, NIP, roles, instansi), from where (request id, the
  client address the gateway forwarded) and when; `GET …/audit?nip=` shows it to the admin of
  the pegawai's instansi and to BKN, and is 404 for any other instansi;
- personal fields are stored encrypted under the pegawai's own key: the NIK is not in the
  stored bytes even with the service-wide cipher removed; `simpeg forget` erases the key, after
  which the NIK and address read as null everywhere while the rest of the record (name, unit,
  history) and the public events stay whole, and new personal data for them is refused.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from simpeg_shared import jejak
from simpeg_shared.kunci import lupakan
from simpeg_shared.testing import auth

from .conftest import INSTANSI, Api

NIP_BARU = "199105212019031007"
NIK = "3273012105910007"


async def _daftar(api: Api) -> None:
    r = await api.client.post("/api/profile/v1/pegawai", json={
        "nip": NIP_BARU, "nama": "Sari Wulandari, S.E.", "instansi_id": INSTANSI,
        "unit_id": "setda", "data_pribadi": {"nik": NIK, "alamat": "Jl. Braga No. 10, Bandung",
                                             "email": "sari@example.go.id"}},
        headers={**api.tokens["admin"], "X-Request-ID": "audit-uji-1",
                 "X-Forwarded-For": "203.0.113.7"})
    assert r.status_code == 201, r.text


def _trail(api: Api) -> None:
    api.runtime.audit_trail().langkah()  # what the relay role's follower does in the background


async def test_every_event_records_who_when_and_from_where(api: Api, make_token: Any) -> None:
    await _daftar(api)
    _trail(api)
    r = await api.get("admin", "/api/profile/v1/audit", params={"nip": NIP_BARU})
    assert r.status_code == 200, r.text
    rows = r.json()["jejak"]
    assert [row["peristiwa"] for row in rows] == ["Pegawai.Registered"]
    oleh = rows[0]["oleh"]
    assert oleh["request_id"] == "audit-uji-1"
    assert oleh["alamat_ip"] == "203.0.113.7"
    assert oleh["peran"] == ["ADMIN_INSTANSI"] and oleh["instansi_id"] == INSTANSI
    assert oleh["subjek"]

    # BKN sees every instansi; another instansi's admin is told nothing exists
    assert (await api.get("bkn", "/api/profile/v1/audit", params={"nip": NIP_BARU})).status_code == 200
    other = auth(make_token("ADMIN_INSTANSI", instansi="pemkab-jayapura"))
    r = await api.client.get("/api/profile/v1/audit", params={"nip": NIP_BARU}, headers=other)
    assert r.status_code == 404 and r.headers["content-type"] == "application/problem+json"
    # a pegawai may not read the trail at all; a malformed NIP is a 422 naming the parameter
    assert (await api.get("pegawai", "/api/profile/v1/audit", params={"nip": NIP_BARU})).status_code == 403
    r = await api.get("admin", "/api/profile/v1/audit", params={"nip": "12ab"})
    assert r.status_code == 422 and "nip" in r.text

    # the follower is idempotent: following again (a restart, a second replica) adds nothing
    api.runtime.audit_trail().langkah()
    assert len((await api.get("admin", "/api/profile/v1/audit", params={"nip": NIP_BARU})).json()["jejak"]) == 1


async def test_forgetting_a_pegawai_erases_their_personal_data_and_keeps_the_rest(api: Api) -> None:
    app = api.runtime.application
    await _daftar(api)
    r = await api.get("admin", f"/api/profile/v1/pegawai/{NIP_BARU}")
    assert r.json()["data_pribadi"]["nik"] == NIK

    # the NIK is not in the stored event, even under the service-wide cipher
    stored = app.recorder.select_events(_pegawai_id(NIP_BARU))
    state = app.mapper.decode_state(stored[0])
    assert NIK not in repr(state) and "Braga" not in repr(state)
    assert state["data_pribadi"]["nik"]["nip"] == NIP_BARU  # an encrypted value, by its owner

    with jejak.proses("uji:forget"):
        assert lupakan(app, NIP_BARU, oleh="Kepala BKPSDM", alasan="masa retensi arsip berakhir")
        assert not lupakan(app, NIP_BARU, oleh="Kepala BKPSDM", alasan="dua kali")  # idempotent

    r = await api.get("admin", f"/api/profile/v1/pegawai/{NIP_BARU}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["nama"] == "Sari Wulandari, S.E." and body["unit_id"] == "setda"
    pribadi = body.get("data_pribadi") or {}
    assert pribadi.get("nik") is None and pribadi.get("alamat") is None
    assert NIK not in r.text

    # the public events translate as before: replay and the other contexts lose nothing
    from simpeg_profile.translate import translate
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(1, 1000)]
    published = [c for e in events if (c := translate(e)) is not None]
    assert any(getattr(c, "nip", None) == NIP_BARU for c in published)

    # new personal data for them is refused, with a reason a person can act on
    r = await api.post("admin", f"/api/profile/v1/pegawai/{NIP_BARU}/perubahan",
                       {"jenis": "DATA_PRIBADI", "perubahan": {"nik": NIK}})
    assert r.status_code == 409, r.text
    assert "erased" in r.json()["detail"]

    # and the erasure itself is in the audit trail, by the process that did it
    _trail(api)
    rows = (await api.get("admin", "/api/profile/v1/audit", params={"nip": NIP_BARU})).json()["jejak"]
    assert rows[-1]["peristiwa"] == "PenghapusanDataPribadi.Dihapus"
    assert rows[-1]["oleh"]["proses"] == "uji:forget"


def _pegawai_id(nip: str) -> Any:
    from simpeg_profile.domain.pegawai import Pegawai

    return Pegawai.create_id(nip)


async def test_simpeg_forget_erases_through_the_command_line(api: Api, make_runtime: Any,
                                                             databases: Any) -> None:
    """`simpeg forget` in its own process, on the service's database (as an operator runs it
    beside the running suite); another process reading the store then sees no NIK."""
    await _daftar(api)
    url = api.runtime.settings.db_url
    env = {**os.environ, "SIMPEG_VAR_DIR": str(api.runtime.settings.common.var_dir),
           "SIMPEG_PROFILE_DATABASE_URL": url, "SIMPEG_CUTI_DATABASE_URL": databases.fresh("cuti")}
    cmd = [sys.executable, "-m", "simpeg_shared.cli", "forget"]
    bad = subprocess.run([*cmd, "12345", "--oleh", "Admin", "--alasan", "retensi berakhir"],
                         env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "18 digits" in bad.stdout + bad.stderr
    done = subprocess.run([*cmd, NIP_BARU, "--oleh", "Kepala BKPSDM", "--alasan", "retensi berakhir"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "profile: erased" in done.stdout and "cuti: erased" in done.stdout

    fresh = make_runtime("profile", database_url=url)  # another process: no key in its memory
    view = fresh.application.find(_pegawai_id(NIP_BARU))
    assert view.nama == "Sari Wulandari, S.E."
    assert view.data_pribadi.get("nik") is None and view.data_pribadi.get("email") is None
