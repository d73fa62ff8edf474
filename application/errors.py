"""Application-level errors, with stable codes like the domain's."""

from __future__ import annotations

from domain.errors import DomainError


class ReviewNotFound(DomainError):
    code = "review_not_found"


class ConflictError(DomainError):
    """Someone else changed the review since it was read: reload, nothing was overwritten."""

    code = "conflict"


class AccountNotFound(DomainError):
    code = "account_not_found"
