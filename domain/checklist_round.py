"""A checklist round (issue 23): a city-wide case officer issues a template's items to chosen
jurisdictions, with the round's first and last day; each item's due date in the round
follows from its deadline (``due_date``). Each jurisdiction's work on the round is a stream
of its own (``domain.round_progress``), so that two counties never conflict.

The round keeps the items as they were when it was issued: a template changed later
changes no round already issued.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.checklist import ChecklistTemplate, Deadline, Level
from domain.errors import Code, InvalidValue, Reason, RuleRefusal

ROUND_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:checklist-round")
MAX_JURISDICTIONS = 200
MAX_ROUND_DAYS = 2 * 366  # a round longer than two years is a typing mistake


@dataclass(frozen=True)
class RoundItem:
    """An item as the round carries it: the template's words and its due date here."""

    number: int
    category: str
    task: str
    deadline: str  # the template's words: "8 月 25 日前", "日常工作"
    level: Level
    reviews: bool  # carried by fupan's own data (the reviews of the round's period)
    due_on: date


def due_date(rule: Deadline, starts_on: date, ends_on: date) -> date:
    """An item's due date in a round: the first time its month and day come on or after the
    round's first day ("前": the day before), at the latest the round's last day; ongoing
    work (日常工作) is due on the round's last day."""
    if rule.ongoing:
        return ends_on
    for year in (starts_on.year, starts_on.year + 1):
        try:
            day = date(year, rule.month, rule.day)
        except ValueError:  # 2 月 29 日 in a common year: the last day of February
            day = date(year, 3, 1) - timedelta(days=1)
        due = day - timedelta(days=1) if rule.before else day
        if due >= starts_on:
            return min(due, ends_on)
    return ends_on


class ChecklistRound(Aggregate):
    class Event(Aggregate.Event):
        actor: UUID

    class Issued(Event, Aggregate.Created):
        """``items``: each item as the round carries it (``due_on`` as an ISO date)."""

        template: str
        template_version: int
        title: str
        starts_on: date
        ends_on: date
        jurisdictions: list[str]
        items: list[dict[str, Any]]

        def apply(self, issued: ChecklistRound) -> None:
            issued.template = self.template
            issued.template_version = self.template_version
            issued.title = self.title
            issued.starts_on = self.starts_on
            issued.ends_on = self.ends_on
            issued.jurisdictions = tuple(self.jurisdictions)
            issued.items = tuple(
                RoundItem(
                    number=i["number"],
                    category=i["category"],
                    task=i["task"],
                    deadline=i["deadline"],
                    level=Level(i["level"]),
                    reviews=bool(i.get("reviews", False)),
                    due_on=date.fromisoformat(i["due_on"]),
                )
                for i in self.items
            )
            issued.issued_by = self.actor
            issued.issued_at = self.timestamp

    def __init__(self) -> None:
        self.template: str
        self.template_version: int
        self.title: str
        self.starts_on: date
        self.ends_on: date
        self.jurisdictions: tuple[str, ...]
        self.items: tuple[RoundItem, ...]
        self.issued_by: UUID
        self.issued_at: datetime

    @staticmethod
    def create_id(title: str) -> UUID:
        """Stable: the id follows from the title (NFKC, no spaces, lower case), so that
        issuing a round twice finds the first."""
        key = "".join(unicodedata.normalize("NFKC", title).split()).lower()
        return uuid5(ROUND_NAMESPACE, key)

    @classmethod
    def issue(
        cls,
        *,
        template: ChecklistTemplate,
        template_version: int,
        title: str,
        starts_on: object,
        ends_on: object,
        jurisdictions: object,
        actor: UUID,
        now: datetime,
    ) -> ChecklistRound:
        first = v.a_date("starts_on", starts_on)
        last = v.a_date("ends_on", ends_on)
        if first.year < 2000:
            raise InvalidValue("starts_on", Reason.BEFORE_2000)
        if last < first:
            raise InvalidValue("ends_on", Reason.OUT_OF_RANGE, "ends_on: before starts_on")
        if (last - first).days > MAX_ROUND_DAYS:
            raise InvalidValue("ends_on", Reason.OUT_OF_RANGE, limit=MAX_ROUND_DAYS)
        places = _jurisdictions(jurisdictions)
        if not template.items:
            raise InvalidValue("template", Reason.INVALID)
        items = [
            {**i.as_details(), "due_on": due_date(i.deadline, first, last).isoformat()}
            for i in template.items
        ]
        the_title = v.text("title", title)
        return cls._create(
            cls.Issued,
            id=cls.create_id(the_title),
            timestamp=now,
            actor=v.an_id("actor", actor),
            template=template.code,
            template_version=template_version,
            title=the_title,
            starts_on=first,
            ends_on=last,
            jurisdictions=places,
            items=items,
        )

    def item(self, number: object) -> RoundItem:
        """The round's item of this number (refused naming ``number`` when none)."""
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidValue("number", Reason.NOT_A_NUMBER)
        for found in self.items:
            if found.number == number:
                return found
        raise InvalidValue("number", Reason.OUT_OF_RANGE, limit=len(self.items))

    def check_jurisdiction(self, jurisdiction: str) -> None:
        if jurisdiction not in self.jurisdictions:
            raise RuleRefusal(Code.NOT_IN_ROUND, "the round was not issued to this jurisdiction")

    def categories(self) -> list[str]:
        """The items' categories, in the template's order, each once."""
        return list(dict.fromkeys(i.category for i in self.items))


def _jurisdictions(value: object) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise InvalidValue("jurisdictions", Reason.NOT_A_LIST)
    if len(items) > MAX_JURISDICTIONS:
        raise InvalidValue("jurisdictions", Reason.OUT_OF_RANGE, limit=MAX_JURISDICTIONS)
    chosen = list(dict.fromkeys(v.text("jurisdictions", x, max_len=100) for x in items))
    if not chosen:
        raise InvalidValue("jurisdictions", Reason.REQUIRED)
    return chosen
