"""The per-user data folder, resolved without importing the database layer (fast GUI start)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.core.errors import StorageError, os_reason
from desktop.core.i18n import _
from desktop.core.private_files import make_private_dir, tighten

APP_NAME = "tiepdan"


def default_data_dir() -> Path:
    """The per-user data folder of the platform (never the working directory)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "TiepDan"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "TiepDan"
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None, *, close: bool = True) -> Path:
    """--data-dir, else TIEPDAN_DATA_DIR, else the platform default; created 0700 if missing.

    With ``close`` an existing folder open to other accounts is tightened (0700, its files 0600)
    and the log says so; the GUI asks for that once its log file is set up.
    """
    chosen = explicit or os.environ.get("TIEPDAN_DATA_DIR")
    folder = Path(chosen).expanduser() if chosen else default_data_dir()
    try:
        make_private_dir(folder)
    except OSError as exc:
        raise StorageError(
            _("Cannot create the data folder {path}: {reason}").format(path=folder, reason=os_reason(exc))
        ) from exc
    folder = folder.resolve()
    if close:
        tighten(folder)
    return folder
