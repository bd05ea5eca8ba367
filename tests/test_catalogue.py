"""The Vietnamese catalogue translates every UI string, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "resources" / "translations" / "vi" / "LC_MESSAGES" / "tiepdan.po"
PLACEHOLDER = re.compile(r"\{(\w+)[^}]*\}")


def _source_messages() -> set[str]:
    found: set[str] = set()
    for package in ("desktop", "db"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map=[("**.py", "python")]
        ):
            found.update(m for m in (message if isinstance(message, tuple) else (message,)) if m)
    return found


def test_every_source_string_has_a_vietnamese_translation() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    untranslated = sorted(m for m in _source_messages() if m not in catalog or not catalog[m].string)
    assert untranslated == []


def test_translations_keep_the_placeholders() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    wrong = [
        message.id
        for message in catalog
        if message.id
        and isinstance(message.id, str)
        and message.string
        and set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(message.string))
    ]
    assert wrong == []
