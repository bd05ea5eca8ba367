"""The `tiepdan` command: no arguments opens the GUI, a subcommand runs headless.

Each subcommand lives in its own module with ``add_parser(subparsers)``, which sets
``func=run`` on its parser; ``run(args, console)`` returns the exit status. Exit 0 on success,
1 on a user error (with its message), 2 on misuse (argparse's own convention). A failure of the
machine (a locked, read-only or full database or disk) is a user error too, in the GUI's words.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from desktop.cli.argparse_texts import translate_argparse
from desktop.cli.console import Console
from desktop.core.database import refuse_password_in_address
from desktop.core.errors import AppError, known_error, scrubbed_traceback
from desktop.core.i18n import _

SUBCOMMANDS = (
    "init",
    "demo",
    "print",
    "visit",
    "letter",
    "import",
    "sync",
    "stats",
    "check",
    "deadline",
    "deadlines",
    "report",
    "report-opening",
    "case-result",
    "transfer-reply",
    "backup",
    "restore",
    "user",
    "audit",
    "server",
    "search",
)


def _global_parser(*, add_help: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tiepdan", description=_("TiepDan, the citizen-reception desk."), add_help=add_help
    )
    parser.add_argument("--db", metavar="URL", help=_("database URL (default: SQLite in the data folder)"))
    parser.add_argument("--data-dir", metavar="DIR", help=_("data folder (or TIEPDAN_DATA_DIR)"))
    parser.add_argument(
        "--user", metavar="NAME", help=_("sign in as NAME (the password from TIEPDAN_PASSWORD or a prompt)")
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    translate_argparse()
    parser = _global_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"desktop.cli.{name.replace('-', '_')}_cmd").add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    translate_argparse()
    _refuse_unreadable(arguments)
    if not _names_a_command(arguments):
        # The GUI: skip importing every subcommand (and the database layer) before the window shows.
        options = _global_parser().parse_args(arguments)
        if _password_given(options, Console(json_mode=False)):
            return 1
        from desktop.ui.app import run_gui  # Qt is imported only for the GUI

        return run_gui(db_url=options.db, data_dir=options.data_dir, user=options.user)
    sys.excepthook = _scrubbed_excepthook  # a bug's traceback never quotes a row's values
    parser = build_parser()
    _refuse_unknown_command(parser, arguments)
    args = parser.parse_args(arguments)
    if args.command is None:
        from desktop.ui.app import run_gui

        return run_gui(db_url=args.db, data_dir=args.data_dir, user=args.user)
    console = Console(json_mode=getattr(args, "json", False))
    if _password_given(args, console):
        return 1
    try:
        return _run(args, console)
    except BrokenPipeError:  # `tiepdan ... | head`: the reader has gone, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace, console: Console) -> int:
    try:
        status = int(args.func(args, console))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:
        known = known_error(exc)
        if known is None:
            raise  # a bug: its traceback is what a report needs
        console.error(str(known))
        return 1
    sys.stdout.flush()  # a closed pipe is reported here, not at exit
    return status


def _password_given(args: argparse.Namespace, console: Console) -> bool:
    """A password in --db or --server is refused before anything runs (other accounts see the arguments)."""
    try:
        refuse_password_in_address(args.db, "--db")
        refuse_password_in_address(getattr(args, "server", None), "--server")
    except AppError as exc:
        console.error(str(exc))
        return True
    return False


def _scrubbed_excepthook(_kind: type[BaseException], exc: BaseException, _tb: object) -> None:
    sys.stderr.write(scrubbed_traceback(exc))


def _names_a_command(arguments: list[str]) -> bool:
    """Anything beyond the global options (a command, a stray word or option) or a request for help."""
    if {"-h", "--help"} & set(arguments):
        return True
    _options, rest = _global_parser(add_help=False).parse_known_args(arguments)
    return bool(rest)


def _refuse_unknown_command(parser: argparse.ArgumentParser, arguments: list[str]) -> None:
    """Exit 2 naming the word that is not a command, with the list of commands."""
    _options, rest = _global_parser(add_help=False).parse_known_args(arguments)
    word = next((item for item in rest if not item.startswith("-")), None)
    if word is not None and word not in SUBCOMMANDS:
        parser.error(
            _('"{word}" is not a tiepdan command. The commands are: {commands}.').format(
                word=word, commands=", ".join(SUBCOMMANDS)
            )
        )


def _refuse_unreadable(arguments: list[str]) -> None:
    """An argument that is not text (bytes the system could not decode) is misuse, refused at the door."""
    for position, item in enumerate(arguments, start=1):
        try:
            item.encode("utf-8")
        except UnicodeEncodeError:
            _global_parser().error(
                _("argument {position} is not valid text: {text}").format(position=position, text=ascii(item))
            )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
