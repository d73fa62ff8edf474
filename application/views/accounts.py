"""What account pages show: accounts, requests, names, their history and key provenance."""

from __future__ import annotations

from typing import Any, TypedDict


class KeyProvenance(TypedDict):
    """Where a signing key came from: ``enrolment`` (its holder set their own password,
    after a request by ``requested_by`` approved by ``approved_by``) or ``issued``."""

    provenance: str
    issued_at: str
    issued_by: str
    requested_by: str | None
    approved_by: str | None
    reissued: bool  # the account had a key before: re-issued after a reset
    revoked_at: str | None


class AccountSummary(TypedDict):
    id: str
    username: str
    display_name: str
    unit: str
    role: str
    jurisdictions: list[str]
    city_wide: bool
    disabled: bool
    signing_key_id: str
    public_keys: dict[str, str]
    keys: dict[str, KeyProvenance]
    enrolment_pending: bool
    notices: list[dict[str, Any]]
    key_reports: list[str]  # when the holder reported a re-issued key was not theirs


class AccountRequestView(TypedDict):
    id: str
    kind: str
    target_id: str
    username: str
    display_name: str
    role: str
    jurisdictions: list[str]
    city_wide: bool
    requested_by: str
    requested_at: str
    expires_at: str
    status: str
    decided_by: str | None


class AccountName(TypedDict):
    username: str
    display_name: str


class AccountEvent(TypedDict):
    event: str
    at: str
    actor: str
    version: int


class ReferenceEvent(TypedDict):
    """A change of a reference entry; ``detail``: the label it added or gave."""

    event: str
    at: str
    actor: str
    version: int
    detail: str


class PersonView(TypedDict):
    """What the people search shows of an account: nothing more."""

    account_id: str
    display_name: str
    unit: str
