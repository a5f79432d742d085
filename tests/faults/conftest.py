"""Fault-injection suite (ADR 0028): a private PostgreSQL cluster to stop and restart, and the
counts of every seed printed at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .pgcluster import PrivatePostgres


@pytest.fixture(scope="module")
def pg() -> Iterator[PrivatePostgres]:
    why = PrivatePostgres.missing()
    if why:
        pytest.fail(f"the fault tests need a private PostgreSQL 15 cluster to restart: {why}",
                    pytrace=False)
    cluster = PrivatePostgres().start()
    try:
        yield cluster
    finally:
        cluster.stop()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    rows = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == "fault_counts" and getattr(report, "when", "call") == "call":
                    rows.append(value)
    if not rows:
        return
    terminalreporter.section("fault injection: counts per seed")
    keys = ("seed", "load", "accepted", "lost", "double_counted", "not_accepted", "faults",
            "relay_kills", "consumer_crashes", "seconds")
    terminalreporter.write_line("  ".join(f"{k:>14}" for k in keys))
    for row in sorted(rows, key=lambda r: r["seed"]):
        terminalreporter.write_line("  ".join(f"{row.get(k, ''):>14}" for k in keys))
    for row in sorted(rows, key=lambda r: r["seed"]):
        terminalreporter.write_line(f"seed {row['seed']} phases (s): {row.get('phases')}")
    total = {k: sum(r.get(k, 0) for r in rows) for k in ("load", "accepted", "lost", "double_counted")}
    terminalreporter.write_line(f"total: {total}")
