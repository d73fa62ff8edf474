"""Read models built from aggregates and events (the types are in ``application.views``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, cast
from uuid import UUID

from application.policy import possible
from application.views import (
    AccountEvent,
    AccountRequestView,
    AccountSummary,
    AttachmentView,
    EventView,
    KeyProvenance,
    ReferenceEvent,
    ReviewView,
    SignOffView,
    SlotView,
)
from domain.account import Account
from domain.account_request import AccountRequest
from domain.attachment import Attachment
from domain.deadline import deadline
from domain.review import Review
from domain.signoff import SignOff


def primitive(obj: Any) -> Any:
    """Dates, enums, ids and value objects as JSON-ready values."""
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: primitive(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): primitive(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [primitive(v) for v in obj]
    if isinstance(obj, UUID):
        return str(obj)
    return obj


def masked(value: str) -> str:
    """Personal data as shown before a recorded "show": the first character only."""
    return f"{value[:1]}**" if value else "—"


def masked_student(student: Mapping[str, Any]) -> dict[str, Any]:
    """The student as anyone who may read the review sees them: the name masked, no ID
    number (both behind a recorded "show")."""
    shown = {k: v for k, v in student.items() if k != "id_number"}
    if "name" in shown:
        shown["name"] = masked(str(shown["name"]))
    return shown


def review_view(
    review: Review,
    signoff: SignOff | None,
    now: datetime,
    min_chars: int,
    declines: list[SlotView],
) -> ReviewView:
    """The whole review, personal data included: callers decide who may see it."""
    closed = review.status.value == "closed"
    return {
        "id": str(review.id),
        "reference_number": review.reference,
        "version": review.version,
        "status": review.status.value,
        "erased": review.erased,
        "incident": primitive(review.incident),
        "due_on": review.due_on.isoformat(),
        "deadline": deadline(review.due_on).isoformat(),
        "days_left": review.days_left(now),
        "overdue": review.is_overdue(now),
        "submitted": review.is_submitted(),
        "late": review.late,
        "late_reason": review.late_reason,
        "team": [primitive(m) for m in sorted(review.team.values(), key=lambda m: m.party.value)],
        "parties_missing": [p.value for p in review.parties_missing()],
        "signatories": primitive(review.signatories),
        "aspects": primitive(review.aspects),
        "risk_points": [
            cast(Any, {**primitive(r), "themes": review.themes_of(r.id)})
            for r in review.risk_points.values()
        ],
        "measures": [
            cast(Any, {**primitive(m), "themes": review.measure_themes(m)})
            for m in review.measures.values()
        ],
        "attachments": [attachment_view(a) for a in review.attachments.values()],
        "report_revision": review.report_revision,
        "content_hash": review.content_hash(),
        "sent_content_hash": review.sent_hash,
        "signoff": signoff_view(signoff) if signoff else None,
        "declines": declines,
        "blockers": cast(Any, review.blockers(min_chars)) if not closed else [],
        "closings": primitive(review.closings),
        "corrections": primitive(review.corrections),
        "withdrawal": primitive(review.withdrawal),
        "registered_at": review.created_on.isoformat(),
        "updated_at": review.modified_on.isoformat(),
        "possible": sorted(a.value for a in possible(review, signoff)),
    }


def attachment_view(a: Attachment) -> AttachmentView:
    return {
        "id": str(a.id),
        "kind": a.kind.value,
        "name": a.name,
        "media_type": a.media_type,
        "size": a.size,
        "sha256": a.sha256,
        "upload_sha256": a.upload_sha256,
        "part_of_report": a.part_of_report,
        "measure": a.measure,
        "added_by": str(a.added_by),
        "added_at": a.added_at.isoformat(),
        "withdrawn": not a.current,
        "withdrawn_at": a.withdrawn_at.isoformat() if a.withdrawn_at else None,
        "withdrawn_by": str(a.withdrawn_by) if a.withdrawn_by else None,
        "withdraw_reason": a.withdraw_reason,
    }


def signoff_view(signoff: SignOff) -> SignOffView:
    slots: list[SlotView] = []
    for key, slot in signoff.slots.items():
        mark = signoff.marks.get(key)
        slots.append(
            {
                "slot": key,
                "holder": str(slot.holder),
                "name": slot.name,
                "role": slot.role,
                "mark": mark.mark.value if mark else None,
                "at": mark.at.isoformat() if mark else None,
                "reason": mark.reason if mark else "",
                "paper": bool(mark and mark.paper),
                "scan_sha256": mark.scan_sha256 if mark else "",
                "recorded_by": str(mark.actor) if mark and mark.paper else "",
            }
        )
    return {
        "id": str(signoff.id),
        "revision": signoff.revision,
        "content_hash": signoff.content_hash,
        "slots": slots,
        "unsigned": signoff.unsigned_slots(),
        "complete": signoff.is_complete,
        "void": signoff.is_void,
        "voided_because": signoff.voided_because,
    }


def event_view(stream: str, event: Any, position: int | None) -> EventView:
    """One line of history: what happened, when, by whom, and the event's data."""
    skip = {"originator_id", "originator_version", "timestamp", "actor", "originator_topic"}
    return {
        "stream": stream,
        "stream_id": str(event.originator_id),
        "version": event.originator_version,
        "event": type(event).__qualname__.split(".")[-1],
        "at": event.timestamp.isoformat(),
        "actor": str(event.actor),
        "data": {k: primitive(v) for k, v in vars(event).items() if k not in skip},
        "position": position,
    }


def key_provenance(account: Account, key_id: str) -> KeyProvenance | None:
    found = account.key_provenance.get(key_id)
    if found is None:
        return None
    revoked = account.revoked_keys.get(key_id)
    return cast(
        KeyProvenance,
        {**primitive(found), "revoked_at": revoked.isoformat() if revoked else None},
    )


def request_summary(request: AccountRequest) -> AccountRequestView:
    return {
        "id": str(request.id),
        "kind": request.kind.value,
        "target_id": str(request.target_id),
        "username": request.username,
        "display_name": request.display_name,
        "role": request.role,
        "jurisdictions": list(request.jurisdictions),
        "city_wide": request.city_wide,
        "requested_by": str(request.requested_by),
        "requested_at": request.requested_at.isoformat(),
        "expires_at": request.expires_at.isoformat(),
        "status": request.status.value,
        "decided_by": str(request.decided_by) if request.decided_by else None,
    }


def account_summary(account: Account) -> AccountSummary:
    return {
        "id": str(account.id),
        "username": account.username,
        "display_name": account.display_name,
        "unit": account.unit,
        "role": account.role.value,
        "jurisdictions": list(account.jurisdictions),
        "city_wide": account.city_wide,
        "disabled": account.disabled,
        "signing_key_id": account.signing_key_id,
        "public_keys": dict(account.public_keys),
        "keys": {
            key_id: provenance
            for key_id in account.public_keys
            if (provenance := key_provenance(account, key_id)) is not None
        },
        "enrolment_pending": account.enrolment is not None,
        "notices": primitive(account.notices),
        "key_reports": [at.isoformat() for at in account.key_reports],
    }


def account_event(event: Any) -> AccountEvent:
    return {
        "event": type(event).__qualname__.split(".")[-1],
        "at": event.timestamp.isoformat(),
        "actor": str(event.actor),
        "version": event.originator_version,
    }


def reference_event(event: Any) -> ReferenceEvent:
    return {
        "event": type(event).__qualname__.split(".")[-1],
        "at": event.timestamp.isoformat(),
        "actor": str(event.actor),
        "version": event.originator_version,
        "detail": str(getattr(event, "label", "")),
    }
