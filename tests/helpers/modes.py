"""What in a data folder is open to other accounts: st_mode bits, never access() (the tests may run as root)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def open_entries(folder: Path) -> dict[str, str]:
    """Every folder not 0700 and every file not 0600 under (and including) ``folder``, with its mode."""
    found = {} if mode_of(folder) == 0o700 else {".": oct(mode_of(folder))}
    for root, directories, names in os.walk(folder):
        for name in directories:
            path = Path(root) / name
            if mode_of(path) != 0o700:
                found[str(path.relative_to(folder))] = oct(mode_of(path))
        for name in names:
            path = Path(root) / name
            if mode_of(path) != 0o600:
                found[str(path.relative_to(folder))] = oct(mode_of(path))
    return found


def kinds_of_files(folder: Path) -> set[str]:
    """The endings of the files found, to show a walk did see the database, its WAL, PDFs and logs."""
    return {
        "wal" if name.endswith("-wal") else "shm" if name.endswith("-shm") else Path(name).suffix
        for _root, _dirs, names in os.walk(folder)
        for name in names
    }
