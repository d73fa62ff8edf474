"""A small city of reviews in every state, made through the desk from a seed (all data
synthetic), and what lists must show of it computed from a full replay of each review."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from application.desk import ReviewDesk
from application.errors import AccountNotFound
from application.policy import Action, Principal, ReviewScope, actions_on
from domain.account import Role
from domain.deadline import local_date
from domain.errors import Code
from tests import scenario as s

PLACES = ["东区", "西区", "南区"]
STATES = [
    "registered",
    "partial",
    "ready",
    "awaiting",
    "declined",
    "closed",
    "correcting",
    "taken",
    "withdrawal_pending",
    "withdrawn",
    "erased",
]
# A second team (for the west), so that participants see different reviews.
WEST = {party: account_id_for(f"west.{party}") for party in s.MEMBERS}
WEST_SIGNATORIES = {role: account_id_for(f"west.{role}") for role in s.SIGNATORIES}
CONFIRMER = account_id_for("test.confirmer")


def principals() -> dict[str, Principal]:
    """Who looks at the city: officers, participants of both teams, an inspector."""

    def p(name: str, role: Role, **scope: Any) -> Principal:
        return Principal(account_id_for(name), name, name, role, **scope)

    return {
        "city officer": p("c.city", Role.CASE_OFFICER, city_wide=True),
        "east officer": p("c.east", Role.CASE_OFFICER, jurisdictions=frozenset({"东区"})),
        "inspector": p("c.inspector", Role.INSPECTOR),
        "school member": Principal(s.MEMBERS["school"], "test.school", "m", Role.INVESTIGATOR),
        "principal": Principal(s.SIGNATORIES["principal"], "test.principal", "p", Role.SIGNATORY),
        "west expert": Principal(WEST["expert"], "west.expert", "w", Role.INVESTIGATOR),
        "west secretary": Principal(
            WEST_SIGNATORIES["school_secretary"], "west.school_secretary", "w", Role.SIGNATORY
        ),
    }


def build(desk: ReviewDesk, seed: int, count: int = 22) -> list[UUID]:
    """``count`` reviews over every state (each state at least once when count allows)."""
    rng = random.Random(seed)
    _accounts(desk)
    today = local_date(desk.clock.now())
    made = []
    for n in range(count):
        state = STATES[n % len(STATES)] if n < len(STATES) else rng.choice(STATES)
        place = rng.choice(PLACES)
        occurred = today - timedelta(days=rng.randrange(0, 40))
        made.append(_review(desk, rng, state, place, occurred, today))
    return made


def _accounts(desk: ReviewDesk) -> None:
    people = [(f"west.{p}", "investigator") for p in s.MEMBERS]
    people += [(f"west.{r}", "signatory") for r in s.SIGNATORIES]
    for username, role in people:
        try:
            desk.get_account(account_id_for(username))
        except AccountNotFound:
            desk.create_account(
                username=username,
                display_name=username,
                role=role,
                password=s.PASSWORD,
                actor=s.OFFICER,
            )


def _team(desk: ReviewDesk, rid: UUID, place: str, parties: list[str], roles: list[str]) -> None:
    members = WEST if place == "西区" else s.MEMBERS
    signatories = WEST_SIGNATORIES if place == "西区" else s.SIGNATORIES
    for party in parties:
        desk.appoint_member(
            rid, account_id=members[party], name=f"{party}成员", party=party, actor=s.OFFICER
        )
    for role in roles:
        desk.designate_signatory(
            rid, role=role, account_id=signatories[role], name=f"{role}签字人", actor=s.OFFICER
        )


def _review(
    desk: ReviewDesk, rng: random.Random, state: str, place: str, occurred: date, today: date
) -> UUID:
    rid = s.register(
        desk,
        jurisdiction=place,
        school=f"{place}第{rng.randrange(1, 9)}中学",
        occurred_on=occurred.isoformat(),
        student={**s.STUDENT, "name": f"学生{rng.randrange(1, 6)}"},
    )
    if state == "registered":
        return rid
    if state.startswith("withdraw"):
        desk.request_withdrawal(rid, reason="同一事件重复登记，申请撤销。", actor=s.OFFICER)
        if state == "withdrawn":
            desk.confirm_withdrawal(rid, actor=CONFIRMER)
        return rid
    if state == "partial":
        _team(desk, rid, place, list(s.MEMBERS)[: rng.randrange(1, 4)], ["principal"])
        desk.write_aspect(rid, aspect="daily_conduct", text="待补充", actor=s.OFFICER)
        desk.write_aspect(rid, aspect="trigger_and_course", text="太短了", actor=s.OFFICER)
        return rid
    _team(desk, rid, place, list(s.MEMBERS), list(s.SIGNATORIES))
    s.write_aspects(desk, rid)
    themes = [s.ensure_theme(desk, t) for t in rng.sample(s.THEMES, rng.randrange(1, 3))]
    risk = desk.record_risk_point(
        rid, description="心理筛查结果未反馈", actor=s.OFFICER, themes=themes
    ).id
    measure = desk.propose_measure(
        rid,
        description="筛查结果48小时内反馈",
        addresses=[risk],
        owner="心理中心",
        # never before the incident (a measure's rule)
        due_on=max(occurred, today + timedelta(days=rng.randrange(-10, 30))).isoformat(),
        actor=s.OFFICER,
    ).id
    if state == "ready":
        return rid
    if state == "erased":
        desk.erase_personal_data(rid, reason="依法删除个人信息", actor=s.OFFICER)
        return rid
    desk.send_for_signature(rid, actor=s.OFFICER)
    slots = desk.get_review(rid)["signoff"]["slots"]  # type: ignore[index]
    if state == "declined":
        slot = slots[0]
        desk.decline(rid, slot=slot["slot"], reason="风险分析不充分", actor=UUID(slot["holder"]))
        return rid
    signed = len(slots) if state != "awaiting" else rng.randrange(0, len(slots))
    for slot in slots[:signed]:
        s.sign(desk, rid, slot["slot"], UUID(slot["holder"]))
    if state == "awaiting":
        return rid
    late = "材料收集延误" if occurred + timedelta(days=14) < today else ""
    desk.close_review(rid, late_reason=late, actor=s.OFFICER)
    if state == "correcting":
        desk.open_correction(rid, reason="事件经过需要补充更正", actor=s.OFFICER)
    if state == "taken":
        desk.record_measure_taken(rid, measure_id=measure, evidence="整改档案", actor=s.OFFICER)
    return rid


# ---- what the lists must show, from a full replay ---------------------------------------


def replayed(desk: ReviewDesk) -> dict[str, dict[str, Any]]:
    """Every review as a full replay shows it: scope, flags, what is missing, tasks."""
    found = {}
    for rid in desk.review_ids():
        view = desk.get_review(rid)
        blockers = {b["code"]: b for b in view["blockers"]}
        signoff = view["signoff"]
        awaiting = view["status"] == "awaiting_signatures"
        open_review = view["status"] not in ("closed", "withdrawn")
        # An erased review's texts no longer read back: nothing is counted as missing.
        aspects = (
            [] if view["erased"] else blockers.get(Code.ASPECTS_INCOMPLETE, {}).get("aspects", [])
        )
        found[str(rid)] = {
            "scope": ReviewScope(
                view["incident"]["jurisdiction"],
                frozenset(UUID(m["account_id"]) for m in view["team"]),
                frozenset(UUID(x["account_id"]) for x in view["signatories"].values()),
            ),
            "view": view,
            "summary": {
                "status": view["status"],
                "days_left": view["days_left"],
                "overdue": view["overdue"],
                "late": view["late"],
                "submitted": view["submitted"],
                "erased": view["erased"],
                "withdrawal_pending": view["withdrawal"] is not None
                and view["status"] != "withdrawn",
                "missing": {
                    "aspects": len(aspects) if open_review else 0,
                    "risks": open_review
                    and bool(
                        {Code.RISK_POINTS_MISSING, Code.MEASURES_MISSING, Code.THEMES_MISSING}
                        & set(blockers)
                    ),
                    "parties": blockers.get(Code.TEAM_INCOMPLETE, {}).get("parties", [])
                    if open_review
                    else [],
                    "signatories": blockers.get(Code.SIGNATORIES_MISSING, {}).get("roles", [])
                    if open_review
                    else [],
                    "signatures": len(signoff["unsigned"]) if signoff and awaiting else 0,
                },
            },
        }
    return found


def visible(reviews: dict[str, dict[str, Any]], who: Principal) -> dict[str, dict[str, Any]]:
    return {i: r for i, r in reviews.items() if actions_on(who, r["scope"])}


def counts(reviews: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A dashboard's counts, as the replays say."""
    summaries = [(r["view"]["incident"]["jurisdiction"], r["summary"]) for r in reviews.values()]
    by = Counter(j for j, _ in summaries)
    return {
        "total": len(summaries),
        "jurisdiction": dict(sorted(by.items())),
        "status": dict(sorted(Counter(x["status"] for _, x in summaries).items())),
        "overdue": sum(1 for _, x in summaries if x["overdue"]),
        "late": sum(1 for _, x in summaries if x["late"]),
        "overdue_by": dict(sorted(Counter(j for j, x in summaries if x["overdue"]).items())),
        "late_by": dict(sorted(Counter(j for j, x in summaries if x["late"]).items())),
        "withdrawn_by": dict(
            sorted(Counter(j for j, x in summaries if x["status"] == "withdrawn").items())
        ),
    }


def tasks(reviews: dict[str, dict[str, Any]], who: Principal) -> dict[str, list[tuple[Any, ...]]]:
    """What waits on ``who``, as the replays and the policy say (the old way)."""
    found: dict[str, list[tuple[Any, ...]]] = {"write": [], "sign": [], "measures": []}
    for rid, r in reviews.items():
        view = r["view"]
        allowed = {a for a in actions_on(who, r["scope"]) if a.value in view["possible"]}
        if Action.WRITE_REPORT in allowed:
            for b in view["blockers"]:
                if b["code"] == Code.ASPECTS_INCOMPLETE:
                    found["write"].append((rid, tuple(b["aspects"])))
        signoff = view["signoff"]
        if Action.SIGN in allowed and signoff and not signoff["void"]:
            found["sign"] += [
                (rid, x["slot"])
                for x in signoff["slots"]
                if x["holder"] == str(who.account_id) and x["mark"] is None
            ]
        if Action.FOLLOW_UP in allowed:
            found["measures"] += [
                (rid, m["id"]) for m in view["measures"] if m["status"] != "taken"
            ]
    return {kind: sorted(items) for kind, items in found.items()}
