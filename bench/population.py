"""A city's reviews for the serving benchmark, made through the application (FUPAN_ENV=test:
cheap argon2, as stated beside the figures) and kept between runs.

Review ``n`` always gets the same plan (state, jurisdiction, school, dates), so a store of
1,000 reviews is the beginning of one of 10,000 and a kept store can be extended. 70% are
closed (some of them late, some with their measure taken, a few corrected and closed again);
the rest are spread over every other state: registered, investigating (part of the team,
some aspects), ready to send, awaiting signatures (some slots signed), correcting, a
withdrawal pending, withdrawn. Every review has its own synthetic student; jurisdictions
each have their own investigators and signatories.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from uuid import UUID

from application.accounts import account_id_for
from application.desk import ReviewDesk
from application.errors import AccountNotFound
from domain.deadline import CHINA
from infrastructure.clock import SettableClock
from infrastructure.settings import Settings
from web.app import build_desk

PASSWORD = "bench-passphrase-2026"
OFFICER = "bench.officer"  # a city-wide case officer: the benchmark's signed-in user
INSPECTOR = "bench.inspector"
CONFIRMER = "bench.confirmer"  # confirms withdrawals (another city-wide officer)
JURISDICTIONS = [
    "东湖区",
    "西山区",
    "南江区",
    "北岭区",
    "青云县",
    "白石县",
    "临川县",
    "安平县",
    "长河市",
    "高新区",
    "经开区",
    "市直",
]
PARTIES = ["school", "education_department", "police", "expert"]
ROLES = ["school_secretary", "principal", "department_head"]
ASPECTS = ["daily_conduct", "family_and_parenting", "trigger_and_course", "risks_and_measures"]
TEXT = "该生平时表现良好，学习成绩中等，与同学关系融洽，事发前两周情绪有明显波动。"
OPEN_STATES = [
    "registered",
    "investigating",
    "ready",
    "awaiting_signatures",
    "correcting",
    "withdrawal_pending",
    "withdrawn",
]


@dataclass(frozen=True)
class Plan:
    state: str
    jurisdiction: str
    school: str
    occurred_on: date
    measure_taken: bool
    signed: int  # slots signed while awaiting signatures


def plan(n: int, today: date) -> Plan:
    rng = random.Random(n * 7919 + 17)
    closed = rng.random() < 0.7
    state = "closed" if closed else OPEN_STATES[rng.randrange(len(OPEN_STATES))]
    place = JURISDICTIONS[rng.randrange(len(JURISDICTIONS))]
    back = rng.randrange(30, 3 * 365) if closed else rng.randrange(0, 40)
    return Plan(
        state=state,
        jurisdiction=place,
        school=f"{place}第{rng.randrange(1, 60)}中学",
        occurred_on=today - timedelta(days=back),
        measure_taken=closed and rng.random() < 0.6,
        signed=rng.randrange(0, 7),
    )


def person(jurisdiction: str, part: str) -> str:
    return f"j{JURISDICTIONS.index(jurisdiction)}.{part.replace('_', '')}"


class Population:
    def __init__(self, data_dir: Path) -> None:
        settings = Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)})
        self.clock = SettableClock(datetime.now(CHINA))
        self.desk: ReviewDesk = build_desk(settings, self.clock)
        self.today = datetime.now(CHINA).date()
        self.actor = account_id_for(OFFICER)

    def close(self) -> None:
        self.desk.close()

    def accounts(self) -> None:
        people = [(OFFICER, "case_officer", True), (CONFIRMER, "case_officer", True)]
        people.append((INSPECTOR, "inspector", False))
        for place in JURISDICTIONS:
            people += [(person(place, p), "investigator", False) for p in PARTIES]
            people += [(person(place, r), "signatory", False) for r in ROLES]
        for username, role, city in people:
            try:
                self.desk.get_account(account_id_for(username))
            except AccountNotFound:
                self.desk.create_account(
                    username=username,
                    display_name=username,
                    role=role,
                    password=PASSWORD,
                    city_wide=city,
                    actor=self.actor,
                )

    def extend(self, total: int, progress: bool = True) -> int:
        """Add reviews until the store holds ``total``; returns how many it holds."""
        self.accounts()
        have = len(self.desk.review_ids())
        for n in range(have, total):
            self.review(plan(n, self.today), n)
            if progress and (n + 1) % 250 == 0:
                print(f"  {n + 1} reviews", flush=True)
        return max(have, total)

    def at(self, day: date, hour: int = 10) -> None:
        self.clock.set(datetime.combine(day, time(hour), tzinfo=CHINA))

    def review(self, p: Plan, n: int) -> None:
        d, who = self.desk, self.actor
        self.at(p.occurred_on, 12)
        rid = d.register_incident(
            occurred_on=p.occurred_on,
            school=p.school,
            jurisdiction=p.jurisdiction,
            category=["suicide", "drowning", "accident", "other"][n % 4],
            on_premises=n % 9 == 0,
            student={"name": f"学生{n:05d}", "gender": "female", "grade_class": "初二"},
            actor=who,
            confirm_duplicate=True,
        )
        if p.state in ("registered", "withdrawal_pending", "withdrawn"):
            if p.state != "registered":
                d.request_withdrawal(rid, reason="同一事件重复登记，申请撤销。", actor=who)
            if p.state == "withdrawn":
                d.confirm_withdrawal(rid, actor=account_id_for(CONFIRMER))
            return
        self.at(p.occurred_on + timedelta(days=1))
        for party in PARTIES[: 2 if p.state == "investigating" else 4]:
            username = person(p.jurisdiction, party)
            d.appoint_member(
                rid, account_id=account_id_for(username), name=username, party=party, actor=who
            )
        writer = account_id_for(person(p.jurisdiction, "school"))
        for aspect in ASPECTS[: 2 if p.state == "investigating" else 4]:
            d.write_aspect(rid, aspect=aspect, text=TEXT, actor=writer)
        if p.state == "investigating":
            return
        for role in ROLES:
            username = person(p.jurisdiction, role)
            d.designate_signatory(
                rid, role=role, account_id=account_id_for(username), name=username, actor=who
            )
        d.ensure_reference(
            kind="theme", code="家校沟通", label="家校沟通", actor=who, source="bench"
        )
        risk = d.record_risk_point(
            rid, description="心理筛查结果未反馈班主任", actor=who, themes=["家校沟通"]
        ).id
        measure = d.propose_measure(
            rid,
            description="筛查结果48小时内反馈",
            addresses=[risk],
            owner="心理中心",
            due_on=p.occurred_on + timedelta(days=60),
            actor=who,
        ).id
        if p.state == "ready":
            return
        self.sign_off(rid, p, all_slots=p.state != "awaiting_signatures")
        if p.state == "awaiting_signatures":
            return
        closing = p.occurred_on + timedelta(days=10 + n % 7)
        self.at(min(closing, self.today))
        late = "材料收集延误，经批准延期提交。" if closing > p.occurred_on + timedelta(14) else ""
        d.close_review(rid, late_reason=late, actor=who)
        if p.measure_taken:
            d.record_measure_taken(rid, measure_id=measure, evidence="整改档案第1号", actor=who)
        if p.state == "correcting" or (p.state == "closed" and n % 50 == 0):
            d.open_correction(rid, reason="事件经过需要补充更正。", actor=who)
            d.write_aspect(rid, aspect="trigger_and_course", text=TEXT + "补充。", actor=writer)
            if p.state == "closed":
                self.sign_off(rid, p, all_slots=True)
                d.close_review(rid, actor=who)

    def sign_off(self, rid: UUID, p: Plan, *, all_slots: bool) -> None:
        self.desk.send_for_signature(rid, actor=self.actor)
        signoff = self.desk.get_review(rid)["signoff"]
        assert signoff is not None
        for k, slot in enumerate(signoff["slots"]):
            if all_slots or k < p.signed:
                self.desk.sign(
                    rid, slot=slot["slot"], actor=UUID(slot["holder"]), password=PASSWORD
                )


def ensure(data_dir: Path, total: int) -> int:
    """A store of ``total`` reviews at ``data_dir`` (made or extended; kept)."""
    population = Population(data_dir)
    try:
        return population.extend(total)
    finally:
        population.close()
