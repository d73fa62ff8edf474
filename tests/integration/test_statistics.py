"""The statistics (issue 21) equal a full replay's on a randomised city of reviews, on
every store; the exports: published with suppression that holds against subtraction, no
school name; formula escaping in both; the internal export exact, 不公开 and recorded."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from application.desk import ReviewDesk
from application.policy import Sight
from application.statistics import UNCLASSIFIED
from domain.deadline import local_date
from infrastructure.exports import Words, write_csv, write_xlsx
from tests import city
from tests import scenario as s
from tests.unit.application.test_suppression import subtraction_attack

EVERYTHING = Sight(everything=True)


def replayed_statistics(desk: ReviewDesk, year: int, places: set[str] | None = None) -> dict:
    """The same figures, tallied from a full replay of every review."""
    today = local_date(desk.clock.now())
    found: dict[str, Counter[Any]] = {
        k: Counter() for k in ("outcome", "month", "category", "premises", "themes", "measures")
    }
    for rid in desk.review_ids():
        view = desk.get_review(rid)
        incident = view["incident"]
        if places is not None and incident["jurisdiction"] not in places:
            continue
        occurred = date.fromisoformat(incident["occurred_on"])
        if occurred.year != year:
            continue
        place = incident["jurisdiction"]
        if view["status"] == "withdrawn":
            outcome = "withdrawn"
        elif view["submitted"]:
            outcome = "closed_late" if view["late"] else "closed_on_time"
        else:
            outcome = "overdue" if view["overdue"] else "open"
        found["outcome"][(place, outcome)] += 1
        found["month"][(f"{occurred.month:02d}", outcome)] += 1
        if outcome == "withdrawn":
            continue
        found["category"][(place, incident["category"])] += 1
        found["premises"][
            (place, "on_premises" if incident["on_premises"] else "off_premises")
        ] += 1
        themes = {t for rp in view["risk_points"] for t in rp["themes"]}
        if any(not rp["themes"] for rp in view["risk_points"]):
            themes.add(UNCLASSIFIED)
        for theme in themes:
            found["themes"][(theme, place)] += 1
        for m in view["measures"]:
            state = (
                "taken"
                if m["status"] == "taken"
                else ("overdue" if date.fromisoformat(m["due_on"]) < today else "open")
            )
            found["measures"][(place, state)] += 1
    return found


def cells(table: Any) -> Counter[Any]:
    return Counter(
        {
            (r, c): table.cells[i][j]
            for i, r in enumerate(table.rows)
            for j, c in enumerate(table.columns)
            if table.cells[i][j]
        }
    )


@pytest.mark.stores
@pytest.mark.parametrize("seed", [3, 17])
def test_the_statistics_equal_a_full_replay(desk: ReviewDesk, seed: int) -> None:
    city.build(desk, seed=seed, count=30)
    year = local_date(desk.clock.now()).year
    for sight, places in ((EVERYTHING, None), (Sight(jurisdictions=("东区",)), {"东区"})):
        stats = desk.statistics(sight=sight, year=year)
        expected = replayed_statistics(desk, year, places)
        t = stats.tables
        assert cells(t["jurisdiction_outcome"]) == expected["outcome"]
        assert cells(t["month_outcome"]) == expected["month"]
        assert cells(t["jurisdiction_category"]) == expected["category"]
        assert cells(t["jurisdiction_premises"]) == expected["premises"]
        assert cells(t["theme_jurisdiction"]) == expected["themes"]
        assert cells(t["jurisdiction_measures"]) == expected["measures"]
        outcomes = Counter(o for (_, o), n in expected["outcome"].items() for _ in range(n))
        assert stats.summary.withdrawn == outcomes["withdrawn"]
        assert stats.summary.late == outcomes["closed_late"]
        assert stats.summary.on_time == outcomes["closed_on_time"]
        assert stats.summary.overdue == outcomes["overdue"]
        assert stats.summary.reviews == sum(outcomes.values()) - outcomes["withdrawn"]
    assert desk.statistics(sight=Sight(), year=year).summary.reviews == 0


def words(labels: dict[str, str] | None = None) -> Words:
    names = labels or {}
    return Words(
        heading="复盘统计",
        mark="公开统计",
        suppressed="*",
        footnote="* 已抑制",
        total="合计",
        label=lambda key: names.get(key, key),
        title=lambda key: key,
        summary=[],
    )


def parsed_tables(body: bytes) -> dict[str, list[list[str]]]:
    """The export's tables, read back: a block of lines under a title line."""
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    tables: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for line in lines:
        if not line or not any(line):
            current = None
        elif current is None and len(line) > 1:
            current = tables[line[0]] = [line]
        elif current is not None:
            current.append(line)
    return tables


def test_the_published_export_holds_against_subtraction_and_names_no_school(
    desk: ReviewDesk,
) -> None:
    city.build(desk, seed=5, count=40)
    year = local_date(desk.clock.now()).year
    found = desk.statistics_export(sight=EVERYTHING, year=year, internal=False, actor=s.OFFICER)
    body = write_csv(found, words())
    text = body.decode("utf-8-sig")
    schools = {r.school for r in desk.index.select_review_index()}
    assert schools
    for school in schools:
        assert school not in text
    assert s.STUDENT["name"] not in text
    assert s.SYNTHETIC_ID_NUMBER not in text
    exact = {t.key: t for t in desk.statistics(sight=EVERYTHING, year=year).tables.values()}
    tables = parsed_tables(body)
    assert set(tables) == set(exact)
    hidden = 0
    for key, lines in tables.items():
        grid = tuple(tuple(None if v == "*" else int(v) for v in line[1:]) for line in lines[1:])
        hidden += sum(v is None for row in grid for v in row)
        published = type(found.tables[0])(key, (), (), grid)
        assert subtraction_attack(published) == {}, key
        full = [[*row, sum(row)] for row in exact[key].cells]
        full.append([sum(r[c] for r in full) for c in range(len(exact[key].columns) + 1)])
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if full[r][c] < found.threshold:
                    assert value is None, (key, r, c)
                elif value is not None:
                    assert value == full[r][c]
    assert hidden > 0
    assert not desk.access_records(), "a published export is not an access record"


def test_the_internal_export_is_exact_marked_and_recorded(desk: ReviewDesk) -> None:
    city.build(desk, seed=5, count=12)
    year = local_date(desk.clock.now()).year
    found = desk.statistics_export(sight=EVERYTHING, year=year, internal=True, actor=s.OFFICER)
    assert all(v is not None for t in found.tables for row in t.cells for v in row)
    assert found.summary is not None
    records = desk.access_records()
    assert [(r["actor"], r["what"]) for r in records] == [
        (str(s.OFFICER), f"statistics_internal:{year}")
    ]


def test_cells_that_a_spreadsheet_would_run_are_escaped(desk: ReviewDesk) -> None:
    rid = s.ready(desk)
    risk = desk.get_review(rid)["risk_points"][0]["id"]
    bad = ['=HYPERLINK("http://x.test")', "+1+1", "-2", "@SUM(A1)"]
    for code in bad:
        s.ensure_theme(desk, code)
    desk.classify_risk_point(rid, risk_point_id=risk, themes=bad, actor=s.OFFICER)
    year = local_date(desk.clock.now()).year
    for internal in (False, True):
        found = desk.statistics_export(
            sight=EVERYTHING, year=year, internal=internal, actor=s.OFFICER, threshold=2
        )
        text = write_csv(found, words()).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        first = [row[0] for row in rows if row]
        for code in bad:
            assert "'" + code in first
            assert code not in first
        book = load_workbook(io.BytesIO(write_xlsx(found, words())))
        values = [c for row in book.active.iter_rows() for c in row if c.value is not None]
        for cell in values:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
                assert not cell.value.startswith(("=", "+", "-", "@"))
        assert {"'" + code for code in bad} <= {c.value for c in values}
