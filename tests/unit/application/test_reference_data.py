"""Reference data kept once: entries with a kind, code, label and history; the list forms
read; an import that reports bad rows and the jurisdictions in use but unlisted."""

from __future__ import annotations

import pytest

from application.desk import ReviewDesk
from application.reference_data import ImportRow
from domain.errors import InvalidValue, RuleRefusal
from tests import scenario as s

pytestmark = pytest.mark.stores()


def test_an_entry_is_added_renamed_deactivated_and_keeps_its_history(desk: ReviewDesk) -> None:
    east = desk.add_reference(kind="jurisdiction", code="东区", label="东区", actor=s.OFFICER)
    desk.add_reference(kind="school", code="E01", label="东区一中", parent="东区", actor=s.OFFICER)
    desk.rename_reference(east, label="东湖区（原东区）", actor=s.OFFICER)
    desk.deactivate_reference(east, actor=s.OFFICER)

    listed = desk.reference_entries("jurisdiction")
    assert [(r.code, r.label, r.active) for r in listed] == [("东区", "东湖区（原东区）", False)]
    assert desk.reference_entries("jurisdiction", active_only=True) == []
    assert [(r.code, r.parent) for r in desk.reference_entries("school")] == [("E01", "东区")]
    history = [e["event"] for e in desk.reference_history(east)]
    assert history == ["Added", "Renamed", "Deactivated"]


def test_the_same_code_is_added_once_and_a_school_needs_a_listed_jurisdiction(
    desk: ReviewDesk,
) -> None:
    desk.add_reference(kind="jurisdiction", code="东区", label="东区", actor=s.OFFICER)
    with pytest.raises(RuleRefusal):
        desk.add_reference(kind="jurisdiction", code="东区", label="又一个", actor=s.OFFICER)
    assert not desk.ensure_reference(kind="jurisdiction", code="东区", actor=s.OFFICER, source="x")
    with pytest.raises(InvalidValue) as refused:
        desk.add_reference(
            kind="school", code="W1", label="西区一中", parent="西区", actor=s.OFFICER
        )
    assert refused.value.details["field"] == "parent"


def test_an_import_reports_bad_rows_by_line_and_unlisted_jurisdictions(desk: ReviewDesk) -> None:
    s.register(desk, jurisdiction="老城区")
    rows = [
        ImportRow(2, "school", "E01", "东区一中", "东区"),  # before its jurisdiction: fine
        ImportRow(3, "jurisdiction", "东区", "东区"),
        ImportRow(4, "school", "X1", "无主学校", "北区"),
        ImportRow(5, "colour", "red", "红"),
        ImportRow(6, "jurisdiction", "", "无代码"),
    ]
    report = desk.import_reference(rows, actor=s.OFFICER)
    assert report.added == 2
    assert [line for line, _ in report.refused] == [4, 5, 6]
    assert report.unlisted == ["老城区"]
    again = desk.import_reference([ImportRow(2, "jurisdiction", "东区", "东湖区")], actor=s.OFFICER)
    assert (again.added, again.renamed) == (0, 1)
