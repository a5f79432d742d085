"""The corpus sends a few hundred refused requests: the access log is kept to warnings meanwhile."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _quiet(quiet_access_log: None) -> None:
    """Every corpus test runs with ``simpeg_shared.testing``'s ``quiet_access_log``."""
