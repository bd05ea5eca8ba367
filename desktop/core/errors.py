"""The AppError hierarchy: failures a user can understand, as opposed to bugs."""

from __future__ import annotations

import errno
import logging
import re
import traceback
from collections.abc import Callable

from desktop.core.i18n import _


class AppError(Exception):
    """A user-facing failure; ``str()`` is a translated sentence."""


class ValidationError(AppError):
    """Input that breaks a rule, with the fields at fault.

    ``errors`` maps a field key (``"participants.0.id_number"``) to its message.
    """

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        self.errors = dict(errors)
        super().__init__(message or "\n".join(self.errors.values()))


class NotFoundError(AppError):
    """The record asked for does not exist."""


class ConflictError(AppError):
    """The change collides with another one (a duplicate code, a concurrent edit)."""


class StorageError(AppError):
    """The database or the disk failed: locked, read-only, full, unreachable."""


def first_line(exc: BaseException) -> str:
    """The first line of what went wrong: the driver's own message of a database error, else the exception's.

    Only the first line: SQLAlchemy appends the statement and its parameters (personal data) below.
    """
    text = scrub(str(getattr(exc, "orig", None) or exc)).strip()
    return text.splitlines()[0] if text else ""


# What database drivers put in their error texts that carries a row's values (names, identity
# numbers, phones): PostgreSQL's DETAIL and CONTEXT lines ("Key (id_number)=(0890...) already exists",
# "Failing row contains (...)"), the value quoted by "invalid input syntax", and SQLAlchemy's
# "[parameters: ...]" line of an engine made without hide_parameters. SQLite names only columns.
_VALUE_CARRIERS = (
    (re.compile(r"^(\s*)(DETAIL|CONTEXT):.*$", re.MULTILINE), r"\1\2: [hidden]"),
    (
        re.compile(r"Key \(([^)]*)\)=\(.*?\)( already exists| is not present| is still referenced|\.|$)", re.MULTILINE),
        r"Key (\1)=([hidden])\2",
    ),
    (re.compile(r"Failing row contains \(.*$", re.MULTILINE), "Failing row contains ([hidden])"),
    (re.compile(r"(invalid input (?:syntax|value) for [^:\n]*): .*$", re.MULTILINE), r"\1: [hidden]"),
    (re.compile(r"^(\s*)\[parameters: .*$", re.MULTILINE), r"\1[parameters hidden]"),
)


def scrub(text: str) -> str:
    """``text`` (a database error, a traceback) without the values of the row it was about."""
    for pattern, replacement in _VALUE_CARRIERS:
        text = pattern.sub(replacement, text)
    return text


def scrubbed_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes, for a report: every database error text scrubbed."""
    return scrub("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))


class ScrubbingFormatter(logging.Formatter):
    """A log formatter that scrubs what it writes: a message or a traceback quoting a database error."""

    def formatException(self, ei: object) -> str:  # noqa: N802 (logging's name)
        return scrub(super().formatException(ei))  # type: ignore[arg-type]

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def environment_error(exc: BaseException) -> StorageError | None:
    """A failure caused by the machine, not by a bug, in words a receptionist can act on.

    qutebrowser's split of KnownError and BugError: a locked, read-only or full database (or disk)
    is known. The GUI (desktop.ui.errors) and the `tiepdan` command both map failures through here;
    a database from a newer TiepDan or a bad --db address is refused earlier, by open_database.
    """
    if isinstance(exc, OSError):
        return _os_error(exc)
    kind = type(exc).__name__  # SQLAlchemy's or the DB-API driver's own
    text = str(getattr(exc, "orig", None) or exc).lower()
    for kinds, words, failure in _DRIVER_FAILURES:
        if kind in kinds and any(word in text for word in words):
            return failure()
    return None


def known_error(exc: BaseException) -> AppError | None:
    """What to tell the user about ``exc``: an AppError itself or a failure of the machine; None for a bug."""
    return exc if isinstance(exc, AppError) else environment_error(exc)


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, in the user's language (the C library's text otherwise)."""
    reasons = {
        errno.ENOSPC: _("the disk is full"),
        getattr(errno, "EDQUOT", errno.ENOSPC): _("the disk is full"),
        errno.EROFS: _("the disk or folder is read-only"),
        errno.EACCES: _("permission denied"),
        errno.EPERM: _("permission denied"),
        errno.EISDIR: _("it is a folder, not a file"),
        errno.ENOTDIR: _("part of the path is a file, not a folder"),
        errno.ENOENT: _("no such file or folder"),
        errno.EEXIST: _("a file of that name is in the way"),
    }
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)


def _os_error(exc: OSError) -> StorageError | None:
    if exc.errno == errno.ENOSPC:
        return _disk_full()
    if exc.errno == errno.EROFS:
        return _read_only()
    return None


def _busy() -> StorageError:
    return StorageError(
        _(
            "The desk's database is busy (a sync or another TiepDan window is writing). "
            "Nothing was lost: try again in a moment."
        )
    )


def read_only_storage() -> StorageError:
    """The failure of a change on read-only media (a locked-down folder, a write-protected disk)."""
    return _read_only()


def _read_only() -> StorageError:
    return StorageError(_("The desk's database cannot be written (read-only folder or disk)."))


def _damaged() -> StorageError:
    return StorageError(
        _("The desk's database file is damaged or is not a TiepDan database: restore it from a backup.")
    )


def _cannot_open() -> StorageError:
    return StorageError(
        _("The desk's database file cannot be opened: its folder is missing, read-only or not yours to open.")
    )


def _disk_full() -> StorageError:
    return StorageError(_("The disk is full: free some space, then try again."))


_ANY = ("OperationalError", "DatabaseError")
_OPERATIONAL = ("OperationalError",)
# The driver's failures that are the machine's, by exception kind and words of the message; first match wins.
_DRIVER_FAILURES: tuple[tuple[tuple[str, ...], tuple[str, ...], Callable[[], StorageError]], ...] = (
    (_ANY, ("file is not a database", "malformed"), _damaged),
    (_OPERATIONAL, ("unable to open database file",), _cannot_open),
    (_OPERATIONAL, ("locked", "busy"), _busy),
    (_OPERATIONAL, ("readonly", "read-only"), _read_only),
    (_OPERATIONAL, ("disk is full",), _disk_full),
)
