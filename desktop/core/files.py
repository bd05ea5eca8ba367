"""Files the desk keeps in its data folder (printed PDFs), written so a crash leaves no half file."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.core.errors import StorageError
from desktop.core.i18n import _


def keep(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file, flushed to disk, then renamed.

    With ``replace=False`` an existing file is an error (an issued letter is never overwritten).
    """
    if not replace and path.exists():
        raise StorageError(_("{path} already exists: an issued document is never overwritten.").format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".part")
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except OSError as exc:
        raise StorageError(_("Cannot save the PDF to {path}: {reason}").format(path=path, reason=exc.strerror)) from exc
