"""Files the desk keeps in its data folder (printed PDFs), written so a crash leaves no half file.

A kept file is created 0600 in folders created 0700 (desktop.core.private_files): it holds personal data.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop.core.errors import StorageError
from desktop.core.i18n import _
from desktop.core.private_files import make_private_dir, open_private


def keep(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file, flushed to disk, then renamed.

    With ``replace=False`` an existing file is an error (an issued letter is never overwritten).
    """
    if not replace and path.exists():
        raise StorageError(_("{path} already exists: an issued document is never overwritten.").format(path=path))
    try:
        make_private_dir(path.parent)
        temporary = path.with_suffix(".part")
        with open_private(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except OSError as exc:
        raise StorageError(_("Cannot save the PDF to {path}: {reason}").format(path=path, reason=exc.strerror)) from exc
