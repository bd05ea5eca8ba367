"""Helpers shared by the subcommands: opening the database named by the global options."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from desktop.core.access import NOBODY, Actor, sign_in_here, signed_in_here
from desktop.core.database import Database, open_database
from desktop.core.errors import AppError, ValidationError
from desktop.core.i18n import _
from desktop.core.office import current_desk_code


def open_from_args(args: argparse.Namespace, *, read_only: bool = False) -> Database:
    return open_database(url=args.db, data_dir=args.data_dir, read_only=read_only)


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, read_only: bool = False) -> Iterator[Database]:
    """The database named by --db/--data-dir, closed again when the command is done.

    ``read_only``: the command only reads, so a desk on read-only media is opened for reading
    (see open_database); a command that writes is refused there with a clear message.
    """
    database = open_from_args(args, read_only=read_only)
    previous = signed_in_here()
    try:
        if getattr(args, "user", None) and not isinstance(getattr(args, "actor", None), Actor):
            from desktop.cli.signing_in import actor_of

            args.actor = actor_of(args, database)  # --user signs in once, for everything the command does
        sign_in_here(cli_actor(args))  # the audit trail names them for every change the command makes
        yield database
    finally:
        sign_in_here(previous)
        database.dispose()


def desk_code_of(database: Database) -> str:
    with database.sessions() as session:
        code = current_desk_code(session)
    if not code:
        raise AppError(_("This desk has no desk code yet: run `tiepdan init --desk D01` or start the GUI."))
    return code


def in_range(value: int | None, option: str, low: int, high: int) -> None:
    """A number of the right type but out of range is a user error (exit 1), not misuse."""
    if value is not None and not low <= value <= high:
        raise ValidationError(
            {option: _("{option} must be from {low} to {high}.").format(option=option, low=low, high=high)}
        )


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print one JSON document"))


def cli_actor(args: argparse.Namespace) -> Actor:
    """Who the command runs as: the user `--user` signed in (``args.actor``), else nobody.

    Nobody has no right to a denouncer's identity: it prints masked. ``opened`` signs the global
    ``--user`` in and sets ``args.actor``.
    """
    actor = getattr(args, "actor", None)
    return actor if isinstance(actor, Actor) else NOBODY
