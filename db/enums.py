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


class Outcome(enum.StrEnum):
    GUIDE = "guide"  # hướng dẫn
    RECEIVE_PETITION = "receive_petition"  # tiếp nhận đơn
    TRANSFER = "transfer"  # chuyển đơn
    ANSWER = "answer"  # trả lời trực tiếp
    APPOINTMENT = "appointment"  # hẹn
    REFUSE = "refuse"  # từ chối tiếp


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


class ChangeOp(enum.StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
