"""`tiepdan search QUERY [--limit N] [--kind KIND] [--json]`: citizens, visits, petitions, cases and letters
found by number or by name (docs/search.md), grouped by kind, as the GUI's search field finds them."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import add_json_flag, cli_actor, in_range, opened
from desktop.cli.console import Console
from desktop.core.finding.search import KIND_LABELS, KINDS, PAGE, search
from desktop.core.formatting import short_date
from desktop.core.i18n import _

MAX_LIMIT = 10_000


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("search", help=_("find citizens, visits, petitions, cases and letters"))
    parser.add_argument("query", metavar="QUERY", help=_("a name (with or without diacritics) or a number"))
    parser.add_argument(
        "--limit", type=int, default=PAGE, metavar="N", help=_("at most N results of each kind (default: %(default)s)")
    )
    parser.add_argument("--kind", choices=KINDS, help=_("only results of this kind"))
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    in_range(args.limit, "--limit", 1, MAX_LIMIT)
    with opened(args, read_only=True) as database, database.sessions() as session:
        hits = search(
            session, cli_actor(args), args.query, kinds=(args.kind,) if args.kind else KINDS, limit=args.limit
        )
    lines: list[str] = []
    kind = None
    for hit in hits:
        if hit.kind != kind:
            kind = hit.kind
            lines.append(f"{_(KIND_LABELS[kind])}:")
        lines.append(f"  {hit.number:<20} {short_date(hit.date):<10}  {hit.title}")
    if not hits:
        lines.append(_("Nothing found."))
    console.emit([hit.as_json() for hit in hits], "\n".join(lines))
    return 0
