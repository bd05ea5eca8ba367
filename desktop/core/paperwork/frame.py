"""The frame every paper shares: the agency block, the signature block and the letter page.

Slips, letters and the conclusion notice all print on the office's Decree 30/2020 page
(docs/legal-basis.md#document-layout); this module turns the office profile into that page's
fixed parts so each paper only supplies its own wording.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.core.formatting import date_line
from desktop.core.office import OfficeProfile, SignerProfile
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


def letterhead(office: OfficeProfile) -> Letterhead:
    """The agency block; the renderer prints the header in capitals and keeps sentence case in text."""
    return Letterhead(
        parent_agency=office.parent_agency,
        agency=office.agency_name,
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
) -> LetterDocument:
    """A letter's prepared wording on the office's Decree 30/2020 page."""
    return LetterDocument(
        letterhead=letterhead(office),
        number=number,
        date_line=date_line(office.place_name, day),
        title=text.title,
        subtitle=text.subtitle,
        summary_line=text.summary_line,
        recipients=text.recipients,
        legal_bases=text.legal_bases,
        paragraphs=text.paragraphs,
        copies_to=text.copies_to,
        signer=printed_signer(office, signer),
        qr_payload=qr_payload,
        confidential=confidential,
    )
