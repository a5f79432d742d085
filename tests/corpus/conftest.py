"""The corpus sends a few hundred refused requests: the access log is kept to warnings meanwhile."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import structlog

from simpeg_shared import logging as slog


@pytest.fixture(autouse=True)
def quiet_access_log() -> Iterator[None]:
    before = structlog.get_config()
    slog.configure("WARNING", json=False)
    yield
    structlog.configure(**before)
