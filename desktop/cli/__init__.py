"""The `tiepdan` command: no arguments opens the GUI, a subcommand runs headless.

Each subcommand lives in its own module with ``add_parser(subparsers)``, which sets
``func=run`` on its parser; ``run(args, console)`` returns the exit status. Exit 0 on success,
1 on a user error (with its message), 2 on misuse (argparse's own convention). A failure of the
machine (a locked, read-only or full database or disk) is a user error too, in the GUI's words.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desktop.cli.console import Console
from desktop.core.errors import known_error
from desktop.core.i18n import _

SUBCOMMANDS = ("init", "demo", "print", "sync", "stats", "check", "deadline", "deadlines", "backup", "restore")


def _global_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tiepdan", description=_("TiepDan, the citizen-reception desk."))
    parser.add_argument("--db", metavar="URL", help=_("database URL (default: SQLite in the data folder)"))
    parser.add_argument("--data-dir", metavar="DIR", help=_("data folder (or TIEPDAN_DATA_DIR)"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _global_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"desktop.cli.{name.replace('-', '_')}_cmd").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not set(arguments) & {*SUBCOMMANDS, "-h", "--help"}:
        # The GUI: skip importing every subcommand (and the database layer) before the window shows.
        options = _global_parser().parse_args(arguments)
        from desktop.ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(db_url=options.db, data_dir=options.data_dir)
    args = build_parser().parse_args(arguments)
    if args.command is None:
        from desktop.ui.app import run_gui

        return run_gui(db_url=args.db, data_dir=args.data_dir)
    console = Console(json_mode=getattr(args, "json", False))
    try:
        return int(args.func(args, console))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        known = known_error(exc)
        if known is None:
            raise  # a bug: its traceback is what a report needs
        console.error(str(known))
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
