"""Account identifiers. Every event records the acting account's id; the CLI acts as a
named operator whose id is derived from its username, as every account's is."""

from __future__ import annotations

from uuid import UUID

from domain.account import Account


def account_id_for(username: str) -> UUID:
    """The stable id of the account with this username."""
    return Account.create_id(username)
