"""Known environment failures become messages; anything else stays a bug."""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.core.errors import NotFoundError, StorageError, environment_error, first_line, known_error


def _operational(message: str) -> OperationalError:
    return OperationalError("INSERT ...", {}, sqlite3.OperationalError(message))


def test_locked_database_is_a_known_failure() -> None:
    known = environment_error(_operational("database is locked"))
    assert isinstance(known, StorageError)
    assert "thử lại" in str(known)


def test_full_disk_and_read_only_are_known() -> None:
    assert isinstance(environment_error(_operational("database or disk is full")), StorageError)
    assert isinstance(environment_error(_operational("attempt to write a readonly database")), StorageError)


def test_other_errors_stay_bugs() -> None:
    assert environment_error(_operational("no such table: visit")) is None
    assert environment_error(IntegrityError("INSERT ...", {}, sqlite3.IntegrityError("UNIQUE"))) is None
    assert environment_error(KeyError("x")) is None


def test_a_full_or_read_only_disk_outside_the_database_is_known() -> None:
    full = environment_error(OSError(errno.ENOSPC, "No space left on device"))
    assert isinstance(full, StorageError)
    assert "Ổ đĩa đã đầy" in str(full)
    assert isinstance(environment_error(OSError(errno.EROFS, "Read-only file system")), StorageError)
    assert environment_error(FileNotFoundError(errno.ENOENT, "No such file")) is None


def test_known_error_is_the_app_error_or_the_machine_failure() -> None:
    missing = NotFoundError("x")
    assert known_error(missing) is missing
    assert isinstance(known_error(_operational("database is locked")), StorageError)
    assert known_error(KeyError("x")) is None


def test_first_line_is_the_drivers_message_without_the_statement() -> None:
    failure = OperationalError("SELECT name FROM citizen", {"name": "x"}, sqlite3.OperationalError("I/O error\nmore"))
    assert first_line(failure) == "I/O error"
    assert first_line(ValueError("  one\ntwo")) == "one"
    assert first_line(ValueError()) == ""
