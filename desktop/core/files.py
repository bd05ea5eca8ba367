"""Files the desk writes (printed PDFs), written so a crash or a full disk leaves no half file.

A kept file is created 0600 in folders created 0700 (desktop.core.private_files): it holds personal data.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from desktop.core.errors import StorageError, os_reason
from desktop.core.i18n import _
from desktop.core.private_files import make_private_dir, open_private


def keep(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file, flushed to disk, then renamed.

    With ``replace=False`` an existing file is an error (an issued letter is never overwritten).
    When the write fails (a full disk, no permission) the temporary file is removed again and
    ``path`` is left as it was.
    """
    if not replace and path.exists():
        raise StorageError(_("{path} already exists: an issued document is never overwritten.").format(path=path))
    temporary = path.with_suffix(".part")
    try:
        make_private_dir(path.parent)
        if path.is_dir():  # the rename would fail, or on some systems replace an empty folder
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        _write_through(temporary, data)
        temporary.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        reason = os_reason(exc)
        raise StorageError(_("Cannot save the PDF to {path}: {reason}").format(path=path, reason=reason)) from exc


def keep_streamed(path: Path, write: Callable[[BinaryIO], None], *, what: str) -> None:
    """Like ``keep``, for a file too big to hold in memory: ``write`` fills the temporary file.

    ``what`` names the file in the error message ("the spreadsheet").
    """
    temporary = path.with_suffix(path.suffix + ".part")
    try:
        make_private_dir(path.parent)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        with open_private(temporary, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        reason = os_reason(exc)
        raise StorageError(
            _("Cannot save {what} to {path}: {reason}").format(what=what, path=path, reason=reason)
        ) from exc


def _write_through(path: Path, data: bytes) -> None:
    with open_private(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
