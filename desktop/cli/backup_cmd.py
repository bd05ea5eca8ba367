"""`tiepdan backup -o FILE [--json]`: an encrypted, verified backup of the desk's database (or the server's).

The passphrase comes from TIEPDAN_BACKUP_PASSPHRASE, else it is asked twice on a terminal; with
neither, the command is refused (a script must never wait on a prompt nobody sees).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import add_json_flag
from desktop.cli.console import Console
from desktop.core.backup.operations import Target, back_up
from desktop.core.backup.sealed import check_new_passphrase
from desktop.core.errors import AppError
from desktop.core.i18n import _

PASSPHRASE_ENV = "TIEPDAN_BACKUP_PASSPHRASE"


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup", help=_("write an encrypted backup of the database, checked by reading it back")
    )
    parser.add_argument("-o", "--output", required=True, type=Path, help=_("the backup file to write"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    target = Target.of(args.db, args.data_dir)
    passphrase = ask_passphrase(new=True)
    done = back_up(target, args.output, passphrase)
    console.emit(
        {
            "backup": str(done.path),
            "database": done.location,
            "kind": done.kind,
            "schema": done.schema,
            "bytes": done.size,
            "encrypted": done.encrypted,
            "verified": True,
        },
        _("Backed up {database} (schema {schema}) to {path}: {size} bytes, encrypted and checked.").format(
            database=done.location, schema=done.schema, path=done.path, size=done.size
        ),
    )
    return 0


def ask_passphrase(*, new: bool) -> str:
    """The backup passphrase: TIEPDAN_BACKUP_PASSPHRASE, else typed on a terminal (twice for a new backup)."""
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase:
        if not sys.stdin.isatty():
            raise AppError(
                _("Give the backup passphrase in {env}, or run the command in a terminal to type it.").format(
                    env=PASSPHRASE_ENV
                )
            )
        passphrase = getpass.getpass(_("Backup passphrase: "))
        if new and getpass.getpass(_("The same passphrase again: ")) != passphrase:
            raise AppError(_("The two passphrases differ: nothing was backed up."))
    if new:
        check_new_passphrase(passphrase)
    return passphrase
