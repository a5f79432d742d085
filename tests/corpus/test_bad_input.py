"""Every entry of the bad-input corpus (``bad_input.yaml``) at the commands of every service.

Each value is put, in place of one valid field, into a request that is otherwise well formed, and
sent to the service in process on a real database. The answer must be a 4xx
``application/problem+json`` whose ``detail`` says what is wrong — for a body field it names
the field — and the service's event store must be unchanged (its notification log's last id is
the same before and after), so nothing was recorded.
"""

from __future__ import annotations

import io
import json
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from PIL import Image

from simpeg_shared.testing import auth

CORPUS: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (Path(__file__).parent / "bad_input.yaml").read_text("utf-8"))
NIP = "198503152010011001"      # born 15 March 1985, CPNS January 2010, male, number 001
INSTANSI = "pemkot-bandung"
BAD = "__bad_value__"


@dataclass(frozen=True)
class Target:
    """One field of one command: where the corpus values of ``kinds`` go."""

    service: str
    method: str
    path: str                      # may hold {BAD} for a path parameter
    body: dict[str, Any] | None
    field: str | None              # dotted path in the body, None for a path parameter
    kinds: tuple[str, ...]
    roles: tuple[str, ...] = ("ADMIN_INSTANSI",)


def _t(service: str, method: str, path: str, body: dict[str, Any] | None, fld: str | None,
       *kinds: str, roles: tuple[str, ...] = ("ADMIN_INSTANSI",)) -> Target:
    return Target(service, method, path, body, fld, kinds, roles)


PEGAWAI = {"nip": NIP, "nama": "Budi Santoso", "instansi_id": INSTANSI, "unit_id": "setda"}
MUTASI = {"instansi_id": INSTANSI, "unit_id": "dinkes", "tmt": "2026-09-01"}
CUTI = {"jenis": "TAHUNAN", "mulai": "2026-09-07", "selesai": "2026-09-09",
        "alasan": "urusan keluarga", "alamat_selama_cuti": "Jl. Merdeka 1, Bandung"}
SKP = {"items": [{"item_id": "rhk-1", "rencana_hasil_kerja": "Layanan data kepegawaian",
                  "indikator": [{"indikator": "Data mutakhir", "target": "100", "satuan": "persen"}]}]}
SURAT = {"jenis": "NOTA_DINAS", "perihal": "Rapat koordinasi", "isi": ["Mohon hadir."],
         "penerima": [NIP], "penandatangan": NIP}
KEBERATAN = {"alasan": "saya hadir pada hari itu", "tanggal": ["2026-08-17"]}
PENUNDAAN = {"alasan": "hukuman disiplin sedang", "sampai": "2027-01-01"}
KGB_ID = "0b7e0f5e-3c1a-4a0e-9a57-2f0d7d1c9e11"
PEG = ("PEGAWAI",)

TARGETS = [
    _t("profile", "POST", "/api/profile/v1/pegawai", PEGAWAI, "nip", "nip", "injeksi"),
    _t("profile", "POST", "/api/profile/v1/pegawai", PEGAWAI, "nama", "teks"),
    _t("profile", "POST", "/api/profile/v1/pegawai", PEGAWAI, "tanggal_lahir", "tanggal"),
    _t("profile", "POST", "/api/profile/v1/pegawai", PEGAWAI, "instansi_id", "injeksi"),
    _t("profile", "POST", "/api/profile/v1/pegawai", PEGAWAI, "unit_id", "injeksi", "teks"),
    _t("profile", "POST", "/api/profile/v1/pegawai", PEGAWAI, None, "json"),
    _t("profile", "POST", f"/api/profile/v1/pegawai/{NIP}/mutasi", MUTASI, "tmt", "tanggal"),
    _t("profile", "POST", f"/api/profile/v1/pegawai/{NIP}/mutasi", MUTASI, "unit_id", "injeksi"),
    _t("profile", "POST", "/api/profile/v1/pegawai/{BAD}/mutasi", MUTASI, None, "nip"),
    _t("cuti", "POST", "/api/cuti/v1/cuti", CUTI, "mulai", "tanggal", roles=PEG),
    _t("cuti", "POST", "/api/cuti/v1/cuti", CUTI, "selesai", "tanggal", roles=PEG),
    _t("cuti", "POST", "/api/cuti/v1/cuti", CUTI, "alasan", "teks", roles=PEG),
    _t("cuti", "POST", "/api/cuti/v1/cuti", CUTI, "alamat_selama_cuti", "teks", roles=PEG),
    _t("cuti", "POST", "/api/cuti/v1/cuti", CUTI, None, "json", roles=PEG),
    _t("kinerja", "PUT", f"/api/kinerja/v1/skp/{NIP}/2026", SKP,
       "items.0.rencana_hasil_kerja", "teks", roles=PEG),
    _t("kinerja", "PUT", f"/api/kinerja/v1/skp/{NIP}/2026", SKP,
       "items.0.item_id", "injeksi", roles=PEG),
    _t("kinerja", "PUT", "/api/kinerja/v1/skp/{BAD}/2026", SKP, None, "nip", roles=PEG),
    _t("kinerja", "PUT", f"/api/kinerja/v1/skp/{NIP}/2026", SKP, None, "json", roles=PEG),
    _t("surat", "POST", "/api/surat/v1/surat", SURAT, "perihal", "teks"),
    _t("surat", "POST", "/api/surat/v1/surat", SURAT, "isi.0", "teks"),
    _t("surat", "POST", "/api/surat/v1/surat", SURAT, "penerima.0", "injeksi"),
    _t("surat", "POST", "/api/surat/v1/surat", SURAT, "penandatangan", "injeksi"),
    _t("surat", "POST", "/api/surat/v1/surat", SURAT, None, "json"),
    _t("tpp", "POST", f"/api/tpp/v1/pegawai/{NIP}/keberatan?bulan=2026-08", KEBERATAN,
       "alasan", "teks", roles=PEG),
    _t("tpp", "POST", f"/api/tpp/v1/pegawai/{NIP}/keberatan?bulan=2026-08", KEBERATAN,
       "tanggal.0", "tanggal", roles=PEG),
    _t("tpp", "POST", "/api/tpp/v1/pegawai/{BAD}/keberatan?bulan=2026-08", KEBERATAN, None,
       "nip", roles=PEG),
    _t("tpp", "POST", f"/api/tpp/v1/pegawai/{NIP}/keberatan?bulan=2026-08", KEBERATAN, None,
       "json", roles=PEG),
    _t("kgb", "POST", f"/api/kgb/v1/usulan/{KGB_ID}/penundaan", PENUNDAAN, "sampai", "tanggal"),
    _t("kgb", "POST", f"/api/kgb/v1/usulan/{KGB_ID}/penundaan", PENUNDAAN, "alasan", "teks"),
    _t("kgb", "POST", f"/api/kgb/v1/usulan/{KGB_ID}/penundaan", PENUNDAAN, None, "json"),
]
SERVICES = sorted({t.service for t in TARGETS} | {"attendance"})


def literal(entry: dict[str, Any]) -> str:
    """The entry as a JSON literal."""
    if "json" in entry:
        return str(entry["json"])
    if "repeat" in entry:
        return json.dumps(entry["repeat"] * entry["times"])
    if "nesting" in entry:
        n = entry["nesting"]
        return '{"a":' * n + "1" + "}" * n if entry.get("objects") else "[" * n + "]" * n
    return json.dumps(entry["value"])


def body_with(base: dict[str, Any], fld: str, entry: dict[str, Any]) -> str:
    doc = json.loads(json.dumps(base))
    *parents, last = fld.split(".")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if isinstance(node, list):
        node[int(last)] = BAD
    else:
        node[last] = BAD
    text = json.dumps(doc)
    assert text.count(f'"{BAD}"') == 1
    return text.replace(f'"{BAD}"', literal(entry))


def cases() -> list[tuple[Target, dict[str, Any]]]:
    out = []
    for target in TARGETS:
        for kind in target.kinds:
            for entry in CORPUS[kind]:
                if target.field is None and kind != "json" and "value" not in entry:
                    continue  # a path parameter holds text only
                out.append((target, entry))
    return out


@dataclass
class Outcome:
    refused: int = 0
    wrong: list[str] = field(default_factory=list)


def check_problem(r: httpx.Response, what: str, fld: str | None, out: Outcome) -> None:
    problem = r.json() if r.headers.get("content-type") == "application/problem+json" else None
    if not 400 <= r.status_code < 500 or problem is None:
        out.wrong.append(f"{what}: {r.status_code} {r.headers.get('content-type')} {r.text[:200]}")
        return
    detail = problem.get("detail") or ""
    if len(detail) < 8:
        out.wrong.append(f"{what}: {r.status_code} without a detail a person can act on")
        return
    if fld is not None:
        named = [e.get("field", "") for e in problem.get("errors") or []]
        leaf = fld.split(".")[-1] if not fld.split(".")[-1].isdigit() else fld.split(".")[-2]
        if not any(leaf in n for n in named) and leaf not in detail:
            out.wrong.append(f"{what}: {r.status_code} does not name {fld}: {detail[:200]}")
            return
    out.refused += 1


def last_event(runtime: Any) -> int:
    return runtime.application.recorder.max_notification_id() or 0


def jpeg(size: int = 96) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (size, size), (120, 80, 40)).save(buf, format="JPEG", quality=90)
    return buf.getvalue()


def foto(make: str, limit: int) -> tuple[str, bytes, str]:
    if make == "oversize":
        noise = Image.frombytes("RGB", (1400, 1400), bytes(range(256)) * (1400 * 1400 * 3 // 256 + 1))
        buf = io.BytesIO()
        noise.save(buf, format="JPEG", quality=100)
        data = buf.getvalue()
        while len(data) <= limit:
            data += data
        return "foto.jpg", data, "image/jpeg"
    if make == "png":
        buf = io.BytesIO()
        Image.new("RGB", (96, 96)).save(buf, format="PNG")
        return "foto.jpg", buf.getvalue(), "image/jpeg"
    if make == "text":
        return "foto.jpg", b"bukan gambar, hanya teks\n" * 40, "image/jpeg"
    if make == "truncated":
        data = jpeg()
        return "foto.jpg", data[: len(data) // 2], "image/jpeg"
    if make == "tiny":
        return "foto.jpg", jpeg(1), "image/jpeg"
    if make == "empty":
        return "foto.jpg", b"", "image/jpeg"
    if make == "html":
        return "foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"
    raise AssertionError(f"bad_input.yaml: no photo maker {make!r}")


def form(**changes: str) -> dict[str, str]:
    return {"jenis": "MASUK", "lat": "-6.9175", "lon": "107.6191", "akurasi_m": "12",
            "perangkat_id": "hp-corpus-1", "lokasi_palsu": "false",
            "waktu_ponsel": "2026-08-18T07:20:00+07:00", **changes}


async def test_every_corpus_entry_is_refused_with_a_problem_and_stores_nothing(
        make_runtime: Callable[..., Any], make_token: Callable[..., str]) -> None:
    runtimes = {name: make_runtime(name) for name in SERVICES}
    apps = {name: rt.api() for name, rt in runtimes.items()}
    tokens: dict[tuple[str, ...], dict[str, str]] = {}

    def headers(roles: tuple[str, ...]) -> dict[str, str]:
        if roles not in tokens:
            tokens[roles] = auth(make_token(*roles, instansi=INSTANSI, nip=NIP))
        return tokens[roles]

    clients = {name: httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                       base_url=f"http://{name}") for name, app in apps.items()}
    out = Outcome()
    try:
        # the pegawai the path-bound commands are about exists, so a refusal is the value's
        r = await clients["profile"].post("/api/profile/v1/pegawai", json=PEGAWAI,
                                          headers=headers(("ADMIN_INSTANSI",)))
        assert r.status_code == 201, f"the valid pegawai was refused: {r.text}"
        before = {name: last_event(rt) for name, rt in runtimes.items()}

        for target, entry in cases():
            what = f"{target.method} {target.path} {target.field or 'body'} <- {entry['why']}"
            hdrs = {**headers(target.roles), "Content-Type": "application/json"}
            path = target.path
            if "{BAD}" in path:
                path = path.replace("{BAD}", urllib.parse.quote(str(entry["value"]), safe=""))
                content = json.dumps(target.body)
            elif target.field is None:
                content = literal(entry)
            else:
                content = body_with(target.body or {}, target.field, entry)
            r = await clients[target.service].request(target.method, path, headers=hdrs,
                                                      content=content.encode("utf-8", "surrogatepass"))
            check_problem(r, what, target.field, out)

        # attendance: the check-in form and its photo
        limit = apps["attendance"].state.max_foto_bytes
        pegawai = headers(PEG)
        for entry in CORPUS["koordinat"]:
            r = await clients["attendance"].post(
                "/api/attendance/v1/presensi", headers=pegawai,
                data=form(lat=entry["lat"], lon=entry["lon"]),
                files={"foto": ("foto.jpg", jpeg(), "image/jpeg")})
            check_problem(r, f"presensi lat/lon <- {entry['why']}", None, out)
        for entry in CORPUS["foto"]:
            r = await clients["attendance"].post("/api/attendance/v1/presensi", headers=pegawai,
                                                 data=form(), files={"foto": foto(entry["make"], limit)})
            check_problem(r, f"presensi foto <- {entry['why']}", None, out)
        for entry in CORPUS["tanggal"]:
            if "value" in entry:
                r = await clients["attendance"].post(
                    "/api/attendance/v1/presensi", headers=pegawai,
                    data=form(waktu_ponsel=entry["value"]), files={"foto": ("f.jpg", jpeg(), "image/jpeg")})
                check_problem(r, f"presensi waktu_ponsel <- {entry['why']}", "waktu_ponsel", out)

        # a reversed range and a leave across 30 February
        for mulai, selesai, why in (("2026-09-09", "2026-09-07", "reversed range"),
                                    ("2026-02-27", "2026-02-30", "ends on 30 February"),
                                    ("2026-09-07", "2099-09-07", "73 years of leave")):
            r = await clients["cuti"].post("/api/cuti/v1/cuti", headers=pegawai,
                                           json={**CUTI, "mulai": mulai, "selesai": selesai})
            check_problem(r, f"cuti <- {why}", None, out)
        after = {name: last_event(rt) for name, rt in runtimes.items()}
    finally:
        for c in clients.values():
            await c.aclose()
    print(f"corpus: {out.refused} bad requests refused across {len(SERVICES)} services")
    assert not out.wrong, f"{len(out.wrong)} bad inputs were not refused as they should be:\n" + \
        "\n".join(out.wrong)
    assert after == before, f"events were stored for bad input: {before} -> {after}"
