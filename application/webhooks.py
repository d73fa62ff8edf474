"""Webhooks kept by administrators, per jurisdiction, off until one is added: each
notification about a review of that jurisdiction is posted to its active webhooks once (not
once per recipient), through the outbox, saying nothing confidential."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from application.account_commands import AccountCommands
from application.errors import WebhookNotFound
from application.rebuild import created_ids
from domain import validation as v
from domain.webhook import Webhook, WebhookKind

SIGNING_LABEL = "webhook-signing"


class WebhookCommands(AccountCommands):
    def add_webhook(
        self, *, jurisdiction: str, kind: str, url: str, secret: str = "", actor: UUID
    ) -> UUID:
        webhook = Webhook.add(
            jurisdiction=jurisdiction,
            kind=v.choice("kind", kind, WebhookKind),
            url=url,
            secret=secret,
            actor=v.an_id("actor", actor),
            now=self.clock.now(),
        )
        self.save(webhook, **self.keys.create_key(webhook.id))
        return webhook.id

    def set_webhook_active(self, webhook_id: UUID, *, active: bool, actor: UUID) -> None:
        webhook = self.webhook(webhook_id)
        now = self.clock.now()
        if active:
            webhook.enable(actor, now)
        else:
            webhook.disable(actor, now)
        self.save(webhook)

    def webhook(self, webhook_id: UUID) -> Webhook:
        try:
            found: Webhook = self.repository.get(v.an_id("webhook_id", webhook_id))
        except AggregateNotFoundError:
            raise WebhookNotFound("no such webhook") from None
        if not isinstance(found, Webhook):
            raise WebhookNotFound("no such webhook")
        return found

    def webhooks(self) -> list[Webhook]:
        return [self.webhook(i) for i in created_ids(self.recorder, Webhook.Added)]

    def webhooks_of(self, jurisdiction: str) -> list[Webhook]:
        return [w for w in self.webhooks() if w.active and w.jurisdiction == jurisdiction]

    def webhook_key(self, webhook_id: UUID) -> str:
        """The key a generic webhook's receiver checks signatures with (hex)."""
        return self.keyed.keyed_hash(SIGNING_LABEL, str(webhook_id))

    def webhook_views(self) -> list[dict[str, Any]]:
        """What the administrators' page shows (the address, not DingTalk's secret)."""
        return [
            {
                "id": str(w.id),
                "jurisdiction": w.jurisdiction,
                "kind": w.kind.value,
                # No query string: it may carry the receiver's own token.
                "url": urlsplit(w.url)._replace(query="", fragment="").geturl()
                + ("?…" if urlsplit(w.url).query else ""),
                "active": w.active,
                "key": self.webhook_key(w.id) if w.kind is WebhookKind.GENERIC else "",
            }
            for w in self.webhooks()
        ]
