"""`tiepdan restore FILE [--json]`: put a backup back, once its passphrase, integrity and schema are checked.

Nothing is replaced until the whole backup has decrypted and passed its checks; the replaced
database is kept (beside it, or for a server in the data folder). A plain copy (an automatic
backup made without a passphrase) restores without a passphrase.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.backup_cmd import ask_passphrase
from desktop.cli.common import add_json_flag
from desktop.cli.console import Console
from desktop.core.backup.operations import Target, needs_passphrase, restore
from desktop.core.errors import AppError
from desktop.core.i18n import _


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("restore", help=_("replace the database with a backup (the replaced one is kept)"))
    parser.add_argument("file", type=Path, help=_("the backup file"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    target = Target.of(args.db, args.data_dir)
    try:
        passphrase = ask_passphrase(new=False) if needs_passphrase(args.file) else None
        done = restore(target, args.file, passphrase)
    except AppError as exc:
        raise AppError(_("{reason} Nothing was restored.").format(reason=exc)) from exc
    console.emit(
        {
            "restored": done.location,
            "from": str(done.source),
            "kind": done.kind,
            "schema": done.schema,
            "created": done.created,
            "kept": str(done.kept) if done.kept else None,
        },
        "\n".join(_lines(done.location, done.source, done.schema, done.kept)),
    )
    return 0


def _lines(location: str, source: Path, schema: str, kept: Path | None) -> list[str]:
    lines = [
        _("Restored {database} from {path} (schema {schema}).").format(database=location, path=source, schema=schema)
    ]
    lines.append(
        _("The data it replaced is kept in {path}.").format(path=kept) if kept else _("There was no data to replace.")
    )
    return lines
