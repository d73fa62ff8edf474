"""The words of the statistics page and its exports, in the reader's language: the tables'
titles and the labels of their rows and columns (months, outcomes, categories, themes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from application.statistics import MONTHS, UNCLASSIFIED, Statistics
from application.statistics_queries import StatisticsExport
from infrastructure.exports import Words

TITLES: dict[str, Any] = {
    "month_outcome": _l("Reviews by month of the incident, by outcome"),
    "jurisdiction_outcome": _l("Reviews by jurisdiction, by outcome"),
    "jurisdiction_category": _l("Reviews by jurisdiction and category"),
    "jurisdiction_premises": _l("Reviews by jurisdiction, on school premises or not"),
    "jurisdiction_measures": _l("Prevention measures by jurisdiction: taken, open, overdue"),
    "theme_jurisdiction": _l("Themes found most often, by jurisdiction (reviews)"),
    "theme_year": _l("Themes found most often, by year (reviews)"),
}
KEYS: dict[str, Any] = {
    "closed_on_time": _l("closed on time"),
    "closed_late": _l("closed late"),
    "open": _l("open"),
    "overdue": _l("overdue"),
    "withdrawn": _l("withdrawn"),
    "on_premises": _l("on school premises"),
    "off_premises": _l("off school premises"),
    "taken": _l("taken"),
    UNCLASSIFIED: _l("unclassified"),
}


def labeller(theme_labels: Mapping[str, str]) -> Any:
    """A row or column key as the reader reads it."""
    categories = {"suicide", "drowning", "accident", "other"}

    def label(key: str) -> str:
        if key in KEYS:
            return str(KEYS[key])
        if key in MONTHS:
            return str(gettext("month %(n)s", n=int(key)))
        if key in categories:
            return str(gettext(key))
        return theme_labels.get(key, key)

    return label


def title(key: str) -> str:
    return str(TITLES.get(key, key))


def export_words(export: StatisticsExport, theme_labels: Mapping[str, str]) -> Words:
    summary: list[tuple[str, object]] = []
    s = export.summary
    if s is not None:
        rate = f"{s.on_time_rate:.1%}" if s.on_time_rate is not None else "—"
        mean = f"{s.days_late_mean:.1f}" if s.days_late_mean is not None else "—"
        summary = [
            (gettext("Reviews"), s.reviews),
            (gettext("Withdrawn"), s.withdrawn),
            (gettext("Closed"), s.closed),
            (gettext("On-time rate"), rate),
            (gettext("Days late, on average"), mean),
            (gettext("Days late, at most"), s.days_late_max),
            (gettext("Open and overdue"), s.overdue),
        ]
    if export.internal:
        mark = gettext("不公开 — internal statistics with exact counts; the export is recorded.")
    else:
        mark = gettext(
            "Published statistics: no names, identity numbers or schools; counts below "
            "%(n)s are suppressed.",
            n=export.threshold,
        )
    return Words(
        heading=gettext("Review statistics %(year)s", year=export.year),
        mark=mark,
        suppressed="*",
        footnote=gettext(
            "* suppressed: fewer than %(n)s, or hidden so that a suppressed count cannot be "
            "worked out from the totals.",
            n=export.threshold,
        ),
        total=gettext("Total"),
        label=labeller(theme_labels),
        title=title,
        summary=summary,
    )


def charts_of(stats: Statistics, theme_labels: Mapping[str, str]) -> dict[str, Any]:
    """The SVG chart drawn beside each table."""
    from web import charts

    label = labeller(theme_labels)
    found: dict[str, Any] = {}
    for key, table in stats.tables.items():
        if key == "month_outcome":
            found[key] = charts.columns(
                title(key),
                [label(m) for m in table.rows],
                [(label(c), [row[i] for row in table.cells]) for i, c in enumerate(table.columns)],
            )
        else:
            items = list(zip((label(r) for r in table.rows), table.row_totals(), strict=True))
            found[key] = charts.bars(title(key), items[:12])
    return found
