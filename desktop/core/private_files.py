"""The data folder is closed to other accounts: folders 0700, files 0600, made so and kept so.

Files are created private (``os.open`` with mode 0o600), never created open and tightened after;
SQLite gives its -wal and -shm files the mode of the database file, so a database created here
keeps them private too. An existing folder that is open to others (an older TiepDan made it 755
and its files 644) is tightened by ``tighten``, which the start of every command and of the GUI
runs. On Windows the data folder sits in the user's profile (%APPDATA%), whose access list
already keeps other accounts out: POSIX modes do not apply there, and nothing here changes it.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, TextIO, cast

log = logging.getLogger(__name__)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
APPLIES = os.name == "posix"  # POSIX modes mean nothing on Windows

# The kinds of file named in the note of what was tightened (no file name: it could hold personal data).
_KINDS = (
    ("database", (".sqlite3", ".sqlite3-wal", ".sqlite3-shm", ".sqlite3-journal")),
    ("PDF", (".pdf",)),
    ("log", (".log",)),
)


def make_private_dir(path: Path) -> None:
    """Create ``path`` and every missing parent 0700 (Path.mkdir gives parents the default mode)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            continue  # another process made it meanwhile
        _chmod(folder, PRIVATE_DIR)  # the umask may have taken bits away; it never adds any
    if not path.is_dir():  # a file stands where the folder should be: as Path.mkdir(exist_ok=True) says it
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def create_private_file(path: Path) -> bool:
    """Create ``path`` empty and 0600 unless it exists; True when it was created."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def open_private(path: Path, mode: str = "wb") -> BinaryIO:
    """``open(path, mode)`` in binary, the file created 0600 if it is new (``w`` truncates, ``a``
    appends, ``x`` fails when it exists)."""
    return cast(BinaryIO, _open_private(path, mode + ("" if "b" in mode else "b"), None))


def open_private_text(path: Path, mode: str = "a", *, encoding: str | None = "utf-8") -> TextIO:
    """``open_private`` for text (the log)."""
    return cast(TextIO, _open_private(path, mode.replace("b", ""), encoding))


def _open_private(path: Path, mode: str, encoding: str | None) -> IO[Any]:
    flags = os.O_CREAT | (os.O_RDWR if "+" in mode else os.O_WRONLY)
    if "a" in mode:
        flags |= os.O_APPEND
    elif "x" in mode:
        flags |= os.O_EXCL
    else:
        flags |= os.O_TRUNC
    descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    try:
        return open(descriptor, mode.replace("x", "w"), encoding=encoding)  # the caller closes it
    except BaseException:
        os.close(descriptor)
        raise


def make_private(path: Path) -> None:
    """Set an existing file 0600 (a copy or a rename kept the mode it had)."""
    _chmod(path, PRIVATE_FILE)


@dataclass(frozen=True)
class Tightened:
    """What ``tighten`` changed: how many folders, and how many files of each kind."""

    folders: int = 0
    files: dict[str, int] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.folders or self.files)

    def describe(self) -> str:
        """For the log: counts and kinds only, never a file name."""
        files = sum(self.files.values())
        order = [kind for kind, _endings in _KINDS] + ["backup", "other"]
        kinds = ", ".join(f"{self.files[kind]} {kind}" for kind in order if kind in self.files)
        return f"{self.folders} folder(s) to {PRIVATE_DIR:04o} and {files} file(s) to {PRIVATE_FILE:04o}" + (
            f" ({kinds})" if kinds else ""
        )


def tighten(folder: Path) -> Tightened:
    """Close ``folder`` and everything in it to other accounts; notes in the log what was changed.

    Only group and other bits are taken away (an owner's own bits stay); symbolic links are not
    followed, and an entry owned by another account is left as it is.
    """
    if not APPLIES or not folder.is_dir():
        return Tightened()
    folders = int(_tighten_one(folder, PRIVATE_DIR))
    files: Counter[str] = Counter()
    for root, directories, names in os.walk(folder):
        here = Path(root)
        folders += sum(_tighten_one(here / name, PRIVATE_DIR) for name in directories)
        for name in names:
            if _tighten_one(here / name, PRIVATE_FILE):
                files[_kind(here / name, folder)] += 1
    tightened = Tightened(folders=folders, files=dict(files))
    if tightened:
        log.info("The data folder was open to other accounts; tightened %s.", tightened.describe())
    return tightened


def _tighten_one(path: Path, wanted: int) -> bool:
    try:
        status = path.lstat()
    except OSError:
        return False
    if stat.S_ISLNK(status.st_mode) or status.st_uid != os.getuid():
        return False
    mode = stat.S_IMODE(status.st_mode)
    if not mode & 0o077:
        return False
    return _chmod(path, mode & wanted | (wanted if stat.S_ISDIR(status.st_mode) else 0))


def _chmod(path: Path, mode: int) -> bool:
    if not APPLIES:
        return False
    try:
        os.chmod(path, mode)
    except OSError as exc:
        log.warning("Cannot restrict the permissions of an entry of the data folder: %s", exc.strerror)
        return False
    return True


def _kind(path: Path, folder: Path) -> str:
    relative = path.relative_to(folder)
    if relative.parts[0] == "backups" or ".before-restore-" in path.name:
        return "backup"
    if relative.parts[0] == "logs":
        return "log"
    for kind, endings in _KINDS:
        if path.name.endswith(endings):
            return kind
    return "other"
