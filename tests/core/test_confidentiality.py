"""A denouncer's identity: masked in every output for a reader not assigned, shown (and marked MẬT) for one who is.

A denouncer with a distinctive name is planted; each output (read models, the board, command
output with --json, PDFs read back with pypdf) is searched for the name, the ID number, the phone
and the address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import logging
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from db.enums import (
    ChangeOp,
    Channel,
    Classification,
    Competence,
    DocumentKind,
    Outcome,
    ParticipantRole,
    PetitionDecision,
    PetitionKind,
)
from db.models import AuditEvent, CaseFile, Citizen, OutboxEntry, Petition, SyncConflict, User, Visit
from desktop.cli import main
from desktop.core.access import NOBODY, Actor
from desktop.core.audit import export_rows, list_events
from desktop.core.cases.board import deadline_board
from desktop.core.cases.case_files import case_view
from desktop.core.cases.handling import decide_petition
from desktop.core.cases.letters import issue_letter, print_letter
from desktop.core.cases.petitions import (
    draft_from_visit,
    ensure_fields,
    petition_view,
    register_petition,
    set_disclosure_agreed,
)
from desktop.core.confidentiality import (
    MASKED_NAME,
    IdentityWithheldError,
    assigned_user_ids,
    masked,
    may_see,
)
from desktop.core.database import Database
from desktop.core.numbering import next_number
from desktop.core.office_mode.conflicts import list_conflicts
from desktop.core.office_mode.rejections import list_rejections
from desktop.core.reception.book import BookFilter, book_page, visit_detail
from desktop.core.reception.book_print import print_book
from desktop.core.reception.citizens import identity_questions
from desktop.core.reception.slips import issue_slip
from desktop.core.reception.visits import ParticipantInput, register_visit
from tests.builders import ADMIN, make_citizen, make_draft

SECRET_NAME = "Trần Bí Mật"
SECRET_ID = "089190007777"
SECRET_PHONE = "0987654321"
SECRET_STREET = "Hẻm Kín 99"
SECRETS = (SECRET_NAME, SECRET_ID, SECRET_PHONE, SECRET_STREET)
NOW = dt.datetime(2026, 3, 5, 2, 30, tzinfo=dt.UTC)  # 09:30 in Viet Nam
TODAY = dt.date(2026, 3, 5)
RECEPTIONIST = "Lê Văn Tiếp"


@dataclass(frozen=True)
class Planted:
    serial: str
    petition: str
    case: str
    receptionist: Actor
    leader: Actor
    other: Actor
    admin: Actor


def _user(database: Database, name: str) -> uuid.UUID:
    with database.sessions.begin() as session:
        user = User(full_name=name)
        session.add(user)
        session.flush()
        return user.id


def _plant(
    database: Database, *, agreed: bool = False, decision: PetitionDecision = PetitionDecision.ACCEPT
) -> Planted:
    denouncer = make_citizen(
        full_name=SECRET_NAME, id_number=SECRET_ID, phone=SECRET_PHONE, address_detail=SECRET_STREET
    )
    draft = make_draft(
        participants=(ParticipantInput(denouncer, ParticipantRole.DENOUNCER),),
        classification=Classification.DENUNCIATION,
        content_summary="Tố cáo cán bộ địa chính xã nhận tiền",
        outcome=Outcome.RECEIVE_PETITION,
        receptionist_name=RECEPTIONIST,
    )
    leader_id = _user(database, "Phạm Quyết Định")
    other_id = _user(database, "Võ Không Giao")
    with database.sessions.begin() as session:
        ensure_fields(session)
        saved = register_visit(session, draft, desk_code="D01", now=NOW, actor=ADMIN).visit
        receptionist_id = session.scalar(select(Visit.receptionist_id).where(Visit.id == saved.id))
        assert receptionist_id is not None
        receptionist = Actor(receptionist_id, "tiep", "receptionist")
        petition_draft = replace(draft_from_visit(session, saved.serial, actor=receptionist), disclosure_agreed=agreed)
        if decision == PetitionDecision.TRANSFER:
            petition_draft = replace(petition_draft, competence=Competence.OTHER_BODY, competent_body="Thanh tra tỉnh")
        petition = register_petition(session, petition_draft, desk_code="D01", today=TODAY, actor=ADMIN).number
        decided = decide_petition(
            session,
            petition,
            decision,
            on=TODAY,
            desk_code="D01",
            today=TODAY,
            competent_body="Thanh tra tỉnh" if decision == PetitionDecision.TRANSFER else "",
            actor=ADMIN,
        )
        if decided.case_number:
            case = session.scalar(select(CaseFile).where(CaseFile.number == decided.case_number))
            assert case is not None
            case.decider_id = leader_id
    return Planted(
        serial=saved.serial,
        petition=petition,
        case=decided.case_number or "",
        receptionist=receptionist,
        leader=Actor(leader_id, "quyet", "leader"),
        other=Actor(other_id, "khong", "handler"),
        admin=Actor(leader_id, "quyet", "admin"),  # an admin never sees, even where an assignment names them
    )


def _strings(value: object) -> list[str]:
    """Every string inside a view: its fields, nested views, tuples and lists."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for field in dataclasses.fields(value) for s in _strings(getattr(value, field.name))]
    if isinstance(value, (tuple, list)):
        return [s for item in value for s in _strings(item)]
    return []


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def _views(database: Database, actor: Actor, planted: Planted) -> list[object]:
    with database.sessions() as session:
        return [
            book_page(session, BookFilter(TODAY, TODAY), actor=actor),
            visit_detail(session, planted.serial, actor=actor),
            petition_view(session, planted.petition, actor=actor),
            case_view(session, planted.case, actor=actor),
            deadline_board(session, actor=actor, today=TODAY),
        ]


def test_who_is_assigned_and_who_may_see(database: Database) -> None:
    planted = _plant(database)
    with database.sessions() as session:
        visit = session.get(Visit, visit_detail(session, planted.serial, actor=NOBODY).id)
        assert visit is not None
        assert assigned_user_ids(session, visit) == {planted.receptionist.user_id, planted.leader.user_id}
        seen = {actor.username: may_see(session, actor, visit) for actor in (planted.leader, planted.other)}
        assert seen == {"quyet": True, "khong": False}
        assert not may_see(session, planted.admin, visit)
        assert not may_see(session, NOBODY, visit)


@pytest.mark.parametrize("who", ["nobody", "other", "admin"])
def test_read_models_and_board_mask_the_denouncer(any_database: Database, who: str) -> None:
    planted = _plant(any_database)
    actor = {"nobody": NOBODY, "other": planted.other, "admin": planted.admin}[who]
    views = _views(any_database, actor, planted)
    text = "\n".join(_strings(views))
    assert _leaks(text) == []
    assert MASKED_NAME in text
    assert views[1].main.birth_year is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("who", ["receptionist", "leader"])
def test_read_models_show_the_denouncer_to_those_assigned(
    any_database: Database, who: str, caplog: pytest.LogCaptureFixture
) -> None:
    planted = _plant(any_database)
    actor = planted.receptionist if who == "receptionist" else planted.leader
    with caplog.at_level(logging.INFO, logger="desktop.core.confidentiality"):
        views = _views(any_database, actor, planted)
    text = "\n".join(_strings(views))
    assert set(_leaks(text)) == set(SECRETS)
    reads = [r.getMessage() for r in caplog.records if r.getMessage().startswith("identity read")]
    assert any("how=open" in line and f"user={actor.username}" in line for line in reads)
    assert any("how=list" in line for line in reads)
    assert all(_leaks(line) == [] for line in reads)  # the log names the record, never the person


def test_masking_keeps_empty_fields_empty_and_refuses_an_undeclared_view(database: Database) -> None:
    planted = _plant(database)
    with database.sessions() as session:
        row = book_page(session, BookFilter(TODAY, TODAY), actor=NOBODY)[0]
        seen = book_page(session, BookFilter(TODAY, TODAY), actor=planted.leader)[0]
    assert masked(replace(seen, citizen_address="")).citizen_address == ""
    assert masked(seen).citizen_address == "***"
    assert (row.citizen_name, row.id_number) == (MASKED_NAME, "***")

    @dataclass(frozen=True)
    class Plain:
        name: str

    with pytest.raises(TypeError):
        masked(Plain("x"))


def test_printed_book_and_slip_are_masked_for_nobody(database: Database) -> None:
    planted = _plant(database)
    with database.sessions.begin() as session:
        book = print_book(session, 2026, actor=NOBODY, data_dir=database.data_dir)
        slip = issue_slip(session, DocumentKind.RECEIPT, planted.serial, data_dir=database.data_dir, actor=NOBODY)
    for pdf in (book.pdf, slip.pdf):
        text = _pdf_text(pdf)
        assert _leaks(text) == []
        assert "MẬT" not in text
    assert "Người tố cáo (đã che)" in _pdf_text(book.pdf)


def test_printed_book_and_slip_name_the_denouncer_under_the_mark_for_the_leader(database: Database) -> None:
    planted = _plant(database)
    with database.sessions.begin() as session:
        book = print_book(session, 2026, actor=planted.leader, data_dir=database.data_dir)
        slip = issue_slip(
            session, DocumentKind.RECEIPT, planted.serial, data_dir=database.data_dir, actor=planted.leader
        )
    for pdf in (book.pdf, slip.pdf):
        text = _pdf_text(pdf)
        assert SECRET_NAME in text
        assert "MẬT" in text


def test_a_letter_naming_the_denouncer_is_refused_to_a_reader_not_assigned(database: Database) -> None:
    planted = _plant(database)
    with database.sessions.begin() as session, pytest.raises(IdentityWithheldError):
        issue_letter(session, DocumentKind.ACCEPTANCE, planted.petition, data_dir=database.data_dir, viewer=NOBODY)
    with database.sessions.begin() as session:
        letter = print_letter(
            session, DocumentKind.ACCEPTANCE, planted.petition, data_dir=database.data_dir, viewer=planted.leader
        )
    assert SECRET_NAME in _pdf_text(letter.pdf)
    assert "MẬT" in _pdf_text(letter.pdf)
    with database.sessions.begin() as session, pytest.raises(IdentityWithheldError):  # the reprint too
        print_letter(session, DocumentKind.ACCEPTANCE, planted.petition, data_dir=database.data_dir, viewer=NOBODY)


@pytest.mark.parametrize("agreed", [False, True])
def test_transfer_slip_names_the_denouncer_only_with_consent(database: Database, agreed: bool) -> None:
    planted = _plant(database, agreed=agreed, decision=PetitionDecision.TRANSFER)
    reader = planted.receptionist if agreed else NOBODY  # without consent anyone may print it: it names nobody
    with database.sessions.begin() as session:
        letter = issue_letter(
            session, DocumentKind.TRANSFER, planted.petition, data_dir=database.data_dir, viewer=reader
        )
    text = _pdf_text(letter.pdf)
    assert (SECRET_NAME in text) is agreed
    assert ("thông tin được giữ bí mật" in text) is not agreed
    assert "MẬT" in text


def test_consent_is_recorded_only_by_one_who_sees_the_denouncer(database: Database) -> None:
    planted = _plant(database, decision=PetitionDecision.TRANSFER)
    with database.sessions.begin() as session, pytest.raises(IdentityWithheldError):
        set_disclosure_agreed(session, planted.petition, True, actor=planted.other)
    with database.sessions.begin() as session:
        assert not petition_view(session, planted.petition, actor=NOBODY).disclosure_agreed
        view = set_disclosure_agreed(session, planted.petition, True, actor=planted.receptionist)
    assert view.disclosure_agreed


def test_a_visit_is_copied_into_a_petition_only_by_one_who_sees_it(database: Database) -> None:
    planted = _plant(database)
    with database.sessions() as session, pytest.raises(IdentityWithheldError):
        draft_from_visit(session, planted.serial, actor=planted.other)


def test_deadlines_command_masks_the_denouncer_in_text_and_json(
    database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    _plant(database)
    database.dispose()
    outputs = []
    for extra in ([], ["--json"]):
        assert main(["--data-dir", str(database.data_dir), "deadlines", *extra]) == 0
        outputs.append(capsys.readouterr().out)
    text, as_json = outputs
    assert _leaks(text + as_json) == []
    assert MASKED_NAME in text
    assert {row["citizen"] for row in json.loads(as_json)["rows"]} == {MASKED_NAME}


def test_print_command_masks_the_book_and_the_slip(database: Database, tmp_path: Path) -> None:
    planted = _plant(database)
    database.dispose()
    folder = str(database.data_dir)
    book, slip = tmp_path / "book.pdf", tmp_path / "slip.pdf"
    assert main(["--data-dir", folder, "print", "book", "2026", "-o", str(book)]) == 0
    assert main(["--data-dir", folder, "print", "receipt", planted.serial, "-o", str(slip)]) == 0
    assert main(["--data-dir", folder, "print", "acceptance", planted.petition, "-o", str(tmp_path / "a.pdf")]) == 1
    for path in (book, slip):
        assert _leaks(_pdf_text(path.read_bytes())) == []


@pytest.mark.parametrize("who", ["admin", "other_leader"])
def test_the_audit_trail_withholds_the_denouncer_from_a_reader_not_assigned(database: Database, who: str) -> None:
    """The audit events carry the rows' values: an administrator or a leader who does not decide the
    denunciation lists them (and exports them) without the denouncer's identity."""
    planted = _plant(database)
    reader = planted.admin if who == "admin" else Actor(planted.other.user_id, "khong", "leader")
    with database.sessions() as session:
        rows = list_events(session, actor=reader)
        exported = "\n".join("\t".join(line) for line in export_rows(rows))
    assert {row.entity for row in rows} >= {"citizen", "visit_participant", "petition_sender"}
    assert _leaks(exported) == []
    assert MASKED_NAME in exported  # the fields that changed are still named, their values withheld


def test_the_audit_trail_shows_the_denouncer_to_the_deciding_leader(database: Database) -> None:
    planted = _plant(database)
    with database.sessions() as session:
        exported = "\n".join("\t".join(line) for line in export_rows(list_events(session, actor=planted.leader)))
    assert set(_leaks(exported)) == set(SECRETS)


def test_a_read_before_a_savepoint_in_the_same_save_is_still_audited(database: Database) -> None:
    """A savepoint (a new number's first counter) ends inside the save: the read waits for the save's
    own commit, it is not written (and lost, after the lock's timeout) while the save holds the lock."""
    planted = _plant(database)
    with database.sessions.begin() as session:
        petition_view(session, planted.petition, actor=planted.leader)
        next_number(session, "review-savepoint", 2026)  # a scope never used: its counter is made in a savepoint
    with database.sessions() as session:
        reads = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "protected_identity", AuditEvent.actor_username == planted.leader.username
            )
        ).all()
    assert [event.action for event in reads] == ["read"]


@pytest.mark.parametrize("who", ["nobody", "other", "admin"])
def test_typing_a_denouncers_id_number_does_not_tell_their_name(database: Database, who: str) -> None:
    """The question a known number typed with another name asks shows the recorded person: masked
    for a reader not assigned, so a receptionist cannot look a denouncer up by their ID number."""
    planted = _plant(database)
    actor = {"nobody": NOBODY, "other": planted.other, "admin": planted.admin}[who]
    typed = make_citizen(full_name="Nguyễn Văn Thử", id_number=SECRET_ID, birth_year=1970)
    with database.sessions() as session:
        hidden = identity_questions(session, [typed], actor=actor)
        shown = identity_questions(session, [typed], actor=planted.leader)
    assert [q.recorded_name for q in hidden] == [MASKED_NAME]
    assert _leaks("\n".join(_strings(hidden))) == [SECRET_ID]  # the number typed, nothing recorded
    assert hidden[0].recorded_birth_year is None
    assert [q.recorded_name for q in shown] == [SECRET_NAME]


def test_a_sync_conflict_on_a_denouncers_record_is_shown_masked_to_a_reader_not_assigned(database: Database) -> None:
    """Two desks edited the denouncer's citizen record: the conflicts dialog lists both versions."""
    planted = _plant(database)
    with database.sessions.begin() as session:
        citizen = session.scalars(select(Citizen).where(Citizen.id_number == SECRET_ID)).one()
        session.add(
            SyncConflict(
                entity="citizen",
                entity_id=citizen.id,
                desk_code="D02",
                base_version=1,
                server_version=2,
                desk_payload={"full_name": SECRET_NAME, "phone": SECRET_PHONE, "address_detail": SECRET_STREET},
                server_payload={"full_name": SECRET_NAME, "phone": "0911000111", "address_detail": "Hẻm Kín 100"},
            )
        )
    with database.sessions() as session:
        hidden = list_conflicts(session, actor=planted.admin)
        shown = list_conflicts(session, actor=planted.leader)
    assert _leaks("\n".join(_strings(hidden))) == []
    assert [view.record for view in hidden] == [MASKED_NAME]
    assert {d.field for d in hidden[0].differences} == {"phone", "address_detail"}  # what differs is still said
    assert {SECRET_NAME, SECRET_PHONE, SECRET_STREET} <= set(_strings(shown))


def test_a_refused_change_of_a_denouncers_record_is_listed_without_their_name(database: Database) -> None:
    planted = _plant(database)
    with database.sessions.begin() as session:
        citizen = session.scalars(select(Citizen).where(Citizen.id_number == SECRET_ID)).one()
        session.add(
            OutboxEntry(
                entity="citizen",
                entity_id=citizen.id,
                op=ChangeOp.UPDATE,
                version=2,
                payload={"full_name": SECRET_NAME, "phone": SECRET_PHONE},
                rejected_at=NOW,
                rejected_reason="check:ck_citizen_phone",
            )
        )
    with database.sessions() as session:
        hidden = list_rejections(session, actor=planted.other)
        shown = list_rejections(session, actor=planted.leader)
    assert _leaks("\n".join(_strings(hidden))) == []
    assert [view.record for view in hidden] == [MASKED_NAME]
    assert SECRET_NAME in "\n".join(_strings(shown))


def test_a_read_in_a_session_that_is_only_closed_is_audited(database: Database) -> None:
    """A screen reads in a session it closes without committing: each unmasked read is still an event."""
    planted = _plant(database)

    def reads() -> list[str]:
        with database.sessions() as session:
            query = select(AuditEvent.action).where(
                AuditEvent.entity == "protected_identity", AuditEvent.actor_username == planted.leader.username
            )
            return list(session.scalars(query))

    with database.sessions() as session:
        petition_view(session, planted.petition, actor=planted.leader)
    session = database.sessions()
    visit_detail(session, planted.serial, actor=planted.leader)
    session.close()
    with database.sessions() as session:
        petition_view(session, planted.petition, actor=planted.other)  # masked: not a read of the identity
    assert reads() == ["read", "read"]


def test_a_post_denunciation_is_seen_by_who_registered_and_who_refused_it(database: Database) -> None:
    """Issue 10: no visit and no case, yet the refusal names the denouncer; its registrant and decider are assigned."""
    from desktop.core.cases.petitions import PetitionDraft
    from desktop.core.permissions import PermissionDeniedError

    registrant = Actor(_user(database, "Lê Văn Nhận"), "nhan", "receptionist")
    refuser = Actor(_user(database, "Ngô Văn Xử"), "xu", "handler")
    other_receptionist = Actor(_user(database, "Võ Thị Khác"), "khac", "receptionist")
    other_handler = Actor(_user(database, "Đinh Văn Ngoài"), "ngoai", "handler")
    denouncer = make_citizen(
        full_name=SECRET_NAME, id_number=SECRET_ID, phone=SECRET_PHONE, address_detail=SECRET_STREET
    )
    draft = PetitionDraft(
        received_on=TODAY,
        channel=Channel.POST,
        kind=PetitionKind.DENUNCIATION,
        content_summary="Tố cáo cán bộ địa chính xã nhận tiền",
        senders=(denouncer,),
    )
    with database.sessions.begin() as session:
        ensure_fields(session)
        number = register_petition(session, draft, desk_code="D01", today=TODAY, actor=registrant).number
        decide_petition(
            session,
            number,
            PetitionDecision.REFUSE,
            on=TODAY,
            desk_code="D01",
            today=TODAY,
            ground="denunciation.29.1.a",
            actor=refuser,
        )
        petition = session.scalars(select(Petition).where(Petition.number == number)).one()
        assert (petition.registered_by_id, petition.decided_by_id) == (registrant.user_id, refuser.user_id)
        assert assigned_user_ids(session, petition) == {registrant.user_id, refuser.user_id}
    with database.sessions.begin() as session:
        letter = issue_letter(session, DocumentKind.REFUSAL, number, data_dir=database.data_dir, viewer=refuser)
    text = _pdf_text(letter.pdf)
    assert SECRET_NAME in text
    assert "MẬT" in text
    with database.sessions() as session:
        assert petition_view(session, number, actor=refuser).sender_names == (SECRET_NAME,)
        assert petition_view(session, number, actor=registrant).sender_names == (SECRET_NAME,)
        masked_view = petition_view(session, number, actor=other_receptionist)
    assert masked_view.identity_masked
    assert SECRET_NAME not in _strings(masked_view)
    with database.sessions.begin() as session, pytest.raises(IdentityWithheldError):  # the reprint, unassigned
        print_letter(session, DocumentKind.REFUSAL, number, data_dir=database.data_dir, viewer=other_receptionist)
    with database.sessions.begin() as session, pytest.raises(IdentityWithheldError):
        print_letter(session, DocumentKind.REFUSAL, number, data_dir=database.data_dir, viewer=other_handler)
    with database.sessions.begin() as session, pytest.raises((IdentityWithheldError, PermissionDeniedError)):
        issue_letter(session, DocumentKind.REFUSAL, number, data_dir=database.data_dir, viewer=other_handler)
    with database.sessions.begin() as session:  # the one who refused reprints it, name shown
        again = print_letter(session, DocumentKind.REFUSAL, number, data_dir=database.data_dir, viewer=refuser)
    assert SECRET_NAME in _pdf_text(again.pdf)


@pytest.mark.parametrize("who", ["nobody", "other", "admin"])
def test_the_letters_of_a_denunciation_do_not_name_their_recipient_to_a_user_not_assigned(
    database: Database, who: str
) -> None:
    """The dossier's list of letters (petition and case pages) shows each letter's recipient: for a
    letter to the denouncer that is the denouncer's name."""
    from desktop.core.cases.dossier import letters_of

    planted = _plant(database)
    with database.sessions.begin() as session:
        issue_letter(
            session, DocumentKind.ACCEPTANCE, planted.petition, data_dir=database.data_dir, viewer=planted.leader
        )
    actor = {"nobody": NOBODY, "other": planted.other, "admin": planted.admin}[who]
    with database.sessions() as session:
        seen = letters_of(session, planted.petition, actor=actor)
        assigned = letters_of(session, planted.petition, actor=planted.leader)
    assert seen, "the letter is listed"
    assert _leaks("\n".join(_strings(seen))) == []
    assert any(SECRET_NAME in letter.recipient for letter in assigned)


def test_the_returning_panel_audits_each_denouncer_it_shows(database: Database) -> None:
    """The receptionist who met the denouncer finds them again by their card: shown, and read."""
    from desktop.core.reception.returning import earlier_people, repeat_candidates

    planted = _plant(database)
    again = make_draft(
        make_citizen(full_name=SECRET_NAME, id_number=SECRET_ID), content_summary="Tố cáo cán bộ địa chính xã nhận tiền"
    )

    def reads() -> int:
        with database.sessions() as session:
            return (
                session.scalar(
                    select(func.count())
                    .select_from(AuditEvent)
                    .where(AuditEvent.entity == "protected_identity", AuditEvent.actor_username == "tiep")
                )
                or 0
            )

    before = reads()
    with database.sessions() as session:
        (person,) = earlier_people(session, actor=planted.receptionist, id_number=SECRET_ID)
    assert person.full_name == SECRET_NAME
    assert reads() > before
    before = reads()
    with database.sessions() as session:
        repeats = repeat_candidates(session, again, actor=planted.receptionist, now=NOW + dt.timedelta(days=30))
    assert [candidate.name for candidate in repeats] == [SECRET_NAME]
    assert reads() > before
