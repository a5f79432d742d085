"""``simpeg``: the one command line of the suite.

    simpeg run                          the embedded suite (broker, every service, gateway)
    simpeg service NAME api|relay|worker|all|migrate
    simpeg replay CONTEXT               republish a context's events and rebuild its consumers
    simpeg broker                       the embedded broker alone
    simpeg token --role R --instansi I  a dev JWT signed by the local dev key
    simpeg demo [--kecil]               load the demo data into the running suite
    simpeg contracts snapshot|check     JSON-schema snapshots of the public contracts
    simpeg profile import|export        a service's own commands (entry points "simpeg.cli")
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from importlib.metadata import entry_points
from pathlib import Path
from typing import Annotated

import httpx
import typer

from simpeg_shared import contracts as contracts_mod
from simpeg_shared.auth import Role
from simpeg_shared.devbroker import EmbeddedBroker, die_with_parent
from simpeg_shared.devkeys import ensure_dev_keys, issue_token
from simpeg_shared.service import MODES, run_service, services
from simpeg_shared.settings import CommonSettings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
contracts_app = typer.Typer(no_args_is_help=True, help="Public event contracts.")
app.add_typer(contracts_app, name="contracts")
kalender_app = typer.Typer(no_args_is_help=True, help="The holiday calendar (data).")
app.add_typer(kalender_app, name="kalender")
# Services add their own command groups (``simpeg profile …``) under the ``simpeg.cli``
# entry-point group, so this library never imports a service.
for _ep in entry_points(group="simpeg.cli"):
    app.add_typer(_ep.load(), name=_ep.name)

SCHEMA_DIR = Path(contracts_mod.__file__).with_name("schemas")


@app.command()
def service(name: str, mode: Annotated[str, typer.Argument(help="|".join(MODES))] = "all") -> None:
    """Run one service in one process role."""
    known = services()
    if name not in known:
        raise typer.BadParameter(f"unknown service {name!r}; known: {', '.join(known)}")
    if mode not in MODES:
        raise typer.BadParameter(f"mode must be one of {', '.join(MODES)}")
    run_service(name, mode)


@app.command()
def broker(port: int = 9092) -> None:
    """Run the embedded broker (memory only) in the foreground."""
    b = EmbeddedBroker(port=port).start()
    typer.echo(f"embedded broker at {b.bootstrap}; Ctrl-C stops it")
    try:
        assert b.process is not None
        b.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        b.stop()


@app.command()
def token(
    role: Annotated[list[Role], typer.Option(help="Role; repeat for several.")],
    instansi: Annotated[str | None, typer.Option(help="Instansi id (not needed for BKN_PUSAT).")] = None,
    nip: Annotated[str | None, typer.Option(help="NIP of the user, for PEGAWAI and officials.")] = None,
    hours: Annotated[float, typer.Option(min=0.01, max=24)] = 8,
) -> None:
    """Print a dev JWT signed by the local dev key (var/dev-keys)."""
    import datetime as dt

    common = CommonSettings()
    if instansi is None and Role.BKN_PUSAT not in role:
        raise typer.BadParameter("--instansi is required unless the role is BKN_PUSAT")
    typer.echo(issue_token(common.var_dir, issuer=common.jwt_issuer, audience=common.jwt_audience,
                           roles=[r.value for r in role], instansi=instansi, nip=nip,
                           ttl=dt.timedelta(hours=hours)))


@app.command()
def replay(
    context: str,
    republish: Annotated[bool, typer.Option(help="Send the context's event log again first.")] = True,
    service: Annotated[list[str] | None, typer.Option(
        "--service", help="Rebuild only this service's read models; repeat for several. "
                          "Default: every service with a consumer of the context.")] = None,
) -> None:
    """Republish a context's events from its event store, then rebuild every read model that
    consumes them into a fresh generation and swap it in."""
    from simpeg_shared.consumer import rebuild
    from simpeg_shared.contracts import topic_for
    from simpeg_shared.relay import republish_all

    known = services()
    if context not in known:
        raise typer.BadParameter(f"unknown context {context!r}; known: {', '.join(known)}")
    for name in service or ():
        if name not in known:
            raise typer.BadParameter(f"unknown service {name!r}; known: {', '.join(known)}")

    async def _run() -> None:
        if republish:
            source = known[context].runtime(known[context].settings())
            source.migrate()
            relay = source.relay()
            if relay is None:
                raise typer.BadParameter(f"{context} publishes no events")
            typer.echo(f"republished {await republish_all(relay)} events of {context}")
        topic = topic_for(context)
        for name, definition in known.items():
            if service and name not in service:
                continue
            runtime = definition.runtime(definition.settings())
            for store in runtime.stores:
                if topic in store.projection.topics:
                    runtime.migrate()
                    count = await rebuild(store, runtime.settings.common.kafka_bootstrap)
                    typer.echo(f"rebuilt {store.projection.name}: {count} events")
            runtime.close()

    asyncio.run(_run())


@app.command()
def forget(
    nip: Annotated[str, typer.Argument(help="NIP of the pegawai (18 digits)")],
    alasan: Annotated[str, typer.Option(help="Why (e.g. the retention period ended; the "
                                             "request's letter number).")],
    oleh: Annotated[str, typer.Option(help="Who asks for it (name or NIP of the official).")],
) -> None:
    """Erase a pegawai's personal data everywhere (crypto-shredding): delete their key in every
    service that keeps personal data, and record who asked and why. Counts, dates and TPP totals
    in the history stay valid. Cannot be undone."""
    import re

    from simpeg_shared import jejak
    from simpeg_shared.kunci import lupakan

    if not re.fullmatch(r"\d{18}", nip):
        raise typer.BadParameter("a NIP is 18 digits", param_hint="NIP")
    if len(alasan.strip()) < 5 or not oleh.strip():
        raise typer.BadParameter("say who asks and why (--oleh, --alasan of 5+ characters)")
    with jejak.proses("simpeg:forget"):
        for name, definition in services().items():
            runtime = definition.runtime(definition.settings())
            if not runtime.keeps_personal_data:
                continue
            try:
                runtime.migrate()
                app_ = runtime.application  # type: ignore[attr-defined]
                done = lupakan(app_, nip, oleh=oleh.strip(), alasan=alasan.strip())
                typer.echo(f"{name}: {'erased' if done else 'already erased'}")
            finally:
                runtime.close()


@contracts_app.command("snapshot")
def contracts_snapshot() -> None:
    """Write the JSON schema of every contract (after an additive change)."""
    from simpeg_shared.contracts.compat import write_snapshots

    for path in write_snapshots(SCHEMA_DIR):
        typer.echo(f"wrote {path}")


@kalender_app.command("seed")
def kalender_seed(
    tahun: Annotated[list[int], typer.Option(min=2000, max=2100, help="Year; repeat for several.")],
) -> None:
    """Write rules/kalender/<tahun>.yaml from the holidays package (then review and commit)."""
    from simpeg_shared.kalender import write_seed

    for path in write_seed(tahun):
        typer.echo(f"wrote {path}")


@contracts_app.command("check")
def contracts_check() -> None:
    """Fail when a contract changed incompatibly or its snapshot is stale."""
    from simpeg_shared.contracts.compat import check_snapshots

    problems = check_snapshots(SCHEMA_DIR)
    for p in problems:
        typer.echo(p, err=True)
    raise typer.Exit(1 if problems else 0)


def _wait_healthy(name: str, url: str, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} ({url}) exited with {proc.returncode}; see var/log/{name}.log")
        try:
            if httpx.get(url + "/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{name} ({url}) not ready after {timeout}s; see var/log/{name}.log")


@app.command()
def demo(
    kecil: Annotated[bool, typer.Option("--kecil", help="Only the core: both instansi, units, "
                                        "geofences, schedules, the demo users and a few pegawai; "
                                        "no history. Seconds instead of minutes.")] = False,
    gateway: Annotated[str | None, typer.Option(help="Gateway URL; default from the settings.")] = None,
) -> None:
    """Load the demo data into the running suite through the gateway (idempotent: a second load
    adds nothing)."""
    from simpeg_shared.demo import DemoError, muat
    from simpeg_shared.service import service

    common = CommonSettings()
    url = gateway or service("gateway").settings().base_url

    def log(line: str) -> None:
        typer.echo(f"{time.strftime('%H:%M:%S')} {line}")

    try:
        muat(url, common.var_dir.resolve(), kecil=kecil, issuer=common.jwt_issuer,
             audience=common.jwt_audience, log=log)
    except DemoError as exc:
        typer.echo(f"demo data failed: {exc}", err=True)
        raise typer.Exit(1) from None


DEMO_USERS = ("pegawai.bandung", "atasan.bandung", "pejabat.bandung", "admin.bandung",
              "pegawai.jayapura", "admin.jayapura", "bkn")


@app.command()
def run(
    with_demo: Annotated[bool, typer.Option("--demo", help="Load the demo data in the background "
                                            "once the suite is ready (var/log/demo.log).")] = False,
    demo_kecil: Annotated[bool, typer.Option("--demo-kecil", help="With --demo: only the small "
                                             "core (no history), for tests.")] = False,
) -> None:
    """The embedded suite: the broker, every service in `all` mode, the gateway; Ctrl-C stops."""
    common = CommonSettings()
    var_dir = common.var_dir.resolve()
    logs = var_dir / "log"
    logs.mkdir(parents=True, exist_ok=True)
    _, jwks = ensure_dev_keys(var_dir)
    host, _, port = common.kafka_bootstrap.rpartition(":")
    brk = EmbeddedBroker(port=int(port), log_file=logs / "broker.log", die_with_parent=True).start()
    env = {**os.environ, "SIMPEG_VAR_DIR": str(var_dir), "SIMPEG_KAFKA_BOOTSTRAP": brk.bootstrap,
           "SIMPEG_JWKS_FILE": str(common.jwks_file or jwks)}
    procs: list[tuple[str, subprocess.Popen[bytes], str]] = []
    loader: subprocess.Popen[bytes] | None = None
    procs_demo_started = 0.0
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    try:
        for name, definition in services().items():
            url = definition.settings().base_url
            out = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the child
            # ``python -m simpeg_<name>`` imports that service only, not the CLI of every service
            proc = subprocess.Popen([sys.executable, "-m", f"simpeg_{name}", "all"],
                                    env=env, stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
            procs.append((name, proc, url))
        for name, proc, url in procs:
            _wait_healthy(name, url, proc)
        from simpeg_shared.devkeys import demo_password

        gateway = next((url for name, _, url in procs if name == "gateway"), None)
        typer.echo("\nSIMPEG is running (embedded broker, SQLite under var/):")
        typer.echo(f"  broker     {brk.bootstrap}")
        for name, _, url in procs:
            typer.echo(f"  {name:<10} {url}")
        if gateway:
            typer.echo(f"\n  API docs:   {gateway}/docs")
            typer.echo(f"  dashboard:  {gateway}/monitoring/")
            typer.echo(f"  login:      {gateway}/auth/.well-known/openid-configuration")
            typer.echo(f"  demo users: {', '.join(DEMO_USERS)}, … (each role, both instansi)")
            typer.echo(f"  password:   {demo_password(var_dir)}  (this machine's, in var/dev-keys)")
            typer.echo(f"  get a token: curl -s -X POST {gateway}/auth/token -d grant_type=password "
                       "-d client_id=simpeg-mobile -d username=pegawai.bandung -d password=…")
        typer.echo("\n  token:  uv run simpeg token --role ADMIN_INSTANSI --instansi <id>")
        if with_demo:
            kind = "small demo (core)" if demo_kecil else "demo"
            typer.echo(f"  demo:   loading the {kind} data in the background: pemkot-bandung (WIB) and "
                       f"pemkab-jayapura (WIT); progress in {logs}/demo.log")
            demo_log = open(logs / "demo.log", "ab")  # noqa: SIM115 - lives as long as the child
            loader = subprocess.Popen(
                [sys.executable, "-m", "simpeg_shared.demo", *(["--kecil"] if demo_kecil else [])],
                env=env, stdout=demo_log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                preexec_fn=die_with_parent)
            procs_demo_started = time.monotonic()
        typer.echo(f"  logs:   {logs}/   Ctrl-C stops everything.\n")
        sys.stdout.flush()
        while not stopping:
            for name, proc, _ in procs:
                if proc.poll() is not None:
                    typer.echo(f"{name} exited with {proc.returncode}; stopping (see {logs}/{name}.log)", err=True)
                    stopping = True
            if loader is not None and loader.poll() is not None:
                took = time.monotonic() - procs_demo_started
                if loader.returncode == 0:
                    typer.echo(f"demo data ready in {took:.0f} s: log in as pegawai.bandung, "
                               "atasan.bandung, pejabat.bandung or admin.bandung")
                else:
                    typer.echo(f"demo data failed (exit {loader.returncode}); see {logs}/demo.log",
                               err=True)
                sys.stdout.flush()
                loader = None
            time.sleep(0.3)
    finally:
        if loader is not None and loader.poll() is None:
            loader.terminate()
            try:
                loader.wait(5)
            except subprocess.TimeoutExpired:
                loader.kill()
        for _, proc, _ in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for _, proc, _ in reversed(procs):
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        brk.stop()
        typer.echo("stopped")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
