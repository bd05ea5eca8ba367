"""`tiepdan visit add FILE.json|FILE.jsonl [--json]`: visits entered headless, each saved as the form saves it.

`tiepdan visit cancel SERIAL --reason TEXT`: a visit cancelled by a recorded step (it stays in the book).

A ``.json`` file holds one visit object or a list of them; any other file is JSON Lines, one visit
per line. Each visit is checked and saved in its own transaction (desktop.core.reception.drafts);
the result of each is its number or its field errors. Exit 0 when every visit was saved, else 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, desk_code_of, opened
from desktop.cli.console import Console
from desktop.core.access import acting
from desktop.core.errors import AppError, environment_error
from desktop.core.i18n import _
from desktop.core.permissions import require
from desktop.core.reception.corrections import cancel_visit
from desktop.core.reception.drafts import LineResult, add_visit, read_visits


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("visit", help=_("enter visits without the form"))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("save the visits of a JSON or JSON Lines file, each as the form would"))
    add.add_argument("file", type=Path, metavar="FILE", help=_("FILE.json (one visit or a list) or FILE.jsonl"))
    add_json_flag(add)
    add.set_defaults(func=run)
    cancel = actions.add_parser(
        "cancel", help=_("cancel a visit of the book: it stays in the book, marked cancelled, its number used")
    )
    cancel.add_argument("serial", metavar="SERIAL", help=_("the visit's number, e.g. D01-2026-000123"))
    cancel.add_argument("--reason", required=True, metavar="TEXT", help=_("why (required, kept with the step)"))
    add_json_flag(cancel)
    cancel.set_defaults(func=run_cancel)


def run_cancel(args: argparse.Namespace, console: Console) -> int:
    with opened(args) as database:
        actor = cli_actor(args)
        with database.sessions.begin() as session:
            detail = cancel_visit(acting(session, actor), args.serial, reason=args.reason, actor=actor)
    console.emit(
        {"serial": detail.serial, "cancelled": detail.cancelled},
        _("Visit {serial} cancelled: {reason}").format(serial=detail.serial, reason=detail.cancelled),
    )
    return 0


def run(args: argparse.Namespace, console: Console) -> int:
    items = read_visits(_read(args.file), document=args.file.suffix.lower() == ".json")
    with opened(args) as database:
        actor = cli_actor(args)  # signed in by opened()
        require(actor, "visit.record")  # refused once, not on every line
        desk = desk_code_of(database)
        results = [add_visit(database, line, item, desk_code=desk, actor=actor) for line, item in items]
    saved = sum(result.saved for result in results)
    console.emit([result.as_json() for result in results], _text(results, saved))
    return 0 if saved == len(results) else 1


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise AppError(_("There is no file {path}.").format(path=path)) from exc
    except OSError as exc:
        raise environment_error(exc) or AppError(_("The file {path} cannot be read.").format(path=path)) from exc


def _text(results: list[LineResult], saved: int) -> str:
    lines = [_line(result) for result in results]
    lines.append(_("Saved {saved} of {total} visits.").format(saved=saved, total=len(results)))
    return "\n".join(lines)


def _line(result: LineResult) -> str:
    if result.saved:
        text = _("Line {line}: saved as {number}.").format(line=result.line, number=result.number)
        notes = result.warnings
    else:
        text = _("Line {line}: not saved.").format(line=result.line)
        notes = result.errors
    return "\n".join([text, *(f"  {key}: {message}" if key else f"  {message}" for key, message in notes.items())])
