"""Signing in: the one sequence behind the sign-in page and the API's token endpoint.

Throttled per account and client address (the state is in the shared store); unknown
usernames, wrong passwords, disabled and locked accounts all look and take the same; the
username is never logged in clear.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from uuid import UUID

from application.desk import ReviewDesk
from application.policy import Principal
from application.ports import Throttle

log = logging.getLogger("fupan.signin")


class SignIn:
    def __init__(
        self, desk: ReviewDesk, throttle: Throttle, name_in_logs: Callable[[str], str]
    ) -> None:
        self.desk = desk
        self.throttle = throttle
        self.name_in_logs = name_in_logs

    def __call__(self, username: str, password: str, address: str) -> Principal | None:
        """The principal for these credentials, or None (the failure is counted)."""
        now = self.desk.clock.now()
        principal = None
        if not self.throttle.locked(username, address, now):
            principal = self.desk.authenticate(username, password)
        if principal is None:
            self.throttle.failed(username, address, now)
            log.warning("sign-in refused for %s from %s", self.name_in_logs(username), address)
            return None
        self.throttle.succeeded(username, address)
        log.info("signed in: %s from %s", principal.username, address)
        return principal

    def principal(self, account_id: UUID) -> Principal | None:
        """The account as a principal now (None once disabled): checked on every request."""
        return self.desk.principal(account_id)
