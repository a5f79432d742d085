"""A private PostgreSQL 15 cluster for the fault tests: restarting it disturbs nobody else.

The machine's shared cluster (127.0.0.1:5432) serves other tests at the same time, so the fault
suite never restarts it. It runs ``initdb`` and ``pg_ctl`` as the ``postgres`` user (initdb
refuses root) in a temporary folder that user owns, on a free port, and stops it at the end.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from simpeg_shared.devbroker import free_port

PG_BIN = Path(os.environ.get("SIMPEG_FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))


class PrivatePostgres:
    def __init__(self) -> None:
        self.port = free_port()
        self.root: Path | None = None

    # -- what is needed -------------------------------------------------------------------
    @staticmethod
    def missing() -> str | None:
        """Why this machine cannot run a private cluster, or None."""
        for tool in ("initdb", "pg_ctl"):
            if not (PG_BIN / tool).exists():
                return f"{PG_BIN / tool} is missing: install postgresql-15 (Debian: apt-get install postgresql-15)"
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return "running as root, and there is no 'postgres' user to run initdb as"
            if shutil.which("runuser") is None:
                return "running as root, and runuser (util-linux) is missing to run initdb as 'postgres'"
        return None

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        cmd = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)

    @property
    def data(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _options(self) -> str:
        # fsync off: a test cluster; a fast restart still loses nothing committed (no crash)
        return (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> PrivatePostgres:
        why = self.missing()
        if why:
            raise RuntimeError(f"the fault tests need a private PostgreSQL 15 cluster: {why}")
        self.root = Path(tempfile.mkdtemp(prefix="simpeg-faults-pg-"))
        if os.geteuid() == 0:
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        out = self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                        "--no-sync")
        if out.returncode:
            raise RuntimeError(f"initdb failed: {out.stderr[-2000:]}")
        self._pg_ctl("start")
        return self

    def _pg_ctl(self, action: str) -> None:
        args = ["pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-t", "60"]
        if action in ("stop", "restart"):
            args += ["-m", "fast"]
        if action in ("start", "restart"):
            args += ["-o", self._options()]
        out = self._run(*args, action)
        if out.returncode:
            raise RuntimeError(f"pg_ctl {action} failed: {out.stderr[-2000:]}{out.stdout[-2000:]}")
        if action != "stop":
            self.wait_ready()

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with psycopg.connect(self.admin_url, connect_timeout=2):
                    return
            except psycopg.Error:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every session is cut, as a database restart does."""
        self._pg_ctl("restart")

    def halt(self) -> None:
        """``pg_ctl stop -m fast``, keeping the data: the database is down until ``resume()``."""
        self._pg_ctl("stop")

    def resume(self) -> None:
        self._pg_ctl("start")

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            if (self.data / "postmaster.pid").exists():
                self._pg_ctl("stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def fresh(self, name: str) -> str:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"
