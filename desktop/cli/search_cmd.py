"""`tiepdan search QUERY [--limit N] [--kind KIND] [--json]`: citizens, visits, petitions, cases and letters
found by number or by name (docs/search.md), grouped by kind, as the GUI's search field finds them."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop.cli.common import add_json_flag, cli_actor, in_range, opened
from desktop.cli.console import Console
from desktop.core.confidentiality import Viewer
from desktop.core.finding.search import KIND_LABELS, KINDS, PAGE, Hit, Kind, search_page
from desktop.core.formatting import short_date
from desktop.core.i18n import _

if TYPE_CHECKING:
    from desktop.core.access import Actor

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
        hits = _search(session, cli_actor(args), args.query, (args.kind,) if args.kind else KINDS, args.limit)
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


def _search(session: Any, actor: Actor, query: str, kinds: Sequence[Kind], limit: int) -> list[Hit]:
    """Up to ``limit`` results of each kind shown: a page's records left out for this user (a
    denouncer found by name) do not count, so the next page is read until ``limit`` are in."""
    viewer = Viewer(session, actor)
    hits: list[Hit] = []
    for kind in KINDS:
        if kind not in kinds:
            continue
        found: list[Hit] = []
        offset: int | None = 0
        while offset is not None and len(found) < limit:
            page = search_page(session, actor, query, kind, offset=offset, limit=limit, viewer=viewer)
            found.extend(page.hits)
            offset = page.next_offset
        hits.extend(found[:limit])
    return hits
