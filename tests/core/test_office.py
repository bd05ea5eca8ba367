"""The office profile: saved again and again, in one transaction or several, it stays what was given."""

from __future__ import annotations

import dataclasses

from desktop.core.database import Database
from desktop.core.office import EXAMPLE_OFFICE, AuthorityProfile, SignerProfile, get_office, save_office

PROFILE = dataclasses.replace(
    EXAMPLE_OFFICE,
    authorities=(
        AuthorityProfile(
            name="Ủy ban nhân dân tỉnh An Giang",
            head_position="Chủ tịch",
            signing_line="TM. Ủy ban nhân dân",
            number_symbol="UBND",
            signers=(SignerProfile("Nguyễn Văn An", "Chủ tịch", ""),),
        ),
    ),
)


def test_the_profile_with_authorities_and_signers_saves_twice_in_one_transaction(any_database: Database) -> None:
    """A signer points at its authority: the old ones go before their authority does."""
    with any_database.sessions.begin() as session:
        save_office(session, PROFILE)
        save_office(session, PROFILE)
    with any_database.sessions.begin() as session:
        saved = save_office(session, PROFILE)
    with any_database.sessions() as session:
        again = get_office(session)
    assert again == saved
    assert [a.name for a in saved.authorities] == ["Ủy ban nhân dân tỉnh An Giang"]
    assert [s.full_name for s in saved.authorities[0].signers] == ["Nguyễn Văn An"]
