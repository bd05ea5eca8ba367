"""Hostile input for property-based tests: what a paste, a script or a prankster can put in a field.

SQL fragments, control characters, very long text, NFD, right-to-left marks, emoji, zero-width and
other format characters, lone surrogates, case mappings that grow the text, non-ASCII digits,
extreme dates and numbers. Each draft strategy starts from a valid draft and replaces a few of
its fields, so that many examples save (and are read back) and the rest fail on one field.
"""

from __future__ import annotations

import datetime as dt
import enum
import unicodedata
from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import Any

from hypothesis import strategies as st

NAMES = (
    "Nguyễn Văn Ân",
    unicodedata.normalize("NFD", "Huỳnh Thị Ngọc Hương"),  # as some Vietnamese input methods send it
    unicodedata.normalize("NFD", "ĐẶNG VĂN ĐƯỢC"),
    "مرحبا",
    "C1234567",
    "089185000123",
    "0912345678",
    "+84 912 345 678",
    "a",
    "1",
    "-",
    " ",
    "   ",
)
SQL = ("'; DROP TABLE citizen; --", "' OR '1'='1", "Robert'); DELETE FROM visit WHERE ('1'='1", "%_\\", '"')
CONTROLS = ("\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\x9f", "\t", "\n", "\r\n", "\u2028", "\x0b")
BROKEN = ("\ud800", "\udfff", "a\udc80b")  # lone surrogates: no UTF-8 for them
INVISIBLE = (
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",  # zero-width joiner
    "\ufeff",  # BOM
    "\u00ad",  # soft hyphen
    "\u2060",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u061c",
)
EMOJI = ("😀", "👨\u200d👩\u200d👧", "🇻🇳")
DIGITS = ("０８９１８５０００１２３", "٠٩١٢٣٤٥٦٧٨", "۰۹۱۲", "०९१२", "²³")
GROWING = ("ﬃ", "ß", "ǆ", "İ", "ŉ")  # case mappings that lengthen: ﬃ -> FFI, ß -> SS
FRAGMENTS = NAMES + SQL + CONTROLS + BROKEN + INVISIBLE + EMOJI + DIGITS + GROWING
# Lengths on both sides of the columns' limits (String(n) of db.models and bounds.TEXT_MAX).
LONG = (19, 20, 21, 24, 25, 39, 40, 41, 60, 61, 99, 100, 101, 199, 200, 201, 299, 300, 301, 399, 401, 500, 501, 10_001)
DIGIT_ZEROS = (0x30, 0xFF10, 0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0x1D7CE)  # ASCII, full-width, Arabic-Indic ...

# Each piece as likely to be a control or broken character as a name, an invisible or a long-growing
# one; NUL, the one control character PostgreSQL refuses where SQLite stores it, gets a share of its own.
_piece = st.one_of(
    st.just("\x00"),
    st.sampled_from(NAMES + SQL),
    st.sampled_from(CONTROLS + BROKEN),
    st.sampled_from(INVISIBLE + EMOJI + DIGITS + GROWING),
    st.text(max_size=6),
)
short_text = st.lists(_piece, max_size=5).map("".join)
long_text = st.builds(
    lambda part, times: part * times, st.sampled_from(("a", "Đ", "ﬃ", "😀", " ", "x\u0301")), st.sampled_from(LONG)
)
texts = st.one_of(short_text, short_text, long_text, st.just(""))


def digits_in(number: str) -> st.SearchStrategy[str]:
    """``number`` with its ASCII digits written in another script's digits (or left in ASCII)."""
    return st.sampled_from(DIGIT_ZEROS).map(
        lambda zero: "".join(chr(zero + int(c)) if c.isdigit() else c for c in number)
    )


EXTREME_DATES = (
    dt.date.min,
    dt.date.max,
    dt.date(1899, 12, 31),
    dt.date(1900, 1, 1),
    dt.date(2014, 6, 30),
    dt.date(2014, 7, 1),
    dt.date(2090, 12, 31),
    dt.date(2091, 1, 1),
)
dates = st.one_of(st.dates(), st.sampled_from(EXTREME_DATES), st.dates(dt.date(2014, 7, 1), dt.date(2027, 12, 31)))
_zones = st.builds(dt.timezone, st.timedeltas(-dt.timedelta(hours=23, minutes=59), dt.timedelta(hours=23, minutes=59)))
datetimes = st.one_of(
    st.datetimes(),
    st.datetimes(timezones=_zones),
    st.sampled_from((dt.datetime.min, dt.datetime.max, dt.datetime.min.replace(tzinfo=dt.UTC))),
    st.sampled_from(
        (
            dt.datetime.max.replace(tzinfo=dt.UTC),
            dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=23))),
        )
    ),
    st.datetimes(dt.datetime(2014, 7, 1), dt.datetime(2027, 12, 31)),
)
EXTREME_INTS = (0, -1, 1, 4, 5, 9_999, 10_000, 10_001, 2**31 - 1, 2**31, 2**63 - 1, 2**63, -(2**63), 10**30)
ints = st.one_of(st.integers(), st.sampled_from(EXTREME_INTS), st.integers(0, 100))


def around(limit: int) -> st.SearchStrategy[str]:
    """Text of about ``limit`` characters: just within, at, just over (and letters that grow in upper case)."""
    return st.builds(
        lambda part, length: part * length,
        st.sampled_from(("a", "Đ", "😀", "ﬃ", "ß", unicodedata.normalize("NFD", "ệ"))),
        st.sampled_from((limit - 1, limit, limit + 1)),
    )


def value_for(sample: Any, limit: int | None = None) -> st.SearchStrategy[Any]:
    """Hostile values of the type of ``sample`` (a field's valid value); any member of an enum.

    ``limit``: the length the field keeps, for text of about that length as often as anything else.
    """
    if isinstance(sample, enum.Enum):
        return st.sampled_from(type(sample))
    if isinstance(sample, bool):
        return st.booleans()
    if isinstance(sample, int):
        return ints
    if isinstance(sample, dt.datetime):
        return datetimes
    if isinstance(sample, dt.date):
        return dates
    return texts if limit is None else st.one_of(texts, around(limit))


def get_path(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
    return obj


def set_path(obj: Any, path: str, value: Any) -> Any:
    """A copy of the frozen dataclass ``obj`` with ``path`` ("participants.0.citizen.full_name") set."""
    head, _sep, rest = path.partition(".")
    if head.isdigit():
        items = list(obj)
        items[int(head)] = set_path(items[int(head)], rest, value) if rest else value
        return tuple(items)
    assert is_dataclass(obj)
    assert head in {f.name for f in fields(obj)}, head
    return replace(obj, **{head: set_path(getattr(obj, head), rest, value) if rest else value})


def hostile(
    base: Any,
    paths: tuple[str, ...],
    *,
    samples: dict[str, Any] | None = None,
    limits: dict[str, int] | None = None,
    at_most: int = 3,
) -> st.SearchStrategy[Any]:
    """``base`` with a few of ``paths`` (one, mostly) replaced by hostile values of their type.

    ``samples`` gives the type of a path whose value in ``base`` is None (an optional date);
    ``limits`` the length each text path keeps (desktop.core.bounds).
    """

    @st.composite
    def build(draw: Callable[[st.SearchStrategy[Any]], Any]) -> Any:
        draft = base
        # Mostly one field at a time: a value wrongly accepted shows only when the rest is valid.
        count = draw(st.sampled_from((0, 1, 1, 1, 2, at_most)))
        for path in draw(st.lists(st.sampled_from(paths), min_size=count, max_size=count, unique=True)):
            sample = (samples or {}).get(path, get_path(base, path))
            draft = set_path(draft, path, draw(value_for(sample, (limits or {}).get(path))))
        return draft

    return build()
