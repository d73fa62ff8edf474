"""Server-side web sessions and login throttling, in the store every server process shares.

A session is a random token; only its SHA-256 is stored. Logging out deletes it; disabling
an account deletes all of its sessions; idle and absolute timeouts are checked on every
request. Repeated login failures lock a username and a client address for a while.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol
from uuid import UUID


class WebStateRecorder(Protocol):
    def web_state(self, statement: str, params: tuple[Any, ...] = ()) -> Any: ...


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    touch_every: timedelta = timedelta(minutes=1)


class SessionStore:
    def __init__(self, recorder: WebStateRecorder, policy: SessionPolicy | None = None) -> None:
        self.recorder = recorder
        self.policy = policy or SessionPolicy()

    def open(self, account_id: UUID, now: datetime) -> str:
        """A new session for an account; returns its token (to put in the signed cookie)."""
        token = secrets.token_urlsafe(32)
        at = now.isoformat()
        self.recorder.web_state("insert_session", (_hash(token), str(account_id), at, at))
        return token

    def account_for(self, token: str, now: datetime) -> UUID | None:
        """The session's account, or None when unknown, ended or timed out."""
        key = _hash(token)
        row = self.recorder.web_state("select_session", (key,))
        if row is None:
            return None
        created = datetime.fromisoformat(row["created_at"])
        last_seen = datetime.fromisoformat(row["last_seen"])
        if now - last_seen > self.policy.idle or now - created > self.policy.absolute:
            self.recorder.web_state("delete_session", (key,))
            return None
        if now - last_seen > self.policy.touch_every:
            self.recorder.web_state("touch_session", (now.isoformat(), key))
        return UUID(row["account_id"])

    def close(self, token: str) -> None:
        self.recorder.web_state("delete_session", (_hash(token),))

    def close_all(self, account_id: UUID) -> None:
        self.recorder.web_state("delete_sessions_of", (str(account_id),))


@dataclass(frozen=True)
class ThrottlePolicy:
    per_account: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)


class LoginThrottle:
    def __init__(self, recorder: WebStateRecorder, policy: ThrottlePolicy | None = None) -> None:
        self.recorder = recorder
        self.policy = policy or ThrottlePolicy()

    def locked(self, username: str, address: str, now: datetime) -> bool:
        for key in self._keys(username, address):
            row = self.recorder.web_state("select_failures", (key,))
            if row and row["locked_until"] and datetime.fromisoformat(row["locked_until"]) > now:
                return True
        return False

    def failed(self, username: str, address: str, now: datetime) -> None:
        account_key, address_key = self._keys(username, address)
        for key, limit in ((account_key, self.policy.per_account),
                           (address_key, self.policy.per_address)):  # fmt: skip
            row = self.recorder.web_state("select_failures", (key,))
            first = datetime.fromisoformat(row["first_at"]) if row else now
            failures = row["failures"] + 1 if row and now - first <= self.policy.window else 1
            if failures == 1:
                first = now
            locked = (now + self.policy.lockout).isoformat() if failures >= limit else None
            self.recorder.web_state("upsert_failures", (key, failures, first.isoformat(), locked))

    def succeeded(self, username: str, address: str) -> None:
        self.recorder.web_state("delete_failures", (self._keys(username, address)[0],))

    @staticmethod
    def _keys(username: str, address: str) -> tuple[str, str]:
        return f"account:{username.strip().lower()}", f"address:{address}"


class ApiTokens:
    """Bearer tokens for API clients: random, stored hashed, expiring, revocable; they die
    with the account (disabling it deletes them, and every request re-checks it)."""

    def __init__(self, recorder: WebStateRecorder, lifetime: timedelta = timedelta(hours=8)):
        self.recorder = recorder
        self.lifetime = lifetime

    def issue(self, account_id: UUID, now: datetime) -> tuple[str, datetime]:
        token = secrets.token_urlsafe(32)
        expires = now + self.lifetime
        self.recorder.web_state(
            "insert_token", (_hash(token), str(account_id), now.isoformat(), expires.isoformat())
        )
        return token, expires

    def account_for(self, token: str, now: datetime) -> UUID | None:
        row = self.recorder.web_state("select_token", (_hash(token),))
        if row is None:
            return None
        if datetime.fromisoformat(row["expires_at"]) <= now:
            self.recorder.web_state("delete_token", (_hash(token),))
            return None
        return UUID(row["account_id"])

    def revoke(self, token: str) -> None:
        self.recorder.web_state("delete_token", (_hash(token),))

    def revoke_all(self, account_id: UUID) -> None:
        self.recorder.web_state("delete_tokens_of", (str(account_id),))
