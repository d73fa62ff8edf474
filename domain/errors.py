"""Domain exceptions. Each carries a stable ``code`` that the interfaces translate."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A command was refused by a rule of the domain."""

    code = "domain_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidValue(DomainError):
    """An input value is missing, malformed or out of range; ``field`` names it."""

    code = "invalid_value"

    def __init__(self, field: str, reason: str, message: str | None = None) -> None:
        # ``reason`` is a short fixed phrase (translated by the interfaces); ``message`` may
        # add detail for operators.
        super().__init__(message or f"{field}: {reason}", field=field, reason=reason)
        self.field = field
        self.reason = reason


class ReviewClosed(DomainError):
    code = "review_closed"


class NotReadyForSignature(DomainError):
    """Sending for signature was refused; ``blockers`` lists everything in the way."""

    def __init__(self, blockers: list[dict[str, Any]]) -> None:
        first = blockers[0]
        super().__init__(first["message"], blockers=blockers)
        self.code = first["code"]
        self.blockers = blockers


class InvalidTransition(DomainError):
    """The command does not apply to the review's current status."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class NotFoundInReview(DomainError):
    """A member, risk point, measure or slot named by the command does not exist."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.code = code


class Conflict(DomainError):
    """The command conflicts with the current state (a duplicate, a link in use)."""

    def __init__(self, code: str, message: str, **details: Any) -> None:
        super().__init__(message, **details)
        self.code = code


class SignaturesMissing(DomainError):
    code = "signatures_missing"


class LateReasonRequired(DomainError):
    code = "late_reason_required"


class SignOffNotCurrent(DomainError):
    code = "signoff_not_current"


class NotSlotHolder(DomainError):
    code = "not_slot_holder"
