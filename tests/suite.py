"""Start `simpeg run` (what `make run` starts) as a subprocess for a test: every service on a port
of its own, each with a fresh database, one embedded broker, the gateway in front.

Used by the end-to-end and portal tests; extra arguments (``--demo`` …) pass through to
`simpeg run`; :func:`demo_suite` is the suite both of them start, with the small demo data.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from simpeg_shared.devbroker import free_port
from simpeg_shared.devkeys import demo_password


@contextmanager
def running_suite(databases: Any, var_dir: Path, args: Sequence[str] = (),
                  env_extra: dict[str, str] | None = None,
                  timeout: float = 120,
                  ready_line: str = "Ctrl-C stops everything") -> Iterator[dict[str, Any]]:
    """Yield ``{"proc", "env", "ports", "out", "gateway"}`` once `simpeg run` has printed
    ``ready_line``; kill it on exit (a test that wants Ctrl-C sends SIGINT itself). Output after
    that line is not read: whatever `simpeg run` prints later must stay small (logs go to
    var/log/)."""
    from simpeg_shared.service import services

    names = list(services())
    ports = {name: free_port() for name in names} | {"broker": free_port()}
    env = {
        **os.environ,
        "SIMPEG_VAR_DIR": str(var_dir),
        "SIMPEG_KAFKA_BOOTSTRAP": f"127.0.0.1:{ports['broker']}",
        # a short pause between the KGB process's rounds, as in production
        "SIMPEG_KGB_PERIKSA_INTERVAL": "2",
        **(env_extra or {}),
    }
    for name in names:
        env[f"SIMPEG_{name.upper()}_HTTP_PORT"] = str(ports[name])
        if name != "gateway":
            env[f"SIMPEG_{name.upper()}_DATABASE_URL"] = databases.fresh(name)
    proc = subprocess.Popen([sys.executable, "-m", "simpeg_shared.cli", "run", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        lines.append(line)
        if ready_line in line:
            break
    try:
        assert any("SIMPEG is running" in line for line in lines), "".join(lines)
        yield {"proc": proc, "env": env, "ports": ports, "out": lines,
               "gateway": f"http://127.0.0.1:{ports['gateway']}"}
    finally:
        stop(proc)


@contextmanager
def demo_suite(databases: Any, var_dir: Path, timeout: float = 420) -> Iterator[dict[str, Any]]:
    """`simpeg run --demo --demo-kecil`, yielded once the demo data is loaded: what
    :func:`running_suite` yields, plus ``"var_dir"`` and the demo users' ``"password"``."""
    with running_suite(databases, var_dir, args=["--demo", "--demo-kecil"],
                       ready_line="demo data ready", timeout=timeout) as running:
        assert any("demo data ready" in line for line in running["out"]), "".join(running["out"])
        running["var_dir"] = var_dir
        running["password"] = demo_password(var_dir)
        yield running


def stop(proc: subprocess.Popen[str]) -> None:
    """Ctrl-C first (the suite stops its services), then kill the whole process group: no
    service may outlive the test holding ports and database connections."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10)


def cli(env: dict[str, str], *args: str, timeout: float = 180) -> str:
    """Run a `simpeg` command against the suite's settings; fail with its stderr."""
    done = subprocess.run([sys.executable, "-m", "simpeg_shared.cli", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def until(what: str, check: Callable[[], Any], timeout: float = 45, pause: float = 0.3) -> Any:
    """Poll ``check`` until it returns something truthy (read models follow events a moment
    later); fail saying what did not happen in time."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"{what}: not within {timeout} s"
        time.sleep(pause)
