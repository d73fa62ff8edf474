"""The sentences of refusals, in the user's language: one per stable code (``Code``) and one
per reason a field is refused (``Reason``), and a refusal's errors keyed by field."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString, gettext, lazy_gettext

from application.errors import (
    AccessDenied,
    AccountNotFound,
    ConflictError,
    DeliveryFailed,
    NotSubmitted,
    OutOfScope,
    PdfKeysMissing,
    PdfUnavailable,
    PossibleDuplicate,
    ReviewNotFound,
    RoundNotFound,
    TooManyAttempts,
    WebhookNotFound,
)
from domain.errors import (
    AspectChanged,
    Code,
    DomainError,
    InvalidValue,
    InvalidValues,
    NotSent,
    Reason,
)

_l = lazy_gettext


# The user-facing sentence for each stable code: one entry per member of ``Code``.
MESSAGES: dict[Code, LazyString] = {
    Code.INVALID_INPUT: _l("The request could not be processed."),
    Code.ASPECTS_INCOMPLETE: _l("Some of the four aspects lack substantive content."),
    Code.RISK_POINTS_MISSING: _l("Record at least one risk point."),
    Code.THEMES_MISSING: _l(
        "Choose at least one theme for every risk point (classification across reviews)."
    ),
    Code.MEASURES_MISSING: _l(
        "Propose at least one prevention measure that addresses a risk point."
    ),
    Code.TEAM_INCOMPLETE: _l("The team must cover all four parties."),
    Code.SIGNATORIES_MISSING: _l(
        "Designate the Party secretary, the principal and the head of the department."
    ),
    Code.REVIEW_CLOSED: _l("The review is closed; open a correction to change its report."),
    Code.ALREADY_SENT: _l("This revision already awaits signatures."),
    Code.NOT_AWAITING_SIGNATURES: _l("The report is not out for signature."),
    Code.NOT_CLOSED: _l("Only a closed review can be corrected."),
    Code.PERSONAL_DATA_ERASED: _l("This review's personal data was erased; it is read-only."),
    Code.SIGNATURES_MISSING: _l("Not every slot is signed or sealed yet."),
    Code.NOT_SENT: _l(
        "This review's report was never sent for signature: there is no report revision to download yet."
    ),
    Code.PDF_UNAVAILABLE: _l(
        "This server cannot lay out PDFs: the operator installs WeasyPrint's libraries (see the operations guide)."
    ),
    Code.PDF_KEYS_MISSING: _l(
        "The PDF signing key has not been created yet: the operator runs fupan pdf-ca init."
    ),
    Code.LATE_REASON_REQUIRED: _l(
        "The review is past its due date: give the reason for the lateness."
    ),
    Code.ALREADY_MEMBER: _l("This account is already on the team."),
    Code.CONFIRM_SIGNATORY_AS_MEMBER: _l(
        "This is a signatory's account (a Party secretary, principal or head of department). Appoint them as an investigator anyway?"
    ),
    Code.NOT_A_MEMBER: _l("This account is not on the team."),
    Code.UNKNOWN_RISK_POINT: _l("No such risk point."),
    Code.UNKNOWN_MEASURE: _l("No such measure."),
    Code.RISK_POINT_IN_USE: _l("A measure addresses this risk point; revise the measure first."),
    Code.MEASURE_ALREADY_TAKEN: _l("This measure is already recorded as taken."),
    Code.UNKNOWN_ATTACHMENT: _l("No such attachment on this review."),
    Code.ATTACHMENT_WITHDRAWN: _l("This attachment was already withdrawn."),
    Code.NO_PAPER_MARK: _l("No signature or seal on paper is recorded for this slot."),
    Code.NOT_A_PAPER_COPY: _l(
        "Choose the scan of the signed paper copy (an attachment of that kind)."
    ),
    Code.SIGNOFF_NOT_CURRENT: _l("This sign-off is no longer current."),
    Code.SIGNOFF_VOID: _l("This sign-off is void."),
    Code.UNKNOWN_SLOT: _l("No such slot."),
    Code.NOT_SLOT_HOLDER: _l("Only the holder of a slot can sign it."),
    Code.SLOT_ALREADY_MARKED: _l("This slot is already signed or sealed."),
    Code.USERNAME_TAKEN: _l("This username is taken."),
    Code.OWN_ACCOUNT: _l(
        "Nobody changes their own account's access: another administrator does it."
    ),
    Code.ROLE_SEPARATION: _l(
        "Administration and case work need separate accounts: an administrator cannot become a case officer, investigator, signatory or inspector, nor the other way round."
    ),
    Code.SAME_ADMINISTRATOR: _l(
        "Another administrator must approve: neither the one who asked nor the account concerned."
    ),
    Code.REQUEST_LAPSED: _l("Nobody approved this request within 72 hours; it lapsed."),
    Code.REQUEST_CLOSED: _l("This request was already approved, withdrawn or lapsed."),
    Code.ENROLMENT_INVALID: _l(
        "The username or the enrolment code is wrong, or the code was used or expired."
    ),
    Code.TOO_MANY_ATTEMPTS: _l("Too many wrong passwords. Wait a moment, then try again."),
    Code.KEY_REVOKED: _l("This signing key was revoked."),
    Code.NO_SIGNING_KEY: _l(
        "Your account has no signing key yet: set your password with your enrolment code first."
    ),
    Code.ALREADY_DISABLED: _l("The account is already disabled."),
    Code.ALREADY_ENABLED: _l("The account is not disabled."),
    Code.REFERENCE_EXISTS: _l("An entry of this kind with this code exists."),
    Code.ALREADY_INACTIVE: _l("The entry is already inactive."),
    Code.ALREADY_ACTIVE: _l("The entry is already active."),
    Code.FORBIDDEN: _l("You may not do this."),
    Code.REVIEW_NOT_FOUND: _l("No such review."),
    Code.REVIEW_DAMAGED: _l(
        "This review's stored history is damaged and cannot be shown. Reloading does not help; the server's operator has been told what was found."
    ),
    Code.ACCOUNT_NOT_FOUND: _l("No such account."),
    Code.WEBHOOK_NOT_FOUND: _l("No such webhook."),
    Code.ROUND_NOT_FOUND: _l("No such checklist round."),
    Code.NOT_SUBMITTED: _l("The round has not been submitted yet: its report is made then."),
    Code.NOT_IN_ROUND: _l("The round was not issued to this jurisdiction."),
    Code.ITEMS_NOT_RECORDED: _l(
        "Every item needs a status (done, in progress or not applicable) before the round is submitted."
    ),
    Code.CONFLICT: _l(
        "Someone else changed this in the meantime. Reload to see their change; nothing was overwritten."
    ),
    Code.REVIEW_WITHDRAWN: _l("This registration was withdrawn; it is read-only."),
    Code.ALREADY_NUMBERED: _l("This review already has a reference number."),
    Code.URGED_RECENTLY: _l("This review was urged less than an hour ago; try again later."),
    Code.NOTHING_PENDING: _l("Nothing is pending on anyone: there is no one to urge."),
    Code.NO_CODE_PENDING: _l("No confirmation code is pending: ask for a new one."),
    Code.DELIVERY_FAILED: _l(
        "The e-mail could not be sent now. Try again later; if it keeps failing, tell the administrator."
    ),
    Code.ALREADY_SENT_ONCE: _l(
        "The report was sent for signature once: correct it instead of withdrawing the registration."
    ),
    Code.WITHDRAWAL_PENDING: _l(
        "A withdrawal of this registration awaits a second officer's confirmation."
    ),
    Code.NO_WITHDRAWAL_PENDING: _l("No withdrawal of this registration was requested."),
    Code.SAME_OFFICER: _l("Another officer must confirm the withdrawal you requested."),
    Code.POSSIBLE_DUPLICATE: _l(
        "A review of the same school, incident date and student exists. Check it; register again only if this is another incident."
    ),
    Code.ASPECT_CHANGED: _l(
        "Someone else saved this aspect after you opened the page. Their text and yours are shown side by side: merge them and save again."
    ),
}


# Why a field was refused: one entry per member of ``Reason``.
REASONS: dict[Reason, LazyString] = {
    Reason.REQUIRED: _l("required"),
    Reason.NOT_TEXT: _l("must be text"),
    Reason.TOO_LONG: _l("at most %(n)s characters"),
    Reason.TOO_SHORT: _l("at least %(n)s characters"),
    Reason.NO_SUCH_REVIEW: _l("no such review"),
    Reason.NOT_ITSELF: _l("cannot be this review itself"),
    Reason.ONE_OF_TWO: _l("give expected_draft or expected_version, not both"),
    Reason.CONTROL_CHARACTERS: _l(
        "contains control, text-direction or malformed characters, which are not allowed"
    ),
    Reason.NOT_ALLOWED: _l("not an allowed value"),
    Reason.NOT_A_DATE: _l("must be a date (YYYY-MM-DD)"),
    Reason.NOT_A_MOMENT: _l("must be a date and time (YYYY-MM-DDTHH:MM)"),
    Reason.NOT_AN_ID: _l("must be an identifier"),
    Reason.NOT_A_NUMBER: _l("must be a whole number"),
    Reason.NOT_A_BOOLEAN: _l("must be true or false"),
    Reason.NOT_AN_OBJECT: _l("must be an object"),
    Reason.NOT_A_LIST: _l("must be a list"),
    Reason.OUT_OF_RANGE: _l("out of range"),
    Reason.UNKNOWN_FIELD: _l("unknown field"),
    Reason.INVALID: _l("not valid"),
    Reason.ID_NUMBER_FORMAT: _l("must be 17 digits and a check digit"),
    Reason.ID_NUMBER_CHECK_DIGIT: _l("check digit does not match"),
    Reason.IN_THE_FUTURE: _l("cannot be in the future"),
    Reason.SAY_WHY: _l("must say why, in a few words"),
    Reason.NAME_A_RISK_POINT: _l("name at least one risk point"),
    Reason.FILE_TYPE: _l("must be a PDF, JPEG, PNG, DOCX or XLSX file (judged by its content)"),
    Reason.MACROS: _l("holds macros, which are not accepted; save it without them"),
    Reason.TOO_LARGE: _l("at most %(n)s MB"),
    Reason.DOES_NOT_MATCH: _l("does not match"),
    Reason.DOES_NOT_MATCH_NEW: _l("does not match the new password"),
    Reason.NO_SUCH_REQUEST: _l("no such request"),
    Reason.BEFORE_2000: _l("cannot be before 2000-01-01"),
    Reason.BEFORE_INCIDENT: _l("cannot be before the incident"),
    Reason.BEYOND_HORIZON: _l("at most %(n)s years ahead"),
    Reason.PASSWORD_TOO_SHORT: _l("at least 8 characters"),
    Reason.PASSWORD_TOO_LONG: _l("at most 128 characters"),
    Reason.PASSWORD_TOO_COMMON: _l("too common; choose a less guessable one"),
    Reason.USERNAME_FORMAT: _l("letters, digits, dot, dash or underscore"),
    Reason.SCOPE_ONLY_FOR_OFFICERS: _l("only case officers have a jurisdiction scope"),
    Reason.SCOPE_CITY_OR_NAMED: _l("either the whole city or named jurisdictions"),
    Reason.NO_SUCH_ACCOUNT: _l("no such account"),
    Reason.NOT_A_PARTICIPANT: _l("must be an investigator or signatory account"),
    Reason.SIGNATURE_UNBOUND: _l("does not bind this revision and slot"),
    Reason.NEEDS_TIME_ZONE: _l("must include a time zone"),
    Reason.BEFORE_REGISTRATION: _l("the review did not exist yet at that moment"),
    Reason.NO_SUCH_REVISION: _l("no such report revision"),
    Reason.NOT_A_REPORT_PDF: _l("not a signed report PDF made by fupan"),
    Reason.EMAIL_NOT_CONFIRMED: _l("confirm your e-mail address first"),
    Reason.NOT_IN_LIST: _l("not in the list; choose one it offers"),
    Reason.ALREADY_USED: _l("already used by another one; choose another"),
    Reason.NOT_IN_YOUR_SCOPE: _l("not one of your jurisdictions"),
}


STATUS = {
    ReviewNotFound: 404,
    AccountNotFound: 404,
    WebhookNotFound: 404,
    RoundNotFound: 404,
    NotSubmitted: 409,
    AccessDenied: 403,
    TooManyAttempts: 429,
    ConflictError: 409,
    NotSent: 409,
    AspectChanged: 409,
    PossibleDuplicate: 409,
    InvalidValue: 422,
    DeliveryFailed: 503,
    PdfKeysMissing: 503,
    PdfUnavailable: 503,
}


def message_for(code: str) -> str:
    """The sentence for a stable code, in the user's language."""
    known = code in Code.__members__.values()
    return str(MESSAGES[Code(code)]) if known else str(MESSAGES[Code.INVALID_INPUT])


def reason(text: str, limit: int | None = None) -> str:
    """A field's reason code in the user's language (anything else: "not valid"); a length
    refusal names its limit (``too_long:200`` from a schema, or ``limit`` from the domain)."""
    code, _, bound = text.partition(":")
    if code not in Reason.__members__.values():
        return str(REASONS[Reason.INVALID])
    if code in (Reason.TOO_LONG, Reason.TOO_SHORT, Reason.BEYOND_HORIZON, Reason.TOO_LARGE):
        return str(gettext(REASONS[Reason(code)]._args[0], n=bound or limit or ""))
    return str(REASONS[Reason(code)])


def refusal_errors(error: DomainError) -> dict[str, list[str]]:
    """The field errors a refusal carries, by field path."""
    if isinstance(error, InvalidValue):
        return {error.field: [reason(error.reason, error.limit)]}
    if isinstance(error, OutOfScope):
        return {error.field: [reason(Reason.NOT_IN_YOUR_SCOPE)]}
    if isinstance(error, InvalidValues):
        found: dict[str, list[str]] = {}
        for e in error.errors:
            found.setdefault(e.field, []).append(reason(e.reason, e.limit))
        return found
    return {}


def field_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as {field path: [translated reasons]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            flat.update(field_errors(value, f"{prefix}{key}."))
    elif isinstance(messages, list):
        flat[prefix.rstrip(".")] = [reason(str(m)) for m in messages]
    return flat
