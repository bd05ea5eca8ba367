"""The frame every paper shares: the agency block, the signature block and the letter page.

Slips, letters and the conclusion notice all print on the office's Decree 30/2020 page
(docs/legal-basis.md#document-layout); this module turns the office profile into that page's
fixed parts so each paper only supplies its own wording.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.errors import AppError
from desktop.core.formatting import date_line
from desktop.core.i18n import _
from desktop.core.office import SIGNING_PREFIXES, AuthorityProfile, OfficeProfile, SignerProfile
from desktop.documents.model import LetterDocument, Letterhead, Signer

# Every "Thông báo" (acceptance, refusal, conclusion notice) shares one official number sequence.
NOTICE_SCOPE = "TB"
# How a letter names a denouncer whose identity it must not reveal (Law 25/2018 Art. 8).
HIDDEN_DENOUNCER = "người tố cáo (thông tin được giữ bí mật theo Điều 8 Luật Tố cáo)"


@dataclass(frozen=True)
class LetterText:
    """The wording of one letter, before it is laid on the office's page."""

    title: str
    subtitle: str
    summary_line: str
    recipients: tuple[str, ...]
    legal_bases: tuple[str, ...]
    paragraphs: tuple[str, ...]
    copies_to: tuple[str, ...]
    approval_position: str = ""  # a proposal: the head who approves it (left block); the proposer signs right
    power_line: str = ""  # a decision: who decides ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG"), before "QUYẾT ĐỊNH:"


@dataclass(frozen=True)
class Issuer:
    """Who a letter is issued by: the reception board, or a competent authority it serves.

    Acceptance and refusal letters are the competent authority's (Law 02/2011 Art. 18-21, 27;
    Law 25/2018 Art. 29): the desk prepares them on the authority's page, in its number series,
    for its signer (docs/legal-basis.md#issuing-authority). The rest are the board's.
    """

    name: str  # how the text names it: "Ủy ban nhân dân tỉnh An Giang"
    letterhead: Letterhead
    number_symbol: str  # "UBND" in "15/TB-UBND"
    numbered_here: bool  # False: the authority's clerk numbers it, the desk leaves the number blank
    signer: Signer
    is_board: bool


def board_issuer(office: OfficeProfile) -> Issuer:
    """The reception board itself; refused when it has no signer."""
    chosen = _first(office.signers, office.agency_name, board=True)
    return Issuer(
        name=office.agency_name,
        letterhead=letterhead(office),
        number_symbol=office.number_symbol,
        numbered_here=True,
        signer=_signer(chosen, collective="", head=office.head_position),
        is_board=True,
    )


def authority_issuer(office: OfficeProfile, *, collective: bool = True) -> Issuer:
    """The competent authority the office serves; refused when there is none or it has no signer.

    ``collective=False``: a paper the head issues in his own power (a decision of the Chairman) is
    signed without the collective's "TM." line.
    """
    authority = office.authority
    if authority is None:
        raise AppError(
            _(
                "This letter is issued by the competent authority: add it to the office profile (Settings, Office "
                "profile: the authority's name, its head's position, signing line and number symbol)."
            )
        )
    chosen = _first(authority.signers, authority.name, board=False)
    return Issuer(
        name=authority.name,
        letterhead=authority_letterhead(office, authority),
        number_symbol=authority.number_symbol,
        numbered_here=authority.keeps_series,
        signer=_signer(chosen, collective=authority.signing_line if collective else "", head=authority.head_position),
        is_board=False,
    )


def authority_letterhead(office: OfficeProfile, authority: AuthorityProfile) -> Letterhead:
    return Letterhead(parent_agency="", agency=authority.name, place_name=office.place_name)


def _first(signers: tuple[SignerProfile, ...], name: str, *, board: bool) -> SignerProfile:
    if signers:
        return signers[0]
    if board:
        message = _(
            "No one signs for {name}: add a signer (full name, position, signing line such as KT.) in Settings, "
            'Office profile, or with tiepdan init --signer "Họ và tên|Chức vụ|KT.".'
        )
    else:
        message = _(
            "No one signs for {name}: add the authority's signer (full name, position, signing line) in Settings, "
            'Office profile, or with tiepdan init --signer "Họ và tên|Chức vụ|KT.|{name}".'
        )
    raise AppError(message.format(name=name))


def signing_lines(signer: SignerProfile, *, collective: str, head: str) -> tuple[str, ...]:
    """The authority lines above the position: "TM. Ủy ban nhân dân", then "KT. Chủ tịch" for a deputy.

    A bare prefix ("KT.", "TL.", "TUQ.") is completed with the head's position; "TM." alone with
    the collective's name; "Q." (acting) belongs to the position and prints nothing here.
    """
    own = signer.authority.strip()
    lines: list[str] = []
    if collective and not own.upper().startswith("TM."):
        lines.append(collective)
    if own.upper() in SIGNING_PREFIXES:
        prefix = own.upper()
        if prefix == "TM.":
            lines.append(collective or f"TM. {head}")
        elif prefix != "Q.":
            lines.append(f"{prefix} {head}")
    elif own:
        lines.append(own)
    return tuple(lines)


def _signer(signer: SignerProfile, *, collective: str, head: str) -> Signer:
    lines = signing_lines(signer, collective=collective, head=head)
    position = signer.position
    if signer.authority.strip().upper() == "Q." and not position.upper().startswith("Q."):
        position = f"Q. {position}"
    return Signer(authority="\n".join(lines).upper(), position=position.upper(), full_name=signer.full_name)


def letterhead(office: OfficeProfile) -> Letterhead:
    """The agency block; the renderer prints the header in capitals and keeps sentence case in text."""
    return Letterhead(
        parent_agency=office.parent_agency,
        agency=office.agency_name,
        agency_heading=office.agency_heading,
        place_name=office.place_name,
        address=office.address,
        phone=office.phone,
    )


def printed_signer(office: OfficeProfile, signer: SignerProfile | None = None) -> Signer:
    """The signature block of ``signer`` (default: the office's first signer), as it prints."""
    chosen = signer or (office.signers[0] if office.signers else None)
    if chosen is None:
        return Signer(authority="", position="", full_name="")
    return Signer(authority=chosen.authority.upper(), position=chosen.position.upper(), full_name=chosen.full_name)


def assemble(
    text: LetterText,
    office: OfficeProfile,
    *,
    number: str,
    day: dt.date,
    qr_payload: str,
    confidential: bool,
    signer: SignerProfile | None = None,
    issuer: Issuer | None = None,
    proposer: str = "",
) -> LetterDocument:
    """A letter's prepared wording on its issuer's Decree 30/2020 page (default: the board's)."""
    approval = None
    if text.approval_position:
        approval = Signer(authority="", position=text.approval_position.upper(), full_name="")
    return LetterDocument(
        letterhead=issuer.letterhead if issuer else letterhead(office),
        number=number,
        date_line=date_line(office.place_name, day),
        title=text.title,
        subtitle=text.subtitle,
        summary_line=text.summary_line,
        recipients=text.recipients,
        legal_bases=text.legal_bases,
        paragraphs=text.paragraphs,
        copies_to=text.copies_to,
        signer=issuer.signer if issuer and not approval else printed_signer(office, signer),
        qr_payload=qr_payload,
        confidential=confidential,
        approval=approval,
        proposer=proposer,
        power_line=text.power_line,
    )
