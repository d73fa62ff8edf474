"""Read models: what the application returns, as typed JSON-ready dicts (in the manner of
cargoshipping's ``CargoDetails``). Templates, the API and the CLI read these and nothing else.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class StudentView(TypedDict):
    name: str
    gender: str
    grade_class: str
    id_number: str


class IncidentView(TypedDict):
    occurred_on: str
    school: str
    jurisdiction: str
    category: str
    on_premises: bool
    student: StudentView


class MemberView(TypedDict):
    account_id: str
    name: str
    party: str


class SignatoryView(TypedDict):
    account_id: str
    name: str


class AspectView(TypedDict):
    text: str
    draft: int


class RiskPointView(TypedDict):
    id: str
    description: str


class ProgressView(TypedDict):
    at: str
    actor: str
    note: str


class MeasureView(TypedDict):
    id: str
    description: str
    addresses: list[str]
    owner: str
    due_on: str
    status: str
    progress: list[ProgressView]
    evidence: str
    taken_at: str | None


class SlotView(TypedDict):
    slot: str
    holder: str
    name: str
    role: str
    mark: str | None
    at: str | None
    reason: str


class SignOffView(TypedDict):
    id: str
    revision: int
    content_hash: str
    slots: list[SlotView]
    unsigned: list[str]
    complete: bool
    void: bool
    voided_because: str


class Blocker(TypedDict):
    """One thing between a report and its signature; ``section`` names the part of the
    review where it is fixed."""

    code: str
    message: str
    section: str
    aspects: NotRequired[list[str]]
    min_chars: NotRequired[int]
    parties: NotRequired[list[str]]
    roles: NotRequired[list[str]]


class ClosingView(TypedDict):
    revision: int
    signoff_id: str
    at: str


class CorrectionView(TypedDict):
    reason: str
    at: str


class WithdrawalView(TypedDict):
    """A request to withdraw the registration (pending until a second officer confirms)."""

    requested_by: str
    reason: str
    duplicate_of: str | None
    at: str


class ReviewView(TypedDict):
    """The whole review, personal data included: the workspace decides who sees it."""

    id: str
    version: int
    status: str
    erased: bool
    incident: IncidentView
    due_on: str
    deadline: str
    days_left: int
    overdue: bool
    submitted: bool
    late: bool
    late_reason: str
    team: list[MemberView]
    parties_missing: list[str]
    signatories: dict[str, SignatoryView]
    aspects: dict[str, AspectView]
    risk_points: list[RiskPointView]
    measures: list[MeasureView]
    report_revision: int
    content_hash: str
    sent_content_hash: str | None
    signoff: SignOffView | None
    declines: list[SlotView]
    blockers: list[Blocker]
    closings: list[ClosingView]
    corrections: list[CorrectionView]
    withdrawal: WithdrawalView | None
    registered_at: str
    updated_at: str
    possible: list[str]  # actions the state accepts now, whoever asks


class PrincipalReview(ReviewView):
    """The review as one principal sees it: what they may do now, which slots await them."""

    allowed: list[str]
    my_slots: list[str]
    as_of: bool


class Missing(TypedDict):
    """What stands between an open review and its closing, in numbers (no content)."""

    aspects: int
    risks: bool
    parties: list[str]
    signatories: list[str]
    signatures: int


class ReviewSummary(TypedDict):
    """A review as lists show it (from the projections: no confidential content)."""

    id: str
    version: int
    school: str
    jurisdiction: str
    category: str
    on_premises: bool
    occurred_on: str
    due_on: str
    status: str
    report_revision: int
    first_closed_at: str | None
    late: bool
    registered_at: str
    updated_at: str
    days_left: int
    submitted: bool
    overdue: bool
    withdrawal_pending: bool
    erased: bool
    missing: NotRequired[Missing]
    next_action: NotRequired[str]  # e.g. write_report, sign, close; "" when none
    next_holder: NotRequired[str]  # who holds it: case_officer, team, signatories...
    measures_open: NotRequired[int]
    measures_overdue: NotRequired[int]


class ReviewPage(TypedDict):
    """One page of a list; ``next`` is the cursor of the following page (None: last)."""

    items: list[ReviewSummary]
    next: str | None
    total: int


class ReviewCounts(TypedDict):
    """A dashboard's counts over everything a principal sees (never paged)."""

    total: int
    jurisdiction: dict[str, int]
    status: dict[str, int]
    overdue: int
    late: int
    overdue_by: dict[str, int]
    late_by: dict[str, int]
    withdrawn_by: dict[str, int]


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


class TaskItem(TypedDict):
    """One thing waiting on a principal (no confidential content: a measure is named by
    its number in the review)."""

    id: str
    school: str
    jurisdiction: str
    due_on: str
    days_left: int
    status: str
    submitted: bool
    overdue: bool
    aspects: NotRequired[list[str]]  # to write
    slot: NotRequired[str]  # to sign
    measure_id: NotRequired[str]
    measure_n: NotRequired[int]
    measure_due_on: NotRequired[str]
    measure_overdue: NotRequired[bool]


class TaskPage(TypedDict):
    kind: str  # write, sign or measures
    items: list[TaskItem]
    next: str | None
    total: int


class Tasks(TypedDict):
    write: TaskPage
    sign: TaskPage
    measures: TaskPage


class SigningPage(TypedDict):
    """What a signatory reads before signing a slot."""

    review: PrincipalReview
    slot: SlotView
    intents: dict[str, str]
    since: int | None
    changes: list[Change]
    key: KeyProvenance | None  # the key that will sign, and where it came from
    fingerprint: str
