"""From a visit in the book to its petition, a transfer decision and the printed transfer slip."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.enums import Channel, Classification, Competence, DocumentKind, IdType, PetitionDecision, PetitionKind
from db.models import IssuedDocument, Petition
from desktop.core.access import NOBODY
from desktop.core.cases.handling import Decided
from desktop.core.cases.petitions import PetitionView, ensure_fields
from desktop.core.database import Database
from desktop.core.i18n import _
from desktop.core.labels import label
from desktop.core.reception.visits import register_visit
from desktop.ui.cases.decision_dialog import DecisionDialog
from desktop.ui.cases.petition_dialog import PetitionDialog
from desktop.ui.cases.petition_page import PetitionPage
from desktop.ui.reception.visit_dialog import VisitDialog
from tests.builders import ADMIN, NAME, make_draft
from tests.helpers.waiting import WAIT_MS
from tests.ui.cases.conftest import pdf_text
from tests.ui.conftest import Questions, type_text

BODY = "Ủy ban nhân dân xã Mỹ Hòa Hưng"


def _visit(database: Database, **overrides: Any) -> str:
    with database.sessions.begin() as session:
        return register_visit(
            session, make_draft(**overrides), desk_code="D01", now=dt.datetime.now(dt.UTC), actor=ADMIN
        ).visit.serial


def _available(combo: QComboBox, decision: PetitionDecision) -> bool:
    model = combo.model()
    assert isinstance(model, QStandardItemModel)
    item = model.item(combo.findData(decision.value))
    return item is not None and item.isEnabled()


def test_visit_to_petition_to_transfer_slip(
    qtbot: QtBot,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    questions: Questions,
    previews: list[dict[str, Any]],
) -> None:
    # A recommendation outside our competence made at the desk is transferred (Law 42/2013 Art. 26).
    serial = _visit(database, classification=Classification.RECOMMENDATION)
    visit = VisitDialog(database, serial)
    qtbot.addWidget(visit)
    assert visit.petition_button.text() == _("Register petition")
    seen: dict[str, Any] = {}

    def fill_and_save(parent: QWidget, db: Database, *, visit_serial: str = "") -> PetitionView | None:
        dialog = PetitionDialog(db, visit_serial=visit_serial, parent=parent)
        seen["prefilled"] = (dialog.sender.name_edit.text(), dialog.receipt.channel_combo.value())
        dialog.handling.competence_combo.set_value(Competence.OTHER_BODY)
        dialog.show()
        dialog.handling.body_edit.setFocus()
        type_text(BODY, dialog.handling.body_edit)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.saved

    def transfer(parent: QWidget, db: Database, petition: PetitionView) -> Decided | None:
        dialog = DecisionDialog(db, petition, parent)
        seen["offered"] = [d for d in PetitionDecision if _available(dialog.decision_combo, d)]
        dialog.decision_combo.set_value(PetitionDecision.TRANSFER)
        seen["body"] = dialog.body_edit.text()
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
        return dialog.decided

    def open_page(parent: QWidget, db: Database, number: str) -> bool:
        page = PetitionPage(db, number, parent)
        qtbot.mouseClick(page.decide_button, Qt.MouseButton.LeftButton)
        seen["page_buttons"] = list(page.print_buttons)
        return page.changed

    monkeypatch.setattr(PetitionDialog, "ask", fill_and_save)
    monkeypatch.setattr(DecisionDialog, "ask", transfer)
    monkeypatch.setattr(PetitionPage, "show_page", open_page)
    questions.replies.append(QMessageBox.StandardButton.Yes)  # record the transfer
    questions.replies.append(QMessageBox.StandardButton.Yes)  # print the transfer slip now

    qtbot.mouseClick(visit.petition_button, Qt.MouseButton.LeftButton)

    assert seen["prefilled"] == (NAME, Channel.IN_PERSON)
    assert seen["body"] == BODY  # the competent body typed at registration
    assert PetitionDecision.ACCEPT not in seen["offered"]  # not ours: no acceptance offered
    assert seen["page_buttons"] == [DocumentKind.TRANSFER]
    assert len(questions.asked) == 2
    assert BODY in questions.asked[0]  # the confirmation names the body and the slip
    [shown] = previews
    text = pdf_text(shown["pdf"])
    assert "PHIẾU CHUYỂN ĐƠN" in text
    assert BODY in text
    assert shown["kept_path"].read_bytes() == shown["pdf"]
    assert visit.changed
    with database.sessions() as session:
        petition = session.scalars(select(Petition)).one()
        letter = session.scalars(select(IssuedDocument).where(IssuedDocument.kind == DocumentKind.TRANSFER)).one()
        assert petition.decision == PetitionDecision.TRANSFER
        assert petition.competent_body == BODY
        assert letter.petition_id == petition.id
    assert visit.petition_button.text() == _("Open petition {number}").format(number=petition.number)


def test_petition_dialog_shows_errors_next_to_fields_and_keeps_the_input(qtbot: QtBot, database: Database) -> None:
    dialog = PetitionDialog(database)
    qtbot.addWidget(dialog)
    dialog.receipt.channel_combo.set_value(Channel.TRANSFERRED)
    assert dialog.receipt.transferred_from_edit.isEnabled()
    dialog.receipt.doc_number_edit.setText("125/BTCDTW-V1")
    dialog.handling.eligible_check.setChecked(False)

    assert dialog.save() is None

    assert dialog.message_for("content_summary")
    assert dialog.message_for("senders.0.full_name")  # shown in the reused citizen part
    assert dialog.message_for("transferred_from")
    assert dialog.message_for("ineligibility")
    assert not dialog.banner.isHidden()
    assert dialog.receipt.doc_number_edit.text() == "125/BTCDTW-V1"  # nothing lost
    assert dialog.saved is None
    with database.sessions() as session:
        assert session.scalars(select(Petition)).all() == []

    dialog.sender.name_edit.setText(NAME)
    dialog.sender.id_number_edit.setText("089185000123")
    dialog.content.content_edit.setPlainText("Khiếu nại về bồi thường")
    dialog.receipt.transferred_from_edit.setText("Ban Tiếp công dân Trung ương")
    dialog.handling.eligible_check.setChecked(True)
    view = dialog.save()
    assert view is not None
    assert view.transferred_doc_number == "125/BTCDTW-V1"
    assert view.sender_names == (NAME,)


def test_possible_duplicates_are_offered_as_links(qtbot: QtBot, database: Database) -> None:
    serial = _visit(database)
    first = PetitionDialog(database, visit_serial=serial)
    qtbot.addWidget(first)
    earlier = first.save()
    assert earlier is not None
    second = PetitionDialog(database, visit_serial=serial)
    qtbot.addWidget(second)
    assert earlier.number in second.content.duplicates_label.text()
    second.content.duplicates_label.linkActivated.emit(earlier.number)
    assert second.content.duplicate_edit.text() == earlier.number


def test_a_refusal_asks_for_its_legal_ground_from_the_list(
    qtbot: QtBot, database: Database, questions: Questions
) -> None:
    """Issue 10: a refusal names a ground of Law 02/2011 Art. 11 (for a complaint), shown next to its field."""
    from desktop.core.cases.petitions import petition_view
    from tests.ui.cases.conftest import add_petition, working_days_ago

    number = add_petition(database, working_days_ago(3))
    with database.sessions() as session:
        petition = petition_view(session, number, actor=NOBODY)
    dialog = DecisionDialog(database, petition)
    qtbot.addWidget(dialog)
    dialog.decision_combo.set_value(PetitionDecision.REFUSE)
    assert dialog.ground_combo.isEnabled()
    assert dialog.ground_combo.count() == 1 + 9  # the placeholder and the nine cases of Art. 11
    assert dialog.decide() is None
    assert dialog.message_for("ground")
    dialog.ground_combo.setCurrentIndex(dialog.ground_combo.findData("complaint.11.5"))
    assert "khoản 5 Điều 11 Luật Khiếu nại" in dialog.ground_combo.currentText()
    assert questions.asked == []  # nothing to confirm while the ground is missing
    questions.replies.append(QMessageBox.StandardButton.Yes)
    decided = dialog.decide()
    assert decided is not None
    assert decided.petition.refusal_ground == "complaint.11.5"


def test_a_proposal_printed_at_the_desk_names_its_receptionist_as_the_proposer(
    qtbot: QtBot, database: Database, previews: list[dict[str, Any]]
) -> None:
    from desktop.core.cases.handling import decide_petition
    from desktop.core.office import set_receptionist
    from desktop.ui.cases.letter_printing import print_letter_for
    from tests.ui.cases.conftest import add_petition, working_days_ago

    number = add_petition(database, working_days_ago(3))
    with database.sessions.begin() as session:
        set_receptionist(session, "Trần Thị Mai")
        decide_petition(session, number, PetitionDecision.PROPOSE, on=working_days_ago(1), desk_code="D01", actor=ADMIN)
    assert print_letter_for(None, database, DocumentKind.PROPOSAL, number)
    text = pdf_text(previews[0]["pdf"])
    assert "NGƯỜI ĐỀ XUẤT" in text
    assert "Trần Thị Mai" in text


def test_decisions_the_law_does_not_allow_are_greyed_with_their_reason(
    qtbot: QtBot, database: Database, questions: Questions
) -> None:
    """Issue 10: a written denunciation that is not ours is transferred, not guided (Law 25/2018 Art. 24(2))."""
    from desktop.core.cases.handling import why_not
    from desktop.core.cases.petitions import petition_view
    from tests.ui.cases.conftest import add_petition, working_days_ago

    number = add_petition(
        database,
        working_days_ago(2),
        kind=PetitionKind.DENUNCIATION,
        channel=Channel.POST,
        competence=Competence.OTHER_BODY,
        competent_body="Thanh tra tỉnh An Giang",
    )
    with database.sessions() as session:
        petition = petition_view(session, number, actor=NOBODY)
    dialog = DecisionDialog(database, petition)
    qtbot.addWidget(dialog)
    combo = dialog.decision_combo
    assert combo.count() == 1 + len(PetitionDecision)  # every decision listed, the forbidden ones greyed
    assert _available(combo, PetitionDecision.TRANSFER)
    assert not _available(combo, PetitionDecision.GUIDE)
    assert not _available(combo, PetitionDecision.ACCEPT)
    reason = why_not(petition, PetitionDecision.GUIDE)
    assert "khoản 2 Điều 24 Luật Tố cáo" in reason
    guide = combo.findData(PetitionDecision.GUIDE.value)
    assert combo.itemData(guide, Qt.ItemDataRole.ToolTipRole) == reason
    assert not dialog.not_offered_label.isHidden()
    assert "khoản 2 Điều 24" in dialog.not_offered_label.text()
    dialog.show()
    dialog.grab().save(str(database.data_dir / "decision.png"))

    combo.set_value(PetitionDecision.GUIDE)  # forced past the grey: the use case says the same
    assert dialog.decide() is None
    assert dialog.message_for("decision") == reason
    assert questions.asked == []  # refused before anything is asked
    with database.sessions() as session:
        assert session.scalars(select(Petition)).one().decision is None


def test_a_decision_is_confirmed_before_it_is_saved_and_cancel_keeps_the_input(
    qtbot: QtBot, database: Database, questions: Questions
) -> None:
    from desktop.core.cases.petitions import petition_view
    from tests.ui.cases.conftest import add_petition, working_days_ago

    body = "Thanh tra tỉnh An Giang"
    number = add_petition(
        database,
        working_days_ago(2),
        kind=PetitionKind.DENUNCIATION,
        channel=Channel.POST,
        competence=Competence.OTHER_BODY,
        competent_body="Thanh tra",
    )
    with database.sessions() as session:
        petition = petition_view(session, number, actor=NOBODY)
    dialog = DecisionDialog(database, petition)
    qtbot.addWidget(dialog)
    dialog.decision_combo.set_value(PetitionDecision.TRANSFER)
    dialog.body_edit.setText(body)
    dialog.note_edit.setPlainText("Chuyển theo thẩm quyền")
    questions.replies.append(QMessageBox.StandardButton.Cancel)

    assert dialog.decide() is None

    [asked] = questions.asked
    assert _("Decision: {decision}").format(decision=label(PetitionDecision.TRANSFER)) in asked
    assert _("Competent body: {body}").format(body=body) in asked
    assert label(DocumentKind.TRANSFER) in asked  # the letter that will be issued
    assert dialog.decided is None
    assert dialog.decision_combo.value() == PetitionDecision.TRANSFER  # nothing typed is lost
    assert dialog.body_edit.text() == body
    assert dialog.note_edit.toPlainText() == "Chuyển theo thẩm quyền"
    with database.sessions() as session:
        assert session.scalars(select(Petition)).one().decision is None

    questions.replies.append(QMessageBox.StandardButton.Yes)
    decided = dialog.decide()
    assert decided is not None
    assert len(questions.asked) == 2
    with database.sessions() as session:
        stored = session.scalars(select(Petition)).one()
        assert (stored.decision, stored.competent_body) == (PetitionDecision.TRANSFER, body)


def test_the_same_content_under_the_same_name_is_offered_while_it_is_typed(qtbot: QtBot, database: Database) -> None:
    """A petition sent to many bodies comes back (transferred, by post) without its sender's paper:
    the earlier one is shown once the name and the content are typed, before saving."""
    from desktop.core.cases.petitions import register_petition
    from desktop.core.formatting import today_local
    from desktop.core.reception.visits import CitizenInput
    from tests.builders import make_citizen, make_petition_draft

    no_paper: CitizenInput = make_citizen(id_type=IdType.NONE, id_number="")
    with database.sessions.begin() as session:
        ensure_fields(session)
        earlier = register_petition(
            session,
            make_petition_draft(
                received_on=today_local() - dt.timedelta(days=30),
                content_summary="Khiếu nại quyết định thu hồi đất số 15/QĐ-UBND xã Mỹ Hòa Hưng",
                senders=(no_paper,),
            ),
            desk_code="D01",
            today=today_local(),
            actor=ADMIN,
        ).number
    dialog = PetitionDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sender.id_type_combo.set_value(IdType.NONE)
    dialog.sender.name_edit.setFocus()
    type_text(NAME, dialog.sender.name_edit)
    dialog.content.content_edit.setFocus()
    type_text("Khiếu nại QĐ thu hồi đất 15/QĐ-UBND của xã Mỹ Hòa Hưng", dialog.content.content_edit)
    label = dialog.content.duplicates_label
    qtbot.waitUntil(lambda: label.isVisible() and earlier in label.text(), timeout=WAIT_MS)
