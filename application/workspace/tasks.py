"""My tasks: what waits on the principal, read from the projections where the policy lets
them act (``policy.reach``) and the review's state accepts it."""

from __future__ import annotations

from collections.abc import Mapping

from application.policy import Action, reach
from application.views import Tasks
from application.workspace.base import WorkspaceBase, requires_global

KINDS = {"write": Action.WRITE_REPORT, "sign": Action.SIGN, "measures": Action.FOLLOW_UP}


class TaskList(WorkspaceBase):
    @requires_global(Action.LIST_REVIEWS)
    def tasks(self, *, after: Mapping[str, str | None] | None = None) -> Tasks:
        """Aspects to write, slots to sign, measures not yet taken: each kind where the
        principal may act on it (``policy.reach``), a page of each (``after``: a kind's
        cursor)."""
        cursors = after or {}
        pages = {
            kind: self.desk.task_page(
                kind,
                who=self.actor,
                reach=reach(self.principal, action),
                cursor=cursors.get(kind),
            )
            for kind, action in KINDS.items()
        }
        return {"write": pages["write"], "sign": pages["sign"], "measures": pages["measures"]}
