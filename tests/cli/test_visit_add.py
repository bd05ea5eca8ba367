"""`tiepdan visit add`: visits from a file in a real process, each line saved or refused on its own."""

from __future__ import annotations

import enum
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from db import enums
from db.models import Citizen, Visit
from desktop.core.access import NOBODY
from desktop.core.database import open_database
from desktop.core.reception.book import visit_detail
from desktop.core.reception.drafts import known_keys
from tests.cli.test_commands import OFFICE, tiepdan

ADMIN_PASSWORD = "mật khẩu quản trị"
ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LINE = {
    "received_at": "2026-11-30T09:15",
    "classification": "complaint",
    "content_summary": "Khiếu nại quyết định thu hồi đất",
    "outcome": "guide",
    "participants": [
        {
            "role": "complainant",
            "citizen": {
                "full_name": "Nguyễn Văn Tố",
                "sex": "male",
                "birth_year": 1970,
                "id_type": "cccd",
                "id_number": "089070001234",
                "address_detail": "Số 12, ấp Mỹ Thới",
            },
        }
    ],
    "documents": [{"name": "Đơn khiếu nại", "pages": 2, "copy_kind": "photocopy"}],
}


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A desk with its administrator, who saves the visits (TIEPDAN_PASSWORD reaches the subprocesses)."""
    monkeypatch.setenv("TIEPDAN_PASSWORD", ADMIN_PASSWORD)
    data = tmp_path / "desk"
    result = tiepdan(data, "init", *OFFICE, "--admin", "quantri")
    assert result.returncode == 0, result.stderr
    return data


def _line(**citizen: object) -> str:
    data = json.loads(json.dumps(LINE))
    data["participants"][0]["citizen"].update(citizen)
    return json.dumps(data, ensure_ascii=False)


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_readme_example_saves_both_visits(desk: Path, tmp_path: Path) -> None:
    example = re.findall(r"```jsonl\n(.*?)```", README, flags=re.DOTALL)[0]
    result = tiepdan(
        desk, "--user", "quantri", "visit", "add", str(_write(tmp_path / "visits.jsonl", example.strip())), "--json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = json.loads(result.stdout)
    assert [(r["line"], r["number"], r["errors"]) for r in lines] == [
        (1, "D01-2026-000001", {}),
        (2, "D01-2026-000002", {}),
    ]
    database = open_database(data_dir=desk)
    try:
        with database.sessions() as session:
            second = visit_detail(session, "D01-2026-000002", actor=NOBODY)
    finally:
        database.dispose()
    assert second.main.full_name == "Nguyễn Văn Tố"  # a typing mistake: the recorded name stands
    assert second.receptionist_name == "Trần Thị Mai"  # the desk's, as the form gives it


def test_each_malformed_line_is_its_own_error_and_the_others_are_saved(desk: Path, tmp_path: Path) -> None:
    not_iso = json.loads(_line())
    not_iso["received_at"] = "30/11/2026"
    unknown = json.loads(_line())
    unknown["colour"] = "red"
    path = tmp_path / "visits.jsonl"
    path.write_bytes(
        b"\n".join(
            [
                _line().encode(),
                b"{not json",
                json.dumps(not_iso).encode(),
                _line(id_number="089085000001", birth_year="1970").encode(),
                json.dumps(unknown).encode(),
                b"[1, 2]",
                b'{"classification": "\xff"}',
                b"",
                _line(full_name="Lê Thị Khác", id_number="089070001234").encode(),
            ]
        )
    )
    result = tiepdan(desk, "--user", "quantri", "visit", "add", str(path), "--json")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    by_line = {r["line"]: r for r in json.loads(result.stdout)}
    assert by_line[1]["number"] == "D01-2026-000001"
    assert {line: set(r["errors"]) for line, r in by_line.items() if line != 1} == {
        2: {""},
        3: {"received_at"},
        4: {"participants.0.birth_year"},
        5: {"colour"},
        6: {""},
        7: {""},
        9: {"participants.0.id_number"},
    }
    assert all(by_line[line]["number"] is None for line in (2, 3, 4, 5, 6, 7, 9))
    assert "cùng một người" in by_line[9]["errors"]["participants.0.id_number"]  # the form's question


def test_the_known_id_must_say_which_it_is(desk: Path, tmp_path: Path) -> None:
    first = tiepdan(desk, "--user", "quantri", "visit", "add", str(_write(tmp_path / "a.jsonl", _line())))
    assert first.returncode == 0, first.stdout + first.stderr
    other = _line(full_name="Lê Thị Khác", sex="female", birth_year=1985)
    refused = tiepdan(desk, "--user", "quantri", "visit", "add", str(_write(tmp_path / "b.jsonl", other)))
    assert refused.returncode == 1
    assert "Dòng 1: chưa lưu." in refused.stdout
    assert "participants.0.id_number" in refused.stdout
    answered = _line(full_name="Lê Thị Khác", sex="female", birth_year=1985, identity_answer="same_person_new_details")
    saved = tiepdan(desk, "--user", "quantri", "visit", "add", str(_write(tmp_path / "c.jsonl", answered)))
    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert "D01-2026-000002" in saved.stdout


def test_a_json_file_holds_one_visit_or_a_list(desk: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps(LINE, ensure_ascii=False, indent=2), encoding="utf-8")
    result = tiepdan(desk, "--user", "quantri", "visit", "add", str(one), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [r["number"] for r in json.loads(result.stdout)] == ["D01-2026-000001"]
    many = tmp_path / "many.json"
    many.write_text(json.dumps([LINE, {"classification": "complaint"}], ensure_ascii=False), encoding="utf-8")
    result = tiepdan(desk, "--user", "quantri", "visit", "add", str(many), "--json")
    assert result.returncode == 1
    assert [(r["line"], r["number"]) for r in json.loads(result.stdout)] == [(1, "D01-2026-000002"), (2, None)]


def test_a_missing_file_is_a_message_not_a_traceback(desk: Path, tmp_path: Path) -> None:
    result = tiepdan(desk, "--user", "quantri", "visit", "add", str(tmp_path / "none.jsonl"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "none.jsonl" in result.stderr


def test_visit_without_an_action_is_misuse(desk: Path) -> None:
    assert tiepdan(desk, "visit").returncode == 2


def _readme_section() -> str:
    start = README.index("### Entering visits from a file")
    return README[start : README.index("\n## ", start)]


def test_the_readme_documents_every_key_and_every_code() -> None:
    section = _readme_section()
    documented = set(re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE))
    keys = {key for names in known_keys().values() for key in names}
    assert documented == keys
    for name in ("Sex", "IdType", "IdentityAnswer", "ReceptionKind", "ReceivedBy", "Classification", "Outcome"):
        codes: type[enum.Enum] = getattr(enums, name)
        assert all(f"`{member.value}`" in section for member in codes), name
    for codes in (enums.ParticipantRole, enums.CopyKind):
        assert all(f"`{member.value}`" in section for member in codes)


def test_a_line_links_its_visit_as_a_repeat(desk: Path, tmp_path: Path) -> None:
    first = tiepdan(desk, "--user", "quantri", "visit", "add", str(_write(tmp_path / "a.jsonl", _line())))
    assert first.returncode == 0, first.stdout + first.stderr
    again = json.loads(_line(old_id_number="351234567"))
    again.update(received_at="2026-12-01T09:00", repeat_of="D01-2026-000001")
    new = json.loads(_line())
    new.update(received_at="2026-12-01T10:00", content_summary="Kiến nghị sửa đường", repeat_checked=True)
    wrong = json.loads(_line())
    wrong.update(repeat_of="D01-2020-000009")
    lines = [json.dumps(v, ensure_ascii=False) for v in (again, new, wrong)]
    result = tiepdan(desk, "--user", "quantri", "visit", "add", str(_write(tmp_path / "b.jsonl", *lines)), "--json")
    by_line = {r["line"]: r for r in json.loads(result.stdout)}
    assert by_line[1]["number"] == "D01-2026-000002"
    assert by_line[2]["number"] == "D01-2026-000003"
    assert set(by_line[3]["errors"]) == {"repeat_of"}
    database = open_database(data_dir=desk)
    try:
        with database.sessions() as session:
            visits = {v.serial: v for v in session.scalars(select(Visit))}
            old_numbers = set(session.scalars(select(Citizen.old_id_number)))
    finally:
        database.dispose()
    assert visits["D01-2026-000002"].repeat_of_id == visits["D01-2026-000001"].id
    assert (visits["D01-2026-000003"].repeat_of_id, visits["D01-2026-000003"].repeat_checked) == (None, True)
    assert old_numbers == {"351234567"}
