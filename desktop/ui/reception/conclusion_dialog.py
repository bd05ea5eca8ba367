"""A leader's reception: issue the conclusion notice, then record the bodies' result and the citizen told."""

from __future__ import annotations

import datetime as dt
import html
import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.enums import DocumentKind
from desktop.core.errors import ValidationError
from desktop.core.formatting import local, short_date, today_local
from desktop.core.i18n import _
from desktop.core.paperwork.official_numbers import NumberUnavailableError
from desktop.core.reception.conclusions import (
    ConclusionView,
    IssuedConclusion,
    conclusion_of_visit,
    conclusion_pdf,
    issue_conclusion,
    record_citizen_informed,
    record_result,
    suggested_due_on,
)
from desktop.ui.cases.letter_printing import letter_title
from desktop.ui.errors import reporting_errors
from desktop.ui.messages import confirm, inform
from desktop.ui.print_preview import PdfPreviewDialog
from desktop.ui.reception.visit_sections import text_box
from desktop.ui.viewer import viewer_of
from desktop.ui.widgets.date_field import DateField, DateMode
from desktop.ui.widgets.form_action import FieldMessages, FormAction
from desktop.ui.widgets.form_grid import FormGrid
from desktop.ui.widgets.section import Section, read_date

if TYPE_CHECKING:
    from desktop.core.database import Database, Session
    from desktop.core.reception.book import VisitDetail

log = logging.getLogger(__name__)


class _FormDialog(QDialog):
    """A section of fields, a line for errors no field owns, and OK/Cancel; errors stay inline."""

    def __init__(self, database: Database, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(title)
        self.section = Section("")
        self.section.grid = FormGrid(self.section)
        self.messages = FieldMessages([self.section])
        self.action = FormAction(self, database, self.messages)
        self.general_box = self.messages.general_box
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def lay_out(self, header: str) -> None:
        summary = QLabel(header)
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.section)
        layout.addWidget(self.general_box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        raise NotImplementedError

    def message_for(self, key: str) -> str:
        return self.messages.message_for(key)


class ConclusionDialog(_FormDialog):
    """The leader's directions, the bodies concerned and their time limit; ``issued`` once numbered."""

    def __init__(self, database: Database, visit: VisitDetail, parent: QWidget | None = None) -> None:
        super().__init__(
            database,
            _("Conclusion notice of visit {serial}").format(serial=visit.serial),
            _("Issue the notice"),
            parent,
        )
        self.visit = visit
        self.issued: IssuedConclusion | None = None
        self.resize(680, 480)
        self.directions_edit = text_box(6, _("One direction per line, as the leader concluded"))
        self.bodies_edit = text_box(3, _("One body per line"))
        self.due_field = DateField(DateMode.DATE)
        with database.sessions() as session:
            self.due_field.set_value(suggested_due_on(session))
        grid, section = self.section.grid, self.section
        assert grid is not None
        grid.add_field(0, 0, _("Conclusions and directions"), section.box(self.directions_edit, "directions"), span=2)
        grid.add_field(1, 0, _("Bodies concerned"), section.box(self.bodies_edit, "bodies"), span=2)
        grid.add_field(2, 0, _("Report the result by"), section.box(self.due_field, "due_on"))
        self.lay_out(_visit_header(visit))

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database, visit: VisitDetail) -> IssuedConclusion | None:
        """Open the dialog modally (the seam tests replace); the issued notice, or None."""
        dialog = cls(database, visit, parent)
        dialog.exec()
        return dialog.issued

    def submit(self) -> None:
        """Number, keep and register the notice; on any problem the dialog stays open, its text kept."""
        errors: dict[str, str] = {}
        due_on = read_date(self.due_field, "due_on", errors)
        done = self.action.run(lambda session: self._issue(session, due_on), input_errors=errors)  # type: ignore[arg-type]
        if done is None:
            return
        log.info("Issued conclusion notice %s for visit %s", done.value.number, self.visit.serial)
        self.issued = done.value
        self.accept()

    def _issue(self, session: Session, due_on: dt.date | None) -> IssuedConclusion:
        try:
            return issue_conclusion(
                session,
                self.visit.serial,
                directions=self.directions_edit.toPlainText(),
                bodies=self.bodies_edit.toPlainText(),
                due_on=due_on,
                data_dir=self._database.data_dir,
            )
        except NumberUnavailableError as exc:
            log.warning("No official number for the conclusion of %s: %s", self.visit.serial, exc)
            raise ValidationError({"": str(exc)}) from exc


class ResultDialog(_FormDialog):
    """The day the bodies' result came in and what they reported; ``recorded`` once saved."""

    def __init__(self, database: Database, conclusion: ConclusionView, parent: QWidget | None = None) -> None:
        super().__init__(
            database,
            _("Result of conclusion notice {number}").format(number=conclusion.number),
            _("Record result"),
            parent,
        )
        self.conclusion = conclusion
        self.recorded: ConclusionView | None = None
        self.resize(600, 320)
        self.date_field = DateField(DateMode.DATE)
        self.date_field.set_value(today_local())
        self.note_edit = text_box(4, _("What the bodies reported"))
        grid, section = self.section.grid, self.section
        assert grid is not None
        grid.add_field(0, 0, _("Result received on"), section.box(self.date_field, "result_on"))
        grid.add_field(1, 0, _("Result"), section.box(self.note_edit, "note"), span=2)
        self.lay_out(_conclusion_html(conclusion))

    @classmethod
    def ask(cls, parent: QWidget | None, database: Database, conclusion: ConclusionView) -> ConclusionView | None:
        """Open the dialog modally (the seam tests replace); the updated conclusion, or None."""
        dialog = cls(database, conclusion, parent)
        dialog.exec()
        return dialog.recorded

    def submit(self) -> None:
        errors: dict[str, str] = {}
        result_on = read_date(self.date_field, "result_on", errors)
        done = self.action.run(
            lambda session: record_result(
                session,
                self.conclusion.id,
                result_on=result_on,  # type: ignore[arg-type]
                note=self.note_edit.toPlainText(),
            ),
            input_errors=errors,
        )
        if done is None:
            return
        log.info("Result of conclusion %s recorded", self.conclusion.number)
        self.recorded = done.value
        self.accept()


class ConclusionPanel(QGroupBox):
    """The follow-up of a leader's visit inside the visit dialog; ``changed`` after any step."""

    def __init__(self, database: Database, visit: VisitDetail, parent: QWidget | None = None) -> None:
        super().__init__(_("Leader's conclusion notice"), parent)
        self._database = database
        self.visit = visit
        self.changed = False
        with database.sessions() as session:
            self.conclusion = conclusion_of_visit(session, visit.serial, actor=viewer_of(self))
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.issue_button = QPushButton(_("Conclusion notice..."))
        self.print_button = QPushButton(_("Print the notice"))
        self.result_button = QPushButton(_("Record result..."))
        self.informed_button = QPushButton(_("Citizen informed"))
        buttons = QHBoxLayout()
        for button in (self.issue_button, self.print_button, self.result_button, self.informed_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addLayout(buttons)
        self.issue_button.clicked.connect(self.issue)
        self.print_button.clicked.connect(self.reprint)
        self.result_button.clicked.connect(self.record_result)
        self.informed_button.clicked.connect(self.citizen_informed)
        self._show()

    def _show(self) -> None:
        view = self.conclusion
        self.state_label.setText(state_text(view))
        self.issue_button.setVisible(view is None)
        self.print_button.setVisible(view is not None)
        self.result_button.setVisible(view is not None)
        self.informed_button.setVisible(view is not None)
        self.result_button.setEnabled(view is not None and view.result_on is None)
        self.informed_button.setEnabled(view is not None and view.state == "inform_citizen")

    def issue(self) -> None:
        issued = ConclusionDialog.ask(self, self._database, self.visit)
        if issued is None:
            return
        self.conclusion, self.changed = issued.conclusion, True
        self._show()
        _preview(self, issued)

    def reprint(self) -> None:
        if self.conclusion is None:
            return
        with reporting_errors(self), self._database.sessions() as session:
            _preview(self, conclusion_pdf(session, self.conclusion.id, data_dir=self._database.data_dir))

    def record_result(self) -> None:
        if self.conclusion is None:
            return
        recorded = ResultDialog.ask(self, self._database, self.conclusion)
        if recorded is not None:
            self.conclusion, self.changed = recorded, True
            self._show()

    def citizen_informed(self) -> None:
        view = self.conclusion
        if view is None or not confirm(
            self,
            _("Citizen informed"),
            _("Record that the result of notice {number} was sent to the citizen today?").format(number=view.number),
            default_yes=True,
        ):
            return
        with reporting_errors(self), self._database.sessions.begin() as session:
            self.conclusion = record_citizen_informed(session, view.id)
            self.changed = True
        self._show()
        if self.conclusion.state == "done":
            inform(self, _("Citizen informed"), state_text(self.conclusion))


def state_text(view: ConclusionView | None) -> str:
    if view is None:
        return _("No conclusion notice has been issued for this leader's reception yet.")
    if view.result_on is None:
        return _("Notice {number}: waiting for the bodies' result, due by {due}.").format(
            number=view.number, due=short_date(view.due_on)
        )
    if view.citizen_informed_on is None:
        return _("Notice {number}: result received on {day}; send it to the citizen by {due}.").format(
            number=view.number, day=short_date(view.result_on), due=short_date(view.inform_due_on)
        )
    return _("Notice {number}: result received on {day}, sent to the citizen on {informed}.").format(
        number=view.number, day=short_date(view.result_on), informed=short_date(view.citizen_informed_on)
    )


def _preview(parent: QWidget, issued: IssuedConclusion) -> None:
    PdfPreviewDialog.show_pdf(
        parent,
        issued.pdf,
        letter_title(DocumentKind.CONCLUSION, issued.number),
        issued.path.name,
        kept_path=issued.path,
    )


def _visit_header(visit: VisitDetail) -> str:
    citizen = visit.participants[0].full_name if visit.participants else ""
    text = _("Visit {serial} of {day}, received by {leader}: {citizen}").format(
        serial=visit.serial, day=short_date(local(visit.received_at).date()), leader=visit.leader_name, citizen=citizen
    )
    return f"<b>{html.escape(text)}</b><br>{html.escape(visit.content_summary)}"


def _conclusion_html(view: ConclusionView) -> str:
    lines = "".join(f"<li>{html.escape(item)}</li>" for item in view.directions)
    return f"<b>{html.escape(state_text(view))}</b><ol>{lines}</ol>"
