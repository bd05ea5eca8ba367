"""The AppError hierarchy: failures a user can understand, as opposed to bugs."""

from __future__ import annotations

import errno

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
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else ""


def environment_error(exc: BaseException) -> StorageError | None:
    """A failure caused by the machine, not by a bug, in words a receptionist can act on.

    qutebrowser's split of KnownError and BugError: a locked, read-only or full database (or disk)
    is known. The GUI (desktop.ui.errors) and the `tiepdan` command both map failures through here;
    a database from a newer TiepDan or a bad --db address is refused earlier, by open_database.
    """
    if isinstance(exc, OSError):
        return _os_error(exc)
    if type(exc).__name__ != "OperationalError":  # SQLAlchemy's or the DB-API driver's own
        return None
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in text or "busy" in text:
        return _busy()
    if "readonly" in text or "read-only" in text:
        return _read_only()
    if "disk is full" in text or "database or disk is full" in text:
        return _disk_full()
    return None


def known_error(exc: BaseException) -> AppError | None:
    """What to tell the user about ``exc``: an AppError itself or a failure of the machine; None for a bug."""
    return exc if isinstance(exc, AppError) else environment_error(exc)


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


def _read_only() -> StorageError:
    return StorageError(_("The desk's database cannot be written (read-only folder or disk)."))


def _disk_full() -> StorageError:
    return StorageError(_("The disk is full: free some space, then try again."))
