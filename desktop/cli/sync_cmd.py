"""`tiepdan sync [--status] [--json]`: one push and pull with the office server, or its state."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

import desktop.core.cases  # noqa: F401  (the stored due dates follow calendar days the sync pulls)
from desktop.cli.common import add_json_flag, desk_code_of, opened
from desktop.cli.console import Console
from desktop.core.formatting import short_datetime
from desktop.core.i18n import _
from desktop.core.office_mode import sync


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("sync", help=_("push and pull with the office server"))
    parser.add_argument("--status", action="store_true", help=_("only report the state, do not connect"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    with opened(args, read_only=args.status) as database:
        if args.status:
            return _report(console, sync.status(database))
        desk = desk_code_of(database)
        try:
            result = sync.sync_once(database, desk)
        finally:
            state = sync.status(database)
    text = _("Sent {pushed} changes, received {pulled}, conflicts {conflicts}. Waiting: {pending}.").format(
        pushed=result.pushed, pulled=result.pulled, conflicts=result.conflicts, pending=state.pending
    )
    if state.rejected:
        text += "\n" + _refused_line(state)
    console.emit({**asdict(result), "status": _status_json(state)}, text)
    return 0


def _refused_line(state: sync.SyncStatus) -> str:
    return _("Changes refused by the server: {n} (see Settings, Office server, Refused changes).").format(
        n=state.rejected
    )


def _status_json(state: sync.SyncStatus) -> dict[str, object]:
    data = asdict(state)
    for key in ("offline_since", "last_sync_at"):
        data[key] = data[key].isoformat() if data[key] else None
    return data


def _report(console: Console, state: sync.SyncStatus) -> int:
    if not state.server:
        lines = [_("This desk works alone (no office server).")]
    else:
        lines = [
            _("Server: {server}").format(server=state.server),
            _("Offline since {time}").format(time=short_datetime(state.offline_since))
            if state.offline_since
            else _("Online"),
            _("Changes waiting: {n}").format(n=state.pending),
            _("Last sync: {time}").format(time=short_datetime(state.last_sync_at) or _("never")),
            _("Open conflicts: {n}").format(n=state.open_conflicts),
            _refused_line(state),
        ]
        if state.kept_local:
            lines.append(_("Refused changes kept on this desk only: {n}").format(n=state.kept_local))
    console.emit(_status_json(state), "\n".join(lines))
    return 0
