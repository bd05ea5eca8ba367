"""All ORM entities; importing this package registers every table on ``Base.metadata``."""

from db.models.documents import IssuedDocument
from db.models.office import Desk, Office, Signer, User
from db.models.people import Citizen
from db.models.reception import ReceivedDocument, Visit, VisitParticipant
from db.models.sync import Counter, LocalSetting, OutboxEntry

__all__ = [
    "Citizen",
    "Counter",
    "Desk",
    "IssuedDocument",
    "LocalSetting",
    "Office",
    "OutboxEntry",
    "ReceivedDocument",
    "Signer",
    "User",
    "Visit",
    "VisitParticipant",
]
