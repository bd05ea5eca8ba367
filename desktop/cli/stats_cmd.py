"""`tiepdan stats [--json]`: how many citizens, visits and documents the desk holds."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, opened
from desktop.cli.console import Console
from desktop.core.i18n import N_, _
from desktop.core.office_mode.counts import desk_counts

_TITLES = {
    "citizens": N_("Citizens"),
    "visits": N_("Visits"),
    "received_documents": N_("Documents received"),
    "documents": N_("Documents issued"),
}


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("stats", help=_("count citizens, visits and documents"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    with opened(args, read_only=True) as database:
        result = desk_counts(database)
    local, server = result.local, result.server
    width = max(len(_(title)) for title in _TITLES.values())
    header = f"{'':<{width}}  {_('This desk'):>12}" + (f"  {_('Server'):>12}" if server else "")
    rows = [
        f"{_(_TITLES[name]):<{width}}  {value:>12,}" + (f"  {server[name]:>12,}" if server else "")
        for name, value in local.items()
    ]
    if result.problem:
        rows.append(result.problem)
    data: dict[str, object] = {"local": local}
    if result.office_mode:
        data["server"] = server
    console.emit(data, "\n".join([header, *rows]))
    return 0
