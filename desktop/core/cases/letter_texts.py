"""The fixed Vietnamese wording of each letter (legal forms print in Vietnamese whatever the UI)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from db.enums import DocumentKind, PetitionKind
from desktop.core.cases.petitions import PetitionView
from desktop.core.confidentiality import is_protected_petition
from desktop.core.formatting import long_date, short_date
from desktop.core.office import OfficeProfile
from desktop.core.paperwork.frame import HIDDEN_DENOUNCER as HIDDEN
from desktop.core.paperwork.frame import NOTICE_SCOPE, LetterText


@dataclass(frozen=True)
class LetterType:
    scope: str  # official number sequence (see official_numbers.OFFICIAL_SCOPES)
    title: str


LETTER_TYPES = {
    DocumentKind.GUIDANCE: LetterType("CV", ""),
    DocumentKind.TRANSFER: LetterType("PC", "PHIẾU CHUYỂN ĐƠN"),
    DocumentKind.PROPOSAL: LetterType("PDX", "PHIẾU ĐỀ XUẤT THỤ LÝ ĐƠN"),
    DocumentKind.ACCEPTANCE: LetterType(NOTICE_SCOPE, "THÔNG BÁO"),
    DocumentKind.REFUSAL: LetterType(NOTICE_SCOPE, "THÔNG BÁO"),
    DocumentKind.REPLY: LetterType("CV", ""),
}
KIND_WORDS = {
    PetitionKind.COMPLAINT: "khiếu nại",
    PetitionKind.DENUNCIATION: "tố cáo",
    PetitionKind.RECOMMENDATION: "kiến nghị, phản ánh",
    PetitionKind.MULTIPLE: "khiếu nại, tố cáo, kiến nghị, phản ánh",
}
LEGAL_BASES = {
    PetitionKind.COMPLAINT: "Căn cứ Luật Khiếu nại ngày 11 tháng 11 năm 2011;",
    PetitionKind.DENUNCIATION: "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;",
    PetitionKind.RECOMMENDATION: "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",
    PetitionKind.MULTIPLE: "Căn cứ Luật Tiếp công dân ngày 25 tháng 11 năm 2013;",
}


@dataclass(frozen=True)
class LetterContext:
    kind: DocumentKind
    petition: PetitionView
    case_number: str
    case_id: uuid.UUID | None
    petition_id: uuid.UUID
    case_outcome: str
    agency: str
    is_denunciation: bool
    today: dt.date


def _sender(p: PetitionView) -> str:
    return f"ông/bà {p.sender_names[0]}" if p.sender_names else "người gửi đơn"


def _received(p: PetitionView) -> str:
    origin = f", do {p.transferred_from} chuyển đến" if p.transferred_from else ""
    if p.transferred_doc_number:
        origin += f" theo văn bản số {p.transferred_doc_number}"
        if p.transferred_doc_date:
            origin += f" ngày {short_date(p.transferred_doc_date)}"
    return f"{long_date(p.received_on)}{origin}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _archive(office: OfficeProfile) -> str:
    return f"- Lưu: VT, {office.number_symbol}."


def build_letter(context: LetterContext, office: OfficeProfile) -> LetterText:
    builder = {
        DocumentKind.GUIDANCE: _guidance,
        DocumentKind.TRANSFER: _transfer,
        DocumentKind.PROPOSAL: _proposal,
        DocumentKind.ACCEPTANCE: _acceptance,
        DocumentKind.REFUSAL: _refusal,
        DocumentKind.REPLY: _reply,
    }[context.kind]
    return builder(context, office)


def _guidance(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    words = KIND_WORDS[p.kind]
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn của {_sender(p)}, "
        f"địa chỉ: {p.sender_address or '...'}, với nội dung: {p.content_summary}.",
        f"Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của {office.agency_name}. Căn cứ quy định "
        f"của pháp luật, đề nghị ông/bà gửi đơn đến {p.competent_body or 'cơ quan có thẩm quyền'} để được xem xét, "
        "giải quyết theo quy định.",
        f"{office.agency_name} hướng dẫn để ông/bà biết và thực hiện./.",
    )
    return LetterText(
        "",
        "",
        f"V/v hướng dẫn gửi đơn {words}",
        (_cap(_sender(p)),),
        (),
        body,
        ("- Như trên;", _archive(office)),
    )


def names_sender(kind: DocumentKind, petition: PetitionView) -> bool:
    """Whether the letter of ``kind`` prints a denunciation's senders by name (a "MẬT" copy).

    The guidance, proposal, acceptance and refusal name the sender they answer; the transfer slip
    only when every sender agreed to it (Law 25/2018 Art. 47(2)); the reply to a transferring body never.
    """
    if not is_protected_petition(petition.kind) or not petition.sender_names:
        return False
    if kind == DocumentKind.TRANSFER:
        return petition.disclosure_agreed
    return kind != DocumentKind.REPLY


def _transfer(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    hidden = c.is_denunciation and not names_sender(DocumentKind.TRANSFER, p)
    who = HIDDEN if hidden else f"{_sender(p)}, địa chỉ: {p.sender_address or '...'}"
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn của {who}.",
        f"Nội dung đơn: {p.content_summary}.",
        f"Căn cứ quy định của pháp luật, {office.agency_name} chuyển đơn đến {p.competent_body} để xem xét, giải "
        "quyết theo thẩm quyền và thông báo kết quả cho người gửi đơn và cơ quan chuyển đơn biết./.",
    )
    copies = [
        "- Như trên;",
        "- Người tố cáo (để biết);" if hidden else f"- {_cap(_sender(p))};",
        _archive(office),
    ]
    return LetterText(
        LETTER_TYPES[DocumentKind.TRANSFER].title,
        f"Về việc chuyển đơn {KIND_WORDS[p.kind]}",
        "",
        (p.competent_body,),
        (LEGAL_BASES[p.kind],),
        body,
        tuple(copies),
    )


def _proposal(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    leader = office.signers[0].position if office.signers else "Thủ trưởng cơ quan"
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn {KIND_WORDS[p.kind]} của {_sender(p)}, "
        f"địa chỉ: {p.sender_address or '...'}.",
        f"Nội dung đơn: {p.content_summary}.",
        "Qua nghiên cứu, đơn đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết. Đề xuất thụ lý giải quyết "
        "theo quy định của pháp luật./.",
    )
    return LetterText(
        LETTER_TYPES[DocumentKind.PROPOSAL].title,
        f"Đơn số {p.number}",
        "",
        (leader,),
        (LEGAL_BASES[p.kind],),
        body,
        (_archive(office),),
    )


def _acceptance(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    words = KIND_WORDS[p.kind]
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn {words} của {_sender(p)}, "
        f"địa chỉ: {p.sender_address or '...'}, với nội dung: {p.content_summary}.",
        f"Sau khi xem xét, đơn đủ điều kiện thụ lý. {office.agency_name} đã thụ lý giải quyết đơn {words} "
        f"(hồ sơ số {c.case_number}) kể từ {long_date(p.decided_on or c.today)}.",
        f"{office.agency_name} thông báo để ông/bà biết./.",
    )
    copies = [f"- {_cap(_sender(p))};"]
    if p.transferred_from:
        copies.append(f"- {p.transferred_from} (để biết);")
    return LetterText(
        "THÔNG BÁO",
        f"Về việc thụ lý giải quyết {words}",
        "",
        (_cap(_sender(p)),),
        (LEGAL_BASES[p.kind],),
        body,
        (*copies, _archive(office)),
    )


def _refusal(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    words = KIND_WORDS[p.kind]
    reasons = p.decision_note or p.ineligibility_note or "đơn không đủ điều kiện thụ lý theo quy định"
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn {words} của {_sender(p)}, "
        f"với nội dung: {p.content_summary}.",
        f"Sau khi xem xét, {office.agency_name} không thụ lý giải quyết đơn vì lý do: {reasons}.",
        f"{office.agency_name} thông báo để ông/bà biết./.",
    )
    return LetterText(
        "THÔNG BÁO",
        f"Về việc không thụ lý giải quyết {words}",
        "",
        (_cap(_sender(p)),),
        (LEGAL_BASES[p.kind],),
        body,
        (f"- {_cap(_sender(p))};", _archive(office)),
    )


def _reply(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    body = (
        f"Thực hiện văn bản số {p.transferred_doc_number or '...'}"
        f"{' ngày ' + short_date(p.transferred_doc_date) if p.transferred_doc_date else ''} của "
        f"{p.transferred_from or 'Quý cơ quan'} về việc chuyển đơn của "
        f"{HIDDEN if c.is_denunciation else _sender(p)}, {office.agency_name} đã thụ lý và giải quyết "
        f"(hồ sơ số {c.case_number}).",
        f"Nội dung đơn: {p.content_summary}.",
        f"Kết quả giải quyết: {c.case_outcome or 'đã giải quyết xong theo quy định'}.",
        f"{office.agency_name} báo cáo kết quả để {p.transferred_from or 'Quý cơ quan'} biết, theo dõi "
        "(Điều 27 Luật Tiếp công dân)./.",
    )
    return LetterText(
        "",
        "",
        "V/v báo cáo kết quả giải quyết đơn",
        (p.transferred_from or "Quý cơ quan",),
        (),
        body,
        ("- Như trên;", _archive(office)),
    )
