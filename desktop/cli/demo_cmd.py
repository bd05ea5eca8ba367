"""`tiepdan demo --visits N [--seed S]`: fill the database with realistic synthetic visits."""

from __future__ import annotations

import argparse
import time
from typing import Any

from desktop.cli.common import add_json_flag, desk_code_of, in_range, opened
from desktop.cli.console import Console
from desktop.core.demo.generator import generate
from desktop.core.i18n import _

MAX_RECORDS = 1_000_000  # ten times the benchmark's desk; a bigger number is a typing mistake


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help=_("fill the database with synthetic visits"))
    parser.add_argument("--visits", type=int, required=True, help=_("how many visits to create"))
    parser.add_argument("--seed", type=int, help=_("random seed, for the same data every time"))
    parser.add_argument(
        "--petitions",
        type=int,
        default=0,
        metavar="N",
        help=_("also N petitions received by post (visits bring their own)"),
    )
    add_json_flag(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, console: Console) -> int:
    in_range(args.visits, "--visits", 1, MAX_RECORDS)
    in_range(args.petitions, "--petitions", 0, MAX_RECORDS)
    with opened(args) as database:
        desk = desk_code_of(database)
        started = time.perf_counter()
        with database.sessions.begin() as session:
            result = generate(
                session, visits=args.visits, desk_code=desk, seed=args.seed, postal_petitions=args.petitions
            )
        seconds = time.perf_counter() - started
    console.emit(
        {
            "visits": result.visits,
            "citizens": result.citizens,
            "petitions": result.petitions,
            "cases": result.cases,
            "first": result.first_serial,
            "last": result.last_serial,
            "seconds": round(seconds, 2),
        },
        _(
            "Created {visits} visits, {citizens} citizens, {petitions} petitions and {cases} cases in {seconds:.1f} s "
            "({first} ... {last})."
        ).format(
            visits=result.visits,
            petitions=result.petitions,
            cases=result.cases,
            citizens=result.citizens,
            seconds=seconds,
            first=result.first_serial,
            last=result.last_serial,
        ),
    )
    return 0
