"""The projections lists read, built from one aggregate each (nothing confidential).

- a review's row (``IndexRow``): status, flags, due date, which aspects are missing or too
  short, which parties and signatories are missing, its current sign-off, its measures
  (id, number, due date, status: no text), what its state accepts, the next action and
  who holds it;
- a sign-off's slots (``SlotRow``): holder, role, mark, so that pending signatures are a
  join with the review's current sign-off;
- an account's row (``AccountRow``): username, display name, unit, role, scope, disabled;
- a reference entry's row (``ReferenceRow``): kind, code, label, parent, active.

Each is written with its aggregate's events, in their transaction, and rebuilt from the
events alone by ``fupan reindex``. ``PROJECTION_SHAPE`` names their shape and the settings
they depend on: a store whose projections have another shape rebuilds them at start.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from application.index import INDEX_VERSION, IndexRow
from application.policy import Action, possible
from domain.account import Account
from domain.errors import Code
from domain.reference import ReferenceEntry
from domain.review import Review
from domain.signoff import SignOff
from domain.substance import is_placeholder
from domain.values import Aspect, MeasureStatus, Party, SignatoryRole, Status


def projection_shape(min_aspect_chars: int) -> str:
    """The projections' shape: their version and the one setting they depend on."""
    return f"{INDEX_VERSION}:{min_aspect_chars}"


@dataclass(frozen=True)
class SlotRow:
    """One signature slot of a sign-off, as lists need it."""

    signoff_id: UUID
    review_id: UUID
    revision: int
    slot: str
    holder: UUID
    role: str
    mark: str | None
    version: int


@dataclass(frozen=True)
class AccountRow:
    """An account as name lookups and per-request principals need it (no secrets)."""

    account_id: UUID
    version: int
    username: str
    display_name: str
    unit: str
    role: str
    jurisdictions: tuple[str, ...]
    city_wide: bool
    disabled: bool


@dataclass(frozen=True)
class ReferenceRow:
    """A reference entry as the forms offer it (``domain.reference``)."""

    entry_id: UUID
    version: int
    kind: str
    code: str
    label: str
    parent: str
    active: bool
    details: str = "{}"  # JSON: what the kind needs beyond a label (an expert's details)

    @property
    def detail(self) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(self.details or "{}")
        return found


@dataclass(frozen=True)
class Projections:
    """Everything the projections hold, as rebuilt from the events."""

    reviews: list[IndexRow] = field(default_factory=list)
    slots: list[SlotRow] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    references: list[ReferenceRow] = field(default_factory=list)


def review_row(
    review: Review, min_chars: int, duplicate_key: str | None, student_key: str | None
) -> IndexRow:
    """The review's row, computed from the aggregate alone."""
    incident = review.incident
    found = {b["code"]: b for b in review.blockers(min_chars)}
    # An erased review's texts no longer read back (nothing is written to it any more).
    missing, short = _aspects(review) if not review.erased else ([], [])
    short = [a for a in short if a in found.get(Code.ASPECTS_INCOMPLETE, {}).get("aspects", [])]
    action, holder = next_step(review, set(found))
    withdrawn = review.status is Status.WITHDRAWN
    numbers = {m: n for n, m in enumerate(review.measures, start=1)}
    return IndexRow(
        review_id=review.id,
        version=review.version,
        reference=review.reference or "",
        themes=themes_column(review),
        unthemed=len(review.unthemed_risk_points()),
        themes_missing=Code.THEMES_MISSING in found,
        paper_marks=review.status is Status.CLOSED
        and bool(review.closings and review.closings[-1].get("paper_slots")),
        school=incident.school,
        jurisdiction=incident.jurisdiction,
        category=incident.category.value,
        on_premises=incident.on_premises,
        occurred_on=incident.occurred_on,
        due_on=review.due_on,
        status=review.status.value,
        report_revision=review.report_revision,
        first_closed_at=review.first_closed_at,
        late=review.late,
        registered_at=review.created_on,
        updated_at=review.modified_on,
        participants=json.dumps(
            {
                "members": sorted(review.team),
                "signatories": sorted({str(x.account_id) for x in review.signatories.values()}),
            },
            sort_keys=True,
        ),
        duplicate_key=None if review.erased else duplicate_key,
        lane=lane_of(review.status, review.first_closed_at is not None),
        student_key=None if review.erased else student_key,
        erased=review.erased,
        withdrawal_pending=review.withdrawal is not None and not withdrawn,
        aspects_missing=",".join(missing),
        aspects_short=",".join(short if Code.ASPECTS_INCOMPLETE in found else []),
        risk_points=len(review.risk_points),
        measures_addressing=Code.MEASURES_MISSING not in found,
        parties_missing=",".join(p.value for p in Party if p in _missing_parties(review)),
        signatories_missing=",".join(
            r.value for r in SignatoryRole if r.value not in review.signatories
        ),
        signoff_id=review.signoff_id,
        accepts=accepts_of(review),
        next_action=action,
        next_holder=holder,
        measures=json.dumps(
            [
                {
                    "id": str(m.id),
                    "n": numbers[key],
                    "due_on": m.due_on.isoformat(),
                    "status": m.status.value,
                    "owner_account": str(m.owner_account) if m.owner_account else None,
                    "themes": review.measure_themes(m),
                }
                for key, m in review.measures.items()
            ]
        ),
    )


def themes_column(review: Review) -> str:
    """The themes of the review's current risk points, as "|a|b|" ("" for none)."""
    found = sorted({t for key in review.risk_points for t in review.themes_of(key)})
    return "|" + "|".join(found) + "|" if found else ""


def lane_of(status: Status, submitted: bool) -> int:
    """Where a review sorts by default: 0 its deadline runs (overdue ones first, by due date),
    1 open again for a correction, 2 closed or withdrawn."""
    if status in (Status.CLOSED, Status.WITHDRAWN):
        return 2
    return 1 if submitted else 0


def accepts_of(review: Review) -> str:
    """The actions the review's state accepts now (the domain's own guards), except closing,
    which depends on the sign-off's slots (pending = 0, read from the slot rows)."""
    found = possible(review, None) - {Action.CLOSE, Action.VIEW_REVIEW, Action.AUDIT}
    return "|" + "|".join(sorted(a.value for a in found)) + "|" if found else ""


def next_step(review: Review, blockers: set[str]) -> tuple[str, str]:
    """The next action and who holds it (a role of the review, not a person)."""
    status = review.status
    if review.erased or status is Status.WITHDRAWN:
        return "", ""
    if review.withdrawal is not None:
        return "confirm_withdrawal", "city_officer"
    if status is Status.CLOSED:
        open_measures = any(m.status is not MeasureStatus.TAKEN for m in review.measures.values())
        return ("follow_up", "team") if open_measures else ("", "")
    if status is Status.AWAITING_SIGNATURES:
        return "sign", "signatories"  # "close" once no slot is pending (read with the slots)
    if blockers & {Code.TEAM_INCOMPLETE, Code.SIGNATORIES_MISSING}:
        return "form_team", "case_officer"
    if blockers:
        return "write_report", "team"
    return "send_for_signature", "case_officer"


def slot_rows(signoff: SignOff) -> list[SlotRow]:
    return [
        SlotRow(
            signoff_id=signoff.id,
            review_id=signoff.review_id,
            revision=signoff.revision,
            slot=key,
            holder=slot.holder,
            role=slot.role,
            mark=signoff.marks[key].mark.value if key in signoff.marks else None,
            version=signoff.version,
        )
        for key, slot in signoff.slots.items()
    ]


def reference_row(entry: ReferenceEntry) -> ReferenceRow:
    return ReferenceRow(
        entry_id=entry.id,
        version=entry.version,
        kind=entry.kind,
        code=entry.code,
        label=entry.label,
        parent=entry.parent,
        active=entry.active,
        details=json.dumps(entry.details, ensure_ascii=False, sort_keys=True),
    )


def account_row(account: Account) -> AccountRow:
    return AccountRow(
        account_id=account.id,
        version=account.version,
        username=account.username,
        display_name=account.display_name,
        unit=account.unit,
        role=account.role.value,
        jurisdictions=tuple(account.jurisdictions),
        city_wide=account.city_wide,
        disabled=account.disabled,
    )


def measures_of(row: IndexRow) -> list[tuple[UUID, int, date, str]]:
    """(measure id, number, due date, status) of a row's measures."""
    return [
        (UUID(m["id"]), int(m["n"]), date.fromisoformat(m["due_on"]), m["status"])
        for m in json.loads(row.measures)
    ]


def people_of(row: IndexRow) -> list[tuple[UUID, str]]:
    """(account id, "member" or "signatory") of a row's participants."""
    scope = row.scope
    return [(m, "member") for m in sorted(scope.members)] + [
        (s, "signatory") for s in sorted(scope.signatories)
    ]


def _aspects(review: Review) -> tuple[list[str], list[str]]:
    """Aspects with no text (or a placeholder), and the others (maybe too short)."""
    missing, written = [], []
    for aspect in Aspect:
        text = review.aspects.get(aspect.value)
        if text is None or is_placeholder(text.text):
            missing.append(aspect.value)
        else:
            written.append(aspect.value)
    return missing, written


def _missing_parties(review: Review) -> set[Party]:
    return set(review.parties_missing())
