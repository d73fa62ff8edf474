"""My tasks: what waits on the principal, from what the policy lets them do now."""

from __future__ import annotations

from uuid import UUID

from application.policy import Action, actions_on
from application.views import ReviewSummary, TaskBrief, Tasks
from application.workspace.base import WorkspaceBase
from application.workspace.reading import Reading
from domain.errors import Code
from domain.values import MeasureStatus


class TaskList(Reading, WorkspaceBase):
    def tasks(self) -> Tasks:
        """Aspects to write, slots to sign, measures due: each where the principal may act."""
        tasks: Tasks = {"write": [], "sign": [], "measures": []}
        mine = str(self.actor)
        for item in self.list_reviews():
            may = actions_on(self.principal, self._scope(UUID(item["id"])))
            if not may & {Action.WRITE_REPORT, Action.SIGN, Action.FOLLOW_UP}:
                continue
            view = self.desk.get_review(UUID(item["id"]))
            allowed = {a for a in may if a.value in view["possible"]}
            brief = _brief(item)
            if Action.WRITE_REPORT in allowed:
                for blocker in view["blockers"]:
                    if blocker["code"] == Code.ASPECTS_INCOMPLETE:
                        tasks["write"].append({**brief, "aspects": blocker.get("aspects", [])})
            signoff = view["signoff"]
            if Action.SIGN in allowed and signoff and not signoff["void"]:
                for slot in signoff["slots"]:
                    if slot["holder"] == mine and slot["mark"] is None:
                        tasks["sign"].append({**brief, "slot": slot["slot"]})
            if Action.FOLLOW_UP in allowed:
                for measure in view["measures"]:
                    if measure["status"] != MeasureStatus.TAKEN.value:
                        tasks["measures"].append(
                            {
                                **brief,
                                "measure": measure["description"],
                                "measure_id": measure["id"],
                                "measure_due_on": measure["due_on"],
                            }
                        )
        tasks["write"].sort(key=lambda t: t["due_on"])
        tasks["sign"].sort(key=lambda t: t["due_on"])
        tasks["measures"].sort(key=lambda t: t["measure_due_on"])
        return tasks


def _brief(item: ReviewSummary) -> TaskBrief:
    return {
        "id": item["id"],
        "school": item["school"],
        "jurisdiction": item["jurisdiction"],
        "due_on": item["due_on"],
        "days_left": item["days_left"],
        "status": item["status"],
    }
