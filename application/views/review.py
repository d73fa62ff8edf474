"""What a review page shows: the review as its reader may see it, its sign-offs and what
blocks the next step."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from application.views.accounts import KeyProvenance
from application.views.history import Change


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
    themes: list[str]  # classification (issue 21), not signed content


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
    owner_account: str | None  # who is reminded as it falls due
    themes: list[str]  # inherited from the risk points it addresses


class SlotView(TypedDict):
    slot: str
    holder: str
    name: str
    role: str
    mark: str | None
    at: str | None
    reason: str
    paper: bool  # signed or sealed on the paper copy, recorded from its scan
    scan_sha256: str
    recorded_by: str  # the case officer who recorded a paper mark


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


class AttachmentView(TypedDict):
    """A file of the review: what the history records of it (the bytes are read apart)."""

    id: str
    kind: str
    name: str
    media_type: str
    size: int
    sha256: str
    upload_sha256: str
    part_of_report: bool
    measure: str
    added_by: str
    added_at: str
    withdrawn: bool
    withdrawn_at: str | None
    withdrawn_by: str | None
    withdraw_reason: str


class ReviewView(TypedDict):
    """The whole review, personal data included: the workspace decides who sees it."""

    id: str
    reference_number: str | None  # 复盘-2026-0042 (None until ``fupan migrate`` for old ones)
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
    attachments: list[AttachmentView]
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
    my_paper_slots: list[str]
    as_of: bool


class SigningPage(TypedDict):
    """What a signatory reads before signing a slot."""

    review: PrincipalReview
    slot: SlotView
    intents: dict[str, str]
    since: int | None
    changes: list[Change]
    key: KeyProvenance | None  # the key that will sign, and where it came from
    fingerprint: str
