"""The notice's work list ships as a checklist template in the store: ``fupan init`` puts
it there once (``fupan migrate`` for older stores, again without effect), and ``fupan
checklist templates --json`` prints it with its 31 items; administrators cannot change it."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import uuid4

import pytest
from click.testing import CliRunner

from application.errors import AccessDenied
from application.policy import Principal
from application.workspace import Workspace
from domain.account import Role
from domain.reference import ReferenceEntry
from infrastructure.settings import Settings
from web.app import build_desk
from web.cli import main


def test_the_shipped_template_is_stored_once_and_printed(tmp_path: Path) -> None:
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    made = CliRunner().invoke(main, ["init"], env=env)
    assert made.exit_code == 0, made.output
    assert "checklist templates: 1 added" in made.output
    again = CliRunner().invoke(main, ["migrate", "--no-progress"], env=env)
    assert "checklist templates: 0 added" in again.output
    printed = CliRunner().invoke(main, ["checklist", "templates", "--json"], env=env)
    assert printed.exit_code == 0, printed.output
    [template] = json.loads(printed.output)
    assert template["code"] == "notice-2023-autumn"
    assert template["title"] == "2023年秋学期开学前后青少年生命健康关爱工作清单"
    assert template["version"] == 2  # added, then described: one stream, its history
    items = template["items"]
    assert [i["number"] for i in items] == list(range(1, 32))
    assert items[0] == {
        "number": 1,
        "category": "全面部署",
        "task": "各县（市、区）、功能区联席会议召开专题会议研究部署。",
        "deadline": "8 月 25 日前",
        "level": "county",
    }
    assert items[30]["category"] == "提高复盘报告质量"
    assert items[30]["deadline"] == "日常工作"
    text = CliRunner().invoke(main, ["checklist", "templates"], env=env)
    assert "31 items" in text.output


def test_administrators_keep_their_lists_not_the_templates(tmp_path: Path) -> None:
    desk = build_desk(Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path)}))
    try:
        admin = Principal(uuid4(), "a", "管理员", Role.ADMINISTRATOR)
        desk.ensure_shipped_templates(actor=admin.account_id)
        space = Workspace(desk, admin)
        with pytest.raises(AccessDenied):
            space.add_reference(kind="checklist_template", code="x", label="另一清单")
        entry = ReferenceEntry.create_id("checklist_template", "notice-2023-autumn")
        with pytest.raises(AccessDenied):
            space.rename_reference(entry, label="改名")
    finally:
        desk.close()


def test_the_rounds_are_printed_with_each_jurisdictions_counts(tmp_path: Path) -> None:
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    assert CliRunner().invoke(main, ["init"], env=env).exit_code == 0
    desk = build_desk(Settings.from_environ(env))
    try:
        actor = uuid4()
        desk.ensure_reference(kind="jurisdiction", code="东湖区", actor=actor, source="test")
        rid = desk.issue_round(
            template="notice-2023-autumn",
            title="第一轮",
            starts_on="2026-09-01",
            ends_on="2026-12-31",
            jurisdictions=["东湖区"],
            actor=actor,
        )
        desk.record_round_item(rid, "东湖区", number=1, status="done", actor=actor)
    finally:
        desk.close()
    printed = CliRunner().invoke(main, ["checklist", "rounds", "--json"], env=env)
    assert printed.exit_code == 0, printed.output
    [shown] = json.loads(printed.output)
    assert shown["id"] == str(rid)
    [east] = shown["jurisdictions"]
    assert east["jurisdiction"] == "东湖区"
    assert east["done"] == 1
    assert (
        sum(east[k] for k in ("done", "in_progress", "not_applicable", "not_started", "overdue"))
        == 31
    )


def test_a_template_goes_to_a_sheet_and_back_as_a_new_version(tmp_path: Path) -> None:
    """City-wide officers download a template as XLSX, change it in their spreadsheet
    program and upload it: a new version; a wrong sheet is refused naming the row."""
    import io

    from openpyxl import load_workbook

    from application.errors import ConflictError
    from domain.checklist import NOTICE_2023_AUTUMN
    from domain.errors import InvalidValue
    from infrastructure.template_sheets import read_template_sheet, template_sheet

    desk = build_desk(Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path)}))
    try:
        actor = uuid4()
        desk.ensure_shipped_templates(actor=actor)
        sheet = template_sheet(NOTICE_2023_AUTUMN)
        items = read_template_sheet(sheet)
        assert [i["number"] for i in items] == list(range(1, 32))
        assert [i["number"] for i in items if i["reviews"]] == [29, 30, 31]
        # Change it as a person would: a task reworded, a row added, merged cells blank.
        book = load_workbook(io.BytesIO(sheet))
        rows = book.active
        rows.cell(row=2, column=3, value="召开专题会议研究部署（修订）。")
        rows.append([32, "", "建立学期末总结制度。", "", "县（市、区）", ""])
        out = io.BytesIO()
        book.save(out)
        changed = read_template_sheet(out.getvalue())
        version = desk.keep_checklist_template(
            code=NOTICE_2023_AUTUMN.code,
            title=NOTICE_2023_AUTUMN.title,
            items=changed,
            actor=actor,
            expected_version=2,
        )
        assert version == 3
        stored = desk.checklist_template(NOTICE_2023_AUTUMN.code)
        assert stored is not None
        assert stored.template.items[0].task == "召开专题会议研究部署（修订）。"
        assert stored.template.items[31].category == "提高复盘报告质量"  # continues above
        with pytest.raises(ConflictError):  # someone uploaded from version 2 meanwhile
            desk.keep_checklist_template(
                code=NOTICE_2023_AUTUMN.code,
                title="旧",
                items=changed,
                actor=actor,
                expected_version=2,
            )
        # A new template under its own code; a bad code, a bad deadline are refused.
        assert (
            desk.keep_checklist_template(
                code="winter-2026", title="寒假清单", items=changed, actor=actor
            )
            == 2
        )
        with pytest.raises(InvalidValue) as refused:
            desk.keep_checklist_template(code="a/b", title="x", items=changed, actor=actor)
        assert refused.value.field == "code"
        rows.cell(row=3, column=4, value="下个月")
        out = io.BytesIO()
        book.save(out)
        with pytest.raises(InvalidValue) as refused:
            desk.keep_checklist_template(
                code="x", title="x", items=read_template_sheet(out.getvalue()), actor=actor
            )
        assert refused.value.field == "items.2.deadline"
        for bad in (b"not a sheet", samples_pdf()):
            with pytest.raises(InvalidValue) as refused:
                read_template_sheet(bad)
            assert refused.value.field == "file"
    finally:
        desk.close()


def samples_pdf() -> bytes:
    from tests.files import samples

    return samples.pdf()
