"""`tiepdan init --signer/--authority` and `demo` give the office people who sign its letters (issue 10)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.core.database import Database, open_database
from desktop.core.demo.generator import generate
from desktop.core.office import AuthorityProfile, OfficeProfile, SignerProfile, get_office, save_office
from tests.builders import ADMIN

BOARD = ["--office-name", "Ban Tiếp công dân tỉnh An Giang", "--place", "An Giang", "--symbol", "BTCD"]
UBND = "Ủy ban nhân dân tỉnh An Giang"


def _init(data: Path, *options: str) -> int:
    return main(["--data-dir", str(data), "init", "--desk", "D01", *options])


def _profile(data: Path) -> OfficeProfile | None:
    database = open_database(data_dir=data)
    try:
        with database.sessions() as session:
            return get_office(session)
    finally:
        database.dispose()


def test_init_takes_the_authority_and_the_signers_of_the_board_and_of_the_authority(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code = _init(
        data,
        *BOARD,
        "--authority",
        f"{UBND}|Chủ tịch|TM. Ủy ban nhân dân|ubnd|Thanh tra tỉnh An Giang",
        "--signer",
        "Nguyễn Văn Bình|Trưởng ban|",
        "--signer",
        "lê văn cường|Phó Trưởng ban|KT.",
        "--signer",
        f"Hồ Văn Mừng|Phó Chủ tịch|KT.|{UBND}",
    )
    assert code == 0
    profile = _profile(data)
    assert profile is not None
    assert profile.parent_agency == ""  # optional (Decree 30/2020: "nếu có")
    assert profile.signers == (
        SignerProfile("Nguyễn Văn Bình", "Trưởng ban", ""),
        SignerProfile("Lê Văn Cường", "Phó Trưởng ban", "KT."),
    )
    assert profile.authorities == (
        AuthorityProfile(
            UBND,
            "Chủ tịch",
            "TM. Ủy ban nhân dân",
            "UBND",
            inspectorate="Thanh tra tỉnh An Giang",
            signers=(SignerProfile("Hồ Văn Mừng", "Phó Chủ tịch", "KT."),),
        ),
    )


@pytest.mark.parametrize(
    "options",
    [
        ["--signer", "Nguyễn Văn Bình"],  # no position
        ["--signer", "Nguyễn Văn Bình|Chủ tịch|KT.|Ủy ban nhân dân xã Không Có"],  # unknown authority
        ["--authority", "Ủy ban nhân dân tỉnh An Giang"],  # no head's position
    ],
)
def test_a_signer_or_authority_that_cannot_be_read_is_a_user_error_and_nothing_is_saved(
    tmp_path: Path, options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    assert _init(data, *BOARD, *options) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert _profile(data) is None


def test_demo_gives_an_office_without_signers_the_example_signers(tmp_path: Path) -> None:
    database = open_database(data_dir=tmp_path / "data")
    try:
        with database.sessions.begin() as session:
            save_office(session, OfficeProfile("Ban Tiếp công dân tỉnh An Giang", "", "An Giang", "BTCD"))
            generate(session, visits=3, desk_code="D01", seed=1, now=dt.datetime(2026, 3, 5, 2, tzinfo=dt.UTC))
            profile = get_office(session)
    finally:
        database.dispose()
    assert profile is not None
    assert profile.signers
    assert profile.authorities
    assert all(authority.signers for authority in profile.authorities)


def test_print_has_the_denunciation_acceptance_decision(tmp_path: Path, database: Database) -> None:
    from db.enums import PetitionDecision, PetitionKind
    from desktop.core.cases.handling import decide_petition
    from desktop.core.cases.petitions import ensure_fields, register_petition
    from tests.builders import make_petition_draft

    today = dt.date(2026, 3, 20)
    with database.sessions.begin() as session:
        ensure_fields(session)
        draft = make_petition_draft(kind=PetitionKind.DENUNCIATION)
        number = register_petition(session, draft, desk_code="D01", today=today, actor=ADMIN).number
        decide_petition(
            session, number, PetitionDecision.ACCEPT, on=dt.date(2026, 3, 9), desk_code="D01", today=today, actor=ADMIN
        )
    database.dispose()
    out = tmp_path / "decision.pdf"
    assert main(["--data-dir", str(database.data_dir), "print", "acceptance_decision", number, "-o", str(out)]) == 0
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Về việc thụ lý tố cáo" in text
    assert "/QĐ-UBND" in text
