"""Names of the enum values as people read them (translated at use with ``_``)."""

from __future__ import annotations

import enum

from db.enums import (
    CaseEventKind,
    CaseKind,
    Channel,
    Classification,
    Competence,
    CopyKind,
    DocumentKind,
    IdentityAnswer,
    IdType,
    Ineligibility,
    Outcome,
    ParticipantRole,
    PetitionDecision,
    PetitionKind,
    ReceivedBy,
    ReceptionKind,
    Sex,
)
from desktop.core.i18n import N_, _

# Keyed by (enum class, value): StrEnum members of different enums with the same value compare
# equal (Outcome.GUIDE == PetitionDecision.GUIDE == "guide"), so the members alone cannot be keys.
_ENTRIES: tuple[tuple[enum.Enum, str], ...] = (
    (Sex.MALE, N_("Male")),
    (Sex.FEMALE, N_("Female")),
    (Sex.UNKNOWN, N_("Not stated")),
    (IdType.CCCD, N_("Citizen identity card (CCCD, 12 digits)")),
    (IdType.CMND, N_("Identity card (CMND, 9 digits)")),
    (IdType.PASSPORT, N_("Passport")),
    (IdType.OTHER, N_("Other paper")),
    (IdType.NONE, N_("No paper shown")),
    (IdentityAnswer.SAME_PERSON_NEW_DETAILS, N_("Same person, new details")),
    (IdentityAnswer.TYPING_MISTAKE, N_("Typing mistake")),
    (ReceptionKind.REGULAR, N_("Regular")),
    (ReceptionKind.PERIODIC, N_("Periodic")),
    (ReceptionKind.AD_HOC, N_("Ad hoc")),
    (ReceivedBy.OFFICER, N_("Reception officer")),
    (ReceivedBy.LEADER, N_("Leader")),
    (Classification.COMPLAINT, N_("Complaint")),
    (Classification.DENUNCIATION, N_("Denunciation")),
    (Classification.RECOMMENDATION, N_("Recommendation")),
    (Classification.REFLECTION, N_("Reflection")),
    (Outcome.GUIDE, N_("Guided to the competent body")),
    (Outcome.RECEIVE_PETITION, N_("Petition received")),
    (Outcome.TRANSFER, N_("Transferred")),
    (Outcome.ANSWER, N_("Answered on the spot")),
    (Outcome.APPOINTMENT, N_("Appointment made")),
    (Outcome.REFUSE, N_("Reception refused")),
    (ParticipantRole.COMPLAINANT, N_("Complainant")),
    (ParticipantRole.DENOUNCER, N_("Denouncer")),
    (ParticipantRole.PETITIONER, N_("Petitioner")),
    (ParticipantRole.REPRESENTATIVE, N_("Representative")),
    (ParticipantRole.AUTHORISED, N_("Authorised person")),
    (ParticipantRole.LAWYER, N_("Lawyer")),
    (CopyKind.ORIGINAL, N_("Original")),
    (CopyKind.CERTIFIED_COPY, N_("Certified copy")),
    (CopyKind.PHOTOCOPY, N_("Photocopy")),
    (PetitionKind.COMPLAINT, N_("Complaint")),
    (PetitionKind.DENUNCIATION, N_("Denunciation")),
    (PetitionKind.RECOMMENDATION, N_("Recommendation or reflection")),
    (PetitionKind.MULTIPLE, N_("Several contents")),
    (Channel.IN_PERSON, N_("In person at the desk")),
    (Channel.POST, N_("By post")),
    (Channel.EMAIL, N_("By e-mail")),
    (Channel.TRANSFERRED, N_("Transferred by another body")),
    (Channel.BOX, N_("Suggestion box")),
    (Channel.OTHER, N_("Other way")),
    (Competence.OURS, N_("Within our competence")),
    (Competence.OTHER_BODY, N_("Another body is competent")),
    (Competence.SUBORDINATE, N_("A subordinate body is competent")),
    (Ineligibility.ANONYMOUS, N_("Anonymous or under a false name")),
    (Ineligibility.UNSIGNED, N_("Not signed")),
    (Ineligibility.OVER_TIME_LIMIT, N_("Filed after the time limit")),
    (Ineligibility.ALREADY_SETTLED, N_("Already settled by a final decision, no new facts")),
    (Ineligibility.SENT_TO_MANY, N_("Sent to several bodies at once")),
    (Ineligibility.GUIDED_BEFORE, N_("Already guided once on the same content")),
    (Ineligibility.NO_CAPACITY, N_("No civil capacity and no representative")),
    (Ineligibility.COURT_ACCEPTED, N_("Already accepted by a court")),
    (Ineligibility.OTHER, N_("Another reason")),
    (PetitionDecision.GUIDE, N_("Guide the sender to the competent body")),
    (PetitionDecision.TRANSFER, N_("Transfer to the competent body")),
    (PetitionDecision.PROPOSE, N_("Propose acceptance")),
    (PetitionDecision.ACCEPT, N_("Accept for settlement")),
    (PetitionDecision.REFUSE, N_("Refuse to accept")),
    (PetitionDecision.ARCHIVE, N_("File without action")),
    (CaseKind.COMPLAINT, N_("Complaint")),
    (CaseKind.DENUNCIATION, N_("Denunciation")),
    (CaseKind.RECOMMENDATION, N_("Recommendation or reflection")),
    (CaseEventKind.ACCEPTED, N_("Accepted for settlement")),
    (CaseEventKind.VERIFICATION, N_("Verification")),
    (CaseEventKind.DIALOGUE, N_("Dialogue with the parties")),
    (CaseEventKind.DECIDED, N_("Complaint decision issued")),
    (CaseEventKind.FINAL, N_("Decision became final")),
    (CaseEventKind.WITHDRAWN, N_("Withdrawn by the sender")),
    (CaseEventKind.SUSPENDED, N_("Suspended")),
    (CaseEventKind.RESUMED, N_("Resumed")),
    (CaseEventKind.EXTENDED, N_("Time limit extended")),
    (CaseEventKind.CONCLUDED, N_("Conclusion issued")),
    (CaseEventKind.CONCLUSION_NOTIFIED, N_("Conclusion notified")),
    (CaseEventKind.HANDLED, N_("Conclusion acted upon")),
    (CaseEventKind.ANSWERED, N_("Answered")),
    (CaseEventKind.TRANSFERRED, N_("Transferred on")),
    (CaseEventKind.REPORTED_BACK, N_("Result reported to the transferring body")),
    (CaseEventKind.NOTE, N_("Note")),
    (DocumentKind.RECEIPT, N_("Receipt")),
    (DocumentKind.APPOINTMENT, N_("Appointment slip")),
    (DocumentKind.GUIDANCE, N_("Guidance letter")),
    (DocumentKind.TRANSFER, N_("Transfer slip")),
    (DocumentKind.PROPOSAL, N_("Proposal to accept")),
    (DocumentKind.ACCEPTANCE, N_("Acceptance notice")),
    (DocumentKind.ACCEPTANCE_DECISION, N_("Decision to accept the denunciation")),
    (DocumentKind.EXTENSION_DECISION, N_("Decision to extend the time limit")),
    (DocumentKind.REFUSAL, N_("Refusal notice")),
    (DocumentKind.REPLY, N_("Report to the transferring body")),
    (DocumentKind.CONCLUSION, N_("Conclusion notice")),
)
_LABELS: dict[tuple[type[enum.Enum], str], str] = {(type(member), member.value): text for member, text in _ENTRIES}

# Printed forms are Vietnamese whatever the UI language.
FORM_LABELS: dict[enum.Enum, str] = {
    CopyKind.ORIGINAL: "Bản chính",
    CopyKind.CERTIFIED_COPY: "Bản sao có chứng thực",
    CopyKind.PHOTOCOPY: "Bản photo",
    IdType.CCCD: "Số định danh cá nhân/CCCD",
    IdType.CMND: "Số CMND",
    IdType.PASSPORT: "Số hộ chiếu",
    IdType.OTHER: "Số giấy tờ tùy thân",
    Classification.COMPLAINT: "Khiếu nại",
    Classification.DENUNCIATION: "Tố cáo",
    Classification.RECOMMENDATION: "Kiến nghị",
    Classification.REFLECTION: "Phản ánh",
}


def label(value: enum.Enum) -> str:
    """The translated name of an enum value."""
    return _(_LABELS[(type(value), value.value)])


def choices(enum_class: type[enum.Enum]) -> list[tuple[enum.Enum, str]]:
    """(value, translated label) pairs in declaration order, for combo boxes."""
    return [(member, label(member)) for member in enum_class]
