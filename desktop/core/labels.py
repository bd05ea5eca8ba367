"""Names of the enum values as people read them (translated at use with ``_``)."""

from __future__ import annotations

import enum

from db.enums import Classification, CopyKind, IdType, Outcome, ParticipantRole, ReceivedBy, ReceptionKind, Sex
from desktop.core.i18n import N_, _

_LABELS: dict[enum.Enum, str] = {
    Sex.MALE: N_("Male"),
    Sex.FEMALE: N_("Female"),
    Sex.UNKNOWN: N_("Not stated"),
    IdType.CCCD: N_("Citizen identity card (CCCD, 12 digits)"),
    IdType.CMND: N_("Identity card (CMND, 9 digits)"),
    IdType.PASSPORT: N_("Passport"),
    IdType.OTHER: N_("Other paper"),
    IdType.NONE: N_("No paper shown"),
    ReceptionKind.REGULAR: N_("Regular"),
    ReceptionKind.PERIODIC: N_("Periodic"),
    ReceptionKind.AD_HOC: N_("Ad hoc"),
    ReceivedBy.OFFICER: N_("Reception officer"),
    ReceivedBy.LEADER: N_("Leader"),
    Classification.COMPLAINT: N_("Complaint"),
    Classification.DENUNCIATION: N_("Denunciation"),
    Classification.RECOMMENDATION: N_("Recommendation"),
    Classification.REFLECTION: N_("Reflection"),
    Outcome.GUIDE: N_("Guided to the competent body"),
    Outcome.RECEIVE_PETITION: N_("Petition received"),
    Outcome.TRANSFER: N_("Transferred"),
    Outcome.ANSWER: N_("Answered on the spot"),
    Outcome.APPOINTMENT: N_("Appointment made"),
    Outcome.REFUSE: N_("Reception refused"),
    ParticipantRole.COMPLAINANT: N_("Complainant"),
    ParticipantRole.DENOUNCER: N_("Denouncer"),
    ParticipantRole.PETITIONER: N_("Petitioner"),
    ParticipantRole.REPRESENTATIVE: N_("Representative"),
    ParticipantRole.AUTHORISED: N_("Authorised person"),
    ParticipantRole.LAWYER: N_("Lawyer"),
    CopyKind.ORIGINAL: N_("Original"),
    CopyKind.CERTIFIED_COPY: N_("Certified copy"),
    CopyKind.PHOTOCOPY: N_("Photocopy"),
}

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
    return _(_LABELS[value])


def choices(enum_class: type[enum.Enum]) -> list[tuple[enum.Enum, str]]:
    """(value, translated label) pairs in declaration order, for combo boxes."""
    return [(member, label(member)) for member in enum_class]
