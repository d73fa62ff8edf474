"""Personal signatures checked from the stored events alone, with no key and no database:
the same check for ``fupan verify`` and an exported audit bundle.

Each signature or seal is verified against the public key its signer's account recorded
(``SigningKeyIssued``), over the statement it signed, which must name the sign-off's content
hash and slot. A key revoked (``SigningKeyRevoked``) at or before the signature's time signs
nothing: such a signature is reported invalid. Every signature comes with its key's
provenance: issued with the account, enrolled by the holder, or re-issued after a reset (by
whom, approved by whom, when).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex
from eventsourcing.utils import get_topic

from application.transcodings import register_domain_transcodings
from domain.account import Account
from domain.signoff import SignOff
from infrastructure.crypto.personal_keys import PersonalKeys
from infrastructure.integrity.report import Problem, Report

ISSUED = get_topic(Account.SigningKeyIssued)
REVOKED = get_topic(Account.SigningKeyRevoked)
OPENED = get_topic(SignOff.Started)
MARKS = {get_topic(SignOff.Signed): "signature", get_topic(SignOff.Sealed): "seal"}
WANTED = {ISSUED, REVOKED, OPENED, *MARKS}


@dataclass
class _Key:
    public_key: str
    provenance: dict[str, Any]
    revoked_at: datetime | None = None


@dataclass
class _Found:
    keys: dict[tuple[str, str], _Key] = field(default_factory=dict)
    content: dict[str, str] = field(default_factory=dict)  # sign-off stream → content hash
    marks: list[tuple[int, str, str, dict[str, Any]]] = field(default_factory=list)


def transcoder() -> JSONTranscoder:
    """The desk's transcodings, to read stored events without the desk."""
    found = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        found.register(transcoding)
    register_domain_transcodings(found)
    return found


def check_signatures(events: Iterable[Any], report: Report) -> None:
    """Check every signature and seal among ``events`` (objects with ``id``, ``topic``,
    ``originator_id`` and ``state``); add the results and any invalid one to ``report``."""
    found = _collect(events, report)
    for position, stream, kind, state in found.marks:
        try:
            _check_mark(found, report, (position, stream, kind, state))
        except (KeyError, ValueError, TypeError, AttributeError) as e:
            report.add(_unreadable(position, stream, e))


def _check_mark(found: _Found, report: Report, mark: tuple[int, str, str, dict[str, Any]]) -> None:
    position, stream, kind, state = mark
    signer = str(state["actor"])
    key = found.keys.get((signer, str(state["key_id"])))
    signed_at: datetime = state["timestamp"]
    why = _why_invalid(key, state, found.content.get(stream), signed_at)
    report.signatures.append(
        {
            "position": position,
            "signoff": stream,
            "slot": state["slot"],
            "mark": kind,
            "signer": signer,
            "key_id": state["key_id"],
            "fingerprint": PersonalKeys.fingerprint(key.public_key) if key else "",
            "signed_at": signed_at.isoformat(),
            "valid": why is None,
            "reason": why,
            "key": _provenance(key),
        }
    )
    if why is not None:
        report.add(Problem(position, "signature_invalid", why, stream))


def _unreadable(position: int, stream: str, error: Exception) -> Problem:
    return Problem(
        position,
        "event_unreadable",
        f"a signing event does not read back ({type(error).__name__})",
        stream,
    )


def _collect(events: Iterable[Any], report: Report) -> _Found:
    reader = transcoder()
    found = _Found()
    for event in events:
        if event.topic not in WANTED:
            continue
        stream = str(event.originator_id)
        try:
            _collect_one(found, reader, event, stream)
        except (KeyError, ValueError, TypeError, AttributeError) as e:
            report.add(_unreadable(int(event.id), stream, e))
    return found


def _collect_one(found: _Found, reader: JSONTranscoder, event: Any, stream: str) -> None:
    state = reader.decode(bytes(event.state))
    if event.topic == ISSUED:
        earlier = any(account == stream for account, _ in found.keys)
        found.keys[(stream, state["key_id"])] = _Key(
            state["public_key"],
            {
                "provenance": state.get("provenance", "issued"),
                "issued_at": state["timestamp"].isoformat(),
                "issued_by": str(state["actor"]),
                "requested_by": _text(state.get("requested_by", state["actor"])),
                "approved_by": _text(state.get("approved_by")),
                "reissued": earlier,
            },
        )
    elif event.topic == REVOKED:
        key = found.keys.get((stream, state["key_id"]))
        if key is not None and key.revoked_at is None:
            key.revoked_at = state["timestamp"]
    elif event.topic == OPENED:
        found.content[stream] = state["content_hash"]
    else:
        found.marks.append((int(event.id), stream, MARKS[event.topic], state))


def _why_invalid(
    key: _Key | None, state: dict[str, Any], content_hash: str | None, signed_at: datetime
) -> str | None:
    if key is None:
        return "no key of this signer's account has this id"
    if key.revoked_at is not None and key.revoked_at <= signed_at:
        return f"the key was revoked at {key.revoked_at.isoformat()}, before this signature"
    try:
        statement = json.loads(state["payload"])
        signature = bytes.fromhex(state["signature"])
    except (ValueError, TypeError):
        return "the signed statement or the signature is malformed"
    if not isinstance(statement, dict) or statement.get("content_hash") != content_hash:
        return "the signed statement does not name this sign-off's content"
    named = (statement.get("slot"), statement.get("signer"), statement.get("key_id"))
    if named != (state["slot"], str(state["actor"]), state["key_id"]):
        return "the signed statement names another slot, signer or key"
    if not PersonalKeys.verify(key.public_key, signature, state["payload"].encode("utf-8")):
        return "the signature does not verify with the signer's public key"
    return None


def _provenance(key: _Key | None) -> dict[str, Any] | None:
    if key is None:
        return None
    revoked = key.revoked_at.isoformat() if key.revoked_at else None
    return {**key.provenance, "revoked_at": revoked}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
