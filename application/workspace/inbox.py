"""A principal's notifications: rendered when read, and only those about reviews the
principal still sees (a member removed since, or a review erased, shows nothing); 催办."""

from __future__ import annotations

from uuid import UUID

from application.errors import ReviewNotFound, RoundNotFound
from application.notifying import CHECKLIST_KINDS, WEEKLY_DIGEST, digest_of
from application.policy import Action, actions_on, round_columns, sight
from application.ports import InboxRow
from application.views import NotificationView
from application.workspace.base import WorkspaceBase, requires, requires_global
from domain import validation as v

PAGE = 50


class Inbox(WorkspaceBase):
    @requires_global(Action.LIST_REVIEWS)
    def notifications(self, limit: int = PAGE) -> list[NotificationView]:
        """The newest notifications of this principal about reviews they still see."""
        return [
            view
            for row in self.desk.store.select_inbox(self.actor, limit)
            if (view := self._view(row)) is not None
        ]

    @requires_global(Action.LIST_REVIEWS)
    def open_notification(self, key: str) -> NotificationView:
        """Mark one of this principal's notifications read; what it is about."""
        key = v.text("key", key)
        for row in self.desk.store.select_inbox(self.actor, 500):
            if row.key == key:
                view = self._view(row)
                if view is None:
                    break
                self.desk.store.mark_read(self.actor, [key], self.desk.clock.now())
                return view
        raise ReviewNotFound("no such notification", key=key)

    @requires_global(Action.LIST_REVIEWS)
    def mark_all_read(self) -> None:
        rows = self.desk.store.select_inbox(self.actor, 500)
        unread = [r.key for r in rows if r.read_at is None]
        self.desk.store.mark_read(self.actor, unread, self.desk.clock.now())

    @requires(Action.URGE)
    def urge(self, review_id: UUID, *, note: str = "") -> int:
        """催办: press the holders of the review's pending items (at most once an hour)."""
        return self.desk.urge(review_id, note=note, actor=self.actor)

    def _view(self, row: InboxRow) -> NotificationView | None:
        if row.kind == WEEKLY_DIGEST:
            return self._digest(row)
        if row.kind in CHECKLIST_KINDS:
            return self._checklist_item(row)
        rows = self.desk.index.select_review_index(review_id=row.review_id)
        if not rows or rows[0].erased or not actions_on(self.principal, rows[0].scope):
            return None
        view = self._line(row, rows[0].reference or None)
        said = self.desk.said_with(row.position, row.kind)
        if said:
            view["said"] = said
        return view

    def _checklist_item(self, row: InboxRow) -> NotificationView | None:
        """A work list reminder, while its column is still in this principal's sight."""
        try:
            progress = self.desk.progress_of(row.review_id)
            issued = self.desk.checklist_round(progress.round_id)
        except RoundNotFound:
            return None
        if not round_columns(self.principal, [progress.jurisdiction]):
            return None
        view = self._line(row, f"{issued.title}（{progress.jurisdiction}）")
        view["review_id"] = str(issued.id)
        view["place"] = progress.jurisdiction
        return view

    def _digest(self, row: InboxRow) -> NotificationView | None:
        """Counted when read, over what this principal sees (their role may have changed)."""
        if not sight(self.principal).everything:
            return None
        view = self._line(row, None)
        view["digest"] = digest_of(self.desk.review_counts(sight=sight(self.principal)))
        return view

    def _line(self, row: InboxRow, reference: str | None) -> NotificationView:
        return {
            "key": row.key,
            "kind": row.kind,
            "review_id": str(row.review_id),
            "reference_number": reference,
            "subject": row.subject,
            "at": row.created_at.isoformat(),
            "read": row.read_at is not None,
        }
