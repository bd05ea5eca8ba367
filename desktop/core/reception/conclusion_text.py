"""The fixed Vietnamese wording of a leader's conclusion notice (Thông báo kết luận việc tiếp công dân).

Law 42/2013 Art. 18(4): the head who cannot answer at once directs the bodies concerned and tells
the citizen when the answer will come; Decree 154/2026 Art. 25 [2026-secondary]: the directions are
issued in writing, with a time limit, to the bodies concerned, and the result is sent to the citizen.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from db.enums import Sex
from desktop.core.formatting import long_date, short_date
from desktop.core.office import OfficeProfile
from desktop.core.paperwork.frame import HIDDEN_DENOUNCER, LetterText
from desktop.core.paperwork.salutation import salutation, titled
from desktop.core.text import clean

TITLE = "THÔNG BÁO"
RECEPTION_LAW = "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;"
DECREE_154_FROM = dt.date(2026, 7, 1)
DECREE_154 = (
    "Căn cứ Nghị định số 154/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định chi tiết "
    "một số điều của Luật Tiếp công dân;"
)
DECREE_64 = (
    "Căn cứ Nghị định số 64/2014/NĐ-CP ngày 26 tháng 6 năm 2014 của Chính phủ quy định chi tiết "
    "một số điều của Luật Tiếp công dân;"
)
_NUMBERING = re.compile(r"^\s*(?:[-–•+*]\s*|\d{1,2}\s*[.)]\s+|[a-zđ]\)\s*)", re.IGNORECASE)


@dataclass(frozen=True)
class ConclusionContext:
    visit_day: dt.date  # the day of the reception session (Viet Nam time)
    leader_name: str
    leader_position: str  # "" when the leader is not among the office's signers
    citizen_name: str  # the person the book names; "" when unknown
    citizen_sex: Sex | None  # "ông" / "bà" from the stored sex (paperwork/salutation.py)
    citizen_address: str
    head_count: int  # more than one: a delegation represented by the citizen
    content_summary: str
    requests: str
    directions: tuple[str, ...]
    bodies: tuple[str, ...]
    due_on: dt.date
    is_denunciation: bool  # the denouncer's identity is kept secret (Law 25/2018 Art. 8)
    today: dt.date


def split_lines(text: str) -> tuple[str, ...]:
    """One item per non-empty line, with any typed numbering or bullet taken off."""
    items = (clean(_NUMBERING.sub("", clean(line), count=1)) for line in text.splitlines())
    return tuple(item for item in items if item)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence(text: str) -> str:
    text = _cap(text.rstrip(" ;,"))
    return text if text.endswith((".", "!", "?", ":")) else f"{text}."


def leader_words(c: ConclusionContext) -> str:
    """ "đồng chí Nguyễn Văn Bình, Trưởng ban" (the position only when it is known)."""
    return f"đồng chí {c.leader_name}, {c.leader_position}" if c.leader_position else f"đồng chí {c.leader_name}"


def subtitle(c: ConclusionContext) -> str:
    return f"Kết luận của {leader_words(c)} tại buổi tiếp công dân ngày {short_date(c.visit_day)}"


def _citizen(c: ConclusionContext) -> str:
    if c.is_denunciation:
        return HIDDEN_DENOUNCER
    who = f"{salutation(c.citizen_sex)} {c.citizen_name}" if c.citizen_name else "công dân"
    if c.citizen_address:
        who += f", địa chỉ: {c.citizen_address}"
    if c.head_count > 1:
        who = f"đoàn {c.head_count} công dân do {who} làm đại diện"
    return who


def build_conclusion(c: ConclusionContext, office: OfficeProfile) -> LetterText:
    citizen = _citizen(c)
    pause = "," if c.leader_position else ""  # "đồng chí X, Trưởng ban, đã chủ trì"
    intro = (
        f"{_cap(long_date(c.visit_day))}, {leader_words(c)}{pause} đã chủ trì tiếp {citizen} "
        f"đến trình bày nội dung: {c.content_summary.rstrip('. ')}."
    )
    if c.requests:
        intro += f" Yêu cầu của công dân: {c.requests.rstrip('. ')}."
    paragraphs = [
        intro,
        f"Sau khi nghe công dân trình bày và ý kiến của các cơ quan, đơn vị có liên quan, đồng chí "
        f"{c.leader_name} kết luận, chỉ đạo như sau:",
        *(f"{index}. {_sentence(item)}" for index, item in enumerate(c.directions, start=1)),
        f"Đề nghị các cơ quan, đơn vị được giao nhiệm vụ khẩn trương tổ chức thực hiện, báo cáo kết quả về "
        f"{office.agency_name} trước ngày {short_date(c.due_on)} để tổng hợp, báo cáo lãnh đạo và thông báo "
        "kết quả cho công dân biết.",
        f"{office.agency_name} thông báo để các cơ quan, đơn vị và công dân biết, thực hiện./.",
    ]
    citizen_copy = (
        "- Người tố cáo (để biết);"
        if c.is_denunciation
        else f"- {titled(c.citizen_sex, c.citizen_name) if c.citizen_name else 'Công dân'} (để biết);"
    )
    return LetterText(
        TITLE,
        subtitle(c),
        "",
        (),
        (RECEPTION_LAW, DECREE_154 if c.today >= DECREE_154_FROM else DECREE_64),
        tuple(paragraphs),
        (*(f"- {body.rstrip(' ;.')};" for body in c.bodies), citizen_copy, f"- Lưu: VT, {office.number_symbol}."),
    )
