"""Synthetic demo scenarios: several jurisdictions, reviews in every state.

Everything here is invented. Names follow the anonymised style of official documents
(张某某); identity numbers use the region code 999999, which no real person has.
The scenarios are placed relative to today, so that one is overdue, one due within three
days, one closed on time, one closed late, one under correction, whenever it is loaded.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from uuid import UUID

from application.accounts import account_id_for
from application.desk import ReviewDesk
from domain.deadline import CHINA
from domain.reference import STARTER_THEMES
from domain.validation import id_check_digit
from infrastructure.clock import SettableClock, SystemClock
from infrastructure.settings import Settings
from web.app import build_desk

OFFICER = account_id_for("demo.officer")
DEMO_PASSWORD = "fupan-demo-2026"  # noqa: S105 - demo accounts exist only outside production
ACCOUNTS = [
    # (username, display name, role, jurisdictions, city-wide)
    ("demo.officer", "林某（市教育局案件专员）", "case_officer", [], True),
    ("demo.officer.xishan", "许某（西山区教育局案件专员）", "case_officer", ["西山区"], False),
    ("demo.school", "吴某（学校德育主任）", "investigator", [], False),
    ("demo.bureau", "郑某（教育局安全科）", "investigator", [], False),
    ("demo.police", "冯某（派出所民警）", "investigator", [], False),
    ("demo.expert", "蒋某（心理健康专家）", "investigator", [], False),
    ("demo.secretary", "韩某（学校党支部书记）", "signatory", [], False),
    ("demo.principal", "杨某（校长）", "signatory", [], False),
    ("demo.head", "朱某（教育局局长）", "signatory", [], False),
    ("demo.inspector", "秦某（教育督导）", "inspector", [], False),
    ("demo.admin", "尤某（系统管理员）", "administrator", [], False),
    ("demo.admin2", "钱某（系统管理员）", "administrator", [], False),
    # More people to pick from (the people search shows at most 20).
    ("demo.school2", "马某（学校心理教师）", "investigator", [], False),
    ("demo.police2", "何某（公安分局民警）", "investigator", [], False),
    ("demo.expert2", "罗某（精神卫生中心医师）", "investigator", [], False),
    ("demo.bureau2", "高某（教育局基教科）", "investigator", [], False),
    ("demo.principal2", "梁某（校长）", "signatory", [], False),
    ("demo.secretary2", "宋某（学校党总支书记）", "signatory", [], False),
]
# The unit (单位) each person works for, shown when people are picked for a team.
UNITS = {
    "demo.officer": "市教育局",
    "demo.officer.xishan": "西山区教育局",
    "demo.school": "西山区滨河小学",
    "demo.bureau": "西山区教育局",
    "demo.police": "西山区公安分局滨河派出所",
    "demo.expert": "市心理健康教育指导中心",
    "demo.secretary": "西山区滨河小学",
    "demo.principal": "西山区滨河小学",
    "demo.head": "西山区教育局",
    "demo.inspector": "市人民政府教育督导室",
    "demo.school2": "东湖区第七中学",
    "demo.police2": "东湖区公安分局",
    "demo.expert2": "市精神卫生中心",
    "demo.bureau2": "东湖区教育局",
    "demo.principal2": "东湖区第七中学",
    "demo.secretary2": "东湖区第七中学",
}
# The reference data: the city's jurisdictions and their schools (all invented).
JURISDICTIONS = ["东湖区", "西山区", "北湖县", "高新功能区", "市直学校"]
SCHOOLS = {
    "东湖区": ["东湖区第七中学", "东湖区阳光小学", "东湖区实验中学"],
    "西山区": ["西山区滨河小学", "西山区城关中学", "西山区第二中学"],
    "北湖县": ["北湖县第二中学", "北湖县城南小学"],
    "高新功能区": ["高新功能区实验中学"],
    "市直学校": ["市第一高级中学", "市特殊教育学校"],
}

# The risk-point themes (issue 21), kept by the city-wide case officer.
THEMES = STARTER_THEMES

# The expert pool (专家库): code, name, unit, specialities, jurisdictions served, account.
EXPERTS = [
    ("E001", "蒋某（心理健康专家）", "市心理健康教育指导中心", ["心理咨询"], ["*"], "demo.expert"),
    (
        "E002",
        "罗某（精神卫生中心医师）",
        "市精神卫生中心",
        ["精神卫生"],
        ["东湖区", "西山区"],
        "demo.expert2",
    ),
    ("E003", "钟某（律师）", "某律师事务所", ["法律"], ["北湖县", "高新功能区"], ""),
]

ASPECT_TEXTS = {
    "daily_conduct": (
        "该生平时在校遵守纪律，学习成绩中等偏上，与同学相处融洽；"
        "据班主任反映，事发前两周上课注意力下降，作业多次未按时提交，曾向同桌表示睡眠不好。"
    ),
    "family_and_parenting": (
        "该生父母长期在外务工，由祖父母照料，亲子沟通以电话为主且频次较低；"
        "家长对学生近期情绪变化未予重视，家校联系记录显示本学期仅联系两次。"
    ),
    "trigger_and_course": (
        "事发当日下午放学后，该生与家长通话发生争执，随后独自离校；"
        "当晚未按时回家，家属报警后于次日凌晨被发现，详细经过以公安机关调查结论为准。"
    ),
    "risks_and_measures": (
        "复盘发现：心理健康筛查结果未及时反馈班主任；留守学生关爱台账更新滞后；"
        "放学后离校去向缺少核实机制。已提出并落实针对性防范措施，详见下列措施。"
    ),
}


class Scenario(NamedTuple):
    school: str
    jurisdiction: str
    category: str
    on_premises: bool
    days_ago: int
    goal: str  # how far the review got


SCENARIOS = [
    Scenario("东湖区第七中学", "东湖区", "suicide", False, 3, "investigating"),
    Scenario("东湖区阳光小学", "东湖区", "accident", True, 1, "registered"),
    Scenario("西山区滨河小学", "西山区", "drowning", False, 12, "awaiting_signatures"),
    Scenario("高新功能区实验中学", "高新功能区", "suicide", True, 20, "overdue"),
    Scenario("北湖县第二中学", "北湖县", "accident", False, 40, "closed_on_time"),
    Scenario("西山区城关中学", "西山区", "drowning", False, 60, "closed_late"),
    Scenario("市第一高级中学", "市直学校", "other", False, 90, "correcting"),
]

STUDENTS = [
    ("陈某某", "male", "初二（3）班"),
    ("李某", "female", "三年级（1）班"),
    ("王某某", "male", "五年级（2）班"),
    ("赵某", "female", "高一（5）班"),
    ("刘某某", "male", "初一（4）班"),
    ("孙某", "male", "初三（2）班"),
    ("周某某", "female", "高二（7）班"),
]


def synthetic_id_number(birth: date, serial: int) -> str:
    first17 = f"999999{birth:%Y%m%d}{serial:03d}"
    return first17 + id_check_digit(first17)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA)


def load(settings: Settings) -> int:
    """Write every scenario through the application, walking a clock from past to now."""
    today = SystemClock().now().astimezone(CHINA).date()
    clock = SettableClock(at(today, 9))
    desk = build_desk(settings, clock)
    try:
        populate(desk, clock, today)
    finally:
        desk.close()
    return len(SCENARIOS)


def populate(desk: ReviewDesk, clock: SettableClock, today: date) -> None:
    """The reference lists, the accounts and every scenario, through ``desk``, its clock
    walked from 120 days before ``today`` to now (also the user manual's screenshots)."""
    clock.set(at(today - timedelta(days=120), 9))
    admin = account_id_for("demo.admin")
    for place in JURISDICTIONS:
        desk.add_reference(kind="jurisdiction", code=place, label=place, actor=admin)
    for place, schools in SCHOOLS.items():
        for n, school in enumerate(schools, start=1):
            code = f"{JURISDICTIONS.index(place) + 1:02d}{n:03d}"
            desk.add_reference(kind="school", code=code, label=school, parent=place, actor=admin)
    for username, name, role, jurisdictions, city in ACCOUNTS:
        desk.create_account(
            username=username,
            display_name=name,
            role=role,
            password=DEMO_PASSWORD,
            jurisdictions=jurisdictions,
            city_wide=city,
            unit=UNITS.get(username, ""),
            actor=admin,
        )
    for theme in THEMES:
        desk.add_reference(
            kind="theme", code=theme, label=theme, actor=account_id_for("demo.officer")
        )
    for code, name, unit, specialities, places, username in EXPERTS:
        desk.add_expert(
            code=code,
            name=name,
            unit=unit,
            specialities=specialities,
            jurisdictions=places,
            account=username,
            actor=account_id_for("demo.officer"),
        )
    for n, scenario in enumerate(SCENARIOS):
        _play(desk, clock, today, n, scenario)
    _work_list(desk, clock, today)
    # A request awaiting a second administrator, made now: demo.admin may approve it.
    clock.set(max(clock.now(), SystemClock().now()))
    desk.request_account(
        username="demo.inspector.new",
        display_name="何某（新任教育督导）",
        role="inspector",
        actor=account_id_for("demo.admin2"),
    )
    # What the notifier and the reminders timer would have recorded meanwhile.
    desk.make_notifications()
    desk.make_reminders()


WORK_LIST_TITLE = "本学期青少年生命健康关爱工作清单（演示）"
# What 西山区's officer recorded (item: status, note, reason); the rest waits.
WORK_LIST_DONE = {
    1: ("done", "已召开联席会议专题会议研究部署。", ""),
    2: ("not_applicable", "", "本学期本区未发生学生自杀事件。"),
    3: ("done", "全区23所学校均已召开专题会议。", ""),
    4: ("in_progress", "已完成家访覆盖率86%，其余本周内完成。", ""),
    29: ("done", "四方联合复盘机制已建立，见本系统复盘记录。", ""),
}


def _work_list(desk: ReviewDesk, clock: SettableClock, today: date) -> None:
    """A round of the notice's work list for this autumn term (from 20 August, the last one
    when today is earlier in the year), issued to four jurisdictions; 西山区 has recorded
    some items, others are past their dates (the city's matrix and a county's to-do list)."""
    officer = account_id_for("demo.officer")
    desk.ensure_shipped_templates(actor=officer)
    starts = date(today.year, 8, 20)
    if starts > today - timedelta(days=30):
        starts = date(today.year - 1, 8, 20)
    clock.set(at(starts + timedelta(days=1), 10))
    rid = desk.issue_round(
        template="notice-2023-autumn",
        title=WORK_LIST_TITLE,
        starts_on=starts,
        ends_on=today + timedelta(days=30),
        jurisdictions=JURISDICTIONS[:4],
        actor=officer,
    )
    county = account_id_for("demo.officer.xishan")
    for n, (number, (status, note, reason)) in enumerate(sorted(WORK_LIST_DONE.items())):
        clock.set(at(starts + timedelta(days=2 + 3 * n), 15))
        desk.record_round_item(
            rid, "西山区", number=number, status=status, note=note, reason=reason, actor=county
        )


def _play(
    desk: ReviewDesk,
    clock: SettableClock,
    today: date,
    n: int,
    scenario: Scenario,
) -> None:
    school, jurisdiction, category, on_premises, ago, goal = scenario
    occurred = today - timedelta(days=ago)
    name, gender, grade = STUDENTS[n]
    clock.set(at(occurred + timedelta(days=1 if ago > 1 else 0), 9))
    rid = desk.register_incident(
        occurred_on=occurred,
        school=school,
        jurisdiction=jurisdiction,
        category=category,
        on_premises=on_premises,
        actor=OFFICER,
        student={
            "name": name,
            "gender": gender,
            "grade_class": grade,
            "id_number": synthetic_id_number(date(2010 + n % 5, 3 + n, 10 + n), 100 + n),
        },
    )
    if goal == "registered":
        return
    team = _form_team(desk, clock, rid, jurisdiction, full=goal != "investigating")
    if goal == "investigating":
        desk.write_aspect(
            rid, aspect="daily_conduct", text=ASPECT_TEXTS["daily_conduct"], actor=team["school"]
        )
        return
    _write_report(desk, clock, rid, team, occurred, n)
    if goal == "overdue":
        return
    desk.send_for_signature(rid, actor=OFFICER)
    signoff = desk.get_review(rid)["signoff"]
    slots = signoff["slots"] if signoff else []
    if goal == "awaiting_signatures":
        for slot in slots[:4]:
            clock.advance(hours=3)
            desk.sign(rid, slot=slot["slot"], actor=UUID(slot["holder"]), password=DEMO_PASSWORD)
        return
    for i, slot in enumerate(slots):
        clock.advance(hours=2)
        mark = desk.seal if i == len(slots) - 1 else desk.sign
        mark(rid, slot=slot["slot"], actor=UUID(slot["holder"]), password=DEMO_PASSWORD)
    clock.advance(hours=1)
    if goal == "closed_late":
        clock.set(at(occurred + timedelta(days=17), 16))
        desk.close_review(
            rid, actor=OFFICER, late_reason="公安机关调查结论出具较晚，待结论送达后方完成报告定稿。"
        )
    else:
        desk.close_review(rid, actor=OFFICER)
    measures = desk.get_review(rid)["measures"]
    clock.set(at(occurred + timedelta(days=25), 10))
    desk.record_measure_progress(
        rid,
        measure_id=UUID(measures[0]["id"]),
        actor=team["school"],
        note="已完成全校心理健康筛查复核，结果已反馈至各班主任。",
    )
    desk.record_measure_taken(
        rid,
        measure_id=UUID(measures[0]["id"]),
        actor=team["school"],
        evidence="筛查复核报告及班主任签收记录已归档（档案号 DEMO-2026-01）。",
    )
    if goal == "correcting":
        clock.set(at(today - timedelta(days=5), 15))
        desk.open_correction(
            rid, actor=OFFICER, reason="公安机关补充材料显示事件经过描述需更正，重新送签。"
        )
        clock.advance(hours=1)
        desk.write_aspect(
            rid,
            aspect="trigger_and_course",
            actor=team["police"],
            text=ASPECT_TEXTS["trigger_and_course"] + "根据补充材料，离校时间更正为17时20分。",
        )


def _form_team(
    desk: ReviewDesk, clock: SettableClock, rid: UUID, jurisdiction: str, *, full: bool
) -> dict[str, UUID]:
    names = {username: name for username, name, *_ in ACCOUNTS}
    people = {
        party: (username, names[username])
        for party, username in (
            ("school", "demo.school"),
            ("education_department", "demo.bureau"),
            ("police", "demo.police"),
            ("expert", "demo.expert"),
        )
    }
    parties = list(people) if full else ["school", "education_department", "police"]
    team: dict[str, UUID] = {}
    for party in parties:
        username, name = people[party]
        team[party] = account_id_for(username)
        clock.advance(minutes=30)
        desk.appoint_member(rid, account_id=team[party], name=name, party=party, actor=OFFICER)
    if full:
        holders = {
            "school_secretary": ("demo.secretary", names["demo.secretary"]),
            "principal": ("demo.principal", names["demo.principal"]),
            "department_head": ("demo.head", names["demo.head"]),
        }
        for role, (username, name) in holders.items():
            desk.designate_signatory(
                rid, role=role, account_id=account_id_for(username), name=name, actor=OFFICER
            )
    return team


def _write_report(  # noqa: PLR0917
    desk: ReviewDesk,
    clock: SettableClock,
    rid: UUID,
    team: dict[str, UUID],
    occurred: date,
    n: int = 0,
) -> None:
    writers = {
        "daily_conduct": "school",
        "family_and_parenting": "school",
        "trigger_and_course": "police",
        "risks_and_measures": "expert",
    }
    for day, (aspect, party) in enumerate(writers.items(), start=2):
        clock.set(at(occurred + timedelta(days=day), 14))
        desk.write_aspect(rid, aspect=aspect, text=ASPECT_TEXTS[aspect], actor=team[party])
    clock.set(at(occurred + timedelta(days=7), 10))
    screening = desk.record_risk_point(
        rid,
        description="心理健康筛查结果未及时反馈班主任，预警未形成闭环。",
        actor=team["expert"],
        themes=sorted({THEMES[0], THEMES[2 + n % 8]}),
    )
    ledger = desk.record_risk_point(
        rid,
        description="留守学生关爱台账更新滞后，家校沟通频次不足。",
        actor=team["expert"],
        themes=[THEMES[1]],
    )
    desk.propose_measure(
        rid,
        description="建立筛查结果48小时内反馈班主任和家长的闭环机制。",
        addresses=[screening.id],
        owner="学校心理健康教育中心",
        due_on=occurred + timedelta(days=45),
        actor=team["expert"],
    )
    desk.propose_measure(
        rid,
        description="每月更新留守学生台账，班主任每两周至少一次家访或视频沟通。",
        addresses=[ledger.id],
        owner="学校德育处",
        due_on=occurred + timedelta(days=60),
        actor=team["school"],
    )
