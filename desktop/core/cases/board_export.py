"""Print and export the deadline board as shown: a Decree 30 landscape list (PDF) and a spreadsheet.

Both write the same rows and columns, in Vietnamese whatever the UI language (a printed list is an
office paper). The rows are the board's rows after the user's filters (docs/legal-basis.md#board-printed).
They are taken as an iterable, read once, in order: the whole board streams from ``board_rows`` to
the spreadsheet (write-only, one row in memory) and, as printed rows only, to the PDF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.enums import PetitionKind
from db.models import FieldOfLaw
from desktop.core.cases.board import (
    INFORM_CITIZEN,
    PROCESSING,
    TO_TRANSFER,
    WAITING_RESULT,
    BoardFilter,
    BoardRow,
)
from desktop.core.files import keep, keep_streamed
from desktop.core.formatting import date_line, short_date, today_local
from desktop.core.i18n import _
from desktop.core.office import require_office
from desktop.core.paperwork.frame import letterhead
from desktop.documents.board_list import BoardListDocument, BoardListRow

TITLE = "Danh sách theo dõi thời hạn giải quyết"
KIND_SHORT = {
    PetitionKind.COMPLAINT.value: "KN",
    PetitionKind.DENUNCIATION.value: "TC",
    PetitionKind.RECOMMENDATION.value: "KN-PA",
    PetitionKind.MULTIPLE.value: "Nhiều nội dung",
}
KIND_NAMES = {
    PetitionKind.COMPLAINT.value: "khiếu nại",
    PetitionKind.DENUNCIATION.value: "tố cáo",
    PetitionKind.RECOMMENDATION.value: "kiến nghị, phản ánh",
    PetitionKind.MULTIPLE.value: "đơn có nhiều nội dung",
}
# The board's states in Vietnamese, for the printed list (the UI shows them in its own language).
STATE_VI = {
    "verifying": "Đang xác minh",
    "suspended": "Tạm đình chỉ",
    "decided": "Đã ban hành quyết định",
    "concluded": "Đã ban hành kết luận",
    "notified": "Đã thông báo kết luận",
    "open": "Đang trả lời",
    "awaiting_report": "Nợ báo cáo kết quả cho cơ quan chuyển đơn",
    "closed": "Đã đóng",
    "cancelled": "Đã hủy",
    PROCESSING: "Đang xử lý đơn",
    TO_TRANSFER: "Chờ chuyển đơn tố cáo",
    WAITING_RESULT: "Chờ kết quả của các cơ quan",
    INFORM_CITIZEN: "Chờ thông báo kết quả cho công dân",
}
VIEWS = {
    "all": "",
    "due": "Đến hạn trong {within} ngày làm việc",
    "overdue": "Quá hạn",
    "owes_report": "Nợ báo cáo kết quả",
    "prolonged": "Kéo dài",
}


def describe(
    view: str, within: int, only: BoardFilter, rows: Iterable[BoardRow] = (), *, field_name: str | None = None
) -> str:
    """What the list holds, in Vietnamese: "Quá hạn; lĩnh vực Đất đai; loại đơn khiếu nại".

    The field's name is ``field_name``, else the first of ``rows`` to have it (see ``describe_board``)."""
    parts = [VIEWS.get(view, "").format(within=within)]
    if only.officer:
        parts.append(f"cán bộ xử lý {only.officer}")
    if only.field_code:
        name = field_name or next(
            (row.field_name for row in rows if row.field_code == only.field_code), only.field_code
        )
        parts.append(f"lĩnh vực {name}")
    if only.petition_kind:
        parts.append(f"loại đơn {KIND_NAMES[only.petition_kind.value]}")
    if only.state_key:
        parts.append(f"trạng thái {STATE_VI.get(only.state_key, only.state_key).lower()}")
    text = "; ".join(part for part in parts if part)
    return text[:1].upper() + text[1:]


def describe_board(session: Session, view: str, within: int, only: BoardFilter) -> str:
    """``describe`` before the rows are read (a streamed list's heading): the field's name from its table."""
    name = None
    if only.field_code:
        name = session.scalar(select(FieldOfLaw.name).where(FieldOfLaw.code == only.field_code).limit(1))
    return describe(view, within, only, field_name=name or None)


def _note(row: BoardRow) -> str:
    notes = []
    if row.is_overdue:
        notes.append(f"Quá hạn {row.days_late} ngày")
    if row.is_prolonged:
        notes.append("Kéo dài")
    if row.owes_report:
        notes.append("Nợ báo cáo")
    return "; ".join(notes)


def list_row(row: BoardRow) -> BoardListRow:
    """A board row as the printed list and the spreadsheet show it."""
    return BoardListRow(
        number=row.number,
        citizen="(Nặc danh)" if row.anonymous else row.citizen_name,
        content=" ".join(row.summary.split()),
        petition_kind=KIND_SHORT.get(row.petition_kind, ""),
        field=row.field_name,
        officer=row.officer,
        state=STATE_VI.get(row.state_key, row.state),
        due_on=short_date(row.due_on),
        days_left=str(row.days_left),
        note=_note(row),
    )


def list_rows(rows: Iterable[BoardRow]) -> tuple[BoardListRow, ...]:
    """The board rows as the printed list and the spreadsheet show them."""
    return tuple(list_row(row) for row in rows)


@dataclass
class Tally:
    """The summary line's counts, kept as the rows stream by (the list's last line comes after them)."""

    rows: int = 0
    overdue: int = 0
    prolonged: int = 0
    owes_report: int = 0

    def counted(self, rows: Iterable[BoardRow]) -> Iterator[BoardRow]:
        """``rows`` as they are, each counted as it passes."""
        for row in rows:
            self.rows += 1
            self.overdue += row.is_overdue
            self.prolonged += row.is_prolonged
            self.owes_report += row.owes_report
            yield row

    def line(self) -> str:
        return (
            f"Tổng số: {self.rows}; quá hạn: {self.overdue}; kéo dài: {self.prolonged}; "
            f"nợ báo cáo kết quả: {self.owes_report}."
        )


def summary_line(rows: Iterable[BoardRow]) -> str:
    tally = Tally()
    for _row in tally.counted(rows):
        pass
    return tally.line()


def board_document(
    session: Session, rows: Iterable[BoardRow], description: str, *, today: dt.date | None = None
) -> BoardListDocument:
    """The list with its printed rows (held: the PDF lays them all out), the board rows read once."""
    tally = Tally()
    printed = list_rows(tally.counted(rows))
    return replace_rows(_heading(session, description, today), printed, tally.line())


def _heading(session: Session, description: str, today: dt.date | None) -> BoardListDocument:
    """The list without its rows: the agency, the title, what was chosen, the place and date."""
    office = require_office(session)
    return BoardListDocument(
        letterhead=letterhead(office),
        title=TITLE,
        description=description,
        place_date=date_line(office.place_name, today or today_local()),
        summary="",
        rows=(),
    )


def replace_rows(heading: BoardListDocument, rows: tuple[BoardListRow, ...], summary: str) -> BoardListDocument:
    return replace(heading, rows=rows, summary=summary)


def board_pdf(session: Session, rows: Iterable[BoardRow], description: str, *, today: dt.date | None = None) -> bytes:
    """The shown rows as a Decree 30 landscape list."""
    from desktop.documents.board_list import render_board_list

    return render_board_list(board_document(session, rows, description, today=today))


def write_board_pdf(
    session: Session, rows: Iterable[BoardRow], description: str, path: Path, *, today: dt.date | None = None
) -> Path:
    keep(path, board_pdf(session, rows, description, today=today))
    return path


def write_board_xlsx(
    session: Session, rows: Iterable[BoardRow], description: str, path: Path, *, today: dt.date | None = None
) -> Path:
    """The shown rows as a spreadsheet: a heading, the same columns as the printed list, one row each.

    Streamed: each row is written as it is read (openpyxl's write-only sheet) into a file beside
    ``path`` that replaces it once complete (files.keep_streamed, 0600 as every file of personal data),
    so a failed export leaves no half-written list."""
    from desktop.documents.board_xlsx import write_board_sheet

    heading = _heading(session, description, today)
    tally = Tally()
    printed = (list_row(row) for row in tally.counted(rows))
    keep_streamed(
        path,
        lambda target: write_board_sheet(heading, target, "Thời hạn", rows=printed, summary=tally.line),
        what=_("the spreadsheet"),
    )
    return path
