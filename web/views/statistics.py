"""The statistics page (issue 21): counts across reviews within the reader's sight, each
chart (SVG drawn here) beside its table; and the exports, published (suppressed) or
internal (exact, 不公开, recorded as an access), as XLSX or CSV."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request

from infrastructure.exports import write_csv, write_xlsx
from web.schemas.statistics import ExportForm, YearQuery
from web.security import signed_in, workspace
from web.stat_words import charts_of, export_words, labeller, title

bp = Blueprint("statistics", __name__)
TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _theme_labels() -> dict[str, str]:
    return {t.code: t.label for t in workspace().theme_choices()}


@bp.get("/statistics")
@signed_in
def page() -> Any:
    """Reviews by month, category, jurisdiction and premises; outcomes; themes; measures."""
    year = YearQuery().load_form(request.args).year
    space = workspace()
    stats = space.statistics(year=year)
    labels = _theme_labels()
    return render_template(
        "statistics.html",
        stats=stats,
        charts=charts_of(stats, labels),
        label=labeller(labels),
        title=title,
    )


@bp.post("/statistics/export")
@signed_in
def export() -> Any:
    """Download the year's tables: published by default, internal when asked."""
    data = ExportForm().load_form(request.form)
    found = workspace().statistics_export(year=data.year, internal=data.internal)
    words = export_words(found, _theme_labels())
    body = write_xlsx(found, words) if data.format == "xlsx" else write_csv(found, words)
    kind = "internal" if found.internal else "published"
    name = f"fupan-statistics-{found.year}-{kind}.{data.format}"
    return Response(
        body,
        mimetype=TYPES[data.format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
