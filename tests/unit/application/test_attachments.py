"""Attachments: each allowed type round-trips; a file is judged by its content, not its
name; macros and oversize files are refused naming the limit; images lose their metadata
and keep their pixels; one part of the report voids the signatures when added after
sending, and every revision without one hashes as before; withdrawing needs a reason and
keeps it in the history; after erasure nothing of the file reads back and the chain
verifies; every download is an access record."""

from __future__ import annotations

import hashlib

import pytest

from application.desk import ReviewDesk
from application.policy import Principal
from application.workspace import Workspace
from domain.account import Role
from domain.errors import DomainError, InvalidValue
from domain.files import DOCX, JPEG, PDF, PNG, XLSX
from domain.values import Status
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from tests import scenario as s
from tests.files import samples

MB = 1024 * 1024


def add(desk: ReviewDesk, rid: object, content: bytes, **kw: object) -> object:
    args = {"filename": "文件.pdf", "kind": "other", "actor": s.OFFICER} | kw
    return desk.add_attachment(rid, content=content, **args)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (samples.pdf(), PDF),
        (samples.office(DOCX), DOCX),
        (samples.office(XLSX), XLSX),
    ],
)
def test_each_type_round_trips(desk: ReviewDesk, content: bytes, media_type: str) -> None:
    rid = s.register(desk)
    aid = add(desk, rid, content, filename="../../etc/警方结论.exe")
    got = desk.attachment_file(rid, aid)  # type: ignore[arg-type]
    assert got.content == content
    assert got.attachment.media_type == media_type
    assert got.attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert "/" not in got.attachment.name
    assert got.attachment.name.startswith("警方结论.")
    assert not got.attachment.name.endswith(".exe")


def test_images_lose_their_metadata_and_keep_their_pixels(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    jpeg, png = samples.jpeg(), samples.png()
    # What must survive byte for byte: the JPEG's scan and tables, the PNG's image data.
    kept = {
        JPEG: [jpeg[jpeg.index(b"\xff\xda") :], jpeg[2:20]],
        PNG: [png[png.index(b"IDAT") - 4 :]],
    }
    for upload, kind in ((jpeg, JPEG), (png, PNG)):
        aid = add(desk, rid, upload, filename="现场.jpg")
        got = desk.attachment_file(rid, aid)  # type: ignore[arg-type]
        assert got.attachment.media_type == kind
        assert samples.GPS not in got.content
        assert all(part in got.content for part in kept[kind])
        assert got.attachment.upload_sha256 == hashlib.sha256(upload).hexdigest()
        assert got.attachment.sha256 == hashlib.sha256(got.content).hexdigest()
        assert got.attachment.sha256 != got.attachment.upload_sha256


def test_a_file_is_judged_by_its_content(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    for content, reason in (
        (samples.executable(), "file_type"),  # named .pdf below
        (b"just text", "file_type"),
        (samples.office(DOCX, macro=True), "macros"),
        (b"", "required"),
    ):
        with pytest.raises(InvalidValue) as refused:
            add(desk, rid, content, filename="报告.pdf")
        assert (refused.value.field, refused.value.reason) == ("file", reason)
    with pytest.raises(InvalidValue) as big:
        add(desk, rid, samples.pdf(b"x" * (2 * MB)), max_bytes=MB)
    assert (big.value.reason, big.value.limit) == ("too_large", 1)
    assert desk.get_review(rid)["attachments"] == []


def test_one_part_of_the_report_voids_the_signatures_and_others_do_not(
    desk: ReviewDesk,
) -> None:
    rid = s.sent(desk)
    before = desk.get_review(rid)
    add(desk, rid, samples.pdf(), kind="minutes")
    assert desk.get_review(rid)["status"] == Status.AWAITING_SIGNATURES.value
    assert desk.get_review(rid)["content_hash"] == before["content_hash"]
    add(desk, rid, samples.pdf(b"police"), kind="police_conclusion", part_of_report=True)
    after = desk.get_review(rid)
    assert after["status"] == Status.INVESTIGATING.value
    assert after["content_hash"] != before["content_hash"]


def test_withdrawing_needs_a_reason_and_stays_in_the_history(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    aid = add(desk, rid, samples.pdf())
    with pytest.raises(InvalidValue) as refused:
        desk.withdraw_attachment(rid, aid, reason="", actor=s.OFFICER)  # type: ignore[arg-type]
    assert refused.value.field == "reason"
    desk.withdraw_attachment(rid, aid, reason="上传错了文件，另行补充", actor=s.OFFICER)  # type: ignore[arg-type]
    [listed] = desk.get_review(rid)["attachments"]
    assert listed["withdrawn"] is True
    assert listed["withdraw_reason"] == "上传错了文件，另行补充"
    with pytest.raises(DomainError) as again:
        desk.withdraw_attachment(rid, aid, reason="再次撤回一次", actor=s.OFFICER)  # type: ignore[arg-type]
    assert again.value.code == "attachment_withdrawn"
    assert [e["event"] for e in desk.history(rid)][-2:] == [
        "AttachmentAdded",
        "AttachmentWithdrawn",
    ]


def test_after_closing_only_evidence_of_a_measure(desk: ReviewDesk) -> None:
    rid = s.closed(desk)
    with pytest.raises(DomainError) as refused:
        add(desk, rid, samples.pdf(), kind="minutes")
    assert refused.value.code == "review_closed"
    measure = desk.get_review(rid)["measures"][0]["id"]
    add(desk, rid, samples.pdf(), kind="measure_evidence", measure=measure)
    assert desk.get_review(rid)["status"] == Status.CLOSED.value


def test_after_erasure_nothing_reads_back_and_the_chain_verifies(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    aid = add(desk, rid, samples.pdf(samples.MARKER))
    desk.erase_personal_data(rid, reason="依法受理监护人删除申请", actor=s.OFFICER)
    with pytest.raises(DomainError):
        desk.attachment_file(rid, aid)  # type: ignore[arg-type]
    assert desk.store.select_attachment_chunks(aid) == []  # type: ignore[arg-type]
    assert verify_store(desk, ServerKeys(desk.recorder, desk.keys.keyring)).ok  # type: ignore[arg-type, attr-defined]


def test_every_download_is_an_access_record_and_outsiders_see_nothing(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    aid = add(desk, rid, samples.pdf())
    s.ensure_account(desk, s.SIGNATORIES["principal"])
    signatory = Principal(s.SIGNATORIES["principal"], "sig", "签字人", Role.SIGNATORY)
    Workspace(desk, signatory).attachment_file(rid, aid)  # type: ignore[arg-type]
    records = desk.access_records(rid)
    assert [r["what"] for r in records][-1] == f"attachment:{aid}"
    with pytest.raises(DomainError) as refused:
        Workspace(desk, signatory).add_attachment(
            rid, content=samples.pdf(), filename="x.pdf", kind="other", max_bytes=MB
        )
    assert refused.value.code == "forbidden"
    stranger = Principal(s.OFFICER, "other", "外区专员", Role.CASE_OFFICER, frozenset({"外区"}))
    with pytest.raises(DomainError) as hidden:
        Workspace(desk, stranger).attachment_file(rid, aid)  # type: ignore[arg-type]
    assert hidden.value.code == "review_not_found"


def test_an_odd_file_name_is_made_safe_for_display(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    odd = "..\\\\C:\\\\会议\u202e纪要\ud800\x00" + "长" * 500 + ".exe"
    aid = add(desk, rid, samples.pdf(), filename=odd)
    name = desk.attachment_file(rid, aid).attachment.name  # type: ignore[arg-type]
    assert name.endswith(".pdf")
    assert len(name) <= 104
    assert not any(c in name for c in "\\\\/:\u202e\ud800\x00")
