"""`tiepdan deadline`: due date and explanation as text or JSON; exit 0, 1 (user error) or 2 (misuse)."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from desktop.cli import deadline_cmd
from desktop.cli.console import Console
from desktop.core.errors import AppError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tiepdan")
    deadline_cmd.add_parser(parser.add_subparsers(dest="command"))
    return parser


def invoke(*argv: str) -> tuple[int, str, str]:
    """Run the command as desktop.cli.main does (AppError -> message, exit 1), capturing output."""
    args = _parser().parse_args(["deadline", *argv])
    out, err = io.StringIO(), io.StringIO()
    console = Console(json_mode=args.json, out=out, err=err)
    try:
        code = args.func(args, console)
    except AppError as exc:
        console.error(str(exc))
        code = 1
    return code, out.getvalue(), err.getvalue()


def test_text_output_starts_with_the_iso_due_date() -> None:
    # Wed 11/02/2026 + 10 working days across the Tết break (14-22/02) = Wed 04/03/2026.
    code, out, err = invoke("petition.process", "2026-02-11")
    assert (code, err) == (0, "")
    first, *rest = out.splitlines()
    assert first == "2026-03-04"
    assert rest[0] == "Hạn: 04/03/2026 — 10 ngày làm việc kể từ 11/02/2026, không tính 11 ngày nghỉ."
    assert "  - 16/02/2026 (thứ Hai) – 20/02/2026 (thứ Sáu): Tết Nguyên đán" in rest


def test_json_output() -> None:
    # Mon 05/01/2026, complex and remote: 60 days -> Fri 06/03/2026.
    code, out, _err = invoke("complaint.resolve.first", "2026-01-05", "--complex", "--remote", "--json")
    assert code == 0
    data = json.loads(out)
    assert {key: data[key] for key in ("rule", "start", "due", "unit")} == {
        "rule": "complaint.resolve.first",
        "start": "2026-01-05",
        "due": "2026-03-06",
        "unit": "calendar_days",
    }
    assert data["version"] == "2012-07-01"
    assert data["explanation"].startswith("Hạn: 06/03/2026 — 60 ngày kể từ 05/01/2026.")


@pytest.mark.parametrize(
    ("argv", "due", "unit"),
    [
        # The version in force on the event day: 10 working days before 1 Jul 2026, 7 working days from then.
        # Tue 30/06: Wed 01/07 (1) ... Fri 03 (3), Mon 06 (4) ... Fri 10 (8), Mon 13 (9), Tue 14/07 (10).
        (("complaint.accept", "2026-06-30"), "2026-07-14", "working_days"),
        (("complaint.accept", "2026-07-06"), "2026-07-15", "working_days"),  # Tue 07 (1) ... Wed 15/07 (7)
        # Calendar days ending on Sat 17/01/2026 -> Mon 19/01.
        (("complaint.second.file", "2025-12-18"), "2026-01-19", "calendar_days"),
        # One year: Mon 02/03/2026 -> Tue 02/03/2027.
        (("complaint.lawsuit", "2026-03-02"), "2027-03-02", "years"),
        # Two extensions: 02/03 + 90 = Sun 31/05 -> Mon 01/06/2026.
        (("denunciation.resolve", "2026-03-02", "--extensions", "2"), "2026-06-01", "calendar_days"),
        # Paused Wed 04 - Thu 05/03: Tue 03 (1), Fri 06 (2) ... Wed 18/03 (10).
        (("reception.reply", "2026-03-02", "--suspend", "2026-03-04:2026-03-05"), "2026-03-18", "working_days"),
    ],
)
def test_due_dates(argv: tuple[str, ...], due: str, unit: str) -> None:
    code, out, _err = invoke(*argv, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["due"], data["unit"]) == (due, unit)


def test_office_calendar_file(tmp_path: Path) -> None:
    path = tmp_path / "office.json"
    days = {"2026": {"days_off": [{"date": "2026-03-10", "name": "Lễ hội địa phương"}]}}
    path.write_text(json.dumps({"years": days}), encoding="utf-8")
    # Tue 10/03 off: Mon 02/03 + 10 working days = Tue 17/03 instead of Mon 16/03.
    code, out, _err = invoke("reception.reply", "2026-03-02", "--calendar", str(path))
    assert code == 0
    assert out.splitlines()[0] == "2026-03-17"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("no.such.rule", "2026-03-02"), "no.such.rule"),
        (("reception.reply", "2026-13-01"), "2026-13-01"),
        (("reception.reply", "hôm nay"), "hôm nay"),
        (("reception.reply", "2026-03-02", "--complex"), "reception.reply"),
        (("reception.reply", "2026-03-02", "--suspend", "2026-03-04"), "2026-03-04"),
        (("reception.reply", "2026-03-02", "--suspend", "2026-03-05:2026-03-04"), "2026-03-05"),
        (("complaint.accept", "2012-01-01"), "2012-01-01"),
        (("reception.reply", "2026-03-02", "--calendar", "/nonexistent/office.json"), "office.json"),
    ],
)
def test_user_errors_exit_1(argv: tuple[str, ...], fragment: str) -> None:
    code, out, err = invoke(*argv)
    assert code == 1
    assert out == ""
    assert fragment in err


def test_user_error_in_json_mode_prints_a_json_error() -> None:
    code, out, err = invoke("no.such.rule", "2026-03-02", "--json")
    assert code == 1
    assert "no.such.rule" in json.loads(out)["error"]
    assert "no.such.rule" in err


@pytest.mark.parametrize(
    "argv",
    [
        (),
        ("reception.reply",),
        ("reception.reply", "2026-03-02", "--extensions", "two"),
        ("reception.reply", "2026-03-02", "--no-such-flag"),
    ],
)
def test_misuse_exits_2(argv: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc_info:
        _parser().parse_args(["deadline", *argv])
    assert exc_info.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_main_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    from desktop.cli import main

    # Thu 20/08/2026: Sat 22/08 is worked, 31/08-02/09 off -> Mon 07/09/2026 under the 2026 rule set.
    assert main(["deadline", "reception.reply", "2026-08-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["due"], data["version"]) == ("2026-09-07", "2026-07-01")
    assert main(["deadline", "no.such.rule", "2026-08-20"]) == 1
    assert "no.such.rule" in capsys.readouterr().err
