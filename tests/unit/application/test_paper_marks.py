"""Seals applied on paper: a case officer records a slot as signed or sealed on the paper
copy, naming its scan (a signed_paper_copy attachment); the slot shows it as such, the
review can close with it, its holder is told and may dispute it (the mark goes, the slot
waits again), and the signature checks do not count it as an electronic signature."""

from __future__ import annotations

import hashlib
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from application.notifying import PAPER_MARKED
from domain.errors import DomainError
from domain.values import Status
from tests import scenario as s
from tests.files import samples


def scanned(desk: ReviewDesk, rid: object, kind: str = "signed_paper_copy") -> object:
    return desk.add_attachment(
        rid, content=samples.pdf(b"scan"), filename="纸质件扫描.pdf", kind=kind, actor=s.OFFICER
    )


def test_a_paper_seal_counts_and_the_review_closes(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    scan = scanned(desk, rid)
    head = s.slots(desk, rid)[-1]
    s.sign_all(desk, rid, skip=(head["slot"],))
    desk.record_paper_mark(rid, slot=head["slot"], mark="seal", scan=scan, actor=s.OFFICER)  # type: ignore[arg-type]
    [slot] = [x for x in s.slots(desk, rid) if x["slot"] == head["slot"]]
    assert slot["mark"] == "seal"
    assert slot["paper"] is True
    assert slot["scan_sha256"] == hashlib.sha256(samples.pdf(b"scan")).hexdigest()
    # Not an electronic signature: the checks list only the others, all valid.
    checks = desk.verify_signatures(rid)
    assert head["slot"] not in [c["slot"] for c in checks]
    assert all(c["valid"] for c in checks)
    desk.close_review(rid, actor=s.OFFICER)
    assert desk.get_review(rid)["status"] == Status.CLOSED.value


def test_the_holder_is_told_and_a_dispute_takes_the_mark_away(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    scan = scanned(desk, rid)
    head = s.slots(desk, rid)[-1]
    holder = UUID(head["holder"])
    desk.record_paper_mark(rid, slot=head["slot"], mark="signature", scan=scan, actor=s.OFFICER)  # type: ignore[arg-type]
    desk.make_notifications()
    told = [n for n in desk.store.select_inbox(holder, 50) if n.kind == PAPER_MARKED]  # type: ignore[arg-type]
    assert len(told) == 1
    with pytest.raises(DomainError) as not_theirs:
        desk.dispute_paper_mark(rid, slot=head["slot"], reason="不是我", actor=s.OFFICER)
    assert not_theirs.value.code == "not_slot_holder"
    desk.dispute_paper_mark(rid, slot=head["slot"], reason="本人未在纸质件上盖章", actor=holder)  # type: ignore[arg-type]
    [slot] = [x for x in s.slots(desk, rid) if x["slot"] == head["slot"]]
    assert slot["mark"] is None
    assert slot["paper"] is False
    events = [e["event"] for e in desk.history(rid)]
    assert events[-2:] == ["PaperMarked", "PaperMarkDisputed"]
    with pytest.raises(DomainError) as again:
        desk.dispute_paper_mark(rid, slot=head["slot"], reason="再次异议", actor=holder)  # type: ignore[arg-type]
    assert again.value.code == "no_paper_mark"


def test_only_a_current_scan_of_the_paper_copy_and_an_open_slot(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    minutes = scanned(desk, rid, kind="minutes")
    head = s.slots(desk, rid)[-1]
    with pytest.raises(DomainError) as wrong_kind:
        desk.record_paper_mark(rid, slot=head["slot"], mark="seal", scan=minutes, actor=s.OFFICER)  # type: ignore[arg-type]
    assert wrong_kind.value.code == "not_a_paper_copy"
    scan = scanned(desk, rid)
    s.sign_all(desk, rid)
    with pytest.raises(DomainError) as marked:
        desk.record_paper_mark(rid, slot=head["slot"], mark="seal", scan=scan, actor=s.OFFICER)  # type: ignore[arg-type]
    assert marked.value.code == "slot_already_marked"


def test_inspectors_find_the_reviews_closed_with_paper_marks(desk: ReviewDesk) -> None:
    on_paper = s.sent(desk)
    scan = scanned(desk, on_paper)
    head = s.slots(desk, on_paper)[-1]
    s.sign_all(desk, on_paper, skip=(head["slot"],))
    desk.record_paper_mark(on_paper, slot=head["slot"], mark="seal", scan=scan, actor=s.OFFICER)  # type: ignore[arg-type]
    desk.close_review(on_paper, actor=s.OFFICER)
    online = s.closed(desk)
    found = desk.review_page(status="closed", paper_marks=True)
    assert [item["id"] for item in found["items"]] == [str(on_paper)]
    every = desk.review_page(status="closed")
    assert {item["id"] for item in every["items"]} == {str(on_paper), str(online)}
    assert desk.get_review(on_paper)["closings"][-1]["paper_slots"] == [head["slot"]]


def test_recording_twice_in_a_hurry_records_once(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    scan = scanned(desk, rid)
    head = s.slots(desk, rid)[-1]
    first = desk.record_paper_mark(rid, slot=head["slot"], mark="seal", scan=scan, actor=s.OFFICER)  # type: ignore[arg-type]
    again = desk.record_paper_mark(rid, slot=head["slot"], mark="seal", scan=scan, actor=s.OFFICER)  # type: ignore[arg-type]
    assert again == first
    assert [e["event"] for e in desk.history(rid)].count("PaperMarked") == 1
