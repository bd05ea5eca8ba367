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
