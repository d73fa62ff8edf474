"""The workspace's base: the principal, the review's scope, and the policy declared once per
method with ``@requires`` (a review action) or ``@requires_global`` (no review concerned)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar
from uuid import UUID

from application.desk import ReviewDesk
from application.errors import ReviewDamaged, ReviewNotFound
from application.policy import Action, Principal, ReviewScope, actions_on, check, check_global
from application.signin import PasswordGuard
from domain import validation as v

P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound="WorkspaceBase")
REQUIRED = "required_action"


class WorkspaceBase:
    def __init__(
        self,
        desk: ReviewDesk,
        principal: Principal,
        guard: PasswordGuard | None = None,
        address: str = "unknown",
    ) -> None:
        self.desk = desk
        self.principal = principal
        self.guard = guard
        self.address = address

    def _guarded(self, attempt: Callable[[], R]) -> R:
        """A check of this principal's password, through the throttle every check shares."""
        if self.guard is None:
            return attempt()
        return self.guard.check(self.principal.username, self.address, attempt, signed_in=True)

    @property
    def actor(self) -> UUID:
        return self.principal.account_id

    def _scope(self, review_id: UUID) -> ReviewScope:
        """What the policy needs of a review, taken from the review's own events (the list
        index serves lists only: editing it in the database grants nothing); not found when
        outside the principal's sight. A review whose events do not read back is damaged:
        only those the list index shows it to learn that (the damage, never content);
        anyone else gets not found."""
        try:
            scope = self.desk.review_scope(review_id)
        except ReviewDamaged:
            rows = self.desk.index.select_review_index(review_id=review_id)
            if rows and actions_on(self.principal, rows[0].scope):
                raise
            raise ReviewNotFound("no such review", review_id=str(review_id)) from None
        if not actions_on(self.principal, scope):
            raise ReviewNotFound("no such review", review_id=str(review_id))
        return scope

    def _record(self, review_id: UUID, what: str) -> None:
        """Record a read of confidential content (brief, rule 6)."""
        self.desk.record_access(review_id, actor=self.actor, what=what)


def requires(
    action: Action,
) -> Callable[[Callable[Concatenate[W, UUID, P], R]], Callable[Concatenate[W, UUID, P], R]]:
    """The method acts on one review: the principal must be allowed ``action`` on it."""

    def decorate(
        method: Callable[Concatenate[W, UUID, P], R],
    ) -> Callable[Concatenate[W, UUID, P], R]:
        @wraps(method)
        def checked(self: W, review_id: UUID, /, *args: P.args, **kwargs: P.kwargs) -> R:
            rid = v.an_id("review_id", review_id)
            check(self.principal, action, self._scope(rid))
            return method(self, rid, *args, **kwargs)

        setattr(checked, REQUIRED, action)
        return checked

    return decorate


def requires_global(
    action: Action,
) -> Callable[[Callable[Concatenate[W, P], R]], Callable[Concatenate[W, P], R]]:
    """The method concerns no existing review: the principal's role must allow ``action``."""

    def decorate(method: Callable[Concatenate[W, P], R]) -> Callable[Concatenate[W, P], R]:
        @wraps(method)
        def checked(self: W, /, *args: P.args, **kwargs: P.kwargs) -> R:
            check_global(self.principal, action)
            return method(self, *args, **kwargs)

        setattr(checked, REQUIRED, action)
        return checked

    return decorate
