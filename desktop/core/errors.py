"""The AppError hierarchy: failures a user can understand, as opposed to bugs."""

from __future__ import annotations


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
    """A database failure caused by the machine, not by a bug, in words a receptionist can act on.

    qutebrowser's split of KnownError and BugError: a locked, read-only or full database is known.
    """
    from desktop.core.i18n import _

    text = str(getattr(exc, "orig", None) or exc).lower()
    if type(exc).__name__ != "OperationalError":
        return None
    if "locked" in text or "busy" in text:
        return StorageError(
            _(
                "The desk's database is busy (a sync or another TiepDan window is writing). "
                "Nothing was lost: try again in a moment."
            )
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(_("The desk's database cannot be written (read-only folder or disk)."))
    if "disk is full" in text or "database or disk is full" in text:
        return StorageError(_("The disk is full: free some space, then try again."))
    return None
