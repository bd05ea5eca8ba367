"""Fixtures of the petition and case screens: what the user saw, and petitions built through the core."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from db.enums import PetitionDecision
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.petitions import ensure_fields, register_petition
from desktop.core.database import Database
from desktop.core.deadlines.calendar import WorkCalendar
from desktop.core.formatting import today_local
from desktop.ui.print_preview import PdfPreviewDialog
from tests.builders import ADMIN, make_petition_draft


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every PDF the user would have seen in the preview dialog."""
    shown: list[dict[str, Any]] = []

    def record(parent: object, pdf: bytes, title: str, suggested_filename: str, *, kept_path: Path) -> None:
        shown.append({"pdf": pdf, "title": title, "filename": suggested_filename, "kept_path": kept_path})

    monkeypatch.setattr(PdfPreviewDialog, "show_pdf", record)
    return shown


@pytest.fixture
def informed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the information boxes the user was shown."""
    texts: list[str] = []

    def record(parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        texts.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", record)
    return texts


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def working_days_ago(count: int, *, today: dt.date | None = None) -> dt.date:
    """The working day ``count`` working days before today."""
    calendar = WorkCalendar.default()
    day = today or today_local()
    while count:
        day -= dt.timedelta(days=1)
        count -= calendar.is_working_day(day)
    return day


def add_petition(database: Database, received_on: dt.date, **overrides: Any) -> str:
    """A complaint by post from the builders' citizen; returns its number."""
    draft = make_petition_draft(received_on=received_on, **overrides)
    with database.sessions.begin() as session:
        ensure_fields(session)
        return register_petition(session, draft, desk_code="D01", actor=ADMIN).number


def add_case(database: Database, received_on: dt.date, accepted_on: dt.date, **overrides: Any) -> str:
    """A complaint accepted on ``accepted_on``; returns the case number."""
    number = add_petition(database, received_on, **overrides)
    with database.sessions.begin() as session:
        return decide_petition(
            session, number, PetitionDecision.ACCEPT, on=accepted_on, desk_code="D01", actor=ADMIN
        ).case_number
