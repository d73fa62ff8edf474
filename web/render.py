"""Plain-text views for the CLI, with Chinese labels and Shanghai times."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from domain.deadline import CHINA
from domain.values import ERASED

STATUS = {
    "registered": "已登记",
    "investigating": "调查中",
    "awaiting_signatures": "待签字",
    "closed": "已办结",
    "correcting": "更正中",
}
ASPECTS = {
    "daily_conduct": "学生的日常表现情况",
    "family_and_parenting": "学生的家庭和家教情况",
    "trigger_and_course": "极端事件的直接诱因和主要过程",
    "risks_and_measures": "风险点和薄弱环节及防范措施",
}
PARTIES = {
    "school": "学校",
    "education_department": "属地教育部门",
    "police": "公安机关",
    "expert": "相关专家",
}
ROLES = {
    "school_secretary": "学校书记",
    "principal": "校长",
    "department_head": "当地教育部门主要负责人",
}
CATEGORIES = {"suicide": "自杀", "drowning": "溺水", "accident": "意外", "other": "其他"}
MARKS = {"signature": "已签字", "seal": "已盖章", "decline": "拒签", None: "待签"}


def local_time(iso: str | None) -> str:
    if not iso:
        return "—"
    return datetime.fromisoformat(iso).astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def flags(item: dict[str, Any]) -> str:
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


def review_table(items: list[dict[str, Any]]) -> str:
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
            STATUS.get(item["status"], item["status"]),
            flags(item),
        ]
        lines.append("  ".join(_pad(str(c), w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(lines)


def review_text(view: dict[str, Any]) -> str:
    return "\n".join(_review_lines(view)).replace(ERASED, "〔已擦除〕")


def _review_lines(view: dict[str, Any]) -> list[str]:
    incident, student = view["incident"], view["incident"]["student"]
    out = [
        f"复盘 {view['id']}（事件版本 {view['version']}）",
        f"状态：{STATUS.get(view['status'], view['status'])}　{flags(_flat(view))}",
        f"学校：{incident['school']}　属地：{incident['jurisdiction']}",
        f"事件：{incident['occurred_on']}　{CATEGORIES[incident['category']]}"
        f"　{'校内' if incident['on_premises'] else '校外'}",
        f"学生：{student['name']}　{student['grade_class']}　证件号：{student['id_number'] or '—'}",
        f"截止日期：{view['due_on']}（北京时间当日 24:00 前）",
    ]
    if view["late"]:
        out.append(f"逾期原因：{view['late_reason']}")
    out.append("复盘组：")
    out += [f"  {PARTIES[m['party']]}　{m['name']}" for m in view["team"]]
    if view["parties_missing"]:
        out.append("  缺少：" + "、".join(PARTIES[p] for p in view["parties_missing"]))
    for role, label in ROLES.items():
        s = view["signatories"].get(role)
        out.append(f"{label}：{s['name'] if s else '未指定'}")
    out.append("四个方面：")
    for key, label in ASPECTS.items():
        aspect = view["aspects"].get(key)
        text = aspect["text"] if aspect else "（未填写）"
        out.append(f"  【{label}】{text}")
    out.append("风险点：")
    out += [f"  - {r['description']}" for r in view["risk_points"]]
    out.append("防范措施：")
    out += [
        f"  - {m['description']}（责任：{m['owner']}，期限：{m['due_on']}，{m['status']}）"
        for m in view["measures"]
    ]
    out.append(f"报告修订版：{view['report_revision']}　内容哈希：{view['content_hash']}")
    if view["signoff"]:
        so = view["signoff"]
        out.append(f"签字（修订版 {so['revision']}{'，已作废' if so['void'] else ''}）：")
        for slot in so["slots"]:
            label = ROLES.get(slot["role"], PARTIES.get(slot["role"], slot["role"]))
            out.append(
                f"  {label}　{slot['name']}　{MARKS[slot['mark']]}　{local_time(slot['at'])}"
            )
    if view["blockers"] and not view["erased"]:
        out.append("送签前需解决：")
        out += [f"  [{b['code']}] {b['message']}" for b in view["blockers"]]
    if view["erased"]:
        out.insert(1, "个人数据已依法擦除（数据密钥已销毁），其余历史仍可核验。")
    return out


def _flat(view: dict[str, Any]) -> dict[str, Any]:
    return {k: view[k] for k in ("status", "late", "overdue", "days_left", "submitted")}


def history_text(items: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{local_time(i['at'])}  {i['stream']:<7} v{i['version']:<3} {i['event']:<24} {i['actor']}"
        for i in items
    )
