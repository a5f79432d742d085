"""SIMPEG's benchmarks (``make bench``): each figure beside a floor measured in the same run.

| #  | what                                                        | floor                          |
|----|-------------------------------------------------------------|--------------------------------|
| P1 | check-ins through the gateway into the monitoring read model | a bare FastAPI endpoint (same body, same server stack); eventsourcing save() of one check-in per transaction from 8 threads |
| P2 | projection lag (accepted → visible in monitoring) under P1   | —                              |
| P3 | TPP for a generated province month (bench/tpp_month.py)     | a plain Python loop over the same rows |
| P4 | rebuilding a read model by replay                           | reading the same log without processing |
| P5 | the embedded suite: RSS of all processes, time to ready     | —                              |

Prints a table and writes ``bench/results/<date>.json`` (and P1's profile of the attendance api,
``bench/results/<date>-p1-attendance.svg``, when py-spy may attach). ``--quick`` runs everything
smaller (a smoke run of the harness itself).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
from PIL import Image

from simpeg_shared import kafka
from simpeg_shared.contracts import event_id_for, topic_for
from simpeg_shared.contracts.profile import PegawaiRegisteredV1
from simpeg_shared.devbroker import free_port
from simpeg_shared.devkeys import issue_token
from simpeg_shared.service import services

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
PG = os.environ.get("SIMPEG_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
INSTANSI, UNIT = "bench-instansi", "bench-unit"
KANTOR = (-6.9147, 107.6098)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# -- processes ----------------------------------------------------------------------------------
def rss_tree(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        todo.extend(children.get(p, []))
    return total


def pid_of(parent: int, needle: str) -> int | None:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == parent and needle in cmd:
                return int(entry.name)
    return None


class Suite:
    """``simpeg run`` (what ``make run`` starts) on its own ports, var dir and databases."""

    def __init__(self, var_dir: Path, databases: dict[str, str], extra: dict[str, str]) -> None:
        self.names = list(services())
        self.ports = {n: free_port() for n in self.names} | {"broker": free_port()}
        self.var_dir = var_dir
        self.env = {**os.environ, "SIMPEG_VAR_DIR": str(var_dir),
                    "SIMPEG_KAFKA_BOOTSTRAP": f"127.0.0.1:{self.ports['broker']}", **extra}
        for n in self.names:
            self.env[f"SIMPEG_{n.upper()}_HTTP_PORT"] = str(self.ports[n])
            if n in databases:
                self.env[f"SIMPEG_{n.upper()}_DATABASE_URL"] = databases[n]
        self.proc: subprocess.Popen[str] | None = None
        self.ready_seconds = float("nan")

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.ports['broker']}"

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def start(self) -> None:
        started = time.perf_counter()
        self.proc = subprocess.Popen([PY, "-m", "simpeg_shared.cli", "run"], env=self.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        assert self.proc.stdout is not None
        out = []
        while True:
            line = self.proc.stdout.readline()
            if not line and self.proc.poll() is not None:
                raise RuntimeError("simpeg run stopped:\n" + "".join(out[-40:]))
            out.append(line)
            if "Ctrl-C stops everything" in line:
                break
        self.ready_seconds = time.perf_counter() - started
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for _ in self.proc.stdout:
            pass

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(2)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@contextmanager
def databases(names: list[str]) -> Iterator[dict[str, str]]:
    stamp = uuid.uuid4().hex[:8]
    made = {n: f"simpeg_bench_{stamp}_{n}" for n in names}
    with psycopg.connect(PG, autocommit=True) as conn:
        for db in made.values():
            conn.execute(f'CREATE DATABASE "{db}"')
    base = PG.rsplit("/", 1)[0]
    try:
        yield {n: f"{base}/{db}" for n, db in made.items()}
    finally:
        with psycopg.connect(PG, autocommit=True) as conn:
            for db in made.values():
                conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def jpeg(path: Path, kib: int = 120) -> None:
    """A photo of realistic upload size (~``kib`` KiB, as phones send after compression)."""
    rng = random.Random(7)
    side = 360
    while True:
        img = Image.new("RGB", (side, side))
        img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                     for _ in range(side * side)])
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=60)
        if buf.tell() >= kib * 1024 or side > 1200:
            path.write_bytes(buf.getvalue())
            return
        side += 40


def nip(i: int) -> str:
    born = dt.date(1970, 1, 1) + dt.timedelta(days=i % 9000)  # unique for i < 9,000
    return f"{born:%Y%m%d}201501{1 + i % 2}{i % 999 + 1:03d}"


# -- P1 floors -------------------------------------------------------------------------------------
def run_loadgen(url: str, tokens: Path, photo: Path, seconds: float, concurrency: int,
                out: Path) -> dict[str, Any]:
    subprocess.run([PY, str(ROOT / "bench" / "loadgen.py"), url, str(tokens), str(photo),
                    "--concurrency", str(concurrency), "--seconds", str(seconds), "--out", str(out)],
                   check=True, timeout=seconds + 120)
    data = json.loads(out.read_text())["requests"]
    ok = [r for r in data if r[2] == 201]
    lat = [(r[1] - r[0]) * 1000 for r in ok]
    span = (max(r[1] for r in data) - min(r[0] for r in data)) if data else float("nan")
    statuses: dict[str, int] = {}
    for r in data:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    return {"requests": len(data), "accepted": len(ok), "per_second": len(ok) / span if span else 0.0,
            "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99), "statuses": statuses, "raw": ok}


def bare_floor(tokens: Path, photo: Path, seconds: float, concurrency: int, work: Path) -> dict[str, Any]:
    port = free_port()
    proc = subprocess.Popen([PY, str(ROOT / "bench" / "bare_app.py"), str(port)])
    try:
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{port}/docs", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        res = run_loadgen(f"http://127.0.0.1:{port}/api/attendance/v1/presensi", tokens, photo,
                          seconds, concurrency, work / "bare.json")
    finally:
        proc.terminate()
        proc.wait(10)
    res.pop("raw")
    return res


def save_floor(database_url: str, seconds: float, threads: int = 8) -> dict[str, Any]:
    """eventsourcing save() of one check-in aggregate per transaction, from ``threads`` threads."""
    from simpeg_attendance.domain.presensi import CheckIn
    from simpeg_shared.persistence import SimpegApplication

    class Floor(SimpegApplication):
        name = "benchfloor"

    app = Floor(database_url, POSTGRES_POOL_SIZE=str(threads))
    count = [0] * threads
    stop_at = time.perf_counter() + seconds
    now = dt.datetime.now(dt.UTC)

    def work(k: int) -> None:
        while time.perf_counter() < stop_at:
            cid = uuid.uuid4()
            app.save(CheckIn(checkin_id=cid, nip=nip(k), instansi_id=INSTANSI, unit_id=UNIT,
                             zona_waktu="Asia/Jakarta", jenis="MASUK", waktu=now, tanggal=now.date(),
                             lokasi_id="kantor", jarak_meter=None, menit_terlambat=0,
                             menit_pulang_cepat=None, offline=False, diterima_pada=now,
                             waktu_ponsel=now, waktu_ambil=None, lat=KANTOR[0], lon=KANTOR[1],
                             akurasi_m=8.0, lokasi_palsu=False, perangkat="bench", foto_sha256="0" * 64,
                             skor_risiko=0, alasan_risiko=[], aturan_risiko="bench", status="DITERIMA"))
            count[k] += 1

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - started
    app.close()
    return {"saves": sum(count), "per_second": sum(count) / elapsed, "threads": threads}


# -- P1 + P2 ---------------------------------------------------------------------------------------
def checkin_path(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    names = [n for n in services() if n != "gateway"]
    with databases(names) as dbs:
        floor_db = dbs["attendance"].rsplit("/", 1)[0] + "/" + dbs["attendance"].rsplit("/", 1)[1]
        suite = Suite(work / "var-p1", dbs, {
            "SIMPEG_GATEWAY_RATE_PER_IP": "1000000", "SIMPEG_GATEWAY_BURST_PER_IP": "1000000",
            "SIMPEG_LOG_LEVEL": "WARNING"})
        suite.start()
        log(f"suite ready in {suite.ready_seconds:.1f} s")
        try:
            return _checkin_path(args, work, suite, dbs, floor_db)
        finally:
            suite.stop()


def _count(url: str, sql: str) -> int:
    with psycopg.connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def _checkin_path(args: argparse.Namespace, work: Path, suite: Suite, dbs: dict[str, str],
                  floor_db: str) -> dict[str, Any]:
    n = args.pegawai
    nips = [nip(i) for i in range(n)]
    events = [PegawaiRegisteredV1(event_id=event_id_for(uuid.uuid4(), 1), occurred_at=dt.datetime.now(dt.UTC),
                                  instansi_id=INSTANSI, nip=x, nama=f"Pegawai {i}", unit_id=UNIT,
                                  jenis_pegawai="PNS") for i, x in enumerate(nips)]
    asyncio.run(kafka.publish(suite.bootstrap, events))
    common = {"issuer": "simpeg-dev", "audience": "simpeg"}
    tokens = [issue_token(suite.var_dir, roles=["PEGAWAI"], instansi=INSTANSI, nip=x, **common)
              for x in nips]
    (work / "tokens.json").write_text(json.dumps(tokens))
    admin = issue_token(suite.var_dir, roles=["ADMIN_INSTANSI"], instansi=INSTANSI, **common)
    h = {"Authorization": f"Bearer {admin}"}
    gw = suite.url("gateway")
    # attendance from today: an earlier start would make the worker close every day since then
    # for every pegawai while we measure
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date().isoformat()
    r = httpx.put(f"{gw}/api/attendance/v1/unit/{UNIT}", headers=h, timeout=30, json={
        "zona_waktu": "Asia/Jakarta", "jadwal": "perpres-21-2023", "berlaku_mulai": today})
    assert r.status_code == 200, r.text
    r = httpx.put(f"{gw}/api/attendance/v1/unit/{UNIT}/lokasi/kantor", headers=h, timeout=30, json={
        "nama": "Kantor", "bentuk": {"bentuk": "LINGKARAN", "lat": KANTOR[0], "lon": KANTOR[1], "radius_m": 100}})
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 300
    while _count(dbs["attendance"], "SELECT count(*) FROM att_pegawai_g1") < n:
        assert time.monotonic() < deadline, "attendance did not learn the pegawai in 5 minutes"
        time.sleep(0.5)
    log(f"{n} pegawai known to attendance")
    photo = work / "foto.jpg"
    jpeg(photo)

    log("floor: bare endpoint")
    bare = bare_floor(work / "tokens.json", photo, args.seconds, args.concurrency, work)
    log(f"  {bare['per_second']:.0f}/s p99 {bare['p99_ms']:.0f} ms")
    log("floor: save() from 8 threads")
    save = save_floor(floor_db, args.seconds)
    log(f"  {save['per_second']:.0f}/s")

    # P1 with P2 alongside: a poller watches the monitoring read model grow
    count_sql = f"SELECT count(*) FROM mon_checkin_g1 WHERE instansi_id = '{INSTANSI}'"
    seen: list[tuple[float, int]] = []
    polling = threading.Event()

    def poll() -> None:
        with psycopg.connect(dbs["monitoring"]) as conn:
            while not polling.is_set():
                try:
                    seen.append((time.time(), conn.execute(count_sql).fetchone()[0]))
                except psycopg.Error:
                    conn.rollback()
                time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    profile_path = RESULTS / f"{args.stamp}-p1-attendance.svg"
    attendance_pid = pid_of(suite.proc.pid, "service attendance") if suite.proc else None
    spy = None
    if attendance_pid and not args.no_profile:
        spy = subprocess.Popen([str(Path(PY).parent / "py-spy"), "record", "--pid", str(attendance_pid),
                                "--duration", str(int(args.seconds)), "--rate", "50", "--nonblocking",
                                "-o", str(profile_path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    log(f"P1: {args.concurrency} connections for {args.seconds:.0f} s through the gateway")
    p1 = run_loadgen(f"{gw}/api/attendance/v1/presensi", work / "tokens.json", photo, args.seconds,
                     args.concurrency, work / "p1.json")
    accepted = sorted(r[1] for r in p1.pop("raw"))
    load_end = time.time()
    while (not seen or seen[-1][1] < len(accepted)) and time.time() - load_end < 120:
        time.sleep(0.1)
    polling.set()
    poller.join()
    visible_all = next((t for t, c in seen if c >= len(accepted)), float("nan"))
    lags, j = [], 0
    for i, t_acc in enumerate(accepted, start=1):
        while j < len(seen) and seen[j][1] < i:
            j += 1
        if j < len(seen):
            lags.append(max(seen[j][0] - t_acc, 0.0))
    p1["end_to_end_per_second"] = len(accepted) / (visible_all - (accepted[0] if accepted else 0)) \
        if accepted else 0.0
    profile = None
    if spy is not None:
        _, err = spy.communicate(timeout=args.seconds + 60)
        profile = str(profile_path.relative_to(ROOT)) if profile_path.exists() else \
            f"py-spy could not attach: {err.decode()[-300:]}"
    return {
        "P1": {**p1, "floor_bare": bare, "floor_save": save,
               "ratio_bare": p1["per_second"] / bare["per_second"] if bare["per_second"] else None,
               "ratio_save": p1["per_second"] / save["per_second"] if save["per_second"] else None,
               "profile": profile},
        "P2": {"samples": len(lags), "p50_s": pct(lags, 50), "p99_s": pct(lags, 99),
               "max_s": max(lags) if lags else None},
        "_suite": {"topic_events": len(accepted) + n},
        "_dbs": dbs,
    }


# -- P4 --------------------------------------------------------------------------------------------
def replay(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Rebuild monitoring's attendance read model from a topic of ``events`` check-ins, against
    reading the same topic without processing."""
    from simpeg_shared.consumer import rebuild
    from simpeg_shared.contracts.attendance import CheckInRecordedV1
    from simpeg_shared.devbroker import EmbeddedBroker

    with EmbeddedBroker() as broker, databases(["monitoring"]) as dbs:
        now = dt.datetime.now(dt.UTC)
        events = [CheckInRecordedV1(
            event_id=uuid.uuid4(), occurred_at=now, instansi_id=INSTANSI, nip=nip(i % 50_000),
            checkin_id=uuid.uuid4(), unit_id=f"unit-{i % 40}", jenis="MASUK", waktu=now,
            tanggal=now.date(), zona_waktu="Asia/Jakarta", lokasi_id="kantor", menit_terlambat=i % 120,
            skor_risiko=5, status="DITERIMA") for i in range(args.replay_events)]
        asyncio.run(kafka.publish(broker.bootstrap, events))
        log(f"P4: {len(events)} events on {topic_for('attendance')}")

        async def read_only() -> tuple[int, float]:
            started = time.perf_counter()
            got = 0
            for topic in (topic_for("attendance"), topic_for("cuti")):
                got += len(await kafka.read_topic(broker.bootstrap, topic))
            return got, time.perf_counter() - started

        floor_n, floor_s = asyncio.run(read_only())
        os.environ["SIMPEG_KAFKA_BOOTSTRAP"] = broker.bootstrap
        from simpeg_monitoring.service import SERVICE

        settings = SERVICE.settings()
        settings = settings.model_copy(update={"database_url": dbs["monitoring"]})
        runtime = SERVICE.runtime(settings)
        runtime.migrate()
        store = runtime.store("monitoring.presensi")
        store.setup()
        started = time.perf_counter()
        applied = asyncio.run(rebuild(store, broker.bootstrap))
        seconds = time.perf_counter() - started
        runtime.close()
    return {"events": applied, "seconds": seconds, "per_second": applied / seconds,
            "floor": {"events": floor_n, "seconds": floor_s, "per_second": floor_n / floor_s},
            "ratio": (applied / seconds) / (floor_n / floor_s)}


# -- P3 --------------------------------------------------------------------------------------------
def tpp(args: argparse.Namespace) -> dict[str, Any]:
    done = subprocess.run([PY, str(ROOT / "bench" / "tpp_month.py"), "--pegawai", str(args.tpp_pegawai)],
                          capture_output=True, text=True, timeout=1800)
    out = done.stdout + done.stderr
    if done.returncode != 0:
        return {"error": out[-2000:]}
    figures = {m.group(1): float(m.group(2)) for m in re.finditer(r"^BENCH (\w+)=([\d.]+)$", out, re.M)}
    return {"pegawai": args.tpp_pegawai, **figures, "output": out.strip().splitlines()[-12:]}


# -- P5 --------------------------------------------------------------------------------------------
def footprint(work: Path) -> dict[str, Any]:
    """The embedded default exactly as ``make run`` starts it: SQLite under a fresh var/."""
    suite = Suite(work / "var-p5", {}, {})
    suite.start()
    try:
        time.sleep(3)
        assert suite.proc is not None
        rss = rss_tree(suite.proc.pid)
        processes = 1 + sum(1 for n in suite.names if pid_of(suite.proc.pid, f"service {n}"))
    finally:
        suite.stop()
    return {"ready_seconds": suite.ready_seconds, "rss_bytes": rss, "rss_gib": rss / 2**30,
            "processes": processes + 1}


# -- main ------------------------------------------------------------------------------------------
def table(res: dict[str, Any]) -> str:
    rows = ["| # | figure | floor | ratio | goal |", "|---|---|---|---|---|"]
    if "P1" in res:
        p = res["P1"]
        rows.append(f"| P1 | {p['per_second']:.0f} check-ins/s accepted (p50 {p['p50_ms']:.0f} ms, p99 "
                    f"{p['p99_ms']:.0f} ms), {p['end_to_end_per_second']:.0f}/s into monitoring | bare "
                    f"{p['floor_bare']['per_second']:.0f}/s (p99 {p['floor_bare']['p99_ms']:.0f} ms); "
                    f"save() {p['floor_save']['per_second']:.0f}/s | {p['ratio_bare']:.2f} of bare, "
                    f"{p['ratio_save']:.2f} of save | ≥ 1,500/s, p99 < 100 ms, ≥ 0.40 of save |")
    if "P2" in res:
        p = res["P2"]
        rows.append(f"| P2 | lag p50 {p['p50_s']:.2f} s, p99 {p['p99_s']:.2f} s ({p['samples']} check-ins) "
                    f"| – | – | p99 < 1 s |")
    if "P3" in res:
        p = res["P3"]
        if "error" in p:
            rows.append(f"| P3 | failed: {p['error'][-200:]!r} | | | |")
        else:
            rows.append(f"| P3 | {p['pegawai']:,} pegawai: provisional {p.get('provisional_s', float('nan')):.1f} s, "
                        f"second rule set {p.get('whatif_s', float('nan')):.1f} s | plain loop "
                        f"{p.get('floor_s', float('nan')):.1f} s | "
                        f"{p.get('floor_s', float('nan')) / p.get('provisional_s', float('nan')):.2f} | < 60 s each |")
    if "P4" in res:
        p = res["P4"]
        rows.append(f"| P4 | {p['per_second']:,.0f} events/s ({p['events']:,} in {p['seconds']:.1f} s) | "
                    f"read only {p['floor']['per_second']:,.0f}/s | {p['ratio']:.2f} | ≥ 50,000/s, ≥ 0.50 |")
    if "P5" in res:
        p = res["P5"]
        rows.append(f"| P5 | {p['rss_gib']:.2f} GiB RSS in {p['processes']} processes; ready in "
                    f"{p['ready_seconds']:.1f} s | – | – | < 2 GiB, < 30 s |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description="SIMPEG benchmarks")
    ap.add_argument("--quick", action="store_true", help="small sizes: a smoke run of the harness")
    ap.add_argument("--only", default="P1,P3,P4,P5", help="comma-separated (P2 comes with P1)")
    ap.add_argument("--no-profile", action="store_true", help="do not attach py-spy during P1")
    args = ap.parse_args()
    args.stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
    args.pegawai = 300 if args.quick else 5_000
    args.seconds = 5.0 if args.quick else 30.0
    args.concurrency = 16 if args.quick else 64
    args.replay_events = 5_000 if args.quick else 60_000
    args.tpp_pegawai = 2_000 if args.quick else 100_000
    only = {x.strip().upper() for x in args.only.split(",")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    res: dict[str, Any] = {"when": dt.datetime.now(dt.UTC).isoformat(), "quick": args.quick,
                           "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    with tempfile.TemporaryDirectory(prefix="simpeg-bench-") as tmp:
        work = Path(tmp)
        if "P5" in only:
            log("P5: the embedded suite")
            res["P5"] = footprint(work)
        if "P1" in only:
            out = checkin_path(args, work)
            res["P1"], res["P2"] = out["P1"], out["P2"]
        if "P4" in only:
            res["P4"] = replay(args, work)
        if "P3" in only:
            log(f"P3: TPP month of {args.tpp_pegawai:,} pegawai")
            res["P3"] = tpp(args)
    text = table(res)
    print("\n" + text + "\n")
    path = RESULTS / f"{args.stamp}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps({**res, "table": text}, indent=2, default=str))
    log(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
