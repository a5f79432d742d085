"""The fuzz runs send thousands of requests: the access log is kept to warnings meanwhile."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _quiet(quiet_access_log: None) -> None:
    """Every fuzz test runs with ``simpeg_shared.testing``'s ``quiet_access_log``."""
