"""Issue 18 in a real browser: the case officer uploads the scan of the paper copy that the
head of department sealed in ink, records the seal from it, closes the review, downloads
the signed PDF; the inspector checks that PDF on the verification page and finds it valid,
the paper seal named as such."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from application.accounts import account_id_for
from tests.e2e.conftest import PASSWORD, a_complete_review, shot
from tests.files import samples


def test_a_paper_seal_from_its_scan_to_the_verified_pdf(
    served: tuple[str, Any], person: Any, tmp_path: Path
) -> None:
    server, desk = served
    rid = a_complete_review(desk, "东湖区第十五中学", send=True)
    # Everyone but the head of department signs online.
    for username in ("teacher", "bureau", "police", "expert"):
        holder = account_id_for(username)
        desk.sign(rid, slot=f"investigator:{holder}", actor=holder, password=PASSWORD)
    for username, slot in (("secretary", "school_secretary"), ("principal", "principal")):
        desk.sign(rid, slot=slot, actor=account_id_for(username), password=PASSWORD)
    scan = tmp_path / "盖章页扫描.pdf"
    scan.write_bytes(samples.pdf(b"the head's seal in red ink"))

    officer = person("officer")
    review_url = f"{server}/reviews/{rid}"
    officer.goto(review_url + "#attachments")
    officer.locator("#attach-file").set_input_files(str(scan))
    officer.select_option("#attach-kind", "signed_paper_copy")
    officer.locator("form[action$='/attachments'] button[type=submit]").click()
    officer.wait_for_load_state()
    assert "附件已上传" in officer.content()
    officer.locator("summary:has-text('登记纸质签章')").click()
    officer.select_option("#paper-department_head-mark", "seal")
    officer.locator("form[action$='/paper-marks'] button[type=submit]").click()
    officer.wait_for_load_state()
    assert "纸质签章已登记" in officer.content()
    assert "纸质签章（扫描件）" in officer.content()
    shot(officer, "paper-seal-recorded")
    officer.click("button:has-text('办结复盘')")
    officer.wait_for_load_state()
    assert "复盘已办结" in officer.content()
    with officer.expect_download() as download:
        officer.locator("a:has-text('下载PDF')").first.click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)

    inspector = person("inspector")
    inspector.goto(f"{server}/audit/report-check")
    inspector.locator("input[type=file]").set_input_files(str(pdf))
    inspector.locator("form button[type=submit]").last.click()
    inspector.wait_for_load_state()
    assert "有效" in inspector.content()
    shot(inspector, "paper-seal-pdf-checked")
    inspector.goto(f"{server}/?status=closed_on_paper")
    assert "东湖区第十五中学" in inspector.content()
