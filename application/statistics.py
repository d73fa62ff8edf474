"""Statistics across reviews (issue 21), from the projections' rows alone: no replay, no
decryption. Counts by month, category, jurisdiction and premises; the outcome of each
review (closed on time, closed late, open, overdue, withdrawn: a partition); the themes
found most often, by jurisdiction and by year; measures taken, open and overdue.

A ``Table`` is a grid of counts whose cells partition its rows (``additive``: the row and
column totals are sums of cells, which is what the published export suppresses against);
the themes tables count a review once under each theme it names, so their totals count
review-theme pairs, still sums of their cells.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from application.index import IndexRow
from domain.deadline import local_date
from domain.values import Category, Status

UNCLASSIFIED = "unclassified"  # a review with a risk point that carries no theme (未分类)
OUTCOMES = ("closed_on_time", "closed_late", "open", "overdue", "withdrawn")
PREMISES = ("on_premises", "off_premises")
MEASURE_STATES = ("taken", "open", "overdue")
MONTHS = tuple(f"{m:02d}" for m in range(1, 13))


@dataclass(frozen=True)
class Table:
    """Counts: ``cells[r][c]`` for ``rows[r]`` and ``columns[c]``; totals are sums."""

    key: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]

    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(r) for r in self.cells)

    def column_totals(self) -> tuple[int, ...]:
        return tuple(sum(r[c] for r in self.cells) for c in range(len(self.columns)))

    def total(self) -> int:
        return sum(self.row_totals())


@dataclass(frozen=True)
class Summary:
    reviews: int  # not withdrawn
    withdrawn: int
    closed: int
    on_time: int
    late: int
    overdue: int
    days_late_total: int
    days_late_max: int

    @property
    def on_time_rate(self) -> float | None:
        """Share of the closed reviews closed by their due date (None: none closed)."""
        return self.on_time / self.closed if self.closed else None

    @property
    def days_late_mean(self) -> float | None:
        return self.days_late_total / self.late if self.late else None


@dataclass(frozen=True)
class Statistics:
    year: int
    years: tuple[int, ...]  # every year with a review in sight
    summary: Summary
    tables: dict[str, Table] = field(default_factory=dict)


def outcome(row: IndexRow, today: date) -> str:
    """What became of a review: its first closing (on time or late), or still open."""
    if row.status == Status.WITHDRAWN.value:
        return "withdrawn"
    if row.first_closed_at is not None:
        return "closed_late" if row.late else "closed_on_time"
    return "overdue" if row.due_on < today else "open"


def days_late(row: IndexRow) -> int:
    """Days between the due date and the first closing (0 unless late)."""
    if not row.late or row.first_closed_at is None:
        return 0
    return max(0, (local_date(row.first_closed_at) - row.due_on).days)


def themes_of(row: IndexRow) -> list[str]:
    """The themes a review names, and ``unclassified`` when a risk point carries none."""
    found = [t for t in row.themes.split("|") if t]
    if row.unthemed:
        found.append(UNCLASSIFIED)
    return found


def measure_states(row: IndexRow, today: date) -> Counter[str]:
    """The review's measures: taken, open (not yet due) and overdue."""
    found: Counter[str] = Counter()
    for m in json.loads(row.measures):
        if m["status"] == "taken":
            found["taken"] += 1
        elif date.fromisoformat(m["due_on"]) < today:
            found["overdue"] += 1
        else:
            found["open"] += 1
    return found


def compute(rows: list[IndexRow], year: int, today: date) -> Statistics:
    """Every figure of the statistics page for ``year`` (by incident date)."""
    years = tuple(sorted({r.occurred_on.year for r in rows} | {year}, reverse=True))
    of_year = [r for r in rows if r.occurred_on.year == year]
    places = tuple(sorted({r.jurisdiction for r in of_year}))
    kept = [r for r in of_year if r.status != Status.WITHDRAWN.value]
    ends = {r.review_id: outcome(r, today) for r in of_year}  # each row's outcome, once
    outcomes = Counter(ends.values())
    late = [r for r in of_year if ends[r.review_id] == "closed_late"]
    summary = Summary(
        reviews=len(kept),
        withdrawn=outcomes["withdrawn"],
        closed=outcomes["closed_on_time"] + outcomes["closed_late"],
        on_time=outcomes["closed_on_time"],
        late=outcomes["closed_late"],
        overdue=outcomes["overdue"],
        days_late_total=sum(days_late(r) for r in late),
        days_late_max=max((days_late(r) for r in late), default=0),
    )
    tables = {
        "month_outcome": _grid(
            "month_outcome",
            of_year,
            MONTHS,
            OUTCOMES,
            lambda r: [(f"{r.occurred_on.month:02d}", ends[r.review_id])],
        ),
        "jurisdiction_outcome": _grid(
            "jurisdiction_outcome",
            of_year,
            places,
            OUTCOMES,
            lambda r: [(r.jurisdiction, ends[r.review_id])],
        ),
        "jurisdiction_category": _grid(
            "jurisdiction_category",
            kept,
            places,
            tuple(c.value for c in Category),
            lambda r: [(r.jurisdiction, r.category)],
        ),
        "jurisdiction_premises": _grid(
            "jurisdiction_premises",
            kept,
            places,
            PREMISES,
            lambda r: [(r.jurisdiction, PREMISES[0] if r.on_premises else PREMISES[1])],
        ),
        "jurisdiction_measures": _weighted(
            "jurisdiction_measures",
            kept,
            places,
            MEASURE_STATES,
            lambda r: [((r.jurisdiction, k), n) for k, n in measure_states(r, today).items()],
        ),
    }
    theme_counts = Counter(t for r in kept for t in themes_of(r))
    themes = tuple(sorted(theme_counts, key=lambda t: (-theme_counts[t], t == UNCLASSIFIED, t)))
    tables["theme_jurisdiction"] = _grid(
        "theme_jurisdiction",
        kept,
        themes,
        places,
        lambda r: [(t, r.jurisdiction) for t in themes_of(r)],
    )
    all_kept = [r for r in rows if r.status != Status.WITHDRAWN.value]
    every_theme = Counter(t for r in all_kept for t in themes_of(r))
    tables["theme_year"] = _grid(
        "theme_year",
        all_kept,
        tuple(sorted(every_theme, key=lambda t: (-every_theme[t], t == UNCLASSIFIED, t))),
        tuple(str(y) for y in sorted({r.occurred_on.year for r in all_kept})),
        lambda r: [(t, str(r.occurred_on.year)) for t in themes_of(r)],
    )
    return Statistics(year=year, years=years, summary=summary, tables=tables)


Cell = tuple[str, str]


def _grid(
    key: str,
    rows: list[IndexRow],
    row_keys: tuple[str, ...],
    column_keys: tuple[str, ...],
    places: Callable[[IndexRow], list[Cell]],
) -> Table:
    """Each review counts once in each cell ``places`` names."""
    return _weighted(key, rows, row_keys, column_keys, lambda r: [(cell, 1) for cell in places(r)])


def _weighted(
    key: str,
    rows: list[IndexRow],
    row_keys: tuple[str, ...],
    column_keys: tuple[str, ...],
    counts: Callable[[IndexRow], list[tuple[Cell, int]]],
) -> Table:
    found: Counter[Cell] = Counter()
    for r in rows:
        for cell, n in counts(r):
            found[cell] += n
    cells = tuple(tuple(found[(a, b)] for b in column_keys) for a in row_keys)
    return Table(key=key, rows=tuple(row_keys), columns=tuple(column_keys), cells=cells)
