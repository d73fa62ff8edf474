"""Posting a notification to a webhook (HTTP in production, a loopback receiver in tests)."""

from __future__ import annotations

from typing import Any, Protocol


class WebhookPoster(Protocol):
    def post(self, *, kind: str, url: str, secret: str, key: str, message: dict[str, Any]) -> None:
        """Post ``message`` the way the kind wants it (``key``: fupan's signing key for a
        generic webhook; ``secret``: DingTalk's); raise unless the receiver accepted it."""
        ...
