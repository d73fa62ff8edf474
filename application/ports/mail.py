"""Sending e-mail (SMTP in production, a loopback server in the tests)."""

from __future__ import annotations

from typing import Protocol


class Mailer(Protocol):
    def send(self, *, to: str, subject: str, body: str, message_id: str) -> None:
        """Hand one message to the mail server; raise when it does not accept it."""
        ...
