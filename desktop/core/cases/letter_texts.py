"""The fixed Vietnamese wording of each letter (legal forms print in Vietnamese whatever the UI)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from db.enums import DocumentKind, PetitionKind, Sex
from desktop.core.cases.grounds import Ground
from desktop.core.cases.petitions import PetitionView
from desktop.core.confidentiality import is_protected_petition
from desktop.core.errors import AppError
from desktop.core.formatting import long_date, short_date
from desktop.core.i18n import _
from desktop.core.office import OfficeProfile
from desktop.core.paperwork.frame import HIDDEN_DENOUNCER as HIDDEN
from desktop.core.paperwork.frame import NOTICE_SCOPE, LetterText
from desktop.core.paperwork.salutation import salutation, titled


class Party(enum.StrEnum):
    """Who a letter is addressed or copied to; resolved to a name from the petition and the profile."""

    SENDER = "sender"
    TRANSFERRING_BODY = "transferring_body"  # the body that transferred the petition, when one did
    INSPECTORATE = "inspectorate"  # thanh tra cùng cấp of the competent authority (complaints)
    COMPETENT_BODY = "competent_body"
    BOARD = "board"  # the reception board, which follows the case up
    BOARD_HEAD = "board_head"  # the head of the reception board
    AUTHORITY = "authority"  # the competent authority
    DENOUNCED = "denounced"  # the person denounced (Law 25/2018 Art. 29(3)): never told who denounced them


class IssuedBy(enum.StrEnum):
    BOARD = "board"
    AUTHORITY = "authority"


@dataclass(frozen=True)
class LetterType:
    scope: str  # official number sequence (see official_numbers.OFFICIAL_SCOPES)
    title: str
    issued_by: IssuedBy
    to: tuple[Party, ...]  # "Kính gửi:"
    copies: tuple[Party, ...]  # "Nơi nhận:" after "- Như trên;", before the archive line


# Which body issues each letter and who must receive it (docs/legal-basis.md#issuing-authority,
# #letter-recipients): acceptance and refusal are the competent authority's, with the transferring body
# and, for a complaint's acceptance, the inspectorate at the same level (Law 02/2011 Art. 27, 36(1)).
LETTER_TYPES = {
    DocumentKind.GUIDANCE: LetterType("CV", "", IssuedBy.BOARD, (Party.SENDER,), ()),
    DocumentKind.TRANSFER: LetterType(
        "PC", "PHIẾU CHUYỂN ĐƠN", IssuedBy.BOARD, (Party.COMPETENT_BODY,), (Party.SENDER, Party.TRANSFERRING_BODY)
    ),
    DocumentKind.PROPOSAL: LetterType("PDX", "PHIẾU ĐỀ XUẤT THỤ LÝ ĐƠN", IssuedBy.BOARD, (Party.BOARD_HEAD,), ()),
    DocumentKind.ACCEPTANCE: LetterType(
        NOTICE_SCOPE,
        "THÔNG BÁO",
        IssuedBy.AUTHORITY,
        (Party.SENDER,),
        (Party.TRANSFERRING_BODY, Party.INSPECTORATE, Party.BOARD),
    ),
    DocumentKind.ACCEPTANCE_DECISION: LetterType(
        "QD", "QUYẾT ĐỊNH", IssuedBy.AUTHORITY, (), (Party.SENDER, Party.BOARD)
    ),
    DocumentKind.EXTENSION_DECISION: LetterType(
        "QD", "QUYẾT ĐỊNH", IssuedBy.AUTHORITY, (), (Party.SENDER, Party.BOARD)
    ),
    DocumentKind.REFUSAL: LetterType(
        NOTICE_SCOPE, "THÔNG BÁO", IssuedBy.AUTHORITY, (Party.SENDER,), (Party.TRANSFERRING_BODY, Party.BOARD)
    ),
    # A denunciation's acceptance is told to the denouncer and, apart, to the person denounced, each in
    # a notice of its own (Law 25/2018 Art. 29(3); Decree 31/2019 Art. 9, Mẫu 05 and 06). The second
    # is copied to nobody who would learn the denouncer from it, and names no denouncer.
    DocumentKind.DENOUNCER_NOTICE: LetterType(
        NOTICE_SCOPE, "THÔNG BÁO", IssuedBy.AUTHORITY, (Party.SENDER,), (Party.TRANSFERRING_BODY, Party.BOARD)
    ),
    DocumentKind.DENOUNCED_NOTICE: LetterType(
        NOTICE_SCOPE, "THÔNG BÁO", IssuedBy.AUTHORITY, (Party.DENOUNCED,), (Party.BOARD,)
    ),
    DocumentKind.REPLY: LetterType("CV", "", IssuedBy.BOARD, (Party.TRANSFERRING_BODY,), (Party.AUTHORITY,)),
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

DECREE_31 = "Căn cứ Nghị định số 31/2019/NĐ-CP ngày 10 tháng 4 năm 2019 của Chính phủ;"


@dataclass(frozen=True)
class LetterContext:
    kind: DocumentKind
    petition: PetitionView
    case_number: str
    case_id: uuid.UUID | None
    petition_id: uuid.UUID
    agency: str
    is_denunciation: bool
    today: dt.date
    issuer: str = ""  # the name the letter is issued in (the board, or the competent authority)
    ground: Ground | None = None  # a refusal's legal ground
    result: str = ""  # a report back: the decision or conclusion, its number, date and signer
    extended_to: dt.date | None = None  # an extension decision: the new time limit
    accepted_on: dt.date | None = None  # the case's acceptance
    issuer_symbol: str = ""  # the issuer's own number symbol ("UBND"); "" for the board's
    decision: AcceptanceDecision | None = None  # a denunciation's notices quote its acceptance decision
    denounced: Denounced | None = None  # the notice to the person denounced: who they are


@dataclass(frozen=True)
class AcceptanceDecision:
    """The decision to accept a denunciation, as its notices quote it."""

    number: str  # "01/QĐ-UBND", or "      /QĐ-UBND" when the authority's clerk numbers it
    issued_on: dt.date
    head: str  # "Chủ tịch Ủy ban nhân dân tỉnh An Giang"


@dataclass(frozen=True)
class Denounced:
    """The person denounced, as the notice to them is addressed (the petition does not record them)."""

    full_name: str
    sex: Sex | None = None
    position: str = ""  # "Chủ tịch Ủy ban nhân dân xã Mỹ Hòa Hưng"
    address: str = ""

    @property
    def named(self) -> str:
        return titled(self.sex, self.full_name)


def _sender(p: PetitionView) -> str:
    """ "ông Trần Văn Tâm" inside a sentence: "ông" or "bà" from the stored sex, "ông/bà" only when unknown."""
    return f"{salutation(p.sender_sex)} {p.sender_names[0]}" if p.sender_names else "người gửi đơn"


def _you(p: PetitionView) -> str:
    """How the letter says "you" to its sender: "ông", "bà", or "ông/bà" when the sex is unknown."""
    return salutation(p.sender_sex)


def _received(p: PetitionView) -> str:
    origin = f", do {p.transferred_from} chuyển đến" if p.transferred_from else ""
    if p.transferred_doc_number:
        origin += f" theo văn bản số {p.transferred_doc_number}"
        if p.transferred_doc_date:
            origin += f" ngày {short_date(p.transferred_doc_date)}"
    return f"{long_date(p.received_on)}{origin}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _archive(c: LetterContext, office: OfficeProfile) -> str:
    """ "- Lưu: VT, BTCD.": the archive of the body the letter is issued in the name of (its own symbol)."""
    return f"- Lưu: VT, {c.issuer_symbol or office.number_symbol}."


def _head_of_board(office: OfficeProfile) -> str:
    """ "Trưởng ban" + "Ban Tiếp công dân tỉnh An Giang" -> "Trưởng Ban Tiếp công dân tỉnh An Giang"."""
    position, agency = office.head_position.split(), office.agency_name.split()
    if position and agency and position[-1].casefold() == agency[0].casefold():
        return " ".join([*position[:-1], *agency])
    return " ".join([*position, *agency])


def _inspectorate(c: LetterContext, office: OfficeProfile) -> str:
    if c.petition.kind != PetitionKind.COMPLAINT:
        return ""  # Law 02/2011 Art. 27, 36(1): a complaint's acceptance
    authority = office.authority
    if authority is None or not authority.inspectorate:
        raise AppError(
            _(
                "The acceptance of a complaint goes to the inspectorate at the same level: enter it for the "
                "competent authority in Settings, Office profile."
            )
        )
    return authority.inspectorate


def party_name(party: Party, c: LetterContext, office: OfficeProfile, *, copy: bool) -> str:
    """The name a party prints under, or "" when the petition has none (no transferring body)."""
    p = c.petition
    authority = office.authority.name if office.authority else ""
    if party == Party.SENDER:
        if copy and c.is_denunciation:
            return "Người tố cáo (để biết)"
        return titled(p.sender_sex, p.sender_names[0]) if p.sender_names else "Người gửi đơn"
    names = {
        Party.TRANSFERRING_BODY: p.transferred_from,
        Party.INSPECTORATE: _inspectorate(c, office) if party == Party.INSPECTORATE else "",
        Party.COMPETENT_BODY: p.competent_body,
        Party.BOARD: office.agency_name,
        Party.BOARD_HEAD: _head_of_board(office),
        Party.AUTHORITY: authority,
        Party.DENOUNCED: c.denounced.named if c.denounced else "",
    }
    name = names[party]
    return f"{name} ({_PURPOSE.get(party, 'để biết')})" if copy and name else name


# Why a copy goes to each party, printed after its name in "Nơi nhận:".
_PURPOSE = {Party.BOARD: "để theo dõi", Party.AUTHORITY: "để báo cáo"}


def addressed(c: LetterContext, office: OfficeProfile) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The "Kính gửi:" names and the "Nơi nhận:" lines of the letter, from its type's parties."""
    kind = LETTER_TYPES[c.kind]
    to = tuple(name for party in kind.to if (name := party_name(party, c, office, copy=False)))
    copies = [f"- {name};" for party in kind.copies if (name := party_name(party, c, office, copy=True))]
    if to:
        copies.insert(0, "- Như trên;")
    copies.append(_archive(c, office))
    return to, tuple(dict.fromkeys(copies))


def build_letter(context: LetterContext, office: OfficeProfile) -> LetterText:
    builder = {
        DocumentKind.GUIDANCE: _guidance,
        DocumentKind.TRANSFER: _transfer,
        DocumentKind.PROPOSAL: _proposal,
        DocumentKind.ACCEPTANCE: _acceptance,
        DocumentKind.ACCEPTANCE_DECISION: _acceptance_decision,
        DocumentKind.EXTENSION_DECISION: _extension_decision,
        DocumentKind.REFUSAL: _refusal,
        DocumentKind.DENOUNCER_NOTICE: _denouncer_notice,
        DocumentKind.DENOUNCED_NOTICE: _denounced_notice,
        DocumentKind.REPLY: _reply,
    }[context.kind]
    return builder(context, office)


def _guidance(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    words = KIND_WORDS[p.kind]
    to, copies = addressed(c, office)
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn của {_sender(p)}, "
        f"địa chỉ: {p.sender_address or '...'}, với nội dung: {p.content_summary}.",
        f"Sau khi xem xét, nội dung đơn không thuộc thẩm quyền giải quyết của {office.agency_name}. Căn cứ quy định "
        f"của pháp luật, đề nghị {_you(p)} gửi đơn đến {p.competent_body} để được xem xét, giải quyết theo quy định.",
        f"{office.agency_name} hướng dẫn để {_you(p)} biết và thực hiện./.",
    )
    return LetterText("", "", f"V/v hướng dẫn gửi đơn {words}", to, (), body, copies)


def names_sender(kind: DocumentKind, petition: PetitionView) -> bool:
    """Whether the letter of ``kind`` prints a denunciation's senders by name (a "MẬT" copy).

    The guidance, proposal, acceptance and refusal name the sender they answer; the transfer slip
    only when every sender agreed to it (Law 25/2018 Art. 47(2)); the reply to a transferring body and
    the head's decisions (acceptance, extension: they go to the person denounced too) never.
    """
    if not is_protected_petition(petition.kind) or not petition.sender_names:
        return False
    if kind == DocumentKind.TRANSFER:
        return petition.disclosure_agreed
    return kind not in NEVER_NAME_SENDER


# Letters that never name a denunciation's senders: the reply to a transferring body and what goes to
# the person denounced (the head's decisions and the notice to them).
NEVER_NAME_SENDER = frozenset(
    {
        DocumentKind.REPLY,
        DocumentKind.ACCEPTANCE_DECISION,
        DocumentKind.EXTENSION_DECISION,
        DocumentKind.DENOUNCED_NOTICE,
    }
)


def _transfer(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    hidden = c.is_denunciation and not names_sender(DocumentKind.TRANSFER, p)
    who = HIDDEN if hidden else f"{_sender(p)}, địa chỉ: {p.sender_address or '...'}"
    to, copies = addressed(c, office)
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn của {who}.",
        f"Nội dung đơn: {p.content_summary}.",
        f"Căn cứ quy định của pháp luật, {office.agency_name} chuyển đơn đến {p.competent_body} để xem xét, giải "
        "quyết theo thẩm quyền và thông báo kết quả cho người gửi đơn và cơ quan chuyển đơn biết./.",
    )
    return LetterText(
        LETTER_TYPES[DocumentKind.TRANSFER].title,
        f"Về việc chuyển đơn {KIND_WORDS[p.kind]}",
        "",
        to,
        (LEGAL_BASES[p.kind],),
        body,
        copies,
    )


def _proposal(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    to, copies = addressed(c, office)
    authority = office.authority
    competent = f"{authority.head_position} {authority.name}" if authority else "người có thẩm quyền"
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn {KIND_WORDS[p.kind]} của {_sender(p)}, "
        f"địa chỉ: {p.sender_address or '...'}.",
        f"Nội dung đơn: {p.content_summary}.",
        f"Qua nghiên cứu, đơn đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của {competent}. Đề xuất "
        f"{office.head_position} xem xét, trình {competent} thụ lý giải quyết theo quy định của pháp luật./.",
    )
    return LetterText(
        LETTER_TYPES[DocumentKind.PROPOSAL].title,
        f"Đơn số {p.number}",
        "",
        to,
        (LEGAL_BASES[p.kind],),
        body,
        copies,
        approval_position=office.head_position,
    )


def _acceptance(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    words = KIND_WORDS[p.kind]
    to, copies = addressed(c, office)
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn {words} của {_sender(p)}, "
        f"địa chỉ: {p.sender_address or '...'}, với nội dung: {p.content_summary}.",
        f"Sau khi xem xét, đơn đủ điều kiện thụ lý và thuộc thẩm quyền giải quyết của {c.issuer}. {c.issuer} đã thụ "
        f"lý giải quyết đơn {words} (hồ sơ số {c.case_number}) kể từ {long_date(p.decided_on or c.today)}.",
        f"{c.issuer} thông báo để {_you(p)} biết./.",
    )
    return LetterText("THÔNG BÁO", f"Về việc thụ lý giải quyết {words}", "", to, (LEGAL_BASES[p.kind],), body, copies)


def _acceptance_decision(c: LetterContext, office: OfficeProfile) -> LetterText:
    """Quyết định thụ lý tố cáo (Law 25/2018 Art. 29; Decree 31/2019 Mẫu 04): date, basis, content, time limit."""
    p = c.petition
    authority = office.authority
    head = f"{authority.head_position} {authority.name}" if authority else c.issuer
    _to, copies = addressed(c, office)
    body = (
        f"Điều 1. Thụ lý tố cáo của {HIDDEN}, nhận được {_received(p)}, hồ sơ số {c.case_number}.",
        f"Nội dung tố cáo được thụ lý: {p.content_summary}.",
        "Điều 2. Thời hạn giải quyết tố cáo là 30 ngày kể từ ngày thụ lý; vụ việc phức tạp có thể gia hạn theo "
        "khoản 2, khoản 3 Điều 30 Luật Tố cáo.",
        f"Điều 3. {office.agency_name} và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )
    return LetterText(
        "QUYẾT ĐỊNH",
        "Về việc thụ lý tố cáo",
        "",
        (),
        (LEGAL_BASES[PetitionKind.DENUNCIATION], DECREE_31),
        body,
        copies,
        power_line=head,
    )


def _extension_decision(c: LetterContext, office: OfficeProfile) -> LetterText:
    """Quyết định gia hạn giải quyết tố cáo (Law 25/2018 Art. 30(2)-(3); Decree 31/2019 Mẫu 01)."""
    authority = office.authority
    head = f"{authority.head_position} {authority.name}" if authority else c.issuer
    _to, copies = addressed(c, office)
    accepted = f" đã thụ lý {long_date(c.accepted_on)}" if c.accepted_on else ""
    until = f" đến {long_date(c.extended_to)}" if c.extended_to else ""
    body = (
        f"Điều 1. Gia hạn thời hạn giải quyết tố cáo (hồ sơ số {c.case_number}){accepted}. Thời hạn giải quyết "
        f"tố cáo được gia hạn{until}, theo khoản 2, khoản 3 Điều 30 Luật Tố cáo.",
        f"Nội dung tố cáo: {c.petition.content_summary}.",
        f"Điều 2. {office.agency_name} và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
        "Quyết định này./.",
    )
    return LetterText(
        "QUYẾT ĐỊNH",
        "Về việc gia hạn giải quyết tố cáo",
        "",
        (),
        (LEGAL_BASES[PetitionKind.DENUNCIATION], DECREE_31),
        body,
        copies,
        power_line=head,
    )


def _refusal(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    words = KIND_WORDS[p.kind]
    to, copies = addressed(c, office)
    if c.ground is not None:
        reasons = c.ground.printed
        detail = p.decision_note or p.ineligibility_note
    else:
        reasons = p.decision_note or p.ineligibility_note or "đơn không đủ điều kiện thụ lý theo quy định"
        detail = ""
    body = [
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn {words} của {_sender(p)}, "
        f"với nội dung: {p.content_summary}.",
        f"Sau khi xem xét, {c.issuer} không thụ lý giải quyết đơn vì lý do: {reasons}.",
    ]
    if detail:
        body.append(f"Cụ thể: {detail.rstrip('.')}.")
    body.append(f"{c.issuer} thông báo để {_you(p)} biết./.")
    return LetterText(
        "THÔNG BÁO", f"Về việc không thụ lý giải quyết {words}", "", to, (LEGAL_BASES[p.kind],), tuple(body), copies
    )


def _decided(c: LetterContext) -> str:
    """ "Ngày 09/03/2026, Chủ tịch Ủy ban nhân dân tỉnh An Giang đã ban hành Quyết định số 01/QĐ-UBND về việc
    thụ lý tố cáo"."""
    d = c.decision
    if d is None:
        return f"{c.issuer} đã ban hành quyết định thụ lý tố cáo"
    number = d.number.strip()
    if number.startswith("/"):  # left blank for the authority's clerk
        number = f"......{number}"
    return (
        f"Ngày {short_date(d.issued_on)}, {d.head or c.issuer} đã ban hành Quyết định số {number} về việc thụ lý tố cáo"
    )


def _denouncer_notice(c: LetterContext, office: OfficeProfile) -> LetterText:
    """Thông báo việc thụ lý tố cáo, to the denouncer (Law 25/2018 Art. 29(3); Decree 31/2019 Mẫu 05)."""
    p = c.petition
    to, copies = addressed(c, office)
    you = _you(p)
    body = (
        f"{_cap(_received(p))}, {office.agency_name} nhận được đơn tố cáo của {_sender(p)}, "
        f"địa chỉ: {p.sender_address or '...'}, tố cáo về việc: {p.content_summary.rstrip('. ')}.",
        f"{_decided(c)} (hồ sơ số {c.case_number}). Thời hạn giải quyết tố cáo là 30 ngày kể từ "
        "ngày thụ lý; vụ việc phức tạp có thể được gia hạn theo khoản 2, khoản 3 Điều 30 Luật Tố cáo.",
        f"{you.capitalize()} có các quyền và nghĩa vụ của người tố cáo theo Điều 9 Luật Tố cáo, trong đó có "
        "quyền được giữ bí mật họ tên, địa chỉ, bút tích và thông tin cá nhân khác.",
        f"{c.issuer} thông báo để {you} biết./.",
    )
    return LetterText(
        "THÔNG BÁO",
        "Về việc thụ lý tố cáo",
        "",
        to,
        (LEGAL_BASES[PetitionKind.DENUNCIATION], DECREE_31),
        body,
        copies,
    )


def _denounced_notice(c: LetterContext, office: OfficeProfile) -> LetterText:
    """Thông báo cho người bị tố cáo (Law 25/2018 Art. 29(3); Decree 31/2019 Mẫu 06).

    It tells the content denounced, never who denounced it (Art. 8(3)): no sender, no address, no
    copy to the denouncer.
    """
    d = c.denounced
    if d is None or not d.full_name:
        raise AppError(_("Enter the name of the person denounced: the notice is addressed to them."))
    to, copies = addressed(c, office)
    you = salutation(d.sex)
    who = f"{you} {d.full_name}" + (f", {d.position}" if d.position else "")
    who += f", địa chỉ: {d.address}" if d.address else ""
    body = (
        f"{_decided(c)} đối với {who} (hồ sơ số {c.case_number}).",
        f"Nội dung tố cáo được thụ lý: {c.petition.content_summary.rstrip('. ')}.",
        f"Theo Điều 10 Luật Tố cáo, {you} có quyền được thông báo về nội dung tố cáo, được giải trình, đưa ra "
        "chứng cứ để chứng minh nội dung tố cáo là không đúng sự thật; có nghĩa vụ giải trình bằng văn bản về "
        "hành vi bị tố cáo, cung cấp thông tin, tài liệu liên quan khi cơ quan, tổ chức, cá nhân có thẩm quyền "
        "yêu cầu.",
        f"{c.issuer} thông báo để {you} biết và thực hiện./.",
    )
    return LetterText(
        "THÔNG BÁO",
        "Về nội dung tố cáo",
        "",
        to,
        (LEGAL_BASES[PetitionKind.DENUNCIATION], DECREE_31),
        body,
        copies,
    )


def _reply(c: LetterContext, office: OfficeProfile) -> LetterText:
    p = c.petition
    to, copies = addressed(c, office)
    body = (
        f"Thực hiện văn bản số {p.transferred_doc_number or '...'}"
        f"{' ngày ' + short_date(p.transferred_doc_date) if p.transferred_doc_date else ''} của "
        f"{p.transferred_from or 'Quý cơ quan'} về việc chuyển đơn của "
        f"{HIDDEN if c.is_denunciation else _sender(p)}, đơn đã được thụ lý và giải quyết "
        f"(hồ sơ số {c.case_number}).",
        f"Nội dung đơn: {p.content_summary}.",
        f"Kết quả giải quyết: {c.result}.",
        f"{office.agency_name} báo cáo kết quả để {p.transferred_from or 'Quý cơ quan'} biết, theo dõi "
        "(Điều 27 Luật Tiếp công dân)./.",
    )
    return LetterText("", "", "V/v báo cáo kết quả giải quyết đơn", to, (), body, copies)
