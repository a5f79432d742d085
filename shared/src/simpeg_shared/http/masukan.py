"""What no field of a command body may hold, checked once for every service (``CommandModel``).

Found by the bad-input corpus (``tests/corpus``): every service took
- text with a NUL, a terminal escape or another control character, with direction controls
  (U+202E "right-to-left override" shows ``Budi <U+202E>osotnaS`` as "Budi Santoso"), or made only
  of invisible characters (zero-width spaces: a name that looks empty);
- a number where a date belongs: pydantic's lax mode reads ``"tmt": 1755388800`` (or ``"0"``) as
  a Unix time, so a mutasi dated by a number was recorded.

Tabs and line breaks stay allowed (paragraphs of a letter), and so do joiners inside text
(emoji, Indic scripts); only a string of nothing but invisible characters is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
import unicodedata
from functools import cache
from typing import Any

from pydantic import (AwareDatetime, BaseModel, FutureDate, FutureDatetime, NaiveDatetime, PastDate,
                      PastDatetime, model_validator)

#: Unicode direction controls (embeddings, overrides, isolates, marks)
_ARAH = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_BOLEH = frozenset("\t\n\r")
_TANGGAL = re.compile(r"\d{4}-\d{2}-\d{2}")
#: pydantic's date types that are not subclasses of ``date``
_JENIS_TANGGAL = (AwareDatetime, NaiveDatetime, PastDate, FutureDate, PastDatetime, FutureDatetime)


def masalah_teks(text: str) -> str | None:
    """Why ``text`` cannot be stored as it is, or None."""
    for ch in text:
        if ch in _ARAH:
            return (f"contains the direction control U+{ord(ch):04X}, which changes how the text "
                    "is shown: remove it")
        kategori = unicodedata.category(ch)
        if kategori == "Cc" and ch not in _BOLEH:
            return f"contains the control character U+{ord(ch):04X}: remove it"
        if kategori == "Cs":
            return f"contains U+{ord(ch):04X}, half of a character (a lone surrogate): send UTF-8 text"
    if text and all(unicodedata.category(ch) == "Cf" or ch.isspace() for ch in text):
        return "holds only invisible characters: write the text"
    return None


def _mengandung_tanggal(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, (dt.date, *_JENIS_TANGGAL)):
        return True
    return any(_mengandung_tanggal(a) for a in typing.get_args(annotation)
               if not isinstance(a, (str, int, float, types.NoneType)) or isinstance(a, type))


@cache
def _kolom_tanggal(model: type) -> frozenset[str]:
    """The input names of ``model``'s fields that hold dates or date-times."""
    out = set()
    for name, info in model.model_fields.items():  # type: ignore[attr-defined]
        if _mengandung_tanggal(info.annotation):
            out.add(info.alias or name)
    return frozenset(out)


def _masalah_tanggal(value: Any) -> str | None:
    if isinstance(value, (dt.date, type(None))):
        return None
    if isinstance(value, str) and _TANGGAL.match(value):
        return None  # pydantic then checks the calendar (no 30 February) and the time
    if isinstance(value, list):
        return next((m for v in value if (m := _masalah_tanggal(v))), None)
    return "must be a date written YYYY-MM-DD (ISO 8601; a date-time adds Thh:mm:ss+07:00)"


def _jalan(value: Any, path: str, found: list[str]) -> None:
    if isinstance(value, str):
        masalah = masalah_teks(value)
        if masalah:
            found.append(f"{path or 'body'} {masalah}")
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and (m := masalah_teks(key)):
                found.append(f"a field name {m}")
            _jalan(item, f"{path}.{key}" if path else str(key), found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _jalan(item, f"{path}.{i}" if path else str(i), found)


def periksa_masukan(model: type, data: Any) -> Any:
    """The ``mode="before"`` check of ``CommandModel``: raises ValueError naming the field."""
    if not isinstance(data, dict):
        return data
    found: list[str] = []
    for name in _kolom_tanggal(model):
        if name in data and (m := _masalah_tanggal(data[name])):
            found.append(f"{name} {m}")
    _jalan(data, "", found)
    if found:
        raise ValueError("; ".join(found[:5]))
    return data


class MasukanBersih(BaseModel):
    """Base of ``CommandModel``: runs :func:`periksa_masukan` before the fields are validated."""

    @model_validator(mode="before")
    @classmethod
    def _periksa_masukan(cls, data: Any) -> Any:
        return periksa_masukan(cls, data)
