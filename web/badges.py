"""What list rows show, worked out once in Python: a list page draws hundreds of cells, and
a template macro with a translation per cell costs more than the SQL behind the page.

Strings are marked with ``N_`` (extracted like ``_``) and translated with the request's
catalogue, looked up once per request (``web.i18n.translations``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from flask import render_template
from markupsafe import Markup

from application.views import ReviewCounts, ReviewPage, TaskPage
from web.fragments import kept
from web.i18n import format_day, translations


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name for a marker
    """Mark a message for extraction; it is translated where it is shown."""
    return message


class Badge(NamedTuple):
    cls: str
    text: str


NEXT_STEPS = {
    "form_team": N_("Form the team (case officer)"),
    "write_report": N_("Write the report (the team)"),
    "send_for_signature": N_("Send for signature (case officer)"),
    "sign": N_("Sign (the signatories)"),
    "close": N_("Close (case officer)"),
    "confirm_withdrawal": N_("Confirm the withdrawal (a city-wide officer)"),
    "follow_up": N_("Take the measures (the team)"),
}


class Words:
    """Translation with one catalogue (the request's), for many rows."""

    def __init__(self, catalogue: Any | None = None) -> None:
        self.gettext = (catalogue or translations()).ugettext

    def __call__(self, message: str, **values: Any) -> str:
        text = str(self.gettext(message))
        return text % values if values else text


def deadline_badge(item: Mapping[str, Any], t: Words | None = None) -> Badge:
    """Where a review stands against its deadline (colour class and words, never colour
    alone): withdrawn, closed on time or late, overdue, due within 3 days, on track."""
    t = t or Words()
    days = int(item["days_left"])
    if item.get("status") == "withdrawn":
        return Badge("closed", t(N_("withdrawn")))
    if item.get("submitted"):
        if item.get("late"):
            return Badge("late", t(N_("closed late")))
        return Badge("closed", t(N_("closed on time")))
    if item.get("overdue", days < 0):
        return Badge("overdue", t(N_("overdue by %(n)s days"), n=-days))
    return Badge("soon" if days <= 3 else "ontrack", t(N_("%(n)s days left"), n=days))


def next_label(item: Mapping[str, Any], t: Words | None = None) -> str:
    """The next action and who holds it, in words ("" when none)."""
    step = NEXT_STEPS.get(str(item.get("next_action") or ""))
    return (t or Words())(step) if step else ""


def missing_text(item: Mapping[str, Any], t: Words | None = None) -> str:
    """What an open review lacks, in words (no content)."""
    t = t or Words()
    if item.get("erased"):
        return t(N_("personal data erased; read-only"))
    missing = item.get("missing") or {}
    parts = []
    if missing.get("aspects"):
        parts.append(t(N_("%(n)s aspects"), n=missing["aspects"]))
    if missing.get("risks"):
        parts.append(t(N_("risks and measures")))
    parts += [t(p) for p in missing.get("parties", [])]
    parts += [t(r) for r in missing.get("signatories", [])]
    if missing.get("signatures"):
        parts.append(t(N_("%(n)s signatures"), n=missing["signatures"]))
    if item.get("measures_overdue"):
        parts.append(t(N_("%(n)s measures overdue"), n=item["measures_overdue"]))
    return " ".join(parts)


def age(seconds: int | None) -> str:
    """How long ago, in words."""
    if seconds is None:
        return ""
    t = Words()
    if seconds < 60:
        return t(N_("just now"))
    if seconds < 3600:
        return t(N_("%(n)s minutes ago"), n=seconds // 60)
    if seconds < 86400:
        return t(N_("%(n)s hours ago"), n=seconds // 3600)
    return t(N_("%(n)s days ago"), n=seconds // 86400)


class Row(NamedTuple):
    """A review as a list row shows it, every cell in words."""

    id: str
    reference: str
    school: str
    jurisdiction: str
    occurred_on: str
    due_on: str
    badge: Badge
    status: str
    withdrawal_pending: bool
    missing: str
    next: str


def rows(items: list[Any]) -> list[Row]:
    """The rows of a list page, translated with one catalogue lookup."""
    t = Words()
    day = format_day
    return [
        Row(
            id=item["id"],
            reference=item.get("reference_number") or "",
            school=item["school"],
            jurisdiction=item["jurisdiction"],
            occurred_on=day(item["occurred_on"]),
            due_on=day(item["due_on"]),
            badge=deadline_badge(item, t),
            status=t(item["status"]),
            withdrawal_pending=item["withdrawal_pending"],
            missing=missing_text(item, t),
            next=next_label(item, t) or "—",
        )
        for item in items
    ]


def rows_html(page: ReviewPage) -> Markup:
    """The rows of a page of reviews, rendered once per page and language."""
    return kept(
        "dashboard_rows", page, lambda: _render("dashboard_rows.html", rows=rows(page["items"]))
    )


def counts_html(counts: ReviewCounts) -> Markup:
    """A dashboard's counts, rendered once per answer and language."""
    return kept("dashboard_counts", counts, lambda: _render("dashboard_counts.html", counts=counts))


def task_rows(kind: str, page: TaskPage) -> Markup:
    """The rows of one kind of task, rendered once per page and language."""
    return kept("task_rows", page, lambda: _render("task_rows.html", kind=kind, page=page))


def fragment(template: str, page: ReviewPage, context: dict[str, Any], *, fresh: bool) -> Markup:
    """A part of a list page that depends on the page alone: kept beside it, or rendered
    ``fresh`` when it shows something of this request (an error, a search)."""
    if fresh:
        return _render(template, **context)
    return kept(template, page, lambda: _render(template, **context))


def _render(template: str, **context: Any) -> Markup:
    # The template's own output: autoescaped when it was rendered.
    return Markup(render_template(template, **context))  # noqa: S704
