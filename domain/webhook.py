"""A webhook: where a jurisdiction's notifications are also posted (off until an
administrator adds one), of three kinds: ``generic`` (JSON signed with a key derived from the
server secret), ``dingtalk`` (DingTalk's own signing) and ``wecom`` (the key in the URL).
The address and DingTalk's secret are sealed; the last two leave the intranet."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import ClassVar
from urllib.parse import urlsplit
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.errors import InvalidValue, Reason


class WebhookKind(Enum):
    GENERIC = "generic"
    DINGTALK = "dingtalk"
    WECOM = "wecom"


class Webhook(Aggregate):
    class Event(Aggregate.Event):
        actor: UUID
        sensitive_fields: ClassVar[tuple[str, ...]] = ()

    class Added(Event, Aggregate.Created):
        sensitive_fields = ("url", "secret")
        jurisdiction: str
        kind: WebhookKind
        url: str
        secret: str

        def apply(self, webhook: Webhook) -> None:
            webhook.jurisdiction = self.jurisdiction
            webhook.kind = self.kind
            webhook.url = self.url
            webhook.secret = self.secret

    class Disabled(Event):
        def apply(self, webhook: Webhook) -> None:
            webhook.active = False

    class Enabled(Event):
        def apply(self, webhook: Webhook) -> None:
            webhook.active = True

    def __init__(self) -> None:
        self.jurisdiction: str
        self.kind: WebhookKind
        self.url: str
        self.secret: str
        self.active = True

    @classmethod
    def add(
        cls,
        *,
        jurisdiction: str,
        kind: WebhookKind,
        url: str,
        secret: str,
        actor: UUID,
        now: datetime,
    ) -> Webhook:
        url = v.text("url", url, max_len=2000)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidValue("url", Reason.INVALID)
        secret = v.text("secret", secret, max_len=200, required=kind is WebhookKind.DINGTALK)
        return cls._create(
            cls.Added,
            id=uuid4(),
            timestamp=now,
            actor=actor,
            jurisdiction=v.text("jurisdiction", jurisdiction),
            kind=kind,
            url=url,
            secret=secret,
        )

    def disable(self, actor: UUID, now: datetime) -> None:
        if self.active:
            self.trigger_event(self.Disabled, actor=actor, timestamp=now)

    def enable(self, actor: UUID, now: datetime) -> None:
        if not self.active:
            self.trigger_event(self.Enabled, actor=actor, timestamp=now)
