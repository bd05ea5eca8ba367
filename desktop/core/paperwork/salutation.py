"""How a paper addresses a person: "ông" or "bà" from the sex stored, "ông/bà" only when it is unknown.

Shared by the slips and the letters, so every paper of a visit names the citizen the same way.
"""

from __future__ import annotations

from db.enums import Sex

_WORDS = {Sex.MALE: "ông", Sex.FEMALE: "bà"}
UNKNOWN = "ông/bà"


def salutation(sex: Sex | None) -> str:
    """ "ông", "bà" or "ông/bà", as written inside a sentence ("hẹn ông: ...")."""
    return _WORDS.get(sex, UNKNOWN) if sex is not None else UNKNOWN


def titled(sex: Sex | None, name: str) -> str:
    """ "Ông Trần Văn Tâm", "Bà Lê Thị Hoa" or "Ông/Bà Nguyễn An", as at the start of a line."""
    word = "/".join(part.capitalize() for part in salutation(sex).split("/"))
    return f"{word} {name}".strip()
