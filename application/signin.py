"""Every password check through one throttle: signing in, API tokens, signing, sealing,
changing one's password, enrolment codes.

Failures back off per account and client address, and a ceiling per account across all
addresses slows further attempts and alerts the holder and the administrators; the state is
in the store every server process shares. Unknown usernames, wrong passwords, disabled and
locked accounts all look and take the same at sign-in; the username is never logged in
clear. When a signed-in principal keeps failing (signing, changing their password), their
sessions and tokens end.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

from application.desk import ReviewDesk
from application.errors import TooManyAttempts
from application.policy import Principal
from application.ports import Throttle
from domain.errors import Code, DomainError, InvalidValue, Reason

log = logging.getLogger("fupan.signin")
T = TypeVar("T")


def wrong_secret(refused: DomainError) -> bool:
    """A refusal that says a password or a code was wrong (what the throttle counts)."""
    if isinstance(refused, InvalidValue):
        return refused.reason is Reason.DOES_NOT_MATCH
    return refused.code is Code.ENROLMENT_INVALID


class PasswordGuard:
    def __init__(
        self,
        desk: ReviewDesk,
        throttle: Throttle,
        name_in_logs: Callable[[str], str],
        operator: UUID,
    ) -> None:
        self.desk = desk
        self.throttle = throttle
        self.name_in_logs = name_in_logs
        self.operator = operator

    def check(self, username: str, address: str, attempt: Callable[[], T], *, signed_in: bool) -> T:
        """Run a password check unless the throttle holds it back; count a wrong one."""
        if self.throttle.locked(username, address, self.desk.clock.now()):
            name = self.name_in_logs(username)
            log.warning("password check held back for %s from %s", name, address)
            raise TooManyAttempts("too many wrong passwords: wait, then try again")
        try:
            result = attempt()
        except DomainError as refused:
            if wrong_secret(refused):
                self.failed(username, address, signed_in=signed_in)
            raise
        self.throttle.succeeded(username, address)
        return result

    def locked(self, username: str, address: str) -> bool:
        return self.throttle.locked(username, address, self.desk.clock.now())

    def failed(self, username: str, address: str, *, signed_in: bool) -> None:
        now = self.desk.clock.now()
        crossed = self.throttle.failed(username, address, now)
        log.warning("wrong password for %s from %s", self.name_in_logs(username), address)
        if crossed:
            log.warning("repeated wrong passwords for %s: %s", self.name_in_logs(username), crossed)
            self.desk.alert_failed_attempts(username.strip().lower(), crossed, self.operator)
        if signed_in and self.throttle.locked(username, address, now):
            self.desk.end_access(username.strip().lower())

    def succeeded(self, username: str, address: str) -> None:
        self.throttle.succeeded(username, address)


class SignIn:
    """The one sign-in sequence behind the sign-in page and the API's token endpoint."""

    def __init__(self, desk: ReviewDesk, guard: PasswordGuard) -> None:
        self.desk = desk
        self.guard = guard

    def __call__(self, username: str, password: str, address: str) -> Principal | None:
        """The principal for these credentials, or None (the failure is counted)."""
        if self.guard.locked(username, address):
            self.desk.authenticate("", password)  # the same time as a real check
            return None
        principal = self.desk.authenticate(username, password)
        if principal is None:
            self.guard.failed(username, address, signed_in=False)
            return None
        self.guard.succeeded(username, address)
        log.info("signed in: %s from %s", principal.username, address)
        return principal

    def principal(self, account_id: UUID) -> Principal | None:
        """The account as a principal now (None once disabled): checked on every request."""
        return self.desk.principal(account_id)
