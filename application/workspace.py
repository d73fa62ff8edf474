"""A principal's workspace: every read and write of the interfaces goes through here, where
the access policy decides (deny by default) and confidential reads are recorded.

A review the principal may not see is reported as not found; a visible review on which the
action is not allowed is a refusal (``forbidden``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from application.desk import ReviewDesk
from application.errors import AccountNotFound, ReviewNotFound
from application.policy import (
    AccessDenied,
    Action,
    Principal,
    ReviewScope,
    actions_on,
    check,
    check_global,
)
from domain import validation as v
from domain.account import Account, Role, check_username
from domain.errors import InvalidValue
from domain.signoff import intent
from domain.values import Mark

# Which action each review command needs.
COMMANDS: dict[str, Action] = {
    "correct_incident_date": Action.AMEND_INCIDENT,
    "amend_incident": Action.AMEND_INCIDENT,
    "appoint_member": Action.MANAGE_TEAM,
    "remove_member": Action.MANAGE_TEAM,
    "designate_signatory": Action.MANAGE_TEAM,
    "write_aspect": Action.WRITE_REPORT,
    "record_risk_point": Action.WRITE_REPORT,
    "revise_risk_point": Action.WRITE_REPORT,
    "withdraw_risk_point": Action.WRITE_REPORT,
    "propose_measure": Action.WRITE_REPORT,
    "revise_measure": Action.WRITE_REPORT,
    "withdraw_measure": Action.WRITE_REPORT,
    "record_measure_progress": Action.FOLLOW_UP,
    "record_measure_taken": Action.FOLLOW_UP,
    "send_for_signature": Action.SEND_FOR_SIGNATURE,
    "sign": Action.SIGN,
    "seal": Action.SIGN,
    "decline": Action.SIGN,
    "close_review": Action.CLOSE,
    "open_correction": Action.OPEN_CORRECTION,
}


class Workspace:
    def __init__(self, desk: ReviewDesk, principal: Principal) -> None:
        self.desk = desk
        self.principal = principal

    # ---- reviews ------------------------------------------------------------------

    def list_reviews(
        self,
        *,
        jurisdiction: str | None = None,
        status: str | None = None,
        with_missing: bool = False,
    ) -> list[dict[str, Any]]:
        """The reviews this principal may see, with due dates and flags; ``with_missing``
        adds what stands between each open review and its closing (no confidential text)."""
        check_global(self.principal, Action.LIST_REVIEWS)
        items = self.desk.list_reviews(jurisdiction=jurisdiction, status=status, **self._sight())
        if with_missing:
            for item in items:
                open_review = item["status"] != "closed"
                item["missing"] = self._missing(UUID(item["id"])) if open_review else {}
        return items

    def get_review(
        self, review_id: UUID, *, version: int | None = None, as_of: datetime | None = None
    ) -> dict[str, Any]:
        """The review (confidential: the read is recorded), with what this principal may do."""
        rid = v.an_id("review_id", review_id)
        scope = self._scope(rid)
        check(self.principal, Action.VIEW_REVIEW, scope)
        view = self.desk.get_review(rid, version=version, as_of=as_of)
        self._record(rid, "review" if version is None and as_of is None else "review_as_of")
        view["allowed"] = sorted(a.value for a in actions_on(self.principal, scope))
        view["my_slots"] = [
            slot["slot"] for slot in (view["signoff"] or {}).get("slots", [])
            if slot["holder"] == str(self.principal.account_id) and slot["mark"] is None
        ]  # fmt: skip
        return view

    def signing_page(self, review_id: UUID, slot: str) -> dict[str, Any]:
        """What a signatory reads before signing a slot: the review, the intent statements,
        and what changed since the last revision they were asked to sign."""
        rid = v.an_id("review_id", review_id)
        check(self.principal, Action.SIGN, self._scope(rid))
        view = self.get_review(rid)
        signoff = view["signoff"]
        held = [x for x in (signoff or {}).get("slots", [])
                if x["slot"] == slot and x["holder"] == str(self.principal.account_id)]  # fmt: skip
        if not held:
            raise AccessDenied("this slot is not yours to sign")
        revision = signoff["revision"]
        earlier = [r for r in self.desk.revisions_held_by(rid, self.principal.account_id)
                   if r < revision]  # fmt: skip
        return {
            "review": view,
            "slot": held[0],
            "intents": {
                m.value: intent(m, revision, signoff["content_hash"])
                for m in (Mark.SIGNATURE, Mark.SEAL)
            },
            "since": earlier[-1] if earlier else None,
            "changes": self.desk.revision_diff(rid, earlier[-1], None) if earlier else [],
        }

    def reveal_personal_data(self, review_id: UUID) -> dict[str, Any]:
        """The student's personal data, behind an explicit action that is recorded."""
        rid = v.an_id("review_id", review_id)
        check(self.principal, Action.VIEW_REVIEW, self._scope(rid))
        view = self.desk.get_review(rid)
        self._record(rid, "personal_data")
        return dict(view["incident"]["student"])

    def history(self, review_id: UUID) -> list[dict[str, Any]]:
        rid = v.an_id("review_id", review_id)
        check(self.principal, Action.VIEW_REVIEW, self._scope(rid))
        self._record(rid, "history")
        return self.desk.history(rid)

    def revision_diff(
        self, review_id: UUID, before: int, after: int | None
    ) -> list[dict[str, Any]]:
        """What changed between two report revisions (``after`` None: the current text)."""
        rid = v.an_id("review_id", review_id)
        check(self.principal, Action.VIEW_REVIEW, self._scope(rid))
        self._record(rid, "revision_diff")
        return self.desk.revision_diff(rid, before, after)

    def verify_signatures(self, review_id: UUID) -> list[dict[str, Any]]:
        rid = v.an_id("review_id", review_id)
        check(self.principal, Action.VIEW_REVIEW, self._scope(rid))
        return self.desk.verify_signatures(rid)

    def access_records(self, review_id: UUID) -> list[dict[str, Any]]:
        """Who read what of this review, and when (inspectors)."""
        rid = v.an_id("review_id", review_id)
        check(self.principal, Action.AUDIT, self._scope(rid))
        return self.desk.access_records(rid)

    def people(self) -> dict[str, str]:
        """Display names by account id, to say who did what."""
        return {a["id"]: a["display_name"] for a in self.desk.list_accounts()}

    def register_incident(self, **facts: Any) -> UUID:
        """Register an incident in a jurisdiction of this case officer's scope."""
        jurisdiction = v.text("jurisdiction", facts.get("jurisdiction"))
        check_global(self.principal, Action.REGISTER_INCIDENT, jurisdiction)
        return self.desk.register_incident(**facts, actor=self.principal.account_id)

    def check_can_register(self) -> None:
        """Only case officers with a scope register incidents."""
        p = self.principal
        if p.role is not Role.CASE_OFFICER or not (p.city_wide or p.jurisdictions):
            raise AccessDenied(f"{p.role.value} may not register incidents")

    def run(self, command: str, review_id: UUID, **arguments: Any) -> Any:
        """Run a review command as this principal, if the policy allows it."""
        action = COMMANDS[command]
        rid = v.an_id("review_id", review_id)
        check(self.principal, action, self._scope(rid))
        return getattr(self.desk, command)(rid, actor=self.principal.account_id, **arguments)

    def appoint(
        self, review_id: UUID, *, username: str, party: str, expected_version: int | None = None
    ) -> int:
        """Appoint an investigator's or signatory's account to the team, by username."""
        account = self._participant(username)
        result: int = self.run(
            "appoint_member", review_id, account_id=UUID(account["id"]),
            name=account["display_name"], party=party, expected_version=expected_version,
        )  # fmt: skip
        return result

    def designate(
        self, review_id: UUID, *, role: str, username: str, expected_version: int | None = None
    ) -> int:
        """Designate a fixed signatory, by username."""
        account = self._participant(username)
        result: int = self.run(
            "designate_signatory", review_id, role=role, account_id=UUID(account["id"]),
            name=account["display_name"], expected_version=expected_version,
        )  # fmt: skip
        return result

    def tasks(self) -> dict[str, list[dict[str, Any]]]:
        """What waits on this principal: aspects to write, slots to sign, measures due."""
        tasks: dict[str, list[dict[str, Any]]] = {"write": [], "sign": [], "measures": []}
        me = str(self.principal.account_id)
        for item in self.list_reviews():
            if item["status"] == "closed" and self.principal.role is not Role.CASE_OFFICER:
                continue
            view = self.desk.get_review(UUID(item["id"]))
            people = self._scope(UUID(item["id"]))
            if self.principal.account_id in people.members and view["status"] in (
                "investigating", "correcting", "registered"
            ):  # fmt: skip
                missing = next(
                    (b for b in view["blockers"] if b["code"] == "aspects_incomplete"), None
                )
                if missing:
                    tasks["write"].append({**_brief(item), "aspects": missing["aspects"]})
            for slot in (view["signoff"] or {}).get("slots", []):
                if slot["holder"] == me and slot["mark"] is None and not view["signoff"]["void"]:
                    tasks["sign"].append({**_brief(item), "slot": slot["slot"]})
            if Action.FOLLOW_UP in actions_on(self.principal, people):
                for measure in view["measures"]:
                    if measure["status"] != "taken":
                        tasks["measures"].append({
                            **_brief(item), "measure": measure["description"],
                            "measure_id": measure["id"], "measure_due_on": measure["due_on"],
                        })  # fmt: skip
        for items in tasks.values():
            items.sort(key=lambda t: t.get("measure_due_on") or t["due_on"])
        return tasks

    # ---- accounts (administrators) ---------------------------------------------------

    def administer(self, command: str, *args: Any, **arguments: Any) -> Any:
        """Account management, for administrators only."""
        check_global(self.principal, Action.ADMINISTER)
        if command in ("list_accounts", "get_account", "account_history"):
            return getattr(self.desk, command)(*args, **arguments)
        return getattr(self.desk, command)(*args, actor=self.principal.account_id, **arguments)

    def check_audit(self) -> None:
        check_global(self.principal, Action.AUDIT)

    # ---- internals ------------------------------------------------------------------

    def _missing(self, review_id: UUID) -> dict[str, Any]:
        view = self.desk.get_review(review_id)
        found = {b["code"]: b for b in view["blockers"]}
        signoff = view["signoff"] or {}
        awaiting = view["status"] == "awaiting_signatures"
        return {
            "aspects": len(found.get("aspects_incomplete", {}).get("aspects", [])),
            "risks": "risk_points_missing" in found or "measures_missing" in found,
            "parties": found.get("team_incomplete", {}).get("parties", []),
            "signatories": found.get("signatories_missing", {}).get("roles", []),
            "signatures": len(signoff.get("unsigned", [])) if awaiting else 0,
        }

    def _participant(self, username: str) -> dict[str, Any]:
        try:
            account = self.desk.get_account(Account.create_id(check_username(username)))
        except (AccountNotFound, InvalidValue):
            raise InvalidValue("username", "no such account") from None
        if account["disabled"] or account["role"] not in (
            Role.INVESTIGATOR.value, Role.SIGNATORY.value
        ):  # fmt: skip
            raise InvalidValue("username", "must be an investigator or signatory account")
        return account

    def _sight(self) -> dict[str, Any]:
        p = self.principal
        if p.role is Role.INSPECTOR:
            return {}
        if p.role is Role.CASE_OFFICER:
            return {} if p.city_wide else {"jurisdictions": sorted(p.jurisdictions)}
        return {"participant": p.account_id}

    def _scope(self, review_id: UUID) -> ReviewScope:
        rows = self.desk.index.select_review_index(review_id=review_id)
        if not rows or not actions_on(self.principal, rows[0].scope):
            raise ReviewNotFound("no such review", review_id=str(review_id))
        return rows[0].scope

    def _record(self, review_id: UUID, what: str) -> None:
        self.desk.record_access(review_id, actor=self.principal.account_id, what=what)


def _brief(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ("id", "school", "jurisdiction", "due_on", "days_left", "status")}


__all__ = ["AccessDenied", "Workspace"]
