"""The notice's work list (附件1: 2023年秋学期开学前后青少年生命健康关爱工作清单) as a checklist
template: numbered items with their category, the task and its deadline, and the level that
carries each out (a county's departments or its schools). Issue 23 builds rounds on it;
this module holds the values and the shipped template, typed in from the source document
(``../shared/mission/``; ``tests/unit/domain/test_checklist.py`` checks every task against
it). In the source a blank category or deadline continues the one above (merged cells).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from domain import validation as v
from domain.errors import InvalidValue, Reason


class Level(StrEnum):
    COUNTY = "county"  # the county's (or functional zone's) departments
    SCHOOL = "school"  # each school, reported through the county


@dataclass(frozen=True)
class Deadline:
    """When an item is due, as the notice states it: a month and day of the round's year
    (``before``: "前", the day itself excluded), or ongoing work (日常工作, no due date)."""

    text: str  # as the source writes it
    month: int = 0
    day: int = 0
    before: bool = False

    @property
    def ongoing(self) -> bool:
        return self.month == 0

    def due_on(self, year: int) -> date | None:
        """The last day the item counts as on time, in the round's year."""
        if self.ongoing:
            return None
        day = date(year, self.month, self.day)
        return date.fromordinal(day.toordinal() - 1) if self.before else day


DATE = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(前?)\s*$")


def deadline(text: str) -> Deadline:
    """A deadline from the notice's words: "8 月 25 日前", "9月30日", "日常工作"."""
    found = DATE.match(text)
    if found is None:
        if text.strip() != "日常工作":
            raise ValueError(f"not a deadline the notice uses: {text!r}")
        return Deadline(text)
    month, day, before = found.groups()
    return Deadline(text, int(month), int(day), bool(before))


@dataclass(frozen=True)
class ChecklistItem:
    number: int
    category: str
    task: str
    deadline: Deadline
    level: Level
    # Carried by fupan's own data (items 29–31 of the notice: the review mechanism, the
    # report's quality, the two-week submission): a round shows the reviews of its period.
    reviews: bool = False

    def as_details(self) -> dict[str, Any]:
        """The item as a template's details and a round's ``Issued`` event store it."""
        return {
            "number": self.number,
            "category": self.category,
            "task": self.task,
            "deadline": self.deadline.text,
            "level": self.level.value,
            "reviews": self.reviews,
        }


@dataclass(frozen=True)
class ChecklistTemplate:
    code: str
    title: str
    items: tuple[ChecklistItem, ...]


C, S = Level.COUNTY, Level.SCHOOL
# (number, category or "" for the one above, task, deadline or "" for the one above, level)
_NOTICE_2023: list[tuple[int, str, str, str, Level]] = [
    (1, "全面部署", "各县（市、区）、功能区联席会议召开专题会议研究部署。", "8 月 25 日前", C),
    (
        2,
        "",
        "出现有学生自杀事件的地区，要深入剖析原因，采取刚性措施，做好坚决防范工作，必要时提请当地党委政府开展专项治理行动。",
        "",
        C,
    ),
    (3, "", "各学校领导班子召开专题会议，研究学生心理危机干预工作。", "", S),
    (
        4,
        "了解并动态掌握学生身心状况",
        "班主任或任课老师查阅了解每一名学生心理健康档案，通过家访、家长会、电话、提醒函等方式，与学生家长进行一次全覆盖沟通联系。",
        "9 月 4 日前",
        S,
    ),
    (
        5,
        "",
        "召开小学五年级至高中一年级家长会，向家长讲清楚该学段的特殊性，讲清楚课程难度变化和学生身心变化，把问题讲透、讲明白，提醒关注学生情绪和身心状态。",
        "",
        S,
    ),
    (
        6,
        "",
        "向家长推送心理健康知识学习资源，引导家长在开学前后有针对性地加强心理疏导和关心关爱，让学生做好回归校园学习生活的准备。",
        "",
        S,
    ),
    (
        7,
        "",
        "对有心理问题的学生，结合医疗机构诊断建议，经学校商家长同意后，视情允许“延缓开学”“适应性上课”“缓交或不交作业”。",
        "",
        S,
    ),
    (
        8,
        "召开班会开展心理健康教育",
        "组织召开小学四年级至高中一年级主题班会，引导学生端正学习态度、把握学习规律，正确认识课程难度快速加大的现实，正确理解青春期的成长变化，正确看待自己与他人学业的差距，掌握有效调节自身情绪的办法，以良好的精神状态投入新的学期。",
        "9 月 1 日",
        S,
    ),
    (
        9,
        "",
        "心理健康教育教师要科学安排新学期心理健康教育课程，组织做好心理健康筛查工作准备。",
        "",
        S,
    ),
    (
        10,
        "激活学校“哨点”",
        "学校发挥学生心理健康问题方面“哨点”预警作用，班主任及任课教师、心理健康教育教师、班级心理委员和观察员为“哨兵”。要教育学校老师把眼睛瞪得大大的，仔细观察每一个孩子，对学生出现的反常行为保持高度警觉，发现问题及时与家长联系。",
        "9 月 10 日",
        S,
    ),
    (
        11,
        "",
        "学校党组织书记、校长是“哨点”的“哨长”，要加强工作督促和指导，及时组织开展面向“哨兵”的培训，提高他们发现学生心理问题的意识和能力，确保人员到位、培训到位、措施到位、责任到位。",
        "",
        S,
    ),
    (
        12,
        "",
        "各班选好班级心理委员和 3-4 名及以上观察员，教育引导他们关心同伴的表现，及时将异常情况向老师反映。",
        "",
        S,
    ),
    (
        13,
        "",
        "开学后 1 周内，原则上不安排各类考试，科学把握课程进度，给学生必要的心理适应期。",
        "",
        S,
    ),
    (
        14,
        "开展心理健康测评",
        "各地指导学校及时更换信度效度低的测评量表，精选质量高、符合学生特点的量表。",
        "9月30日",
        C,
    ),
    (
        15,
        "",
        "开展一轮全员心理健康测评，每名学生要间隔一定时间测两次，综合两次测评得出结果。",
        "",
        S,
    ),
    (
        16,
        "",
        "学生测评结束后，要在心理专家指导下，由学校心理健康教育教师开展一对一专业评估，“一生一档”建立完善心理健康档案。",
        "",
        S,
    ),
    (
        17,
        "加强学生心理危机识别和管理",
        "将公安机关掌握的学生报警求助、网上搜索购买相关药品等信息，医疗机构掌握的学生咨询、求助、就诊等信息，民政、妇联和街道社区掌握的留守儿童、父母离异、家庭变故等信息，司法机关掌握的涉及学生身心健康的信息等，在确保安全保密的前提下，以适当形式依法依规告知学校进行信息汇总。",
        "日常工作",
        C,
    ),
    (
        18,
        "",
        "班主任、任课老师和心理健康教师要加强与学生、家长的日常沟通，在深度交流中发现问题。",
        "",
        S,
    ),
    (
        19,
        "",
        "坚持分级预警、分类施策，对纳入“红橙黄”三级预警的重点人群，班主任要与家长签订知情书、发送建议书，告知学生可能出现的风险、学校与家长的责任义务等。",
        "",
        S,
    ),
    (
        20,
        "",
        "对于红色预警学生，优先采取医疗机构诊疗手段开展干预；对于橙色预警学生，注重发挥学校心理健康教师和专业社会组织力量(如陶老师工作站等)开展干预；对于黄色预警学生，结成“1+1+3”快乐成长小组(班主任或学生信任的 1 名任课教师为成长导师，3 名学生为成长伙伴)，加强关心关爱。",
        "",
        S,
    ),
    (
        21,
        "强化学生抗逆力训练",
        "各地教育部门要督促指导学校把提升抗逆力作为幼儿园游戏课程和中小学主题班会、团日活动、生涯规划教育的重点内容，融入各学科课堂教学，教育引导学生理性面对挫折和困难，养成乐观向上、坚忍不拔的精神品格。",
        "",
        C,
    ),
    (
        22,
        "",
        "学校组织各年级各学科教研组，逐一分析教材中可以结合抗逆力教育的章节，明确融入课堂教学的路线图、任务书。",
        "",
        S,
    ),
    (23, "", "宣传部门要谋划制作一批加强抗挫折教育的作品。", "", C),
    (
        24,
        "提升家庭教育指导有效性",
        "加强对小学五年级至高中一年级学生家长的重点辅导，在“谁来讲”“讲什么”“怎么讲”上下功夫。",
        "",
        S,
    ),
    (
        25,
        "",
        "邀请一线心理专家、实战经验丰富的老师、有切身体验的家长为家长作讲座；注重用正面和反面案例讲解，多一些实务操作指导，提高家长发现孩子心理问题的意识和能力。",
        "",
        S,
    ),
    (
        26,
        "",
        "突出各学段学生的特征，引导家长树立科学的教育观、育儿观，更加关心孩子的身心发展，理性看待学业成绩。",
        "",
        S,
    ),
    (
        27,
        "实现咨询服务“全天候”",
        "加强心理咨询服务质量，要结合实际设置接线站点，培训更多具有专业背景的志愿者加入接线员队伍，根据电话数量规律增设接听坐席，尽快实现夜间服务全覆盖，提升心理咨询的便捷度、容纳量和接通率。",
        "",
        C,
    ),
    (
        28,
        "强化专业力量支撑",
        "探索建立“学生非正常死亡事件调查研究工作小组”。进一步优化整合县域内精神卫生医疗机构、学校等专业力量，建立青少年心理健康工作专家库，指导各学校科学规范开展学生心理健康监测、分析研判、危机干预、事件复盘等。",
        "",
        C,
    ),
    (29, "", "建立由学校、属地教育部门、公安机关和相关专家等组成的四方联合复盘工作机制。", "", C),
    (
        30,
        "提高复盘报告质量",
        "复盘报告讲清楚“四个方面”，即讲清楚学生的日常表现情况、讲清楚学生的家庭和家教情况、讲清楚极端事件的直接诱因和主要过程、讲清楚通过复盘发现的风险点和薄弱环节，提出并采取更有针对性的防范措施。",
        "",
        C,
    ),
    (
        31,
        "",
        "事件发生后 2 周内提交复盘报告，要有参与调查的人员、学校书记校长和当地教育部门主要负责人的签字或者盖章。",
        "",
        C,
    ),
]


# The notice's items that fupan's own data carries: the four-party review mechanism, the
# report's quality and its submission within two weeks with every signature.
REVIEW_ITEMS = (29, 30, 31)


def _items(rows: list[tuple[int, str, str, str, Level]]) -> tuple[ChecklistItem, ...]:
    found: list[ChecklistItem] = []
    category, due = "", ""
    for number, named, task, when, level in rows:
        category, due = named or category, when or due
        reviews = number in REVIEW_ITEMS
        found.append(ChecklistItem(number, category, task, deadline(due), level, reviews))
    return tuple(found)


NOTICE_2023_AUTUMN = ChecklistTemplate(
    code="notice-2023-autumn",
    title="2023年秋学期开学前后青少年生命健康关爱工作清单",
    items=_items(_NOTICE_2023),
)
SHIPPED = (NOTICE_2023_AUTUMN,)


MAX_ITEMS = 200


def template_details(template: ChecklistTemplate) -> dict[str, Any]:
    """A template's items as a reference entry's details (what ``Described`` stores)."""
    return checklist_details(items=[i.as_details() for i in template.items])


TEMPLATE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")


def template_code(value: object) -> str:
    """A template's code: letters, digits and hyphens (it names the template in addresses
    and files, for good)."""
    code = v.text("code", value, max_len=64)
    if not TEMPLATE_CODE.match(code):
        raise InvalidValue("code", Reason.INVALID, "letters, digits and - only")
    return code


def checklist_details(*, items: Any) -> dict[str, Any]:
    """A template's items, checked: numbered 1, 2, 3… in order, each with a category, a
    task, a deadline the notice's words give, a level and whether fupan's reviews carry it
    (``reviews``, false when absent)."""
    rows = list(items or ())
    if not rows:
        raise InvalidValue("items", Reason.REQUIRED)
    if len(rows) > MAX_ITEMS:
        raise InvalidValue("items", Reason.OUT_OF_RANGE, limit=MAX_ITEMS)
    clean = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or row.get("number") != n:
            raise InvalidValue(f"items.{n}.number", Reason.INVALID)
        try:
            due = deadline(str(row.get("deadline", "")))
        except ValueError:
            raise InvalidValue(f"items.{n}.deadline", Reason.INVALID) from None
        clean.append(
            {
                "number": n,
                "category": v.text(f"items.{n}.category", row.get("category")),
                "task": v.text(f"items.{n}.task", row.get("task"), max_len=v.LONG),
                "deadline": due.text,
                "level": v.choice(f"items.{n}.level", row.get("level"), Level).value,
                "reviews": _flag(f"items.{n}.reviews", row.get("reviews", False)),
            }
        )
    return {"items": clean}


def _flag(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise InvalidValue(field, Reason.NOT_A_BOOLEAN)
    return value


def template_of(code: str, title: str, details: dict[str, Any]) -> ChecklistTemplate:
    """A template again, from a reference entry's details."""
    return ChecklistTemplate(
        code=code,
        title=title,
        items=tuple(
            ChecklistItem(
                r["number"],
                r["category"],
                r["task"],
                deadline(r["deadline"]),
                Level(r["level"]),
                bool(r.get("reviews", False)),
            )
            for r in details.get("items", [])
        ),
    )
