"""A denunciation's acceptance told to the denouncer and, apart, to the person denounced (issue 10).

Law 25/2018 Art. 29(3); Decree 31/2019 Art. 9, Mẫu 05 and 06. The notice to the person denounced never
names or identifies the denouncer (Art. 8(3)).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from db.enums import DocumentKind, PetitionDecision, PetitionKind, Sex
from db.models import CaseFile, IssuedDocument
from desktop.core.access import NOBODY, Actor
from desktop.core.cases.case_files import read_case
from desktop.core.cases.dossier import case_letter_kinds, petition_letter_kinds
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letter_texts import Denounced
from desktop.core.cases.letters import issue_letter, letter_kinds_for, print_letter
from desktop.core.cases.petitions import ensure_fields, read_petition, register_petition
from desktop.core.database import Database
from desktop.core.errors import AppError, ValidationError
from tests.builders import ADMIN, NAME, assigned_handler, make_citizen, make_petition_draft

TODAY = dt.date(2026, 3, 20)
DECIDED = dt.date(2026, 3, 9)
DENOUNCER = make_citizen()  # Nguyễn Thị Ánh Tuyết, her ID number, phone and address
ACCUSED = Denounced("Lê Văn Tám", Sex.MALE, "Chủ tịch Ủy ban nhân dân xã Mỹ Hòa Hưng", "ấp Mỹ An, xã Mỹ Hòa Hưng")


LEAK = "sẽ làm lộ người tố cáo"  # the refusal's words (Vietnamese UI)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def _handler(database: Database) -> Actor:
    return assigned_handler(database)


def _accepted_denunciation(database: Database, **overrides: object) -> str:
    with database.sessions.begin() as session:
        ensure_fields(session)
        number = register_petition(
            session,
            make_petition_draft(kind=PetitionKind.DENUNCIATION, senders=(DENOUNCER,), **overrides),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        ).number
        decide_petition(session, number, PetitionDecision.ACCEPT, on=DECIDED, desk_code="D01", today=TODAY, actor=ADMIN)
    return number


def _issue(database: Database, kind: DocumentKind, number: str, denounced: Denounced | None = None) -> str:
    viewer = _handler(database)
    with database.sessions.begin() as session:
        letter = print_letter(
            session, kind, number, data_dir=database.data_dir, today=TODAY, viewer=viewer, denounced=denounced
        )
    if out := os.environ.get("TIEPDAN_KEEP_PDF"):  # to look at it: pdftoppm -r 80 -png
        Path(out).with_name(f"{kind.value}.pdf").write_bytes(letter.pdf)
    return letter.number + " " + _text(letter.pdf)


def test_a_denunciations_acceptance_calls_for_the_decision_and_both_notices() -> None:
    assert letter_kinds_for(PetitionDecision.ACCEPT, PetitionKind.DENUNCIATION) == (
        DocumentKind.PROPOSAL,
        DocumentKind.ACCEPTANCE_DECISION,
        DocumentKind.DENOUNCER_NOTICE,
        DocumentKind.DENOUNCED_NOTICE,
    )
    assert DocumentKind.DENOUNCED_NOTICE not in letter_kinds_for(PetitionDecision.ACCEPT, PetitionKind.COMPLAINT)


def test_the_notices_wait_for_the_acceptance_decision_and_quote_it(database: Database) -> None:
    number = _accepted_denunciation(database)
    with pytest.raises(AppError, match=r"Hãy ban hành quyết định thụ lý tố cáo"), database.sessions.begin() as s:
        issue_letter(
            s, DocumentKind.DENOUNCED_NOTICE, number, data_dir=database.data_dir, viewer=NOBODY, denounced=ACCUSED
        )
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(IssuedDocument)) == 0
    decision = _issue(database, DocumentKind.ACCEPTANCE_DECISION, number)
    assert decision.startswith("01/QĐ-UBND")
    notice = _issue(database, DocumentKind.DENOUNCER_NOTICE, number)
    assert notice.startswith("01/TB-UBND")
    assert "THÔNG BÁO Về việc thụ lý tố cáo" in notice
    assert re.search(
        r"Ngày \d\d/\d\d/\d{4}, Chủ tịch Ủy ban nhân dân tỉnh An Giang đã ban hành Quyết định số 01/QĐ-UBND", notice
    )
    if out := os.environ.get("TIEPDAN_KEEP_PDF"):
        Path(out).with_name("denouncer.txt").write_text(notice)
    assert f"Kính gửi: Bà {NAME}" in notice
    assert "để bà biết" in notice
    assert "Nơi nhận:" in notice
    assert "- Lưu: VT, UBND." in notice
    assert "MẬT" in notice


def test_the_notice_to_the_person_denounced_never_identifies_the_denouncer(database: Database) -> None:
    number = _accepted_denunciation(database)
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, number)
    with database.sessions.begin() as session:
        letter = print_letter(
            session,
            DocumentKind.DENOUNCED_NOTICE,
            number,
            data_dir=database.data_dir,
            today=TODAY,
            viewer=_handler(database),
            denounced=ACCUSED,
        )
    text = _text(letter.pdf)
    if out := os.environ.get("TIEPDAN_KEEP_PDF"):  # to look at it: pdftoppm -r 80 -png
        Path(out).write_bytes(letter.pdf)
    assert letter.number == "01/TB-UBND"
    assert "THÔNG BÁO Về nội dung tố cáo" in text
    assert "Kính gửi: Ông Lê Văn Tám" in text
    assert "đối với ông Lê Văn Tám, Chủ tịch Ủy ban nhân dân xã Mỹ Hòa Hưng" in text
    assert "Nội dung tố cáo được thụ lý: Khiếu nại quyết định thu hồi đất." in text
    assert "Điều 10 Luật Tố cáo" in text
    assert "Nơi nhận:" in text
    assert "- Lưu: VT, UBND." in text
    flat = re.sub(r"\s+", "", text)
    for mark in (NAME, DENOUNCER.id_number, DENOUNCER.phone, DENOUNCER.address_detail, "Mỹ Thới"):
        assert mark not in text, mark
        assert re.sub(r"\s+", "", mark) not in flat, mark
    assert "Người tố cáo" not in text  # not even a copy "to the denouncer"
    with database.sessions() as session:
        row = session.scalars(select(IssuedDocument).where(IssuedDocument.kind == DocumentKind.DENOUNCED_NOTICE)).one()
        assert row.recipient == "Ông Lê Văn Tám"  # the outgoing register
    again = _issue(database, DocumentKind.DENOUNCED_NOTICE, number)  # a reprint: the same kept letter
    assert again.startswith("01/TB-UBND")


def test_the_notice_to_the_person_denounced_needs_their_name_and_refuses_a_content_naming_the_denouncer(
    database: Database,
) -> None:
    number = _accepted_denunciation(database)
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, number)
    with pytest.raises(ValidationError), database.sessions.begin() as session:
        issue_letter(session, DocumentKind.DENOUNCED_NOTICE, number, data_dir=database.data_dir, viewer=NOBODY)
    leaky = _accepted_denunciation(
        database, content_summary=f"Bà {NAME} (điện thoại {DENOUNCER.phone}) tố cáo ông Tám nhận hối lộ"
    )
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, leaky)
    with pytest.raises(AppError, match=LEAK) as refused, database.sessions.begin() as session:
        issue_letter(
            session,
            DocumentKind.DENOUNCED_NOTICE,
            leaky,
            data_dir=database.data_dir,
            viewer=_handler(database),
            denounced=ACCUSED,
        )
    assert NAME not in str(refused.value)  # no personal data in an error text
    assert DENOUNCER.phone not in str(refused.value)
    street = _accepted_denunciation(
        database, content_summary=f"Tố cáo ông Tám lấn chiếm đất tại {DENOUNCER.address_detail}"
    )
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, street)
    with pytest.raises(AppError, match=LEAK), database.sessions.begin() as session:  # the denouncer's own street
        issue_letter(
            session,
            DocumentKind.DENOUNCED_NOTICE,
            street,
            data_dir=database.data_dir,
            viewer=_handler(database),
            denounced=ACCUSED,
        )
    with database.sessions() as session:
        kinds = session.scalars(select(IssuedDocument.kind)).all()
    assert DocumentKind.DENOUNCED_NOTICE not in kinds  # nothing numbered, nothing kept


def test_the_dossier_offers_both_notices_on_an_accepted_denunciation(database: Database) -> None:
    number = _accepted_denunciation(database)
    with database.sessions() as session:
        petition = read_petition(session, number)
        assert DocumentKind.DENOUNCED_NOTICE in petition_letter_kinds(petition)
        assert DocumentKind.ACCEPTANCE not in petition_letter_kinds(petition)  # the notice to the denouncer instead
        case = session.scalars(select(CaseFile.number)).one()
        assert DocumentKind.DENOUNCER_NOTICE in case_letter_kinds(read_case(session, case))


@pytest.mark.parametrize("written", ["0912 345 678", "0912.345.678", "0912-345-678", "089 185 000 123"])
def test_a_denouncers_number_written_in_groups_is_caught_too(database: Database, written: str) -> None:
    """The phone and the ID number are usually written in groups: "0912 345 678" is the same number."""
    assert DENOUNCER.phone == "0912345678"
    assert DENOUNCER.id_number == "089185000123"
    leaky = _accepted_denunciation(database, content_summary=f"Người tố cáo (số {written}) tố cáo ông Tám")
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, leaky)
    with pytest.raises(AppError, match=LEAK), database.sessions.begin() as session:
        issue_letter(
            session,
            DocumentKind.DENOUNCED_NOTICE,
            leaky,
            data_dir=database.data_dir,
            viewer=_handler(database),
            denounced=ACCUSED,
        )


@pytest.mark.parametrize(
    "written",
    [
        "+84 912 345 678",
        "+84-912-345-678",
        "+84912345678",
        "84912345678",
        "84 912 345 678",
        "0084 912 345 678",
        "(+84) 912 345 678",
        "+84 (0) 912 345 678",
        "0912.345.678",
        "0 9 1 2 3 4 5 6 7 8",
        "0912\u00a0345\u00a0678",  # no-break spaces
        "0912\u200b345678",  # a zero-width space between the groups
        "\uff10\uff19\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18",  # full-width digits
        "(0912) 345 678",
        "089.185.000.123",
        "089-185-000-123",
    ],
)
def test_a_denouncers_phone_in_any_spelling_is_caught(database: Database, written: str) -> None:
    """ "+84 912 345 678", "84912345678", "(+84) 912 345 678" are the phone stored as 0912345678."""
    leaky = _accepted_denunciation(database, content_summary=f"Người tố cáo (liên hệ {written}) tố cáo ông Tám")
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, leaky)
    with pytest.raises(AppError, match=LEAK) as refused, database.sessions.begin() as session:
        issue_letter(
            session,
            DocumentKind.DENOUNCED_NOTICE,
            leaky,
            data_dir=database.data_dir,
            viewer=_handler(database),
            denounced=ACCUSED,
        )
    assert DENOUNCER.phone not in str(refused.value)
    assert written not in str(refused.value)


@pytest.mark.parametrize("written", ["0912 345 67", "số 912 345", "hồ sơ 12/2026, 345 678"])
def test_other_numbers_do_not_pass_for_the_denouncers_phone(database: Database, written: str) -> None:
    """Only the whole number is a leak: a part of it, or other numbers, are printed."""
    content = f"Tố cáo ông Tám, văn bản {written}"
    number = _accepted_denunciation(database, content_summary=content)
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, number)
    notice = _issue(database, DocumentKind.DENOUNCED_NOTICE, number, ACCUSED)
    assert written in notice


def test_a_denouncers_old_identity_number_is_caught_too(database: Database) -> None:
    """The 9-digit CMND the citizen's record keeps beside the card's number identifies them as well."""
    with database.sessions.begin() as session:
        ensure_fields(session)
        number = register_petition(
            session,
            make_petition_draft(
                kind=PetitionKind.DENUNCIATION,
                senders=(replace(DENOUNCER, old_id_number="361234567"),),
                content_summary="Người có CMND số 361 234 567 tố cáo ông Tám",
            ),
            desk_code="D01",
            today=TODAY,
            actor=ADMIN,
        ).number
        decide_petition(session, number, PetitionDecision.ACCEPT, on=DECIDED, desk_code="D01", today=TODAY, actor=ADMIN)
    _issue(database, DocumentKind.ACCEPTANCE_DECISION, number)
    with pytest.raises(AppError, match=LEAK) as refused, database.sessions.begin() as session:
        issue_letter(
            session,
            DocumentKind.DENOUNCED_NOTICE,
            number,
            data_dir=database.data_dir,
            viewer=_handler(database),
            denounced=ACCUSED,
        )
    assert "361" not in str(refused.value)
