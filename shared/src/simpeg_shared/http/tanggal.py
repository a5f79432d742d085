"""Dates in query strings and bodies as ISO 8601 calendar dates only.

pydantic's lax mode reads a number (or a string of digits) as a Unix time: ``?tanggal=0`` or
``?per=-2.3e-192`` became 1970-01-01 and a request full of garbage was answered 200. ``IsoDate``
accepts a ``date`` or a ``YYYY-MM-DD`` string and nothing else, and says so.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO.fullmatch(value):
        return value  # pydantic then checks that the day exists (no 30 February)
    raise ValueError("must be a date written YYYY-MM-DD (ISO 8601), e.g. 2026-08-17")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

__all__ = ["IsoDate"]
