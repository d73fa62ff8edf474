"""What the history shows: events, changes between versions, signature checks, access records."""

from __future__ import annotations

from typing import Any, TypedDict

from application.views.accounts import KeyProvenance


class EventView(TypedDict):
    """One line of history: what happened, when, by whom, and the event's data."""

    stream: str
    stream_id: str
    version: int
    event: str
    at: str
    actor: str
    data: dict[str, Any]
    position: int | None


class Change(TypedDict):
    """A piece of signed content added, removed or changed between two revisions."""

    section: str
    item: str
    kind: str
    before: str
    after: str
    segments: list[tuple[str, str]]
    named: bool  # ``item`` is a name of the domain (else an id)


class SignatureCheck(TypedDict):
    revision: int
    slot: str
    mark: str
    signer: str
    key_id: str
    public_key: str
    fingerprint: str
    signed_at: str
    payload: str
    signature: str
    valid: bool
    key: KeyProvenance | None
    revoked: bool  # the key was revoked before this signature's time


class AccessRecordView(TypedDict):
    review_id: str
    actor: str
    what: str
    at: str
