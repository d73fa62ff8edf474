"""The report as a signed PDF (issue 17, decision 25): what it holds, that any reader sees
tampering (pdfsig, pyHanko, ``fupan verify-report``), masking and the recorded reveal."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.serialization import Encoding
from flask import Flask
from pyhanko.pdf_utils.generic import NameObject, TextStringObject
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from application.desk import ReviewDesk
from application.report_document import verification_code
from infrastructure.clock import SettableClock
from infrastructure.documents.pdf import check
from tests import scenario as s
from tests.web.conftest import PASSWORD, account
from tests.web.pdf_tools import (
    ARTIFACTS,
    download,
    require_tools,
    run,
    sign_every_slot,
    signed_review,
)
from web.app import services
from web.cli import main
from web.report_pdf import report_pdf

BASE_URL = "http://fupan.test"


@pytest.fixture
def extra_environ() -> dict[str, str]:
    return {"FUPAN_BASE_URL": BASE_URL}


@pytest.fixture(autouse=True)
def tools() -> None:
    require_tools()


def ca_file(app: Flask, tmp_path: Path) -> Path:
    path = tmp_path / "pdf-ca.pem"
    pem = b"".join(
        c.public_bytes(Encoding.PEM) for c in services(app).document_keys.ca_certificates()
    )
    path.write_bytes(pem)
    return path


def verify_report(pdf: Path, ca: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["verify-report", str(pdf), "--ca", str(ca), *args])


def test_the_pdf_holds_the_report_in_chinese_with_its_fonts_qr_and_page_numbers(
    app: Flask, as_user: Any, desk: ReviewDesk, tmp_path: Path
) -> None:
    rid = signed_review(desk)
    pdf = download(as_user("officer"), f"/reviews/{rid}/report.pdf", tmp_path / "report.pdf")
    review = desk.get_review(rid)
    text = run("pdftotext", "-layout", pdf, "-")
    flat = re.sub(r"\s+", "", text)
    for aspect in ("学生的日常表现情况", "学生的家庭和家教情况", "极端事件的直接诱因和主要过程"):
        assert aspect in flat
    assert "通过复盘发现的风险点和薄弱环节" in flat
    for slot in review["signoff"]["slots"]:
        assert re.sub(r"\s+", "", slot["name"]) in flat
    assert review["content_hash"] in flat
    assert flat.count("此件不公开") >= 2, "the mark on every page"
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", pdf)).group(1))
    assert pages >= 2
    for page in range(1, pages + 1):
        assert f"第{page}页共{pages}页" in flat
    assert review["reference_number"] in flat
    assert "心理筛查结果未反馈班主任" in flat, "the risk point"
    assert "已提出" in flat, "the measure's status"
    assert "测**" in flat, "the student masked"
    assert "测试学生" not in flat
    fonts = run("pdffonts", pdf)
    assert re.search(r"Noto-Sans-CJK-SC\s.*\byes\s+yes\b", fonts), fonts
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("report-*.png"):
        old.unlink()
    run("pdftoppm", "-r", "80", "-png", pdf, ARTIFACTS / "report")
    first = sorted(ARTIFACTS.glob("report-*.png"))[0]
    code = verification_code(rid, 1, review["content_hash"])
    assert code in flat
    decoded = run("zbarimg", "-q", "--raw", first).strip()
    assert decoded == f"{BASE_URL}#{code}"


def test_pdfsig_and_pyhanko_validate_it_and_see_every_change(
    app: Flask, as_user: Any, desk: ReviewDesk, tmp_path: Path
) -> None:
    rid = signed_review(desk)
    pdf = download(as_user("inspector"), f"/reviews/{rid}/report.pdf", tmp_path / "r.pdf")
    answer = run("pdfsig", pdf)
    assert "Signature is Valid" in answer
    assert "Total document signed" in answer
    data = pdf.read_bytes()
    ranges = re.search(r"\[0 - (\d+)\]", answer)
    assert ranges
    flipped = bytearray(data)
    flipped[int(ranges.group(1)) // 2] ^= 0x01
    (tmp_path / "flipped.pdf").write_bytes(bytes(flipped))
    answer = run("pdfsig", tmp_path / "flipped.pdf")
    assert "Signature is Valid" not in answer
    assert "Digest Mismatch" in answer or "Invalid" in answer
    appended = append_update(data)
    (tmp_path / "appended.pdf").write_bytes(appended)
    assert "Not total document signed" in run("pdfsig", tmp_path / "appended.pdf")
    trusted = services(app).document_keys.ca_certificates()
    assert check(data, trusted).ok
    assert not check(appended, trusted).entire_file


def append_update(data: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    writer.root[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_fupan_verify_report_accepts_it_and_rejects_another_revision_or_an_edited_manifest(
    app: Flask, as_user: Any, desk: ReviewDesk, clock: SettableClock, tmp_path: Path
) -> None:
    rid = signed_review(desk)
    desk.open_correction(rid, reason="补充离校时间", actor=s.OFFICER)
    desk.write_aspect(
        rid,
        aspect="trigger_and_course",
        text=s.SUBSTANTIVE + "离校时间为17时20分。",
        actor=s.OFFICER,
    )
    desk.send_for_signature(rid, actor=s.OFFICER)
    sign_every_slot(desk, rid)
    officer = as_user("officer")
    first = download(officer, f"/reviews/{rid}/report.pdf?revision=1", tmp_path / "r1.pdf")
    second = download(officer, f"/reviews/{rid}/report.pdf", tmp_path / "r2.pdf")
    ca = ca_file(app, tmp_path)
    accepted = verify_report(second, ca, "--revision", "2", "--review", str(rid))
    assert accepted.exit_code == 0, accepted.output
    assert "有效 VALID" in accepted.output
    assert verify_report(first, ca).exit_code == 0
    other = verify_report(first, ca, "--revision", "2")
    assert other.exit_code == 1
    assert "revision" in other.output
    hash_two = desk.report_document(rid, 2)["content_hash"]
    assert verify_report(first, ca, "--content-hash", hash_two).exit_code == 1
    # The manifest replaced after signing: the PAdES signature no longer covers the file.
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(append_update(second.read_bytes()))
    assert verify_report(edited, ca).exit_code == 1
    # A manifest edited before signing (a slot's signature swapped for another's): every
    # slot is checked against its key and the content hash.
    document = desk.report_document(rid, 2)
    entries = document["manifest"]["signatures"]
    entries[0]["signature"], entries[1]["signature"] = (
        entries[1]["signature"],
        entries[0]["signature"],
    )
    with app.test_request_context():
        forged = report_pdf(
            document,
            people={},
            revealed=None,
            signer=services(app).document_keys.signer(),
            base_url=BASE_URL,
        )
    (tmp_path / "forged.pdf").write_bytes(forged)
    result = verify_report(tmp_path / "forged.pdf", ca, "--json")
    assert result.exit_code == 1
    found = json.loads(result.output)
    assert found["pades"]["ok"] is True
    assert [s["valid"] for s in found["slots"]][:2] == [False, False]
    # Another CA does not vouch for it; a file that is no PDF is no report.
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.7 nothing")
    assert verify_report(tmp_path / "junk.pdf", ca).exit_code == 2


@pytest.mark.parametrize(
    "extra_environ", [{"FUPAN_BASE_URL": BASE_URL, "FUPAN_CRYPTO_SUITE": "sm"}]
)
def test_on_the_sm_suite_the_pdf_and_every_slot_are_signed_with_sm2_and_verify_report_checks(
    app: Flask, as_user: Any, desk: ReviewDesk, tmp_path: Path
) -> None:
    """Decision 27: under the sm suite the PDF's signature is SM2 with SM3 under an SM2 CA of
    the bureau's own (no reader on Debian checks it; verify-report does), and each slot's
    signature is its signatory's SM2 signature."""
    rid = signed_review(desk)
    pdf = download(as_user("officer"), f"/reviews/{rid}/report.pdf", tmp_path / "sm.pdf")
    ca = ca_file(app, tmp_path)
    assert "1.2.156.10197.1.501" in str(
        [
            c.signature_algorithm_oid.dotted_string
            for c in services(app).document_keys.ca_certificates()
        ]
    )
    result = verify_report(pdf, ca, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["pades"]["ok"] is True
    assert "SM2" in found["pades"]["signer"]
    # Appended after signing, or a byte changed: no longer the signed file.
    (tmp_path / "appended.pdf").write_bytes(append_update(pdf.read_bytes()))
    assert verify_report(tmp_path / "appended.pdf", ca).exit_code == 1
    data = bytearray(pdf.read_bytes())
    at = data.index(b"/MediaBox")
    data[at + 1] = ord("m")
    (tmp_path / "edited.pdf").write_bytes(bytes(data))
    assert verify_report(tmp_path / "edited.pdf", ca).exit_code in (1, 2)
    # Another SM2 CA does not vouch for it.
    other = tmp_path / "other-ca.pem"
    other.write_bytes(another_sm2_ca_pem())
    assert verify_report(pdf, other).exit_code == 1
    assert found["slots"]
    assert all(slot["valid"] for slot in found["slots"])
    entries = desk.report_document(rid, 1)["manifest"]["signatures"]
    assert all(entry["public_key"].startswith("sm2:") for entry in entries)
    # One slot's SM2 signature swapped for another's: that slot is reported.
    document = desk.report_document(rid, 1)
    first = document["manifest"]["signatures"][0]
    first["signature"] = document["manifest"]["signatures"][1]["signature"]
    with app.test_request_context():
        forged = report_pdf(
            document,
            people={},
            revealed=None,
            signer=services(app).document_keys.signer(),
            base_url=BASE_URL,
        )
    (tmp_path / "forged.pdf").write_bytes(forged)
    result = verify_report(tmp_path / "forged.pdf", ca_file(app, tmp_path), "--json")
    assert result.exit_code == 1
    assert json.loads(result.output)["slots"][0]["valid"] is False


def another_sm2_ca_pem() -> bytes:
    """A CA certificate of another SM2 key (PEM), made as fupan makes its own."""
    from datetime import UTC, datetime

    from cryptography import x509

    from infrastructure.crypto.suite import SM
    from infrastructure.documents import sm2_pdf

    key = SM.new_signing_key()
    name = {"common_name": "another CA", "organization_name": "elsewhere"}
    der = sm2_pdf.certificate(
        subject=name,
        issuer=name,
        public_key=SM.public_key(key),
        issuer_key=key,
        ca=True,
        when=datetime.now(UTC),
        years=1,
    )
    return x509.load_der_x509_certificate(der).public_bytes(Encoding.PEM)


def test_masked_by_default_full_with_the_recorded_reveal_and_every_download_recorded(
    app: Flask, as_user: Any, desk: ReviewDesk, tmp_path: Path
) -> None:
    rid = signed_review(desk)
    student = desk.get_review(rid)["incident"]["student"]
    officer = as_user("officer")
    masked = download(officer, f"/reviews/{rid}/report.pdf", tmp_path / "m.pdf")
    text = re.sub(r"\s+", "", run("pdftotext", masked, "-"))
    assert student["name"] not in text
    assert student["id_number"] not in text
    assert "含个人信息" not in text
    full = download(officer, f"/reviews/{rid}/report.pdf?reveal=personal_data", tmp_path / "f.pdf")
    text = re.sub(r"\s+", "", run("pdftotext", full, "-"))
    assert student["name"] in text
    assert student["id_number"] in text
    assert "含个人信息" in text
    run("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", full, ARTIFACTS / "personal")
    records = [(r["actor"], r["what"]) for r in desk.access_records(rid)]
    mine = str(account("officer"))
    assert records.count((mine, "report_pdf")) == 2
    assert (mine, "personal_data") in records


def test_a_review_never_sent_has_no_pdf_and_bad_revisions_name_the_field(
    as_user: Any, api: Any, desk: ReviewDesk
) -> None:
    rid = s.ready(desk, jurisdiction="测试区")
    officer = as_user("officer")
    page = officer.get(f"/reviews/{rid}/report.pdf")
    assert page.status_code == 409
    assert "从未送签" in page.text
    answer = api("officer").call("GET", f"/reviews/{rid}/report.pdf")
    assert answer.status_code == 409
    assert answer.json["code"] == "not_sent"
    signed = signed_review(desk)
    for bad in ("9", "0", "abc", "1.5"):
        response = api("officer").call("GET", f"/reviews/{signed}/report.pdf?revision={bad}")
        assert response.status_code == 422, bad
        assert "revision" in response.json["errors"], bad
        assert officer.get(f"/reviews/{signed}/report.pdf?revision={bad}").status_code == 422
    response = api("inspector").call("GET", f"/reviews/{signed}/report.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")


def test_inspectors_check_an_uploaded_report_against_the_history(
    app: Flask, as_user: Any, desk: ReviewDesk, tmp_path: Path
) -> None:
    rid = signed_review(desk)
    inspector = as_user("inspector")
    pdf = download(inspector, f"/reviews/{rid}/report.pdf", tmp_path / "r.pdf").read_bytes()
    inspector.get("/audit/report-check")

    def upload(data: bytes) -> Any:
        return inspector.post(
            "/audit/report-check",
            {"report": (io.BytesIO(data), "report.pdf")},
            content_type="multipart/form-data",
        )

    page = upload(pdf)
    assert page.status_code == 200
    assert "badge ontrack" in page.text
    assert desk.get_review(rid)["content_hash"] in page.text
    page = upload(append_update(pdf))
    assert "badge ontrack" not in page.text
    assert 'role="alert"' in page.text
    refused = upload(b"not a pdf at all")
    assert refused.status_code == 422
    assert "report-error" in refused.text
    assert as_user("officer").post("/audit/report-check").status_code == 403


def test_the_download_button_shows_once_a_revision_was_sent(as_user: Any, desk: ReviewDesk) -> None:
    rid = s.ready(desk, jurisdiction="测试区")
    officer = as_user("officer")
    assert "下载PDF" not in officer.get(f"/reviews/{rid}").text
    desk.send_for_signature(rid, actor=s.OFFICER)
    for page in (f"/reviews/{rid}", f"/reviews/{rid}/print"):
        assert f'href="/reviews/{rid}/report.pdf"' in officer.get(page).text
        assert "下载PDF" in officer.get(page).text
    printable = officer.get(f"/reviews/{rid}/print").text
    assert f'href="/reviews/{rid}/report.pdf?reveal=personal_data"' in printable
    assert "下载含个人信息的PDF" in printable


def test_production_without_a_pdf_ca_says_what_the_operator_runs(
    tmp_path: Path, clock: SettableClock
) -> None:
    from infrastructure.crypto.master import MasterKeyring
    from web import create_app
    from web.app import desk as desk_of

    key = tmp_path / "keys" / "master.json"
    MasterKeyring.create_file(key)
    secret = tmp_path / "keys" / "secret"
    secret.write_text("s" * 48)
    secret.chmod(0o600)
    data = tmp_path / "var"
    environ = {
        "FUPAN_ENV": "production",
        "FUPAN_DATA_DIR": str(data),
        "FUPAN_MASTER_KEY_FILE": str(key),
        "FUPAN_SECRET_KEY_FILE": str(secret),
    }
    app = create_app({"environ": environ, "CLOCK": clock})
    desk = desk_of(app)
    try:
        desk.create_account(
            username="officer.city",
            display_name="市级案件专员",
            role="case_officer",
            password="correct-horse-battery-9",
            city_wide=True,
            actor=s.OFFICER,
        )
        rid = s.sent(desk)
        client = app.test_client()
        token = client.post(
            "/api/v1/tokens",
            json={"username": "officer.city", "password": "correct-horse-battery-9"},
        ).json["token"]
        answer = client.get(
            f"/api/v1/reviews/{rid}/report.pdf", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 503
        assert answer.json["code"] == "pdf_keys_missing"
        assert "fupan pdf-ca init" in answer.json["message"]
    finally:
        desk.close()


def test_a_review_whose_personal_data_was_erased_still_gives_its_report(
    as_user: Any, desk: ReviewDesk, tmp_path: Path
) -> None:
    rid = signed_review(desk)
    name = desk.get_review(rid)["incident"]["student"]["name"]
    desk.erase_personal_data(rid, reason="当事人家属依法申请删除", actor=s.OFFICER)
    officer = as_user("officer")
    for query in ("", "?reveal=personal_data"):
        pdf = download(officer, f"/reviews/{rid}/report.pdf{query}", tmp_path / "e.pdf")
        text = re.sub(r"\s+", "", run("pdftotext", pdf, "-"))
        assert name not in text
        assert "学生的日常表现情况" in text


def test_an_uploaded_report_of_another_history_is_not_in_this_one(
    app: Flask, as_user: Any, desk: ReviewDesk
) -> None:
    checked = desk.check_manifest({"review_id": "not-an-id", "revision": "x"})
    assert checked["in_history"] is False
    assert checked["ok"] is False
    unknown = desk.check_manifest({"review_id": "00000000-0000-4000-8000-000000000000"})
    assert unknown["in_history"] is False


def test_the_document_is_in_chinese_for_an_english_reader_and_never_cached(
    as_user: Any, desk: ReviewDesk, tmp_path: Path
) -> None:
    rid = signed_review(desk)
    reader = as_user("inspector")
    reader.post("/language", {"language": "en", "next": "/"})
    assert "Dashboard" in reader.get("/").text
    response = reader.get(f"/reviews/{rid}/report.pdf?revision=1")
    assert response.headers["Cache-Control"] == "no-store"
    reference = desk.get_review(rid)["reference_number"].split("-", 1)[1]
    disposition = response.headers["Content-Disposition"]
    assert disposition == f'attachment; filename="fupan-report-{reference}-r1.pdf"'
    (tmp_path / "en.pdf").write_bytes(response.data)
    text = re.sub(r"\s+", "", run("pdftotext", tmp_path / "en.pdf", "-"))
    assert "此件不公开" in text
    assert "第1页共" in text
    assert "Not for public release" not in text


def test_a_signature_made_with_a_key_revoked_before_it_passes_offline_but_not_online(
    app: Flask, as_user: Any, desk: ReviewDesk, clock: SettableClock, tmp_path: Path
) -> None:
    from tests.web.conftest import own_review

    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    old_key = desk.get_account(account("signatory"))["signing_key_id"]
    request = desk.request_reset(account("signatory"), actor=account("admin"))
    desk.approve_request(request, actor=account("admin.second"))
    clock.advance(minutes=3)
    s.forge_signature(desk, rid, "principal", account("signatory"), old_key, PASSWORD)
    inspector = as_user("inspector")
    pdf = download(inspector, f"/reviews/{rid}/report.pdf", tmp_path / "r.pdf")
    offline = verify_report(pdf, ca_file(app, tmp_path), "--json")
    assert json.loads(offline.output)["slots"][0]["valid"] is True, "offline cannot know"
    inspector.get("/audit/report-check")
    page = inspector.post(
        "/audit/report-check",
        {"report": (io.BytesIO(pdf.read_bytes()), "r.pdf")},
        content_type="multipart/form-data",
    ).text
    assert "签字前密钥已被吊销" in page
    assert "badge ontrack" not in page
    online = desk.check_manifest(check(pdf.read_bytes(), []).manifest or {})
    assert online["slots"] == [{"slot": "principal", "valid": False, "problem": "key_revoked"}]


def test_a_server_without_weasyprints_libraries_says_so_and_serves_the_rest(
    as_user: Any, api: Any, desk: ReviewDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    rid = signed_review(desk)
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    answer = api("officer").call("GET", f"/reviews/{rid}/report.pdf")
    assert answer.status_code == 503
    assert answer.json["code"] == "pdf_unavailable"
    officer = as_user("officer")
    assert officer.get(f"/reviews/{rid}/report.pdf").status_code == 503
    assert officer.get(f"/reviews/{rid}/print").status_code == 200
