"""The work list's pages (issue 23): a city-wide officer issues a round (a wrong form comes
back with the reasons and what was typed); a county's officer sees their own column as a
to-do list, records items (a stale form is a conflict, reported, with the text kept),
attaches evidence and submits, and gets the signed report; another county's column is not
found; the city's matrix filters by category and exports to XLSX marked 不公开."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from uuid import UUID

import pytest
from openpyxl import load_workbook

from application.desk import ReviewDesk
from tests import scenario as s
from tests.files import samples
from tests.web.conftest import ROUND_TITLE, checklist_round
from tests.web.pdf_tools import ARTIFACTS, require_tools

EAST, WEST = "测试区", "另一区"


def column_of(rid: UUID, place: str = EAST) -> str:
    return f"/checklists/{rid}/{place}"


def test_a_city_officer_issues_a_round_and_a_wrong_form_keeps_what_was_typed(
    as_user: Any, desk: ReviewDesk
) -> None:
    desk.ensure_shipped_templates(actor=s.OFFICER)
    for place in (EAST, WEST):
        desk.ensure_reference(kind="jurisdiction", code=place, actor=s.OFFICER, source="test")
    city = as_user("officer.city")
    page = city.get("/checklists/new").text
    assert "2023年秋学期开学前后青少年生命健康关爱工作清单" in page
    wrong = city.post(
        "/checklists/new",
        {
            "template": "notice-2023-autumn",
            "title": "秋季学期第一轮",
            "starts_on": "2026-09-01",
            "ends_on": "2026-08-01",
            "jurisdictions": [EAST],
        },
    )
    assert wrong.status_code == 422
    assert "秋季学期第一轮" in wrong.text  # what was typed is still there
    assert 'id="ends_on-error"' in wrong.text
    none_chosen = city.post(
        "/checklists/new",
        {
            "template": "notice-2023-autumn",
            "title": "秋季学期第一轮",
            "starts_on": "2026-09-01",
            "ends_on": "2026-12-31",
        },
    )
    assert none_chosen.status_code == 422
    assert 'id="jurisdictions-error"' in none_chosen.text
    assert desk.checklist_rounds() == []
    form = {
        "template": "notice-2023-autumn",
        "title": "秋季学期第一轮",
        "starts_on": "2026-09-01",
        "ends_on": "2026-12-31",
        "jurisdictions": [EAST, WEST],
    }
    made = city.post("/checklists/new", form)
    assert made.status_code == 302
    again = city.post("/checklists/new", form)  # a second click: the same round
    assert again.headers["Location"] == made.headers["Location"]
    [issued] = desk.checklist_rounds()
    matrix = city.get(made.headers["Location"]).text
    assert f'data-jurisdiction="{EAST}"' in matrix
    assert f'data-jurisdiction="{WEST}"' in matrix
    # County officers may not issue.
    assert as_user("officer").get("/checklists/new").status_code == 403
    assert issued.title == "秋季学期第一轮"


def test_a_county_officer_works_through_their_column(as_user: Any, desk: ReviewDesk) -> None:
    rid = checklist_round(desk)
    county = as_user("officer")
    # The round opens on the county's own column.
    opened = county.get(f"/checklists/{rid}")
    assert opened.status_code == 302
    assert unquote(opened.headers["Location"]).endswith(column_of(rid))
    page = county.get(column_of(rid)).text
    assert "各县（市、区）、功能区联席会议召开专题会议研究部署。" in page
    version = re.search(r'name="expected_version" value="(\d+)"', page)
    assert version is not None
    # Not applicable without a reason: refused naming it, the note kept.
    refused = county.post(
        f"{column_of(rid)}/items/2",
        {
            "form_name": "item-2",
            "status": "not_applicable",
            "note": "本区情况说明",
            "expected_version": version.group(1),
        },
    )
    assert refused.status_code == 422
    assert 'id="item-2-reason-error"' in refused.text
    assert "本区情况说明" in refused.text
    saved = county.post(
        f"{column_of(rid)}/items/2",
        {"status": "done", "note": "已召开专题会", "expected_version": version.group(1)},
    )
    assert saved.status_code == 302
    # Someone else's change came first: a conflict, reported; the text typed stays.
    stale = county.post(
        f"{column_of(rid)}/items/3",
        {
            "form_name": "item-3",
            "status": "in_progress",
            "note": "第二人的记录",
            "expected_version": version.group(1),
        },
    )
    assert stale.status_code == 409
    assert "第二人的记录" in stale.text
    assert desk.round_progress(rid, EAST).items[2].note == "已召开专题会"
    # Evidence: attached, listed, downloaded (an access record).
    attached = county.post(
        f"{column_of(rid)}/items/2/evidence",
        {"file": (io.BytesIO(samples.pdf()), "会议照片.pdf")},
        content_type="multipart/form-data",
    )
    assert attached.status_code == 302
    [evidence] = desk.round_progress(rid, EAST).current_evidence(2)
    page = county.get(column_of(rid)).text
    assert "会议照片.pdf" in page
    got = county.get(f"{column_of(rid)}/evidence/{evidence.id}")
    assert got.status_code == 200
    assert got.data == samples.pdf()
    assert "attachment" in got.headers["Content-Disposition"]
    assert any(r["what"] == "round_evidence" for r in desk.access_records())
    # Another county's column: not found; the city's matrix: not theirs either.
    assert county.get(column_of(rid, WEST)).status_code == 404
    assert as_user("officer.other").get(column_of(rid)).status_code == 404
    assert (
        as_user("officer.other").post(f"{column_of(rid)}/items/4", {"status": "done"}).status_code
        == 404
    )
    # The inspector reads the column, without a form, with who read its files.
    inspected = as_user("inspector").get(column_of(rid)).text
    assert "已召开专题会" in inspected
    assert 'name="status"' not in inspected
    assert 'id="access"' in inspected
    assert "工作清单佐证材料" in inspected  # the download above, recorded
    assert 'id="access"' not in county.get(column_of(rid)).text


def test_submitting_and_the_signed_report(as_user: Any, desk: ReviewDesk, tmp_path: Path) -> None:
    require_tools()
    rid = checklist_round(desk)
    county = as_user("officer")
    county.get(column_of(rid))
    early = county.post(f"{column_of(rid)}/submit")
    assert early.status_code == 422
    assert "每一项" in early.text or "every item" in early.text
    assert county.get(f"{column_of(rid)}/report.pdf").status_code == 409
    for n in range(1, 32):
        desk.record_round_item(
            rid, EAST, number=n, status="done", note=f"第{n}项已完成", actor=s.OFFICER
        )
    assert county.post(f"{column_of(rid)}/submit").status_code == 302
    assert county.post(f"{column_of(rid)}/submit").status_code == 302  # a second click
    assert len(desk.round_progress(rid, EAST).submissions) == 1
    pdf = as_user("inspector").get(f"{column_of(rid)}/report.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.data, capture_output=True, check=True
    ).stdout.decode()
    assert ROUND_TITLE in text.replace("\n", "")
    assert "不公开" in text
    assert "第31项已完成" in text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    saved = ARTIFACTS / "checklist-round-report.pdf"
    saved.write_bytes(pdf.data)
    signed = subprocess.run(["pdfsig", str(saved)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in signed.stdout
    assert any(r["what"] == "round_report" for r in desk.access_records())


def test_the_matrix_filters_and_exports_marked_not_for_public_release(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = checklist_round(desk)
    desk.record_round_item(rid, EAST, number=1, status="done", actor=s.OFFICER)
    city = as_user("inspector")
    everything = city.get(f"/checklists/{rid}").text
    assert everything.count('data-item="') == 31 * 2
    filtered = city.get(f"/checklists/{rid}?category=全面部署").text
    assert filtered.count('data-item="') == 3 * 2
    sheet = city.get(f"/checklists/{rid}/matrix.xlsx?category=全面部署")
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == ROUND_TITLE
    assert rows[1][0] == "此件不公开"
    header = rows[4]
    assert header[-2:] == (EAST, WEST)
    first = rows[5]
    assert first[0] == 1
    assert first[-2:] == ("已完成", "已逾期")  # due 8-24; today 2026-11-20 in Shanghai
    assert len([r for r in rows if isinstance(r[0], int)]) == 3


def test_city_officers_keep_templates_as_sheets(as_user: Any, desk: ReviewDesk) -> None:
    desk.ensure_shipped_templates(actor=s.OFFICER)
    city = as_user("officer.city")
    page = city.get("/checklists/templates").text
    assert "上传新版本" in page
    sheet = city.get("/checklists/templates/notice-2023-autumn.xlsx")
    assert sheet.status_code == 200
    wrong = city.post(
        "/checklists/templates?form=template-1",
        {
            "form_name": "template-1",
            "code": "notice-2023-autumn",
            "title": "新标题",
            "expected_version": "2",
            "file": (io.BytesIO(samples.pdf()), "清单.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 422
    assert 'id="template-1-file-error"' in wrong.text
    assert "新标题" in wrong.text
    saved = city.post(
        "/checklists/templates?form=template-1",
        {
            "form_name": "template-1",
            "code": "notice-2023-autumn",
            "title": "新标题",
            "expected_version": "2",
            "file": (io.BytesIO(sheet.data), "清单.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302
    stored = desk.checklist_template("notice-2023-autumn")
    assert stored is not None
    assert (stored.template.title, stored.version) == ("新标题", 3)
    assert city.post("/checklists/templates/notice-2023-autumn/deactivate").status_code == 302
    assert "notice-2023-autumn" not in city.get("/checklists/new").text
    county = as_user("officer").get("/checklists/templates").text
    assert "上传新版本" not in county
    assert "新标题" in county


@pytest.mark.parametrize("extra_environ", [{"FUPAN_CRYPTO_SUITE": "sm"}])
def test_on_the_sm_suite_a_countys_report_is_signed_with_sm2(
    as_user: Any, desk: ReviewDesk
) -> None:
    """Decision 27: a store of the national suite signs the county's report like the review
    report, with SM2 under its SM2 CA; the columns' notes are sealed with SM4."""
    require_tools()
    rid = checklist_round(desk)
    for n in range(1, 32):
        desk.record_round_item(rid, EAST, number=n, status="done", note="国密存储", actor=s.OFFICER)
    desk.submit_round(rid, EAST, actor=s.OFFICER)
    pdf = as_user("officer").get(f"{column_of(rid)}/report.pdf")
    assert pdf.status_code == 200
    assert b"ETSI.CAdES.detached" in pdf.data
    # The signature's CMS (hex in /Contents) names SM2 with SM3: OID 1.2.156.10197.1.501.
    assert b"06082a811ccf55018375" in pdf.data.lower()
    assert not any("国密存储" in e for e in s.raw_events(desk))
    assert "fupan-sm-2026" in "".join(s.raw_events(desk))
