"""The one access policy: who may do what to which review (brief, rule 6). Deny by default.

- case officers: reviews of the jurisdictions in their scope (or the whole city); they
  register, form the team, send for signature, close, open corrections, follow up measures;
- investigators and signatories: what their appointments on a review give them; members
  write the report and follow up measures; signatories read and sign;
- inspectors: every review, read-only, and the audit views;
- administrators: accounts and keys, no case content.

A review outside the principal's sight is reported as not found, so that ids reveal
nothing; a visible review on which the action is not allowed is a refusal. What a user may
do *now* is this policy intersected with what the review's state accepts (``possible``),
which the domain's own guards decide.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from uuid import UUID

from application.errors import AccessDenied
from domain.account import Role
from domain.errors import DomainError
from domain.review import Review
from domain.signoff import SignOff


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
    WITHDRAW_REGISTRATION = "withdraw_registration"
    CANCEL_WITHDRAWAL = "cancel_withdrawal"
    CONFIRM_WITHDRAWAL = "confirm_withdrawal"
    AUDIT = "audit"
    ADMINISTER = "administer"
    URGE = "urge"
    MANAGE_REFERENCE = "manage_reference"
    SEARCH_PEOPLE = "search_people"
    ATTACH = "attach"
    RECORD_PAPER_MARK = "record_paper_mark"
    CLASSIFY = "classify"  # choose a risk point's themes (not signed content)
    VIEW_STATISTICS = "view_statistics"
    KEEP_CASE_LISTS = "keep_case_lists"  # themes and the expert pool
    # The notice's work list (issue 23): rounds issued by the city, done by the counties.
    VIEW_ROUNDS = "view_rounds"
    ISSUE_ROUND = "issue_round"


class Area(Enum):
    """The parts of the interface a principal's navigation offers."""

    DASHBOARD = "dashboard"
    TASKS = "tasks"
    REGISTER = "register"
    INTEGRITY = "integrity"
    ACCOUNTS = "accounts"
    REFERENCE = "reference"
    STATISTICS = "statistics"
    CASE_LISTS = "case_lists"
    CHECKLISTS = "checklists"


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


PARTICIPATIONS = ("member", "signatory")


@dataclass(frozen=True)
class Sight:
    """Which reviews a principal reaches (for an action, or to see them in lists):
    ``everything``, or those of the named jurisdictions or where ``participant`` is among
    the participants of one of the ``kinds`` (members, designated signatories): either."""

    everything: bool = False
    jurisdictions: tuple[str, ...] = ()
    participant: UUID | None = None
    kinds: tuple[str, ...] = PARTICIPATIONS

    def matches(self, review: ReviewScope) -> bool:
        """Whether this review is within reach."""
        if self.everything or review.jurisdiction in self.jurisdictions:
            return True
        if self.participant is None:
            return False
        return ("member" in self.kinds and self.participant in review.members) or (
            "signatory" in self.kinds and self.participant in review.signatories
        )

    @property
    def empty(self) -> bool:
        """Nothing is within reach."""
        return not (
            self.everything or self.jurisdictions or (self.participant is not None and self.kinds)
        )


OFFICER_ACTIONS = frozenset(
    {
        Action.VIEW_REVIEW,
        Action.AMEND_INCIDENT,
        Action.MANAGE_TEAM,
        Action.SEND_FOR_SIGNATURE,
        Action.CLOSE,
        Action.OPEN_CORRECTION,
        Action.FOLLOW_UP,
        Action.CLASSIFY,
        Action.WITHDRAW_REGISTRATION,
        Action.CANCEL_WITHDRAWAL,
        Action.URGE,
        Action.ATTACH,
        Action.RECORD_PAPER_MARK,
    }
)
# A withdrawal is requested by an officer of the jurisdiction and confirmed by another,
# city-wide, officer (the domain refuses the requester).
CITY_WIDE_ACTIONS = frozenset({Action.CONFIRM_WITHDRAWAL})
# Every investigator signs the report too (their own slot; the domain checks the holder).
MEMBER_ACTIONS = frozenset(
    {
        Action.VIEW_REVIEW,
        Action.WRITE_REPORT,
        Action.FOLLOW_UP,
        Action.CLASSIFY,
        Action.SIGN,
        Action.ATTACH,
    }
)
SIGNATORY_ACTIONS = frozenset({Action.VIEW_REVIEW, Action.SIGN})
INSPECTOR_ACTIONS = frozenset({Action.VIEW_REVIEW, Action.AUDIT})
# Accounts that can be appointed to a team or designated as a signatory.
PARTICIPANT_ROLES = frozenset({Role.INVESTIGATOR, Role.SIGNATORY})
NAVIGATION: dict[Role, tuple[Area, ...]] = {
    Role.CASE_OFFICER: (Area.DASHBOARD, Area.TASKS, Area.REGISTER, Area.STATISTICS),
    Role.INVESTIGATOR: (Area.DASHBOARD, Area.TASKS),
    Role.SIGNATORY: (Area.DASHBOARD, Area.TASKS),
    Role.INSPECTOR: (Area.DASHBOARD, Area.TASKS, Area.INTEGRITY, Area.STATISTICS),
    Role.ADMINISTRATOR: (Area.ACCOUNTS, Area.REFERENCE),
}


def in_jurisdiction(principal: Principal, jurisdiction: str) -> bool:
    return principal.role is Role.CASE_OFFICER and (
        principal.city_wide or jurisdiction in principal.jurisdictions
    )


def actions_on(principal: Principal, review: ReviewScope) -> frozenset[Action]:
    """Everything this principal may do to this review (empty: it is invisible to them)."""
    if principal.role is Role.INSPECTOR:
        return INSPECTOR_ACTIONS
    allowed: set[Action] = set()
    if in_jurisdiction(principal, review.jurisdiction):
        allowed |= OFFICER_ACTIONS
        if principal.city_wide:
            allowed |= CITY_WIDE_ACTIONS
    if principal.role in PARTICIPANT_ROLES:
        if principal.account_id in review.members:
            allowed |= MEMBER_ACTIONS
        if principal.account_id in review.signatories:
            allowed |= SIGNATORY_ACTIONS
    return frozenset(allowed)


def check(principal: Principal, action: Action, review: ReviewScope) -> None:
    """Raise unless ``principal`` may do ``action`` on ``review``."""
    if action not in actions_on(principal, review):
        raise AccessDenied(f"{principal.role.value} may not {action.value} on this review")


def may_register(principal: Principal) -> bool:
    """Case officers with a scope register incidents (in a jurisdiction of that scope)."""
    return principal.role is Role.CASE_OFFICER and bool(
        principal.city_wide or principal.jurisdictions
    )


def check_global(principal: Principal, action: Action, jurisdiction: str | None = None) -> None:
    """Actions that concern no existing review."""
    role = principal.role
    allowed = {
        Action.LIST_REVIEWS: role is not Role.ADMINISTRATOR,
        Action.REGISTER_INCIDENT: may_register(principal)
        and (jurisdiction is None or in_jurisdiction(principal, jurisdiction)),
        Action.AUDIT: role is Role.INSPECTOR,
        Action.ADMINISTER: role is Role.ADMINISTRATOR,
        # Reference data (jurisdictions, schools) is kept by administrators.
        Action.MANAGE_REFERENCE: role is Role.ADMINISTRATOR,
        # Case officers pick team members and signatories from the active investigator
        # and signatory accounts (name, unit and id only: ``PersonView``).
        Action.SEARCH_PEOPLE: may_register(principal),
        # Statistics: inspectors and case officers (each within their sight: ``reach``).
        Action.VIEW_STATISTICS: role is Role.INSPECTOR or may_register(principal),
        # The themes and the expert pool are kept by city-wide case officers.
        Action.KEEP_CASE_LISTS: role is Role.CASE_OFFICER and principal.city_wide,
        # Checklist rounds: issued by city-wide officers; seen by inspectors and officers
        # (each the columns of their scope: ``round_columns``).
        Action.VIEW_ROUNDS: role is Role.INSPECTOR or may_register(principal),
        Action.ISSUE_ROUND: may_issue_round(principal),
    }
    if not allowed.get(action, False):
        raise AccessDenied(f"{role.value} may not {action.value}")


def may_issue_round(principal: Principal) -> bool:
    """Checklist rounds are issued (and their templates kept) by city-wide officers."""
    return principal.role is Role.CASE_OFFICER and principal.city_wide


def sees_every_column(principal: Principal) -> bool:
    """Inspectors and city-wide officers read a round's whole matrix."""
    return principal.role is Role.INSPECTOR or may_issue_round(principal)


def allowed_globally(principal: Principal, action: Action) -> bool:
    """``check_global`` as a yes or no (what a page offers)."""
    try:
        check_global(principal, action)
    except AccessDenied:
        return False
    return True


def round_columns(principal: Principal, jurisdictions: Iterable[str]) -> tuple[str, ...]:
    """The columns of a checklist round a principal sees: every one for inspectors and
    city-wide officers (the city's matrix), those of their scope for a county's officers,
    none for anyone else."""
    if sees_every_column(principal):
        return tuple(jurisdictions)
    if principal.role is Role.CASE_OFFICER:
        return tuple(j for j in jurisdictions if j in principal.jurisdictions)
    return ()


def may_record_round(principal: Principal, jurisdiction: str) -> bool:
    """A jurisdiction's items are recorded, evidenced and submitted by the officers whose
    scope names it (the county's own); the city reads them."""
    return principal.role is Role.CASE_OFFICER and jurisdiction in principal.jurisdictions


def reach(principal: Principal, action: Action) -> Sight:
    """The reviews on which this principal may do ``action``: ``actions_on`` as a filter
    a list can apply in SQL (a test holds the two to agree)."""
    role = principal.role
    if role is Role.INSPECTOR:
        return Sight(everything=True) if action in INSPECTOR_ACTIONS else Sight()
    if role is Role.CASE_OFFICER:
        officer = OFFICER_ACTIONS | (CITY_WIDE_ACTIONS if principal.city_wide else frozenset())
        if action not in officer:
            return Sight()
        if principal.city_wide:
            return Sight(everything=True)
        return Sight(jurisdictions=tuple(sorted(principal.jurisdictions)))
    if role in PARTICIPANT_ROLES:
        kinds = tuple(
            kind
            for kind, actions in (("member", MEMBER_ACTIONS), ("signatory", SIGNATORY_ACTIONS))
            if action in actions
        )
        return Sight(participant=principal.account_id, kinds=kinds) if kinds else Sight()
    return Sight()


def sight(principal: Principal) -> Sight:
    """Which reviews this principal's lists show: those they may view."""
    return reach(principal, Action.VIEW_REVIEW)


def navigation(principal: Principal) -> tuple[Area, ...]:
    """The areas this principal's navigation offers."""
    areas = NAVIGATION[principal.role]
    if principal.role is Role.CASE_OFFICER and not may_register(principal):
        areas = tuple(a for a in areas if a is not Area.STATISTICS)
    if principal.role is Role.CASE_OFFICER and principal.city_wide:
        areas = (*areas, Area.CASE_LISTS)
    if principal.role is Role.INSPECTOR or may_register(principal):
        areas = (*areas, Area.CHECKLISTS)
    return areas


def may_participate(role: Role) -> bool:
    """Whether an account of this role can be appointed or designated on a review."""
    return role in PARTICIPANT_ROLES


# ---- what the review's state accepts now -----------------------------------------------

# Each action runs the domain's own guards of the commands it stands for: the state side of
# "what may this user do now" is never written twice.
Guard = Callable[[Review, SignOff | None], None]


def _on_review(check: Callable[[Review], None]) -> Guard:
    return lambda review, _: check(review)


def _fully_signed(review: Review, signoff: SignOff | None) -> None:
    if signoff is not None:  # awaiting signatures always has one
        review.check_current_signoff(signoff)
        review.check_fully_signed(signoff)


NOT_CLOSED = _on_review(Review.check_not_closed)
AWAITING = _on_review(Review.check_awaiting_signatures)
STATE_GUARDS: dict[Action, tuple[Guard, ...]] = {
    Action.AMEND_INCIDENT: (NOT_CLOSED,),
    Action.MANAGE_TEAM: (NOT_CLOSED,),
    Action.WRITE_REPORT: (NOT_CLOSED,),
    Action.SEND_FOR_SIGNATURE: (NOT_CLOSED, _on_review(Review.check_not_sent)),
    Action.SIGN: (NOT_CLOSED, AWAITING),
    Action.RECORD_PAPER_MARK: (NOT_CLOSED, AWAITING),
    Action.CLOSE: (NOT_CLOSED, AWAITING, _fully_signed),
    Action.OPEN_CORRECTION: (
        _on_review(Review.check_not_erased),
        _on_review(Review.check_closed),
    ),
    Action.FOLLOW_UP: (_on_review(Review.check_writable),),
    # Open reviews, and evidence of measures after closing (the domain decides which).
    Action.ATTACH: (_on_review(Review.check_writable),),
    Action.CLASSIFY: (_on_review(Review.check_writable),),
    Action.WITHDRAW_REGISTRATION: (
        _on_review(Review.check_writable),
        _on_review(Review.check_never_sent),
        _on_review(Review.check_no_withdrawal_pending),
    ),
    Action.CANCEL_WITHDRAWAL: (
        _on_review(Review.check_writable),
        _on_review(Review.check_withdrawal_pending),
    ),
    Action.CONFIRM_WITHDRAWAL: (
        _on_review(Review.check_writable),
        _on_review(Review.check_withdrawal_pending),
    ),
    Action.URGE: (NOT_CLOSED,),
}


def possible(review: Review, signoff: SignOff | None) -> frozenset[Action]:
    """The actions the review's state accepts now, whoever asks."""
    found = {Action.VIEW_REVIEW, Action.AUDIT}
    for action, guards in STATE_GUARDS.items():
        try:
            for guard in guards:
                guard(review, signoff)
        except DomainError:
            continue
        found.add(action)
    return frozenset(found)
