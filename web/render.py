"""Plain-text views for the CLI, with Chinese labels and Shanghai times."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from application.views import EventView, ReviewSummary, ReviewView
from domain.deadline import CHINA
from domain.values import (
    ERASED,
    Aspect,
    Category,
    Gender,
    Mark,
    MeasureStatus,
    Party,
    SignatoryRole,
    Status,
)

E = TypeVar("E", bound=Enum)

# Chinese labels of the domain's values, one per member (a test checks each enum).
STATUS = {
    Status.REGISTERED: "已登记",
    Status.INVESTIGATING: "调查中",
    Status.AWAITING_SIGNATURES: "待签字",
    Status.CLOSED: "已办结",
    Status.CORRECTING: "更正中",
    Status.WITHDRAWN: "已撤销登记",
}
ASPECTS = {
    Aspect.DAILY_CONDUCT: "学生的日常表现情况",
    Aspect.FAMILY_AND_PARENTING: "学生的家庭和家教情况",
    Aspect.TRIGGER_AND_COURSE: "极端事件的直接诱因和主要过程",
    Aspect.RISKS_AND_MEASURES: "风险点和薄弱环节及防范措施",
}
PARTIES = {
    Party.SCHOOL: "学校",
    Party.EDUCATION_DEPARTMENT: "属地教育部门",
    Party.POLICE: "公安机关",
    Party.EXPERT: "相关专家",
}
ROLES = {
    SignatoryRole.SCHOOL_SECRETARY: "学校书记",
    SignatoryRole.PRINCIPAL: "校长",
    SignatoryRole.DEPARTMENT_HEAD: "当地教育部门主要负责人",
}
CATEGORIES = {
    Category.SUICIDE: "自杀",
    Category.DROWNING: "溺水",
    Category.ACCIDENT: "意外",
    Category.OTHER: "其他",
}
GENDERS = {Gender.FEMALE: "女", Gender.MALE: "男", Gender.UNSPECIFIED: "未说明"}
MEASURE_STATUS = {
    MeasureStatus.PROPOSED: "已提出",
    MeasureStatus.IN_PROGRESS: "落实中",
    MeasureStatus.TAKEN: "已落实",
}
MARKS = {Mark.SIGNATURE: "已签字", Mark.SEAL: "已盖章", Mark.DECLINE: "拒签"}


def label(labels: Mapping[E, str], value: str | None) -> str:
    """The label of a domain value (its value itself if a label were ever missing)."""
    for member, text in labels.items():
        if member.value == value:
            return text
    return value or "—"


def local_time(iso: str | None) -> str:
    if not iso:
        return "—"
    return datetime.fromisoformat(iso).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def flags(item: Mapping[str, Any]) -> str:
    if item["submitted"]:
        return "逾期提交" if item["late"] else "按期提交"
    if item.get("overdue"):
        return f"已逾期 {-item['days_left']} 天"
    if item["days_left"] <= 3:
        return f"剩 {item['days_left']} 天（临期）"
    return f"剩 {item['days_left']} 天"


def _pad(text: str, width: int) -> str:
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)


def review_table(items: list[ReviewSummary]) -> str:
    if not items:
        return "（无复盘）"
    header = ["编号", "学校", "属地", "事件日期", "截止日期", "状态", "期限"]
    widths = [9, 22, 14, 11, 11, 9, 18]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True))]
    for item in items:
        cells = [
            item["id"][:8],
            item["school"],
            item["jurisdiction"],
            item["occurred_on"],
            item["due_on"],
            label(STATUS, item["status"]),
            flags(item),
        ]
        lines.append("  ".join(_pad(str(c), w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(lines)


def review_text(view: ReviewView) -> str:
    return "\n".join(_review_lines(view)).replace(ERASED, "〔已擦除〕")


def _review_lines(view: ReviewView) -> list[str]:
    incident, student = view["incident"], view["incident"]["student"]
    out = [
        f"复盘 {view['id']}（事件版本 {view['version']}）",
        f"状态：{label(STATUS, view['status'])}　{flags(view)}",
        f"学校：{incident['school']}　属地：{incident['jurisdiction']}",
        f"事件：{incident['occurred_on']}　{label(CATEGORIES, incident['category'])}"
        f"　{'校内' if incident['on_premises'] else '校外'}",
        f"学生：{student['name']}　{label(GENDERS, student['gender'])}　{student['grade_class']}"
        f"　证件号：{student['id_number'] or '—'}",
        f"截止日期：{view['due_on']}（北京时间当日 24:00 前）",
    ]
    if view["late"]:
        out.append(f"逾期原因：{view['late_reason']}")
    out.append("复盘组：")
    out += [f"  {label(PARTIES, m['party'])}　{m['name']}" for m in view["team"]]
    if view["parties_missing"]:
        out.append("  缺少：" + "、".join(label(PARTIES, p) for p in view["parties_missing"]))
    for role in SignatoryRole:
        s = view["signatories"].get(role.value)
        out.append(f"{ROLES[role]}：{s['name'] if s else '未指定'}")
    out.append("四个方面：")
    for aspect_name in Aspect:
        aspect = view["aspects"].get(aspect_name.value)
        text = aspect["text"] if aspect else "（未填写）"
        out.append(f"  【{ASPECTS[aspect_name]}】{text}")
    out.append("风险点：")
    numbers = {r["id"]: n for n, r in enumerate(view["risk_points"], start=1)}
    out += [f"  {n}. {r['description']}" for n, r in enumerate(view["risk_points"], start=1)]
    out.append("防范措施：")
    for m in view["measures"]:
        points = "、".join(f"风险点{numbers[a]}" for a in m["addresses"] if a in numbers)
        out.append(
            f"  - {m['description']}（针对：{points}，责任：{m['owner']}，期限：{m['due_on']}，"
            f"{label(MEASURE_STATUS, m['status'])}）"
        )
    out.append(f"报告修订版：{view['report_revision']}　内容哈希：{view['content_hash']}")
    if view["signoff"]:
        so = view["signoff"]
        out.append(f"签字（修订版 {so['revision']}{'，已作废' if so['void'] else ''}）：")
        for slot in so["slots"]:
            who = label({**ROLES, **PARTIES}, slot["role"])
            mark = label(MARKS, slot["mark"]) if slot["mark"] else "待签"
            out.append(f"  {who}　{slot['name']}　{mark}　{local_time(slot['at'])}")
    if view["blockers"] and not view["erased"]:
        out.append("送签前需解决：")
        out += [f"  [{b['code']}] {b['message']}" for b in view["blockers"]]
    if view["erased"]:
        out.insert(1, "个人数据已依法擦除（数据密钥已销毁），其余历史仍可核验。")
    return out


def history_text(items: list[EventView]) -> str:
    return "\n".join(
        f"{local_time(i['at'])}  {i['stream']:<7} v{i['version']:<3} {i['event']:<24} {i['actor']}"
        for i in items
    )
