"""`tiepdan stats [--json]`: how many citizens, visits and documents the desk holds."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, open_from_args
from desktop.cli.console import Console
from desktop.core.i18n import N_, _
from desktop.core.stats import counts

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
    database = open_from_args(args)
    try:
        with database.sessions() as session:
            local = counts(session)
    finally:
        database.dispose()
    width = max(len(_(title)) for title in _TITLES.values())
    text = "\n".join(f"{_(_TITLES[name]):<{width}}  {value:>10,}" for name, value in local.items())
    console.emit({"local": local}, text)
    return 0
