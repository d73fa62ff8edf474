"""Application-level errors, with stable codes from the one registry (``domain.errors.Code``)."""

from __future__ import annotations

from domain.errors import Code, DomainError


class ReviewNotFound(DomainError):
    code = Code.REVIEW_NOT_FOUND


class ConflictError(DomainError):
    """Someone else changed the review since it was read: reload, nothing was overwritten."""

    code = Code.CONFLICT


class AccountNotFound(DomainError):
    code = Code.ACCOUNT_NOT_FOUND


class AccessDenied(DomainError):
    """The principal may not do this (403); a review outside their sight is not found."""

    code = Code.FORBIDDEN
