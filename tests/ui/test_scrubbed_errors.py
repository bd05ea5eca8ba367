"""Database errors never carry a row's values into the log, an error text or the crash dialog.

A planted name and phone go into rows the database refuses (a duplicate key, a value too long, a
missing value); each error is then written to the log file as a bug would be, turned into the text a
user sees, and shown in the crash dialog: none of them may hold the name or the phone.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Executable, insert
from sqlalchemy.exc import DBAPIError

from db.models import Citizen, User
from desktop.core.database import Database
from desktop.core.errors import first_line, scrub
from desktop.ui.app import setup_logging
from desktop.ui.errors import CrashDialog

NAME = "Phạm Thị Bí Mật"
PHONE = "0987654321"


def _refused(database: Database, *statements: Executable) -> DBAPIError:
    """The error of running ``statements`` in one transaction (rolled back)."""
    try:
        with database.sessions.begin() as session:
            for statement in statements:
                session.execute(statement)
    except DBAPIError as exc:
        return exc
    pytest.fail("the database accepted what it must refuse")


def _duplicate_key(database: Database) -> DBAPIError:
    """Two users with one user name: PostgreSQL's DETAIL quotes the key, the parameters hold the name."""
    row = insert(User).values(full_name=NAME, username=NAME)
    return _refused(database, row.values(id=uuid.uuid4()), row.values(id=uuid.uuid4()))


def _duplicate_citizen(database: Database) -> DBAPIError:
    row = insert(Citizen).values(id=uuid.uuid4(), full_name=NAME, name_key="pham thi bi mat", phone=PHONE)
    return _refused(database, row, row)


def _too_long(database: Database) -> DBAPIError:
    """A phone longer than its column and no search key: refused by both databases."""
    row = insert(Citizen).values(id=uuid.uuid4(), full_name=NAME, name_key=None, phone=PHONE + " / " + PHONE * 3)
    return _refused(database, row)


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before = list(root.handlers)
    path = setup_logging(tmp_path / "logdata")
    assert path is not None
    yield path
    for handler in root.handlers[:]:
        if handler not in before:
            handler.close()
            root.removeHandler(handler)


@pytest.mark.parametrize("provoke", [_duplicate_key, _duplicate_citizen, _too_long])
def test_a_refused_row_leaves_no_value_in_log_text_or_crash_dialog(
    any_database: Database, provoke: object, log_file: Path, qtbot: object
) -> None:
    error = provoke(any_database)  # type: ignore[operator]
    assert "parameters hidden" in str(error)  # the engine never quotes the statement's values
    if any_database.url.startswith("postgresql") and provoke is _duplicate_key:
        assert NAME in str(error.orig)  # the driver's DETAIL does quote the key: the scrub has work to do
    try:
        raise RuntimeError("a bug while saving") from error
    except RuntimeError:
        logging.getLogger("tiepdan.test").critical("Uncaught exception", exc_info=True)
        bug = RuntimeError("a bug while saving")
        bug.__cause__ = error
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = log_file.read_text(encoding="utf-8")
    assert "a bug while saving" in logged  # the report is still useful
    assert type(error).__name__ in logged
    dialog = CrashDialog(bug, log_file)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    details = dialog.details_edit.toPlainText()
    assert type(error).__name__ in details
    for shown in (logged, details, first_line(error), scrub(str(error))):
        assert NAME not in shown
        assert PHONE not in shown


def test_scrub_drops_every_value_carrier_and_keeps_the_rest() -> None:
    text = (
        'duplicate key value violates unique constraint "uq_x"\n'
        f"DETAIL:  Key (id_number)=(089012345678) already exists.\n"
        f'invalid input syntax for type uuid: "{NAME}"\n'
        f"    Failing row contains (1, {NAME}, {PHONE}).\n"
        f"[parameters: {{'full_name': '{NAME}'}}]"
    )
    scrubbed = scrub(text)
    for value in ("089012345678", NAME, PHONE):
        assert value not in scrubbed
    assert 'duplicate key value violates unique constraint "uq_x"' in scrubbed
    assert "Key (id_number)=([hidden]) already exists." in scrub("Key (id_number)=(089012345678) already exists.")
