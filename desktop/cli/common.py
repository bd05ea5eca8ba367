"""Helpers shared by the subcommands: opening the database named by the global options."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from desktop.core.database import Database, open_database
from desktop.core.errors import AppError
from desktop.core.i18n import _
from desktop.core.office import current_desk_code


def open_from_args(args: argparse.Namespace) -> Database:
    return open_database(url=args.db, data_dir=args.data_dir)


@contextlib.contextmanager
def opened(args: argparse.Namespace) -> Iterator[Database]:
    """The database named by --db/--data-dir, closed again when the command is done."""
    database = open_from_args(args)
    try:
        yield database
    finally:
        database.dispose()


def desk_code_of(database: Database) -> str:
    with database.sessions() as session:
        code = current_desk_code(session)
    if not code:
        raise AppError(_("This desk has no desk code yet: run `tiepdan init --desk D01` or start the GUI."))
    return code


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print one JSON document"))
