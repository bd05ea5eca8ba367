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
            # A plural entry (ngettext) is stored under its singular msgid.
            singular = message[0] if isinstance(message, tuple) else message
            if singular:
                found.add(singular)
    return found


def test_every_source_string_has_a_vietnamese_translation() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="vi")

    def translated(message_id: str) -> bool:
        entry = catalog.get(message_id)
        if entry is None or entry.fuzzy:  # a guess from a similar string; gettext never shows it
            return False
        forms = entry.string
        return bool(forms) and all(forms if isinstance(forms, tuple) else (forms,))

    untranslated = sorted(m for m in _source_messages() if not translated(m))
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
