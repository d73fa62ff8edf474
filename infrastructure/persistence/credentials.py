"""The web tier's shared state in SQL (SQLite and PostgreSQL): sessions, API tokens and
counts of failed password checks, as ``application.ports`` declares them.

Only hashes of secrets are stored; times are ISO 8601 text in both dialects.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any
from uuid import UUID

from application.ports import FailureRow, SessionRow, TokenRow


class CredentialTables:
    """Names and statements; ``q`` is a quoted schema prefix, ``p`` the placeholder."""

    def __init__(self, q: str, prefix: str, p: str) -> None:
        sessions = f"{q}{prefix}web_sessions"
        failures = f"{q}{prefix}login_failures"
        tokens = f"{q}{prefix}api_tokens"
        self.create = [
            f"CREATE TABLE IF NOT EXISTS {sessions} (token_hash TEXT PRIMARY KEY, "
            "account_id TEXT NOT NULL, created_at TEXT NOT NULL, last_seen TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {failures} (key TEXT PRIMARY KEY, "
            "failures INTEGER NOT NULL, first_at TEXT NOT NULL, locked_until TEXT)",
            f"CREATE TABLE IF NOT EXISTS {tokens} (token_hash TEXT PRIMARY KEY, "
            "account_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)",
        ]
        self.insert_session = (
            f"INSERT INTO {sessions} (token_hash, account_id, created_at, last_seen) "
            f"VALUES ({p}, {p}, {p}, {p})"
        )
        self.select_session = (
            f"SELECT token_hash, account_id, created_at, last_seen FROM {sessions} "
            f"WHERE token_hash = {p}"
        )
        self.touch_session = f"UPDATE {sessions} SET last_seen = {p} WHERE token_hash = {p}"
        self.delete_session = f"DELETE FROM {sessions} WHERE token_hash = {p}"
        self.delete_sessions_of = f"DELETE FROM {sessions} WHERE account_id = {p}"
        self.insert_token = (
            f"INSERT INTO {tokens} (token_hash, account_id, created_at, expires_at) "
            f"VALUES ({p}, {p}, {p}, {p})"
        )
        self.select_token = (
            f"SELECT token_hash, account_id, created_at, expires_at FROM {tokens} "
            f"WHERE token_hash = {p}"
        )
        self.delete_token = f"DELETE FROM {tokens} WHERE token_hash = {p}"
        self.delete_tokens_of = f"DELETE FROM {tokens} WHERE account_id = {p}"
        self.select_failures = (
            f"SELECT key, failures, first_at, locked_until FROM {failures} WHERE key = {p}"
        )
        self.upsert_failures = (
            f"INSERT INTO {failures} (key, failures, first_at, locked_until) "
            f"VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (key) DO UPDATE SET "
            "failures = excluded.failures, first_at = excluded.first_at, "
            "locked_until = excluded.locked_until"
        )
        self.delete_failures = f"DELETE FROM {failures} WHERE key = {p}"


class CredentialsMixin:
    """Sessions, tokens and failure counts, for a recorder with a datastore."""

    credentials: CredentialTables

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _run(self, statement: str, params: tuple[Any, ...]) -> Any:
        """Run one statement in its own transaction; the first row of a SELECT, if any."""
        with self._transaction(commit=True) as c:
            c.execute(statement, params)
            return c.fetchone() if statement.startswith("SELECT") else None

    # ---- sessions --------------------------------------------------------------------

    def insert_session(self, row: SessionRow) -> None:
        self._run(
            self.credentials.insert_session,
            (
                row.token_hash,
                str(row.account_id),
                row.created_at.isoformat(),
                row.last_seen.isoformat(),
            ),
        )

    def select_session(self, token_hash: str) -> SessionRow | None:
        r = self._run(self.credentials.select_session, (token_hash,))
        if r is None:
            return None
        return SessionRow(
            r["token_hash"],
            UUID(r["account_id"]),
            datetime.fromisoformat(r["created_at"]),
            datetime.fromisoformat(r["last_seen"]),
        )

    def touch_session(self, token_hash: str, at: datetime) -> None:
        self._run(self.credentials.touch_session, (at.isoformat(), token_hash))

    def delete_session(self, token_hash: str) -> None:
        self._run(self.credentials.delete_session, (token_hash,))

    def delete_sessions_of(self, account_id: UUID) -> None:
        self._run(self.credentials.delete_sessions_of, (str(account_id),))

    # ---- API tokens ------------------------------------------------------------------

    def insert_token(self, row: TokenRow) -> None:
        self._run(
            self.credentials.insert_token,
            (
                row.token_hash,
                str(row.account_id),
                row.created_at.isoformat(),
                row.expires_at.isoformat(),
            ),
        )

    def select_token(self, token_hash: str) -> TokenRow | None:
        r = self._run(self.credentials.select_token, (token_hash,))
        if r is None:
            return None
        return TokenRow(
            r["token_hash"],
            UUID(r["account_id"]),
            datetime.fromisoformat(r["created_at"]),
            datetime.fromisoformat(r["expires_at"]),
        )

    def delete_token(self, token_hash: str) -> None:
        self._run(self.credentials.delete_token, (token_hash,))

    def delete_tokens_of(self, account_id: UUID) -> None:
        self._run(self.credentials.delete_tokens_of, (str(account_id),))

    # ---- failed password checks --------------------------------------------------------

    def select_failures(self, key: str) -> FailureRow | None:
        r = self._run(self.credentials.select_failures, (key,))
        if r is None:
            return None
        locked = r["locked_until"]
        return FailureRow(
            r["key"],
            int(r["failures"]),
            datetime.fromisoformat(r["first_at"]),
            datetime.fromisoformat(locked) if locked else None,
        )

    def upsert_failures(self, row: FailureRow) -> None:
        locked = row.locked_until.isoformat() if row.locked_until else None
        self._run(
            self.credentials.upsert_failures,
            (row.key, row.failures, row.first_at.isoformat(), locked),
        )

    def delete_failures(self, key: str) -> None:
        self._run(self.credentials.delete_failures, (key,))
