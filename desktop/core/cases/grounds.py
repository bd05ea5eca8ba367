"""The legal grounds on which a petition is not accepted, each with the article that gives it.

A refusal notice prints the ground chosen from this list and its article (docs/legal-basis.md#refusal-grounds):
for a complaint the nine cases of Law 02/2011 Art. 11; for a denunciation the conditions of
acceptance of Law 25/2018 Art. 29(1) it fails, or Art. 25 (anonymous); for a recommendation or
reflection the handling conditions of the circular on petitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.enums import Ineligibility, PetitionKind

COMPLAINTS = "Luật Khiếu nại"
DENUNCIATIONS = "Luật Tố cáo"
PETITIONS = "Thông tư số 05/2021/TT-TTCP"


@dataclass(frozen=True)
class Ground:
    code: str  # stored in petition.refusal_ground
    kind: PetitionKind
    text: str  # as printed after "vì lý do: "
    article: str  # "khoản 5 Điều 11 Luật Khiếu nại"

    @property
    def printed(self) -> str:
        return f"{self.text} (theo {self.article})"


def _complaint(point: int, text: str) -> Ground:
    return Ground(f"complaint.11.{point}", PetitionKind.COMPLAINT, text, f"khoản {point} Điều 11 {COMPLAINTS}")


def _denunciation(code: str, text: str, article: str) -> Ground:
    return Ground(f"denunciation.{code}", PetitionKind.DENUNCIATION, text, f"{article} {DENUNCIATIONS}")


def _petition(code: str, text: str) -> Ground:
    return Ground(f"recommendation.{code}", PetitionKind.RECOMMENDATION, text, f"Điều 6 {PETITIONS}")


GROUNDS: tuple[Ground, ...] = (
    _complaint(
        1,
        "khiếu nại quyết định hành chính, hành vi hành chính trong nội bộ cơ quan nhà nước để chỉ đạo, tiến hành "
        "công vụ; quyết định hành chính, hành vi hành chính trong chỉ đạo điều hành của cơ quan hành chính cấp trên "
        "với cơ quan hành chính cấp dưới; quyết định hành chính có chứa đựng các quy phạm pháp luật; quyết định hành "
        "chính, hành vi hành chính thuộc phạm vi bí mật nhà nước trong các lĩnh vực quốc phòng, an ninh, ngoại giao",
    ),
    _complaint(
        2,
        "quyết định hành chính, hành vi hành chính bị khiếu nại không liên quan trực tiếp đến quyền, lợi ích hợp "
        "pháp của người khiếu nại",
    ),
    _complaint(3, "người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"),
    _complaint(4, "người đại diện không hợp pháp thực hiện khiếu nại"),
    _complaint(5, "đơn khiếu nại không có chữ ký hoặc điểm chỉ của người khiếu nại"),
    _complaint(6, "thời hiệu, thời hạn giải quyết khiếu nại đã hết mà không có lý do chính đáng"),
    _complaint(7, "khiếu nại đã có quyết định giải quyết khiếu nại lần hai"),
    _complaint(
        8,
        "có văn bản thông báo đình chỉ việc giải quyết khiếu nại mà sau 30 ngày người khiếu nại không tiếp tục "
        "khiếu nại",
    ),
    _complaint(
        9,
        "việc khiếu nại đã được Tòa án thụ lý hoặc đã được giải quyết bằng bản án, quyết định của Tòa án, trừ "
        "trường hợp quyết định đình chỉ giải quyết vụ án hành chính của Tòa án",
    ),
    _denunciation(
        "29.1.a",
        "tố cáo không được thực hiện theo hình thức quy định tại Điều 23 Luật Tố cáo",
        "điểm a khoản 1 Điều 29",
    ),
    _denunciation(
        "29.1.b",
        "người tố cáo không có năng lực hành vi dân sự đầy đủ mà không có người đại diện theo quy định của pháp luật",
        "điểm b khoản 1 Điều 29",
    ),
    _denunciation("29.1.c", "vụ việc không thuộc thẩm quyền giải quyết của cơ quan", "điểm c khoản 1 Điều 29"),
    _denunciation(
        "29.1.d",
        "nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi vi phạm pháp luật",
        "điểm d khoản 1 Điều 29",
    ),
    _denunciation(
        "25",
        "đơn không rõ họ tên, địa chỉ của người tố cáo hoặc không xác định được người tố cáo",
        "Điều 25",
    ),
    _petition("unsigned", "đơn không ghi rõ họ tên, địa chỉ, không có chữ ký hoặc điểm chỉ của người viết đơn"),
    _petition("sent_to_many", "đơn đồng thời gửi nhiều cơ quan, trong đó đã gửi đến cơ quan có thẩm quyền giải quyết"),
    _petition("guided_before", "đơn đã được hướng dẫn một lần về cùng nội dung"),
    _petition("already_settled", "nội dung đơn đã được giải quyết theo quy định, không có tình tiết mới"),
)
BY_CODE = {ground.code: ground for ground in GROUNDS}

# The ground a petition's recorded ineligibility stands for, by kind (a multiple petition takes none).
_FROM_INELIGIBILITY: dict[tuple[PetitionKind, Ineligibility], str] = {
    (PetitionKind.COMPLAINT, Ineligibility.UNSIGNED): "complaint.11.5",
    (PetitionKind.COMPLAINT, Ineligibility.NO_CAPACITY): "complaint.11.3",
    (PetitionKind.COMPLAINT, Ineligibility.OVER_TIME_LIMIT): "complaint.11.6",
    (PetitionKind.COMPLAINT, Ineligibility.ALREADY_SETTLED): "complaint.11.7",
    (PetitionKind.COMPLAINT, Ineligibility.COURT_ACCEPTED): "complaint.11.9",
    (PetitionKind.DENUNCIATION, Ineligibility.ANONYMOUS): "denunciation.25",
    (PetitionKind.DENUNCIATION, Ineligibility.UNSIGNED): "denunciation.29.1.a",
    (PetitionKind.DENUNCIATION, Ineligibility.NO_CAPACITY): "denunciation.29.1.b",
    (PetitionKind.RECOMMENDATION, Ineligibility.UNSIGNED): "recommendation.unsigned",
    (PetitionKind.RECOMMENDATION, Ineligibility.ANONYMOUS): "recommendation.unsigned",
    (PetitionKind.RECOMMENDATION, Ineligibility.SENT_TO_MANY): "recommendation.sent_to_many",
    (PetitionKind.RECOMMENDATION, Ineligibility.GUIDED_BEFORE): "recommendation.guided_before",
    (PetitionKind.RECOMMENDATION, Ineligibility.ALREADY_SETTLED): "recommendation.already_settled",
}


def grounds_for(kind: PetitionKind) -> tuple[Ground, ...]:
    """The grounds a refusal of a petition of ``kind`` may give (a multiple petition is split first)."""
    return tuple(ground for ground in GROUNDS if ground.kind == kind)


def ground_of(kind: PetitionKind, code: str, ineligibility: Ineligibility | None) -> Ground | None:
    """The ground chosen (``code``), else the one the recorded ineligibility stands for."""
    ground = BY_CODE.get(code)
    if ground is not None and ground.kind == kind:
        return ground
    if ineligibility is None:
        return None
    return BY_CODE.get(_FROM_INELIGIBILITY.get((kind, ineligibility), ""))
