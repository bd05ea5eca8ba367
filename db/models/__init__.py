"""All ORM entities; importing this package registers every table on ``Base.metadata``."""

from db.models.audit import AuditEvent
from db.models.cases import (
    CalendarDay,
    CaseEvent,
    CaseFigure,
    CaseFile,
    CaseResult,
    FieldOfLaw,
    Petition,
    PetitionSender,
    ReportOpening,
)
from db.models.conclusions import LeaderConclusion
from db.models.corrections import Correction
from db.models.documents import IssuedDocument
from db.models.office import Authority, Desk, Office, Signer, User
from db.models.people import AS_GIVEN_COLUMNS, AsGiven, Citizen, CitizenChange
from db.models.reception import ImportedEntry, ReceivedDocument, Visit, VisitParticipant
from db.models.sync import (
    Counter,
    LocalSetting,
    NumberBlock,
    OutboxEntry,
    PullProgress,
    ServerChange,
    SyncConflict,
)

__all__ = [
    "AS_GIVEN_COLUMNS",
    "AsGiven",
    "AuditEvent",
    "Authority",
    "CalendarDay",
    "CaseEvent",
    "CaseFigure",
    "CaseFile",
    "CaseResult",
    "Citizen",
    "CitizenChange",
    "Correction",
    "Counter",
    "Desk",
    "FieldOfLaw",
    "ImportedEntry",
    "IssuedDocument",
    "LeaderConclusion",
    "LocalSetting",
    "NumberBlock",
    "Office",
    "OutboxEntry",
    "Petition",
    "PetitionSender",
    "PullProgress",
    "ReceivedDocument",
    "ReportOpening",
    "ServerChange",
    "Signer",
    "SyncConflict",
    "User",
    "Visit",
    "VisitParticipant",
]
