"""Enums shared by columns and rules. Values are stable codes stored in the database."""

from __future__ import annotations

import enum


class Sex(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"


class IdType(enum.StrEnum):
    CCCD = "cccd"  # 12-digit citizen identity card / personal identification number
    CMND = "cmnd"  # old 9-digit identity card
    PASSPORT = "passport"
    OTHER = "other"
    NONE = "none"


class IdentityAnswer(enum.StrEnum):
    """A known identity number came with another name or year of birth: what the receptionist says it is."""

    SAME_PERSON_NEW_DETAILS = "same_person_new_details"  # the record takes the new details
    TYPING_MISTAKE = "typing_mistake"  # the record keeps its name and year of birth


class ReceptionKind(enum.StrEnum):
    """Law 42/2013 Art. 2(1): thường xuyên / định kỳ / đột xuất."""

    REGULAR = "regular"
    PERIODIC = "periodic"
    AD_HOC = "ad_hoc"


class ReceivedBy(enum.StrEnum):
    OFFICER = "officer"
    LEADER = "leader"


class Classification(enum.StrEnum):
    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    RECOMMENDATION = "recommendation"  # kiến nghị
    REFLECTION = "reflection"  # phản ánh
    UNKNOWN = "unknown"  # not stated: an entry of an old book imported without its kind (never typed at the desk)


class Outcome(enum.StrEnum):
    GUIDE = "guide"  # hướng dẫn
    RECEIVE_PETITION = "receive_petition"  # tiếp nhận đơn
    TRANSFER = "transfer"  # chuyển đơn
    ANSWER = "answer"  # trả lời trực tiếp
    APPOINTMENT = "appointment"  # hẹn
    REFUSE = "refuse"  # từ chối tiếp
    UNKNOWN = "unknown"  # not recorded: an entry of an old book imported without its handling


class ParticipantRole(enum.StrEnum):
    COMPLAINANT = "complainant"  # người khiếu nại
    DENOUNCER = "denouncer"  # người tố cáo
    PETITIONER = "petitioner"  # người kiến nghị, phản ánh
    REPRESENTATIVE = "representative"  # người đại diện
    AUTHORISED = "authorised"  # người được ủy quyền
    LAWYER = "lawyer"  # luật sư


class CopyKind(enum.StrEnum):
    ORIGINAL = "original"  # bản chính
    CERTIFIED_COPY = "certified_copy"  # bản sao có chứng thực
    PHOTOCOPY = "photocopy"  # bản photo


class DocumentKind(enum.StrEnum):
    RECEIPT = "receipt"
    APPOINTMENT = "appointment"
    GUIDANCE = "guidance"  # văn bản hướng dẫn
    TRANSFER = "transfer"  # phiếu chuyển đơn
    PROPOSAL = "proposal"  # phiếu đề xuất thụ lý
    ACCEPTANCE = "acceptance"  # thông báo thụ lý
    ACCEPTANCE_DECISION = "acceptance_decision"  # quyết định thụ lý tố cáo (Decree 31/2019 Mẫu 04)
    EXTENSION_DECISION = "extension_decision"  # quyết định gia hạn giải quyết tố cáo (Decree 31/2019 Mẫu 01)
    REFUSAL = "refusal"  # thông báo không thụ lý
    DENOUNCER_NOTICE = "denouncer_notice"  # thông báo việc thụ lý tố cáo, to the denouncer (Decree 31/2019 Mẫu 05)
    DENOUNCED_NOTICE = "denounced_notice"  # thông báo cho người bị tố cáo (Decree 31/2019 Mẫu 06)
    RECEPTION_REFUSAL = "reception_refusal"  # thông báo từ chối tiếp công dân (Mẫu 01/TCD)
    REPLY = "reply"  # văn bản trả lời / báo cáo kết quả cho cơ quan chuyển đơn
    CONCLUSION = "conclusion"  # thông báo kết luận của lãnh đạo tại buổi tiếp công dân


class ChangeOp(enum.StrEnum):
    """A change on either log: the desk's outbox and the server's change log (its triggers write lower(TG_OP))."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class PetitionKind(enum.StrEnum):
    COMPLAINT = "complaint"  # khiếu nại
    DENUNCIATION = "denunciation"  # tố cáo
    RECOMMENDATION = "recommendation"  # kiến nghị, phản ánh
    MULTIPLE = "multiple"  # đơn có nhiều nội dung


class Channel(enum.StrEnum):
    IN_PERSON = "in_person"  # at the reception desk
    POST = "post"
    EMAIL = "email"
    TRANSFERRED = "transferred"  # sent on by another body
    BOX = "box"  # suggestion box
    OTHER = "other"


class Competence(enum.StrEnum):
    OURS = "ours"
    OTHER_BODY = "other_body"
    SUBORDINATE = "subordinate"


class Ineligibility(enum.StrEnum):
    """Why a petition is not handled (07/2014 Art. 6; Law 02/2011 Art. 11; Law 25/2018 Art. 25)."""

    ANONYMOUS = "anonymous"
    UNSIGNED = "unsigned"
    OVER_TIME_LIMIT = "over_time_limit"  # complaint after 90 days
    ALREADY_SETTLED = "already_settled"  # final decision, no new facts
    SENT_TO_MANY = "sent_to_many"  # sent to several bodies including the competent one
    GUIDED_BEFORE = "guided_before"  # already guided once on the same content
    NO_CAPACITY = "no_capacity"  # no civil capacity and no representative
    COURT_ACCEPTED = "court_accepted"
    OTHER = "other"


class PetitionDecision(enum.StrEnum):
    GUIDE = "guide"  # văn bản hướng dẫn
    TRANSFER = "transfer"  # phiếu chuyển đơn
    PROPOSE = "propose"  # phiếu đề xuất thụ lý
    ACCEPT = "accept"  # thông báo thụ lý (opens a case)
    REFUSE = "refuse"  # thông báo không thụ lý
    ARCHIVE = "archive"  # lưu đơn


class CaseKind(enum.StrEnum):
    COMPLAINT = "complaint"
    DENUNCIATION = "denunciation"
    RECOMMENDATION = "recommendation"


class CaseEventKind(enum.StrEnum):
    ACCEPTED = "accepted"
    VERIFICATION = "verification"
    DIALOGUE = "dialogue"
    DECIDED = "decided"  # complaint decision
    FINAL = "final"  # decision became final
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"
    RESUMED = "resumed"
    EXTENDED = "extended"  # denunciation: once or twice
    CONCLUDED = "concluded"  # denunciation conclusion
    CONCLUSION_NOTIFIED = "conclusion_notified"
    HANDLED = "handled"  # denunciation: the conclusion handled
    ANSWERED = "answered"  # recommendation/reflection answered
    TRANSFERRED = "transferred"
    REPORTED_BACK = "reported_back"  # Law 42/2013 Art. 27(2): result sent to the transferring body
    NOTE = "note"


class Role(enum.StrEnum):
    """What a user of the desk may do (desktop/core/permissions.py holds the rights of each)."""

    RECEPTIONIST = "receptionist"  # cán bộ tiếp công dân
    HANDLER = "handler"  # cán bộ xử lý đơn, thụ lý
    LEADER = "leader"  # lãnh đạo
    ADMIN = "admin"  # quản trị


class CorrectionKind(enum.StrEnum):
    """A corrective step on a record already saved (db.models.corrections)."""

    CORRECT = "correct"  # fields changed: the old and new values are kept
    CANCEL = "cancel"  # the record stands, marked cancelled (a visit, a letter)
    REVERT = "revert"  # a petition decision taken back so that it can be decided again


class PriorStatus(enum.StrEnum):
    """Where the matter of a petition stood before it reached the office (the XLD tables' status columns)."""

    NONE = "none"  # chưa giải quyết
    IN_PROGRESS = "in_progress"  # đang giải quyết
    OVERDUE = "overdue"  # quá thời hạn chưa giải quyết
    RESOLVED_ONCE = "resolved_once"  # đã giải quyết lần đầu
    RESOLVED_MANY = "resolved_many"  # đã giải quyết nhiều lần (lần 2)
    COURT_JUDGMENT = "court_judgment"  # đã có bản án của tòa


class ResultOutcome(enum.StrEnum):
    """How a case within competence ended (the KQGQ tables)."""

    DECIDED = "decided"  # quyết định giải quyết khiếu nại / kết luận nội dung tố cáo / văn bản trả lời
    WITHDRAWN = "withdrawn"  # rút đơn, rút toàn bộ nội dung tố cáo
    SUSPENDED = "suspended"  # đình chỉ không do rút


class Verdict(enum.StrEnum):
    """What the resolution found: first round right / wrong / partly; second round upheld / changed."""

    RIGHT = "right"  # khiếu nại (tố cáo) đúng
    WRONG = "wrong"  # sai
    PARTLY = "partly"  # đúng một phần, có đúng có sai
    UPHELD = "upheld"  # giải quyết lần 2: công nhận quyết định lần đầu
    CHANGED = "changed"  # giải quyết lần 2: hủy, sửa quyết định lần đầu
