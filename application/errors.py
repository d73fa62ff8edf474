"""Application-level errors, with stable codes from the one registry (``domain.errors.Code``)."""

from __future__ import annotations

from typing import Any

from domain.errors import Code, DomainError


class ReviewNotFound(DomainError):
    code = Code.REVIEW_NOT_FOUND


class ConflictError(DomainError):
    """Someone else changed the review since it was read: reload, nothing was overwritten."""

    code = Code.CONFLICT


class AccountNotFound(DomainError):
    code = Code.ACCOUNT_NOT_FOUND


class PossibleDuplicate(DomainError):
    """A review of the same school, incident date and student exists: registering again
    needs a confirmation. ``review_ids`` names those the caller may see."""

    code = Code.POSSIBLE_DUPLICATE

    def __init__(self, review_ids: list[str]) -> None:
        super().__init__("a review of this incident may exist already", review_ids=review_ids)
        self.review_ids = review_ids


class TooManyAttempts(DomainError):
    """Too many wrong passwords for this account from here: wait, then try again."""

    code = Code.TOO_MANY_ATTEMPTS


class AccessDenied(DomainError):
    """The principal may not do this (403); a review outside their sight is not found."""

    code = Code.FORBIDDEN


class OutOfScope(AccessDenied):
    """A case officer named a jurisdiction outside their scope (403): refused, and the
    form that named it is shown again with the field's reason and what was typed."""

    def __init__(self, field: str) -> None:
        super().__init__(f"{field}: not in the principal's scope", field=field)
        self.field = field


class ReviewDamaged(DomainError):
    """The review's stored history cannot be read back (an altered or moved record, a gap):
    it is shown as damaged, with the finding, never as a crash. ``finding`` names the kind
    of damage as ``fupan verify`` does, the stream, the version and the position."""

    code = Code.REVIEW_DAMAGED

    def __init__(self, finding: dict[str, Any]) -> None:
        super().__init__(f"stored history damaged: {finding['problem']}", finding=finding)
        self.finding = finding


class DeliveryFailed(DomainError):
    """A message that had to leave at once (a confirmation code) was not accepted by the
    mail server; nothing else was lost, and asking again sends a new one."""

    code = Code.DELIVERY_FAILED


class WebhookNotFound(DomainError):
    code = Code.WEBHOOK_NOT_FOUND


class RoundNotFound(DomainError):
    """No such checklist round, or not one this principal sees (ids reveal nothing)."""

    code = Code.ROUND_NOT_FOUND


class NotSubmitted(DomainError):
    """The jurisdiction has not submitted the round yet: there is no report of it."""

    code = Code.NOT_SUBMITTED


class PdfKeysMissing(DomainError):
    """No PDF CA and document-signing key yet (``fupan pdf-ca init``)."""

    code = Code.PDF_KEYS_MISSING


class PdfUnavailable(DomainError):
    """The server lacks what lays out PDFs (WeasyPrint's system libraries)."""

    code = Code.PDF_UNAVAILABLE
