"""Reference data, kept once: the lists forms offer (jurisdictions, schools; later themes,
the expert pool). One aggregate per entry, identified by its kind and code, so that adding
the same entry twice (an import run again, a double-clicked form) finds the one there is.

An entry has a kind, a code (what reviews and accounts hold: a jurisdiction's code is the
name the bureau uses, e.g. 西山区), a label (what people read), a parent (the code of the
entry it belongs to: a school's jurisdiction) and an active flag; its history is its
events. Deactivating keeps the entry (old reviews still name it) but forms stop offering it.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.checklist import checklist_details
from domain.errors import Code, InvalidValue, Reason, RuleRefusal

REFERENCE_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:reference")
CODE_MAX = 100


class ReferenceKind(Enum):
    JURISDICTION = "jurisdiction"
    SCHOOL = "school"
    THEME = "theme"  # a risk point's theme (kept by city-wide case officers)
    EXPERT = "expert"  # a member of the expert pool (专家库; kept by city-wide officers)
    # A checklist template (issue 23: the notice's work list); its items are its details.
    CHECKLIST_TEMPLATE = "checklist_template"


# The kind an entry's parent must be of; kinds absent here have no parent.
PARENT_KIND: dict[ReferenceKind, ReferenceKind] = {
    ReferenceKind.SCHOOL: ReferenceKind.JURISDICTION,
}


class ReferenceEntry(Aggregate):
    class Event(Aggregate.Event):
        actor: UUID

    class Added(Event, Aggregate.Created):
        """``source``: where it came from (``admin``, ``import``, ``registration``,
        ``account``)."""

        kind: str
        code: str
        label: str
        parent: str
        source: str

        def apply(self, entry: ReferenceEntry) -> None:
            entry.kind = self.kind
            entry.code = self.code
            entry.label = self.label
            entry.parent = self.parent
            entry.source = self.source

    class Renamed(Event):
        label: str

        def apply(self, entry: ReferenceEntry) -> None:
            entry.label = self.label

    class Deactivated(Event):
        def apply(self, entry: ReferenceEntry) -> None:
            entry.active = False

    class Reactivated(Event):
        def apply(self, entry: ReferenceEntry) -> None:
            entry.active = True

    class Described(Event):
        """What a kind needs beyond a label (issue 21): an expert's unit, specialities,
        the jurisdictions served (``*``: the whole city) and the username of the
        account administrators opened for them ("" until then). The whole set, replacing
        the previous one."""

        details: dict[str, Any]

        def apply(self, entry: ReferenceEntry) -> None:
            entry.details = dict(self.details)

    def __init__(self) -> None:
        self.kind: str
        self.code: str
        self.label: str
        self.parent = ""
        self.source = ""
        self.active = True
        self.details: dict[str, Any] = {}

    @staticmethod
    def create_id(kind: ReferenceKind | str, code: str) -> UUID:
        """Stable: the id follows from the kind and the code."""
        kind_value = kind.value if isinstance(kind, ReferenceKind) else kind
        return uuid5(REFERENCE_NAMESPACE, f"{kind_value}\x1f{code.strip()}")

    @classmethod
    def add(
        cls,
        *,
        kind: str,
        code: str,
        label: str,
        parent: str,
        source: str,
        actor: UUID,
        now: datetime,
    ) -> ReferenceEntry:
        the_kind = v.choice("kind", kind, ReferenceKind)
        the_code = v.text("code", code, max_len=CODE_MAX)
        the_label = v.text("label", label or the_code)
        the_parent = v.text("parent", parent, max_len=CODE_MAX, required=False)
        if the_kind in PARENT_KIND and not the_parent:
            raise InvalidValue("parent", Reason.REQUIRED)
        if the_kind not in PARENT_KIND and the_parent:
            raise InvalidValue("parent", Reason.NOT_ALLOWED)
        return cls._create(
            cls.Added,
            id=cls.create_id(the_kind, the_code),
            timestamp=now,
            actor=actor,
            kind=the_kind.value,
            code=the_code,
            label=the_label,
            parent=the_parent,
            source=v.text("source", source, max_len=40),
        )

    def rename(self, label: str, actor: UUID, now: datetime) -> None:
        new = v.text("label", label)
        if new != self.label:
            self.trigger_event(self.Renamed, actor=actor, timestamp=now, label=new)

    def describe(self, details: dict[str, Any], actor: UUID, now: datetime) -> None:
        """Set what the entry's kind needs beyond a label (an expert's details)."""
        if self.kind == ReferenceKind.EXPERT.value:
            clean = expert_details(**details)
        elif self.kind == ReferenceKind.CHECKLIST_TEMPLATE.value:
            clean = checklist_details(**details)
        else:
            raise InvalidValue("details", Reason.NOT_ALLOWED)
        if clean != self.details:
            self.trigger_event(self.Described, actor=actor, timestamp=now, details=clean)

    def deactivate(self, actor: UUID, now: datetime) -> None:
        if not self.active:
            raise RuleRefusal(Code.ALREADY_INACTIVE, "the entry is already inactive")
        self.trigger_event(self.Deactivated, actor=actor, timestamp=now)

    def reactivate(self, actor: UUID, now: datetime) -> None:
        if self.active:
            raise RuleRefusal(Code.ALREADY_ACTIVE, "the entry is already active")
        self.trigger_event(self.Reactivated, actor=actor, timestamp=now)


# The themes the issue names as a starting list (city-wide officers keep the real one):
# the demo's and the tests' themes.
STARTER_THEMES = (
    "心理健康筛查与干预",
    "家校沟通",
    "校内安全管理",
    "校外与假期监管",
    "欺凌与同伴关系",
    "学业压力",
    "网络与手机使用",
    "家庭变故",
    "医疗与就医",
    "其他",
)
EVERYWHERE = "*"  # an expert serving the whole city
MAX_ITEMS = 20


def expert_details(
    *, unit: str = "", specialities: Any = (), jurisdictions: Any = (), account: str = ""
) -> dict[str, Any]:
    """An expert's details, checked: at least one speciality and one jurisdiction served."""
    wanted = {
        "specialities": _codes("specialities", specialities),
        "jurisdictions": _codes("jurisdictions", jurisdictions),
    }
    for field, items in wanted.items():
        if not items:
            raise InvalidValue(field, Reason.REQUIRED)
    return {
        "unit": v.text("unit", unit, required=False),
        **wanted,
        "account": v.text("account", account, max_len=CODE_MAX, required=False),
    }


def _codes(field: str, values: Any) -> list[str]:
    items = [values] if isinstance(values, str) else list(values or ())
    if len(items) > MAX_ITEMS:
        raise InvalidValue(field, Reason.OUT_OF_RANGE, limit=MAX_ITEMS)
    return sorted({v.text(field, x, max_len=CODE_MAX) for x in items})
