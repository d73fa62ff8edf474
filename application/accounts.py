"""Account identifiers. Every event records the acting account's id; the CLI acts as a
named operator whose id is derived from its username, as every account's will be."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:account")


def account_id_for(username: str) -> UUID:
    """The stable id of the account with this username."""
    return uuid5(ACCOUNT_NAMESPACE, username.strip().lower())
