"""No tracebacks: every mistake on the command line is one Vietnamese message and its exit status.

Exit 2 is misuse, found by the parser: an unknown command or option, a number that is not a
number, a missing argument. Exit 1 is a user error: a value of the right type but out of range, a
date the rules do not cover, a calendar file that breaks its schema, a path that cannot be written.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import SUBCOMMANDS, main
from desktop.core.database import DB_FILE
from desktop.core.formatting import today_local
from tests.helpers.cli_desks import assert_clear_failure, copy_desk, make_demo_desk, tiepdan

HUGE = "99999999999999999999"


@pytest.fixture(scope="module")
def template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo_desk(template_db, tmp_path_factory.mktemp("user-errors") / "desk", visits=40)


@pytest.fixture
def desk(template: Path, tmp_path: Path) -> Path:
    """A desk with 40 demo visits of this year and the last."""
    return copy_desk(template, tmp_path / "desk")


def call(capsys: pytest.CaptureFixture[str], desk: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``main()`` in this process (quicker than a fresh one), as a finished process: argparse's exit is its status."""
    try:
        status = main(["--data-dir", str(desk), *args])
    except SystemExit as exc:
        status = int(exc.code or 0)
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, captured.out, captured.err)


def picked(table: list[Any], *ids: str) -> list[Any]:
    """The cases of ``table`` also run in a fresh process: one or a few of each kind, as a user meets them."""
    chosen = [case for case in table if case.id in ids]
    assert len(chosen) == len(ids)
    return chosen


def visit_count(folder: Path) -> int:
    with sqlite3.connect(folder / DB_FILE) as connection:
        count = connection.execute("SELECT count(*) FROM visit").fetchone()[0]
    connection.close()
    return int(count)


MISUSE = [
    pytest.param(
        ("foo",), f'"foo" không phải là lệnh của tiepdan. Các lệnh là: {", ".join(SUBCOMMANDS)}.', id="unknown command"
    ),
    pytest.param(
        ("--db", "sqlite:///x.db", "foo", "--json"), '"foo" không phải là lệnh của tiepdan.', id="command after options"
    ),
    pytest.param(("--bogus",), "tiepdan: lỗi: đối số không được nhận biết: --bogus", id="unknown global option"),
    pytest.param(("stats", "--bogus"), "đối số không được nhận biết: --bogus", id="unknown option"),
    pytest.param(
        ("deadlines", "--due-within", "abc"), "đối số --due-within: giá trị int không hợp lệ: 'abc'", id="not a number"
    ),
    pytest.param(("demo", "--visits", "ten"), "đối số --visits: giá trị int không hợp lệ: 'ten'", id="not a count"),
    pytest.param(
        ("deadline", "denunciation.resolve", "2026-01-01", "--extensions", "2**70"),
        "giá trị int không hợp lệ: '2**70'",
        id="an expression",
    ),
    pytest.param(("demo",), "thiếu các đối số bắt buộc: --visits", id="missing option"),
    pytest.param(
        ("print", "poster", "X", "-o", "x.pdf"), "đối số kind: lựa chọn không hợp lệ: 'poster'", id="unknown kind"
    ),
]


@pytest.mark.parametrize(("args", "sentence"), MISUSE)
def test_misuse_exits_2_with_a_vietnamese_message(
    desk: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], sentence: str
) -> None:
    result = call(capsys, desk, *args)
    assert_clear_failure(result, sentence, status=2)
    assert "usage: tiepdan" in result.stderr


@pytest.mark.parametrize(
    ("args", "sentence"),
    [
        *picked(MISUSE, "unknown command", "unknown option", "not a number"),
        pytest.param(
            ("print", "receipt", b"D01-\xff", "-o", "x.pdf"), "đối số thứ 3 không phải là văn bản hợp lệ", id="bytes"
        ),
    ],
)
def test_misuse_in_a_fresh_process(desk: Path, args: tuple[str | bytes, ...], sentence: str) -> None:
    result = tiepdan(desk, *args)
    assert_clear_failure(result, sentence, status=2)
    assert "usage: tiepdan" in result.stderr


OUT_OF_RANGE = [
    pytest.param(("deadlines", "--due-within", "-5"), "--due-within phải từ 0 đến 2500.", id="negative days"),
    pytest.param(("deadlines", "--due-within", HUGE), "--due-within phải từ 0 đến 2500.", id="huge days"),
    pytest.param(("demo", "--visits", str(10**30)), "--visits phải từ 1 đến 1000000.", id="huge visits"),
    pytest.param(("demo", "--visits", "0"), "--visits phải từ 1 đến 1000000.", id="no visits"),
    pytest.param(
        ("demo", "--visits", "5", "--petitions", "-3"), "--petitions phải từ 0 đến 1000000.", id="negative petitions"
    ),
    pytest.param(
        ("deadline", "denunciation.resolve", "2026-01-01", "--extensions", str(2**70)),
        "Quy tắc denunciation.resolve cho phép gia hạn từ 0 đến 2 lần",
        id="huge extensions",
    ),
    pytest.param(
        ("deadline", "denunciation.resolve", "2026-01-01", "--extensions", "-1"),
        "Quy tắc denunciation.resolve cho phép gia hạn từ 0 đến 2 lần",
        id="negative extensions",
    ),
    pytest.param(
        ("deadline", "reception.reply", "2026-01-01", "--extensions", "1"),
        "reception.reply không được gia hạn",
        id="no extension",
    ),
    pytest.param(
        ("deadline", "complaint.accept", "0001-01-01"),
        "complaint.accept chưa có hiệu lực vào ngày 0001-01-01",
        id="before any rule",
    ),
    pytest.param(("deadline", "complaint.accept", "9999-12-31"), "Không hỗ trợ ngày sau năm 2090", id="after the end"),
    pytest.param(("deadline", "complaint.accept", "10000-01-01"), 'Ngày không hợp lệ "10000-01-01"', id="year 10000"),
    pytest.param(
        ("deadline", "reception.reply", "2026-01-01", "--suspend", "0001-01-01:9999-12-31"),
        "Không hỗ trợ ngày sau năm 2090",
        id="huge suspension",
    ),
    pytest.param(
        ("deadline", "no.such.rule", "2026-01-01"), "Không có quy tắc thời hạn: no.such.rule.", id="unknown rule"
    ),
    pytest.param(("print", "reply", "NOPE", "-o", "x.pdf"), "Không có đơn nào số NOPE.", id="unknown petition"),
    pytest.param(("print", "receipt", "NOPE", "-o", "x.pdf"), "Không có lượt tiếp nào số NOPE.", id="unknown visit"),
    pytest.param(("print", "book", "20x6", "-o", "x.pdf"), '"20x6" không phải là năm', id="not a year"),
]


@pytest.mark.parametrize(("args", "sentence"), OUT_OF_RANGE)
def test_out_of_range_is_a_user_error(
    desk: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], sentence: str
) -> None:
    assert_clear_failure(call(capsys, desk, *args), sentence)
    assert visit_count(desk) == 40


@pytest.mark.parametrize(
    ("args", "sentence"), picked(OUT_OF_RANGE, "negative days", "huge visits", "before any rule", "after the end")
)
def test_out_of_range_in_a_fresh_process(desk: Path, args: tuple[str, ...], sentence: str) -> None:
    assert_clear_failure(tiepdan(desk, *args), sentence)
    assert visit_count(desk) == 40


def test_a_user_error_in_json_mode_is_a_json_document(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = call(capsys, desk, "deadlines", "--due-within", "-5", "--json")
    assert_clear_failure(result, "--due-within phải từ 0 đến 2500.")
    assert json.loads(result.stdout) == {"error": "--due-within phải từ 0 đến 2500."}


CALENDARS = [
    pytest.param("{}", 'office.json: "years" phải gán mỗi năm với các ngày của năm đó', id="no years"),
    pytest.param('{"label": "Xã A", "days_off": []}', 'Xã A: "years" phải gán mỗi năm', id="years elsewhere"),
    pytest.param('{"years": [2027]}', '"years" phải gán mỗi năm', id="years a list"),
    pytest.param(
        '{"years": {"2027": {"days_off": 5}}}',
        "office.json: 2027.days_off: cần một danh sách các ngày",
        id="days not a list",
    ),
    pytest.param(
        '{"years": {"2027": {"working_days": [{"date": 5, "name": "Làm bù"}]}}}',
        "2027.working_days: mỗi ngày cần có ngày dạng ISO và tên",
        id="wrong type",
    ),
    pytest.param(
        '{"years": {"2027": {"days_off": [{"date": "27/01/2027", "name": "Tết"}]}}}',
        "2027.days_off: mỗi ngày cần có ngày dạng ISO và tên",
        id="not iso",
    ),
    pytest.param(
        '{"years": {"2027": {"days_off": [{"date": "2027-01-27", "name": "Nghỉ"}], '
        '"working_days": [{"date": "2027-01-27", "name": "Làm"}]}}}',
        "một ngày không thể vừa là ngày nghỉ vừa là ngày làm việc: 2027-01-27",
        id="off and working",
    ),
    pytest.param("{not json", "Không đọc được tệp ngày nghỉ", id="not json"),
]


def calendar_file(folder: Path, content: str) -> str:
    path = folder / "office.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("content", "sentence"), CALENDARS)
def test_a_calendar_file_that_fails_its_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, sentence: str
) -> None:
    args = ("deadline", "reception.reply", "2027-01-20", "--calendar", calendar_file(tmp_path, content))
    assert_clear_failure(call(capsys, tmp_path / "desk", *args), sentence)


@pytest.mark.parametrize(("content", "sentence"), picked(CALENDARS, "no years", "off and working"))
def test_a_calendar_file_that_fails_its_schema_in_a_fresh_process(tmp_path: Path, content: str, sentence: str) -> None:
    args = ("deadline", "reception.reply", "2027-01-20", "--calendar", calendar_file(tmp_path, content))
    assert_clear_failure(tiepdan(tmp_path / "desk", *args), sentence)


def test_a_folder_as_the_calendar_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = call(capsys, tmp_path / "desk", "deadline", "reception.reply", "2027-01-20", "--calendar", str(tmp_path))
    assert_clear_failure(result, f"Không đọc được tệp ngày nghỉ {tmp_path}: đó là một thư mục, không phải tệp")


@pytest.mark.parametrize(("where", "fresh"), [("a folder", True), ("under a file", False)])
def test_an_output_path_that_cannot_be_a_file(
    desk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, fresh: bool
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    if where == "a folder":
        output, reason = folder, "đó là một thư mục, không phải tệp"
    else:
        (folder / "note.txt").write_text("x", encoding="utf-8")
        output, reason = folder / "note.txt" / "book.pdf", "đã có một tệp trùng tên ở đó"
    args = ("print", "book", str(today_local().year), "-o", str(output))
    result = tiepdan(desk, *args) if fresh else call(capsys, desk, *args)
    assert_clear_failure(result, f"Không lưu được tệp PDF vào {output}: {reason}")
    assert sorted(path.name for path in folder.iterdir()) == ([] if where == "a folder" else ["note.txt"])


def test_a_data_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "data"
    file.write_text("x", encoding="utf-8")
    result = call(capsys, file, "stats")
    assert_clear_failure(result, f"Không tạo được thư mục dữ liệu {file}: đã có một tệp trùng tên ở đó")


def test_a_database_in_a_folder_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = call(capsys, tmp_path / "desk", "--db", f"sqlite:///{tmp_path / 'nowhere' / 'x.sqlite3'}", "stats")
    assert_clear_failure(result, "Không mở được tệp cơ sở dữ liệu của bàn tiếp")


def test_a_reader_that_goes_away(tmp_path: Path) -> None:
    """`tiepdan deadline ... | head -c 0`: the pipe is closed before anything is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        env = {**os.environ, "TIEPDAN_DATA_DIR": str(tmp_path / "desk")}
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "deadline", "reception.reply", "2026-03-02"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert result.returncode == 1
    assert result.stderr == ""
