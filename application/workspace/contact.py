"""One's own contact settings (an e-mail address, confirmed; whether notifications also go
by e-mail), and, for administrators, the messages that could not be delivered."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.policy import Action
from application.ports import Mailer
from application.workspace.base import WorkspaceBase, requires_global

UNDELIVERED = 100


class ContactSettings(WorkspaceBase):
    def my_contact(self) -> dict[str, Any]:
        account = self.desk.get_account_aggregate(self.actor)
        pending = account.email_pending
        return {
            "email": account.email,
            "confirmed": account.email_confirmed,
            "pending": pending["address"] if pending else "",
            "delivery": account.delivery.value,
        }

    def set_my_email(self, address: str, mailer: Mailer) -> None:
        self.desk.request_email_confirmation(self.actor, address, mailer)

    def confirm_my_email(self, code: str) -> None:
        self.desk.confirm_email(self.actor, code)

    def choose_my_delivery(self, delivery: str) -> None:
        self.desk.choose_delivery(self.actor, delivery)

    @requires_global(Action.ADMINISTER)
    def undelivered_messages(self) -> list[dict[str, Any]]:
        """Messages that failed at least once (newest first): to whom, what, why."""
        names = self.desk.account_names()
        return [
            {
                "to": names[key]["display_name"] if (key := str(m.account_id)) in names else key,
                "kind": m.kind,
                "attempts": m.attempts,
                "status": m.status,
                "error": m.last_error,
                "next_attempt_at": m.next_attempt_at.isoformat(),
                "created_at": m.created_at.isoformat(),
            }
            for m in self.desk.store.select_undelivered(UNDELIVERED)
        ]

    @requires_global(Action.ADMINISTER)
    def webhooks(self) -> list[dict[str, Any]]:
        return self.desk.webhook_views()

    @requires_global(Action.ADMINISTER)
    def add_webhook(self, *, jurisdiction: str, kind: str, url: str, secret: str = "") -> UUID:
        return self.desk.add_webhook(
            jurisdiction=jurisdiction, kind=kind, url=url, secret=secret, actor=self.actor
        )

    @requires_global(Action.ADMINISTER)
    def set_webhook_active(self, webhook_id: UUID, *, active: bool) -> None:
        self.desk.set_webhook_active(webhook_id, active=active, actor=self.actor)
