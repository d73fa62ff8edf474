"""Server-side web sessions, API tokens and login throttling, in the store every server
process shares (the records are declared in ``application.ports``).

A session or a token is a random secret; only its HMAC under a key derived from the server
secret is stored, so a row written into the table by someone without that secret opens
nothing. Logging out deletes
it; disabling an account, resetting or changing its password deletes all of them (the desk
does it); idle and absolute timeouts are checked on every request. Repeated login failures
lock a username and a client address for a while.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from application.ports import (
    FailureRow,
    SessionRecords,
    SessionRow,
    ThrottleRecords,
    TokenRecords,
    TokenRow,
)


class CredentialIds:
    """How a secret credential is named in the store: HMAC-SHA256 under the server key for
    ``credential-ids``."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def __call__(self, token: str) -> str:
        return hmac.new(self.key, token.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    touch_every: timedelta = timedelta(minutes=1)


class SessionStore:
    def __init__(
        self, records: SessionRecords, ids: CredentialIds, policy: SessionPolicy | None = None
    ) -> None:
        self.records = records
        self.ids = ids
        self.policy = policy or SessionPolicy()

    def open(self, account_id: UUID, now: datetime) -> str:
        """A new session for an account; returns its token (to put in the signed cookie)."""
        token = secrets.token_urlsafe(32)
        self.records.insert_session(SessionRow(self.ids(token), account_id, now, now))
        return token

    def account_for(self, token: str, now: datetime) -> UUID | None:
        """The session's account, or None when unknown, ended or timed out."""
        key = self.ids(token)
        row = self.records.select_session(key)
        if row is None:
            return None
        if now - row.last_seen > self.policy.idle or now - row.created_at > self.policy.absolute:
            self.records.delete_session(key)
            return None
        if now - row.last_seen > self.policy.touch_every:
            self.records.touch_session(key, now)
        return row.account_id

    def close(self, token: str) -> None:
        self.records.delete_session(self.ids(token))


@dataclass(frozen=True)
class ThrottlePolicy:
    """Back-off per (account, client address) that grows with the failures, after a few
    free ones; a ceiling per account across all addresses, past which every further attempt
    for the account waits (slowed, never locked out) and the holder and the administrators
    are alerted; a generous back-off per address for many accounts tried from one place."""

    free: int = 3
    first_wait: timedelta = timedelta(seconds=2)
    longest_wait: timedelta = timedelta(minutes=15)
    window: timedelta = timedelta(hours=1)
    account_ceiling: int = 20
    ceiling_wait: timedelta = timedelta(seconds=60)
    address_ceiling: int = 100
    address_wait: timedelta = timedelta(seconds=10)


class LoginThrottle:
    """Counts failed password checks in the shared store, under keyed names (no username
    or address in clear)."""

    def __init__(
        self,
        records: ThrottleRecords,
        name: Callable[[str], str],
        policy: ThrottlePolicy | None = None,
    ) -> None:
        self.records = records
        self.name = name
        self.policy = policy or ThrottlePolicy()

    def locked(self, username: str, address: str, now: datetime) -> bool:
        for key in self._keys(username, address):
            row = self.records.select_failures(key)
            if row and row.locked_until and row.locked_until > now:
                return True
        return False

    def failed(self, username: str, address: str, now: datetime) -> int:
        pair, account, place = self._keys(username, address)
        policy = self.policy
        count = self._count(pair, now)
        self._record(pair, count, now, self._backoff(count))
        count = self._count(account, now)
        wait = policy.ceiling_wait if count >= policy.account_ceiling else None
        self._record(account, count, now, wait)
        count_here = self._count(place, now)
        here = policy.address_wait if count_here >= policy.address_ceiling else None
        self._record(place, count_here, now, here)
        return count if count == policy.account_ceiling else 0

    def succeeded(self, username: str, address: str) -> None:
        self.records.delete_failures(self._keys(username, address)[0])

    def _backoff(self, failures: int) -> timedelta | None:
        if failures <= self.policy.free:
            return None
        wait = self.policy.first_wait * (1 << (failures - self.policy.free - 1))
        return min(wait, self.policy.longest_wait)

    def _count(self, key: str, now: datetime) -> int:
        row = self.records.select_failures(key)
        fresh = row is None or now - row.first_at > self.policy.window
        return 1 if fresh or row is None else row.failures + 1

    def _record(self, key: str, failures: int, now: datetime, wait: timedelta | None) -> None:
        row = self.records.select_failures(key)
        first = now if failures == 1 or row is None else row.first_at
        locked = now + wait if wait is not None else None
        self.records.upsert_failures(FailureRow(key, failures, first, locked))

    def _keys(self, username: str, address: str) -> tuple[str, str, str]:
        account = username.strip().lower()
        return (
            self.name(f"account:{account}|address:{address}"),
            self.name(f"account:{account}"),
            self.name(f"address:{address}"),
        )


class ApiTokens:
    """Bearer tokens for API clients: random, stored hashed, expiring, revocable; they die
    with the account (disabling it deletes them, and every request re-checks it)."""

    def __init__(
        self, records: TokenRecords, ids: CredentialIds, lifetime: timedelta = timedelta(hours=8)
    ) -> None:
        self.records = records
        self.ids = ids
        self.lifetime = lifetime

    def issue(self, account_id: UUID, now: datetime) -> tuple[str, datetime]:
        token = secrets.token_urlsafe(32)
        expires = now + self.lifetime
        self.records.insert_token(TokenRow(self.ids(token), account_id, now, expires))
        return token, expires

    def account_for(self, token: str, now: datetime) -> UUID | None:
        row = self.records.select_token(self.ids(token))
        if row is None:
            return None
        if row.expires_at <= now:
            self.records.delete_token(row.token_hash)
            return None
        return row.account_id

    def revoke(self, token: str) -> None:
        self.records.delete_token(self.ids(token))
