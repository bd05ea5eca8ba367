"""Nothing English or enum-like reaches a printed form (issue 10).

Every kind ``tiepdan print`` knows (slips, letters, the notices of a visit) is rendered, A4 and, for a
slip, the 80 mm roll, and its PDF text is scanned against the catalogue's English msgids of two words
or more and against every member name and value of the enums in ``db/enums.py``. A kind the print
command learns without a scenario here fails the test.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import re

from babel.messages.pofile import read_po
from pypdf import PdfReader

import db.enums
from db.enums import DocumentKind, Outcome
from desktop.cli.print_cmd import LETTERS, SLIPS, VISIT_NOTICES
from desktop.core.database import Database
from desktop.core.reception.refusal_notice import print_reception_refusal
from desktop.core.reception.slips import issue_slip
from desktop.core.reception.visits import register_visit
from desktop.core.resources import resource_path
from tests.builders import ADMIN, make_draft
from tests.core.cases import test_letter_authority as letter_scenarios

NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 in Viet Nam
# Enum member names that are Vietnamese abbreviations a form prints on purpose ("Số định danh cá nhân/CCCD").
VIETNAMESE_NAMES = frozenset({"CCCD", "CMND"})


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def english_phrases() -> list[str]:
    """The catalogue's English msgids of two words or more, placeholders taken out (each a phrase)."""
    with resource_path("translations", "vi", "LC_MESSAGES", "tiepdan.po").open("rb") as po:
        catalog = read_po(po)
    phrases = []
    for message in catalog:
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        if not msgid or not msgid.isascii():  # a msgid quoting a Vietnamese example ("An Giang") is skipped
            continue
        english = re.sub(r'"[^"]*"', " ", msgid)  # a quoted example ("An Giang") is what a form prints
        for part in re.split(r"\{[^}]*\}|%\(?\w*\)?[sd]|[\n:;()]", english):
            words = re.findall(r"[A-Za-z][A-Za-z'-]*", part)
            if len(words) >= 2:
                phrases.append(" ".join(words).lower())
    return sorted(set(phrases))


def enum_words() -> set[str]:
    """Every member name and string value of the enums in db/enums.py."""
    words: set[str] = set()
    for item in vars(db.enums).values():
        if isinstance(item, type) and issubclass(item, enum.Enum) and item is not enum.Enum:
            for member in item:
                if member.name not in VIETNAMESE_NAMES:
                    words.add(member.name)
                if isinstance(member.value, str) and member.value.upper() not in VIETNAMESE_NAMES:
                    words.add(member.value)
    return words


def _visit(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        return register_visit(session, make_draft(**overrides), desk_code="D01", now=NOW, actor=ADMIN).visit.serial


def _every_paper(database: Database) -> dict[str, list[str]]:
    """The text of each paper the print command knows, by its kind's name there (a slip: A4 and 80 mm)."""
    texts: dict[str, list[str]] = {}
    serial = _visit(
        database,
        outcome=Outcome.APPOINTMENT,
        appointment_at=dt.datetime(2026, 3, 12, 8, 0),
        appointment_place="Trụ sở Tiếp công dân tỉnh An Giang",
    )
    for name, kind in SLIPS.items():
        with database.sessions.begin() as session:
            texts[name] = [
                _text(issue_slip(session, kind, serial, data_dir=database.data_dir, actor=ADMIN, thermal=thermal).pdf)
                for thermal in (False, True)
            ]
    refused = _visit(database, outcome=Outcome.REFUSE, outcome_note="Vụ việc đã được trả lời", documents=())
    with database.sessions.begin() as session:
        notice = print_reception_refusal(session, refused, data_dir=database.data_dir, actor=ADMIN)
    texts[DocumentKind.RECEPTION_REFUSAL.value] = [_text(notice.pdf)]
    for kind, text in letter_scenarios._every_letter(database).items():  # the letters' scenarios
        texts[kind.value] = [text]
    return texts


def test_no_english_phrase_or_enum_name_reaches_any_printed_form(database: Database) -> None:
    texts = _every_paper(database)
    assert set(texts) == {*SLIPS, *LETTERS, *VISIT_NOTICES}  # every kind the print command knows
    phrases, words = english_phrases(), enum_words()
    assert len(phrases) > 300
    assert {"print the letter", "no visit has the number"} <= set(phrases)
    assert {"DENOUNCED_NOTICE", "reception_refusal", "MALE", "female", "awaiting_report"} - words == {"awaiting_report"}
    for kind, renders in texts.items():
        for text in renders:
            flat = " ".join(text.split())
            folded = flat.lower()
            for phrase in phrases:
                assert not re.search(rf"\b{re.escape(phrase)}\b", folded), (kind, phrase)
            for word in words:
                assert not re.search(rf"\b{re.escape(word)}\b", flat, re.IGNORECASE), (kind, word)
