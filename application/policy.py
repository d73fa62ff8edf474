"""The one access policy: who may do what to which review (brief, rule 6). Deny by default.

- case officers: reviews of the jurisdictions in their scope (or the whole city); they
  register, form the team, send for signature, close, open corrections, follow up measures;
- investigators and signatories: what their appointments on a review give them; members
  write the report and follow up measures; signatories read and sign;
- inspectors: every review, read-only, and the audit views;
- administrators: accounts and keys, no case content.

A review outside the principal's sight is reported as not found, so that ids reveal
nothing; a visible review on which the action is not allowed is a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from domain.account import Role
from domain.errors import DomainError


class Action(Enum):
    LIST_REVIEWS = "list_reviews"
    VIEW_REVIEW = "view_review"
    REGISTER_INCIDENT = "register_incident"
    AMEND_INCIDENT = "amend_incident"
    MANAGE_TEAM = "manage_team"
    WRITE_REPORT = "write_report"
    SEND_FOR_SIGNATURE = "send_for_signature"
    SIGN = "sign"
    CLOSE = "close"
    OPEN_CORRECTION = "open_correction"
    FOLLOW_UP = "follow_up"
    AUDIT = "audit"
    ADMINISTER = "administer"


class AccessDenied(DomainError):
    code = "forbidden"


@dataclass(frozen=True)
class Principal:
    """The acting account, as of this request."""

    account_id: UUID
    username: str
    display_name: str
    role: Role
    jurisdictions: frozenset[str] = frozenset()
    city_wide: bool = False


@dataclass(frozen=True)
class ReviewScope:
    """What the policy needs to know of a review."""

    jurisdiction: str
    members: frozenset[UUID]
    signatories: frozenset[UUID]


OFFICER_ACTIONS = frozenset({
    Action.VIEW_REVIEW, Action.AMEND_INCIDENT, Action.MANAGE_TEAM, Action.SEND_FOR_SIGNATURE,
    Action.CLOSE, Action.OPEN_CORRECTION, Action.FOLLOW_UP,
})  # fmt: skip
# Every investigator signs the report too (their own slot; the domain checks the holder).
MEMBER_ACTIONS = frozenset({Action.VIEW_REVIEW, Action.WRITE_REPORT, Action.FOLLOW_UP, Action.SIGN})
SIGNATORY_ACTIONS = frozenset({Action.VIEW_REVIEW, Action.SIGN})


def in_jurisdiction(principal: Principal, jurisdiction: str) -> bool:
    return principal.role is Role.CASE_OFFICER and (
        principal.city_wide or jurisdiction in principal.jurisdictions
    )


def actions_on(principal: Principal, review: ReviewScope) -> frozenset[Action]:
    """Everything this principal may do to this review (empty: it is invisible to them)."""
    if principal.role is Role.INSPECTOR:
        return frozenset({Action.VIEW_REVIEW, Action.AUDIT})
    allowed: set[Action] = set()
    if in_jurisdiction(principal, review.jurisdiction):
        allowed |= OFFICER_ACTIONS
    if principal.role in (Role.INVESTIGATOR, Role.SIGNATORY):
        if principal.account_id in review.members:
            allowed |= MEMBER_ACTIONS
        if principal.account_id in review.signatories:
            allowed |= SIGNATORY_ACTIONS
    return frozenset(allowed)


def check(principal: Principal, action: Action, review: ReviewScope) -> None:
    """Raise unless ``principal`` may do ``action`` on ``review``."""
    if action not in actions_on(principal, review):
        raise AccessDenied(f"{principal.role.value} may not {action.value} on this review")


def check_global(principal: Principal, action: Action, jurisdiction: str | None = None) -> None:
    """Actions that concern no existing review."""
    role = principal.role
    if action is Action.LIST_REVIEWS and role is not Role.ADMINISTRATOR:
        return
    if (
        action is Action.REGISTER_INCIDENT
        and jurisdiction is not None
        and (in_jurisdiction(principal, jurisdiction))
    ):
        return
    if action is Action.AUDIT and role is Role.INSPECTOR:
        return
    if action is Action.ADMINISTER and role is Role.ADMINISTRATOR:
        return
    raise AccessDenied(f"{role.value} may not {action.value}")
