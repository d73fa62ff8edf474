"""Domain exceptions, and the one registry of the stable codes the interfaces translate.

Every refusal carries a ``Code``; a field-level refusal (``InvalidValue``) also names the
field and a ``Reason``. The interfaces key their messages by these enums, never by English
sentences, and a test checks that each member has a message.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Code(StrEnum):
    """The stable code of every refusal, whichever layer raises it."""

    INVALID_INPUT = "invalid_input"
    # what stands between a report and its signature (blockers)
    ASPECTS_INCOMPLETE = "aspects_incomplete"
    RISK_POINTS_MISSING = "risk_points_missing"
    MEASURES_MISSING = "measures_missing"
    THEMES_MISSING = "themes_missing"
    TEAM_INCOMPLETE = "team_incomplete"
    SIGNATORIES_MISSING = "signatories_missing"
    # the review's state
    REVIEW_CLOSED = "review_closed"
    ALREADY_SENT = "already_sent"
    NOT_AWAITING_SIGNATURES = "not_awaiting_signatures"
    NOT_CLOSED = "not_closed"
    PERSONAL_DATA_ERASED = "personal_data_erased"
    REVIEW_WITHDRAWN = "review_withdrawn"
    ALREADY_NUMBERED = "already_numbered"
    URGED_RECENTLY = "urged_recently"
    NOTHING_PENDING = "nothing_pending"
    NO_CODE_PENDING = "no_code_pending"
    DELIVERY_FAILED = "delivery_failed"
    ALREADY_SENT_ONCE = "already_sent_once"
    WITHDRAWAL_PENDING = "withdrawal_pending"
    NO_WITHDRAWAL_PENDING = "no_withdrawal_pending"
    SAME_OFFICER = "same_officer"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    ASPECT_CHANGED = "aspect_changed"
    SIGNATURES_MISSING = "signatures_missing"
    NOT_SENT = "not_sent"  # no report revision was ever sent for signature
    LATE_REASON_REQUIRED = "late_reason_required"
    # the team, the report, the sign-off
    ALREADY_MEMBER = "already_member"
    CONFIRM_SIGNATORY_AS_MEMBER = "confirm_signatory_as_member"
    NOT_A_MEMBER = "not_a_member"
    UNKNOWN_RISK_POINT = "unknown_risk_point"
    UNKNOWN_MEASURE = "unknown_measure"
    RISK_POINT_IN_USE = "risk_point_in_use"
    MEASURE_ALREADY_TAKEN = "measure_already_taken"
    UNKNOWN_ATTACHMENT = "unknown_attachment"
    ATTACHMENT_WITHDRAWN = "attachment_withdrawn"
    SIGNOFF_NOT_CURRENT = "signoff_not_current"
    SIGNOFF_VOID = "signoff_void"
    UNKNOWN_SLOT = "unknown_slot"
    NOT_SLOT_HOLDER = "not_slot_holder"
    SLOT_ALREADY_MARKED = "slot_already_marked"
    NO_PAPER_MARK = "no_paper_mark"
    NOT_A_PAPER_COPY = "not_a_paper_copy"
    # checklist rounds (issue 23)
    NOT_IN_ROUND = "not_in_round"
    ITEMS_NOT_RECORDED = "items_not_recorded"
    NOT_SUBMITTED = "not_submitted"
    # accounts
    USERNAME_TAKEN = "username_taken"
    OWN_ACCOUNT = "own_account"
    ROLE_SEPARATION = "role_separation"
    SAME_ADMINISTRATOR = "same_administrator"
    REQUEST_LAPSED = "request_lapsed"
    REQUEST_CLOSED = "request_closed"
    ENROLMENT_INVALID = "enrolment_invalid"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    KEY_REVOKED = "key_revoked"
    NO_SIGNING_KEY = "no_signing_key"
    ALREADY_DISABLED = "already_disabled"
    ALREADY_ENABLED = "already_enabled"
    # reference data
    REFERENCE_EXISTS = "reference_exists"
    ALREADY_INACTIVE = "already_inactive"
    ALREADY_ACTIVE = "already_active"
    # the application
    FORBIDDEN = "forbidden"
    REVIEW_NOT_FOUND = "review_not_found"
    REVIEW_DAMAGED = "review_damaged"
    ACCOUNT_NOT_FOUND = "account_not_found"
    WEBHOOK_NOT_FOUND = "webhook_not_found"
    ROUND_NOT_FOUND = "round_not_found"
    CONFLICT = "conflict"
    PDF_KEYS_MISSING = "pdf_keys_missing"  # no PDF CA yet: ``fupan pdf-ca init``
    PDF_UNAVAILABLE = "pdf_unavailable"  # WeasyPrint's libraries are not installed


class Reason(StrEnum):
    """Why a field's value was refused (``InvalidValue.reason``)."""

    REQUIRED = "required"
    NOT_TEXT = "not_text"
    TOO_LONG = "too_long"
    TOO_SHORT = "too_short"
    NO_SUCH_REVIEW = "no_such_review"
    NO_SUCH_REQUEST = "no_such_request"
    BEFORE_2000 = "before_2000"
    BEFORE_INCIDENT = "before_incident"
    BEYOND_HORIZON = "beyond_horizon"
    NOT_ITSELF = "not_itself"
    ONE_OF_TWO = "one_of_two"
    CONTROL_CHARACTERS = "control_characters"
    NOT_ALLOWED = "not_allowed"
    NOT_A_DATE = "not_a_date"
    NOT_A_MOMENT = "not_a_moment"
    NOT_AN_ID = "not_an_id"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_BOOLEAN = "not_a_boolean"
    NOT_AN_OBJECT = "not_an_object"
    NOT_A_LIST = "not_a_list"
    OUT_OF_RANGE = "out_of_range"
    UNKNOWN_FIELD = "unknown_field"
    INVALID = "invalid"
    ID_NUMBER_FORMAT = "id_number_format"
    ID_NUMBER_CHECK_DIGIT = "id_number_check_digit"
    IN_THE_FUTURE = "in_the_future"
    SAY_WHY = "say_why"
    NAME_A_RISK_POINT = "name_a_risk_point"
    FILE_TYPE = "file_type"
    MACROS = "macros"
    TOO_LARGE = "too_large"
    DOES_NOT_MATCH = "does_not_match"
    DOES_NOT_MATCH_NEW = "does_not_match_new"
    PASSWORD_TOO_SHORT = "password_too_short"
    PASSWORD_TOO_LONG = "password_too_long"
    PASSWORD_TOO_COMMON = "password_too_common"
    USERNAME_FORMAT = "username_format"
    SCOPE_ONLY_FOR_OFFICERS = "scope_only_for_officers"
    SCOPE_CITY_OR_NAMED = "scope_city_or_named"
    NO_SUCH_ACCOUNT = "no_such_account"
    NOT_A_PARTICIPANT = "not_a_participant"
    SIGNATURE_UNBOUND = "signature_unbound"
    NEEDS_TIME_ZONE = "needs_time_zone"
    BEFORE_REGISTRATION = "before_registration"
    NO_SUCH_REVISION = "no_such_revision"
    EMAIL_NOT_CONFIRMED = "email_not_confirmed"
    NOT_IN_LIST = "not_in_list"
    ALREADY_USED = "already_used"
    NOT_IN_YOUR_SCOPE = "not_in_your_scope"
    NOT_A_REPORT_PDF = "not_a_report_pdf"


class DomainError(Exception):
    """A command was refused by a rule of the domain."""

    code: Code = Code.FORBIDDEN

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class CodedError(DomainError):
    """A refusal whose code is given where it is raised."""

    def __init__(self, code: Code, message: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.code = code


class InvalidValue(DomainError):
    """An input value is missing, malformed or out of range; ``field`` names it."""

    code = Code.INVALID_INPUT

    def __init__(
        self, field: str, reason: Reason, message: str | None = None, *, limit: int | None = None
    ) -> None:
        # ``message`` may add detail for operators; users see the translated ``reason``
        # (with ``limit``, the bound a length refusal names).
        super().__init__(message or f"{field}: {reason.value}", field=field, reason=reason)
        self.field = field
        self.reason = reason
        self.limit = limit


class InvalidValues(DomainError):
    """Several fields refused at once (a form that saves several things in one submit):
    nothing was saved. ``errors`` holds each field's refusal."""

    code = Code.INVALID_INPUT

    def __init__(self, errors: list[InvalidValue]) -> None:
        super().__init__("; ".join(e.message for e in errors), fields=[e.field for e in errors])
        self.errors = errors


class AspectChanged(DomainError):
    """Someone else saved this aspect since it was read: nothing was overwritten; the
    interfaces show both texts so that the user can merge."""

    code = Code.ASPECT_CHANGED

    def __init__(self, changed: dict[str, tuple[int, str]]) -> None:
        super().__init__(
            f"changed since read: {', '.join(changed)}",
            aspects={k: {"draft": d, "text": t} for k, (d, t) in changed.items()},
        )
        self.changed = changed


class ReviewClosed(DomainError):
    code = Code.REVIEW_CLOSED


class NotReadyForSignature(DomainError):
    """Sending for signature was refused; ``blockers`` lists everything in the way."""

    def __init__(self, blockers: list[dict[str, Any]]) -> None:
        first = blockers[0]
        super().__init__(first["message"], blockers=blockers)
        self.code = Code(first["code"])
        self.blockers = blockers


class InvalidTransition(CodedError):
    """The command does not apply to the review's current status."""


class NotFoundInReview(CodedError):
    """A member, risk point, measure or slot named by the command does not exist."""


class RuleRefusal(CodedError):
    """The command contradicts the current state (a duplicate, a link in use): a rule's
    refusal (422), not to be confused with a concurrent write (``ConflictError``, 409)."""


class NotSent(DomainError):
    """A report document was asked of a review never sent for signature."""

    code = Code.NOT_SENT


class SignaturesMissing(DomainError):
    code = Code.SIGNATURES_MISSING


class LateReasonRequired(DomainError):
    code = Code.LATE_REASON_REQUIRED


class SignOffNotCurrent(DomainError):
    code = Code.SIGNOFF_NOT_CURRENT


class NotSlotHolder(DomainError):
    code = Code.NOT_SLOT_HOLDER
