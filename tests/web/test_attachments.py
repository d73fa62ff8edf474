"""Attachments in the browser and through the API: an upload over the site's 1 MiB limit
goes through on its own route; a wrong type or an oversize file is refused on the page,
naming the field and the limit, in Chinese; a download is a file to save, never rendered
or cached; the API uploads, lists, serves and withdraws."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask

from application.desk import ReviewDesk
from domain.files import DOCX
from tests import scenario as s
from tests.files import samples
from tests.web.conftest import Browser, own_review


@pytest.fixture
def extra_environ() -> dict[str, str]:
    return {"FUPAN_MAX_ATTACHMENT_MB": "2"}


def upload(b: Browser, rid: object, content: bytes, name: str, **form: str) -> Any:
    data = {"file": (io.BytesIO(content), name), "kind": "minutes", "form_name": "attach"}
    return b.post(f"/reviews/{rid}/attachments", data | form, content_type="multipart/form-data")


def raw_upload(b: Browser, rid: object, content: bytes, name: str = "big.pdf") -> Any:
    """A multipart body made here (the test client would spool a large one to a file of
    its own, left open when the app rightly never reads it)."""
    if not b.token:
        b.get("/login")
    cut = "fupan-test-boundary"
    head = (
        f'--{cut}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{b.token}\r\n'
        f'--{cut}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    kind = f'--{cut}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nminutes\r\n'
    head = kind + head
    body = head.encode() + content + f"\r\n--{cut}--\r\n".encode()
    return b.client.post(
        f"/reviews/{rid}/attachments",
        data=body,
        content_type=f"multipart/form-data; boundary={cut}",
    )


def test_upload_list_download(app: Flask, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    b = Browser(app.test_client())
    b.login("officer")
    big = samples.pdf(b"x" * (1536 * 1024))  # over the site-wide 1 MiB
    done = raw_upload(b, rid, big, "第一次会议纪要.pdf")
    assert done.status_code == 302, done.text[:500]
    page = b.get(f"/reviews/{rid}").text
    assert "附件已上传" in page
    assert "第一次会议纪要.pdf" in page
    photo = upload(b, rid, samples.jpeg(), "现场照片.jpg", kind="other")
    assert photo.status_code == 302
    [doc, image] = desk.get_review(rid)["attachments"]
    got = b.get(f"/reviews/{rid}/attachments/{image['id']}")
    assert got.status_code == 200
    assert got.headers["Content-Type"] == "image/jpeg"
    disposition = got.headers["Content-Disposition"]
    assert disposition.startswith("attachment")
    disposition.encode("latin-1")  # a valid header: the Chinese name encoded (RFC 6266)
    assert "filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg" in disposition
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in got.headers["Cache-Control"]
    assert samples.GPS not in got.data
    assert b.get(f"/reviews/{rid}/attachments/{doc['id']}").data == big
    withdrawn = b.post(
        f"/reviews/{rid}/attachments/{doc['id']}/withdraw",
        {"reason": "上传了错误的版本", "form_name": f"withdraw-{doc['id']}"},
    )
    assert withdrawn.status_code == 302
    assert "上传了错误的版本" in b.get(f"/reviews/{rid}").text


def test_refusals_name_the_field_and_keep_the_choice(app: Flask, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    b = Browser(app.test_client())
    b.login("officer")
    wrong = upload(b, rid, samples.executable(), "警方结论.pdf", kind="police_conclusion")
    assert wrong.status_code == 422
    assert "须为 PDF、JPEG、PNG、DOCX 或 XLSX 文件" in wrong.text
    assert 'value="police_conclusion" selected' in wrong.text
    huge = raw_upload(b, rid, samples.pdf(b"x" * (3 * 1024 * 1024)))
    assert huge.status_code == 422
    assert "不超过 2 MB" in huge.text
    macro = upload(b, rid, samples.office(DOCX, macro=True), "纪要.docx")
    assert "含有宏" in macro.text
    assert desk.get_review(rid)["attachments"] == []


def test_the_api_uploads_lists_serves_and_withdraws(api: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    client = api("investigator")
    made = client.client.post(
        f"/api/v1/reviews/{rid}/attachments",
        data={"file": (io.BytesIO(samples.png()), "图.png"), "kind": "other"},
        headers={"Authorization": f"Bearer {client.token}"},
        content_type="multipart/form-data",
    )
    assert made.status_code == 201, made.json
    assert made.json["media_type"] == "image/png"
    aid = made.json["id"]
    assert [
        a["id"] for a in client.call("GET", f"/reviews/{rid}/attachments").json["attachments"]
    ] == [aid]
    got = client.call("GET", f"/reviews/{rid}/attachments/{aid}")
    assert got.status_code == 200
    assert samples.GPS not in got.data
    refused = client.call("POST", f"/reviews/{rid}/attachments/{aid}/withdraw", {"reason": ""})
    assert refused.status_code == 422
    assert "reason" in refused.json["errors"]
    stale = client.call(
        "POST",
        f"/reviews/{rid}/attachments/{aid}/withdraw",
        {"reason": "重复上传", "expected_version": 1},
    )
    assert stale.status_code == 409  # changed since: reported, not overwritten
    done = client.call("POST", f"/reviews/{rid}/attachments/{aid}/withdraw", {"reason": "重复上传"})
    assert done.status_code == 200
    assert done.json["withdrawn"] is True
    bad = client.client.post(
        f"/api/v1/reviews/{rid}/attachments",
        data={"file": (io.BytesIO(b"MZ..."), "x.pdf"), "kind": "other"},
        headers={"Authorization": f"Bearer {client.token}"},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert bad.json["errors"]["file"]


def test_the_signing_page_links_the_attachments_it_signs(app: Flask, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    aid = desk.add_attachment(
        rid,
        content=samples.pdf(b"police"),
        filename="公安机关结论.pdf",
        kind="police_conclusion",
        part_of_report=True,
        actor=s.OFFICER,
    )
    desk.add_attachment(
        rid, content=samples.pdf(), filename="纪要.pdf", kind="minutes", actor=s.OFFICER
    )
    desk.send_for_signature(rid, actor=s.OFFICER)
    b = Browser(app.test_client())
    b.login("signatory")
    page = b.get(f"/reviews/{rid}/sign/principal").text
    assert f"/reviews/{rid}/attachments/{aid}" in page
    assert "纪要.pdf" not in page.split('id="report"')[1].split("</section>")[0]
    assert b.get(f"/reviews/{rid}/attachments/{aid}").status_code == 200
    assert desk.access_records(rid)[-1]["what"] == f"attachment:{aid}"


def test_an_upload_without_the_forms_token_attaches_nothing(app: Flask, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    b = Browser(app.test_client())
    b.login("officer")
    forged = b.client.post(
        f"/reviews/{rid}/attachments",
        data={"file": (io.BytesIO(samples.pdf()), "x.pdf"), "kind": "minutes"},
        content_type="multipart/form-data",
    )
    assert forged.status_code == 400
    assert desk.get_review(rid)["attachments"] == []


def test_a_paper_seal_recorded_shown_and_disputed_on_the_pages(
    app: Flask, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    scan = desk.add_attachment(
        rid,
        content=samples.pdf(b"ink"),
        filename="盖章页.pdf",
        kind="signed_paper_copy",
        actor=s.OFFICER,
    )
    officer = Browser(app.test_client())
    officer.login("officer")
    assert "登记纸质签章" in officer.get(f"/reviews/{rid}").text
    done = officer.post(
        f"/reviews/{rid}/paper-marks",
        {"slot": "principal", "mark": "seal", "scan": str(scan), "form_name": "paper-principal"},
    )
    assert done.status_code == 302
    assert "纸质签章（扫描件）" in officer.get(f"/reviews/{rid}").text
    assert "纸质签章（扫描件）" in officer.get(f"/reviews/{rid}/print").text
    holder = Browser(app.test_client())
    holder.login("signatory")
    page = holder.get(f"/reviews/{rid}").text
    assert "对纸质签章提出异议" in page
    empty = holder.post(
        f"/reviews/{rid}/paper-marks/dispute",
        {"slot": "principal", "reason": "", "form_name": "dispute-principal"},
    )
    assert empty.status_code == 422
    disputed = holder.post(
        f"/reviews/{rid}/paper-marks/dispute",
        {"slot": "principal", "reason": "本人未在纸质件上盖章", "form_name": "dispute-principal"},
    )
    assert disputed.status_code == 302
    assert "纸质签章（扫描件）" not in holder.get(f"/reviews/{rid}").text
