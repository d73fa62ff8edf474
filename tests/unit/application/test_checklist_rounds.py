"""Checklist rounds (issue 23), on every store: a round issued to two jurisdictions with each
item's due date; issuing twice finds the first; items recorded (not applicable needs a
reason; a stale form is a conflict); evidence sealed and read back; overdue counted in
Shanghai's days; items 29–31 carry the reviews of the period; the matrix equals a replay on
another application; a submission needs every item's status and a second click is the same
submission."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from application.errors import ConflictError, RoundNotFound
from domain.checklist import NOTICE_2023_AUTUMN
from domain.deadline import CHINA
from domain.errors import Code, DomainError, InvalidValue, RuleRefusal
from domain.round_progress import Standing
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.conftest import DeskFactory, reopened
from tests.files import samples

pytestmark = pytest.mark.stores()

EAST, WEST = "测试区", "西测区"
TITLE = "2026年秋季学期生命健康关爱工作"


def issue(desk: ReviewDesk, **kw: object) -> UUID:
    desk.ensure_shipped_templates(actor=s.OFFICER)
    for code in (EAST, WEST):
        desk.ensure_reference(kind="jurisdiction", code=code, actor=s.OFFICER, source="test")
    args: dict[str, object] = {
        "template": NOTICE_2023_AUTUMN.code,
        "title": TITLE,
        "starts_on": "2026-08-01",
        "ends_on": "2026-12-31",
        "jurisdictions": [EAST, WEST],
        "actor": s.OFFICER,
    } | kw
    return desk.issue_round(**args)  # type: ignore[arg-type]


def record(desk: ReviewDesk, rid: UUID, number: int, status: str = "done", **kw: object) -> int:
    where = kw.pop("jurisdiction", EAST)
    args = {"number": number, "status": status, "actor": s.OFFICER} | kw
    return desk.record_round_item(rid, where, **args)  # type: ignore[arg-type]


def test_a_round_is_issued_to_two_jurisdictions_with_due_dates(desk: ReviewDesk) -> None:
    rid = issue(desk)
    issued = desk.checklist_round(rid)
    assert issued.jurisdictions == (EAST, WEST)
    assert [i.number for i in issued.items] == list(range(1, 32))
    due = {i.number: i.due_on for i in issued.items}
    assert due[1] == date(2026, 8, 24)  # 8 月 25 日前: the day before
    assert due[4] == date(2026, 9, 3)  # 9 月 4 日前
    assert due[29] == date(2026, 12, 31)  # 日常工作: the round's last day
    assert issued.template_version == 2
    assert [i.number for i in issued.items if i.reviews] == [29, 30, 31]
    # Issued twice (a second click): the same round; each jurisdiction has its column.
    assert issue(desk) == rid
    assert [r.id for r in desk.checklist_rounds()] == [rid]
    assert desk.round_progress(rid, WEST).jurisdiction == WEST


def test_issuing_refuses_what_is_wrong_naming_the_field(desk: ReviewDesk) -> None:
    issue(desk)
    for kw, field in (
        ({"starts_on": "2026-08-01", "ends_on": "2026-07-01", "title": "另一轮"}, "ends_on"),
        ({"starts_on": "八月", "title": "另一轮"}, "starts_on"),
        ({"jurisdictions": [], "title": "另一轮"}, "jurisdictions"),
        ({"jurisdictions": ["没有的区"], "title": "另一轮"}, "jurisdictions"),
        ({"template": "no-such", "title": "另一轮"}, "template"),
        ({"title": "  "}, "title"),
        ({"ends_on": "2026-11-30"}, "title"),  # the title of another round
    ):
        with pytest.raises(InvalidValue) as refused:
            issue(desk, **kw)
        assert refused.value.field == field, kw
    assert len(desk.checklist_rounds()) == 1


def test_items_are_recorded_with_a_reason_when_not_applicable(desk: ReviewDesk) -> None:
    rid = issue(desk)
    with pytest.raises(InvalidValue) as refused:
        record(desk, rid, 2, "not_applicable")
    assert refused.value.field == "reason"
    version = record(desk, rid, 2, "not_applicable", reason="本区本学期未发生学生自杀事件")
    assert record(desk, rid, 2, "not_applicable", reason="本区本学期未发生学生自杀事件") == version
    record(desk, rid, 3, "in_progress", note="已有12所学校召开")
    with pytest.raises(InvalidValue) as refused:
        record(desk, rid, 32)
    assert refused.value.field == "number"
    with pytest.raises(InvalidValue) as refused:
        record(desk, rid, 3, "finished")
    assert refused.value.field == "status"
    # A form read before someone else's change is a conflict, reported, not overwritten;
    # the same form sent again (back, and submit again) changes nothing and is fine.
    with pytest.raises(ConflictError):
        record(desk, rid, 3, "done", expected_version=version)
    now = desk.round_progress(rid, EAST).version
    assert (
        record(desk, rid, 3, "in_progress", note="已有12所学校召开", expected_version=version)
        == now
    )
    assert desk.round_progress(rid, EAST).items[3].note == "已有12所学校召开"
    # Notes and reasons are sealed in the store.
    assert not any("已有12所学校召开" in e for e in s.raw_events(desk))
    with pytest.raises(RuleRefusal) as other:
        record(desk, rid, 1, jurisdiction="别的区")
    assert other.value.code == Code.NOT_IN_ROUND


def test_evidence_is_sealed_read_back_and_withdrawn(desk: ReviewDesk) -> None:
    rid = issue(desk)
    pdf = samples.pdf()
    aid = desk.add_round_evidence(
        rid, EAST, number=1, content=pdf, filename="专题会议纪要.pdf", actor=s.OFFICER
    )
    got = desk.round_evidence_file(rid, EAST, aid)
    assert got.content == pdf
    assert got.evidence.name == "专题会议纪要.pdf"
    assert not any("专题会议纪要" in e for e in s.raw_events(desk))
    with pytest.raises(InvalidValue) as refused:
        desk.add_round_evidence(
            rid, EAST, number=1, content=samples.executable(), filename="x.pdf", actor=s.OFFICER
        )
    assert refused.value.field == "file"
    desk.withdraw_round_evidence(rid, EAST, aid, reason="传错了文件", actor=s.OFFICER)
    assert desk.round_progress(rid, EAST).current_evidence(1) == []
    with pytest.raises(DomainError):
        desk.withdraw_round_evidence(rid, EAST, aid, reason="再撤一次", actor=s.OFFICER)


def test_overdue_is_counted_in_shanghai_days(make_desk: DeskFactory) -> None:
    clock = SettableClock(datetime(2026, 11, 30, 23, 30, tzinfo=CHINA))
    desk = make_desk(clock=clock)
    rid = issue(desk, starts_on="2026-11-01", ends_on="2026-11-30")
    record(desk, rid, 1, "in_progress")
    assert desk.checklist_round(rid).item(1).due_on == date(2026, 11, 30)
    cell = desk.round_matrix(rid).cells
    assert cell[(EAST, 1)].standing is Standing.IN_PROGRESS
    assert cell[(WEST, 1)].standing is Standing.NOT_STARTED
    # 16:10 UTC on the 30th is already 1 December in Shanghai.
    clock.set(datetime(2026, 12, 1, 0, 10, tzinfo=CHINA))
    cell = desk.round_matrix(rid).cells
    assert cell[(EAST, 1)].standing is Standing.OVERDUE
    assert cell[(WEST, 1)].standing is Standing.OVERDUE
    record(desk, rid, 1, "done")
    assert desk.round_matrix(rid).cells[(EAST, 1)].standing is Standing.DONE


def test_items_29_to_31_carry_the_reviews_of_the_period(desk: ReviewDesk) -> None:
    rid = issue(desk)
    on_time = s.closed(desk)  # 测试区, 2026-11-18, closed the same day
    s.register(desk, occurred_on="2026-11-10")  # open, no team yet
    s.register(desk, occurred_on="2026-07-10")  # before the round's period
    s.register(desk, jurisdiction=WEST, school="西测区第一中学")
    figures = desk.round_reviews(rid, EAST)
    assert figures.count == 2
    assert (figures.four_party, figures.complete, figures.on_time) == (1, 1, 1)
    assert str(on_time) in [r["review_id"] for r in figures.reviews]
    record(desk, rid, 31, "done", note="按期报送")
    recorded = desk.round_progress(rid, EAST).items[31].reviews
    assert recorded["count"] == 2
    assert recorded["on_time"] == 1
    assert desk.round_reviews(rid, WEST).count == 1
    # Other items record no figures.
    record(desk, rid, 1)
    assert desk.round_progress(rid, EAST).items[1].reviews == {}


def test_the_matrix_equals_a_replay_on_another_application(
    make_desk: DeskFactory, desk: ReviewDesk
) -> None:
    rid = issue(desk)
    record(desk, rid, 1)
    record(desk, rid, 2, "not_applicable", reason="无此情况", jurisdiction=WEST)
    record(desk, rid, 3, "in_progress", jurisdiction=WEST)
    mine = desk.round_matrix(rid)
    theirs = reopened(make_desk, desk).round_matrix(rid)
    assert mine.cells == theirs.cells
    assert mine.counts(EAST)["done"] == 1
    assert mine.counts(WEST)["not_applicable"] == 1
    # Clock at 2026-11-20: items due before it and not done are overdue.
    assert mine.cells[(WEST, 3)].standing is Standing.OVERDUE  # due 8-24
    assert mine.cells[(EAST, 29)].standing is Standing.NOT_STARTED  # due 12-31


def test_a_submission_needs_every_item_and_a_second_click_is_the_same(desk: ReviewDesk) -> None:
    rid = issue(desk)
    with pytest.raises(RuleRefusal) as refused:
        desk.submit_round(rid, EAST, actor=s.OFFICER)
    assert refused.value.code == Code.ITEMS_NOT_RECORDED
    for n in range(1, 32):
        record(desk, rid, n)
    assert desk.submit_round(rid, EAST, actor=s.OFFICER) == 1
    assert desk.submit_round(rid, EAST, actor=s.OFFICER) == 1
    record(desk, rid, 5, "in_progress", note="补充")
    assert desk.submit_round(rid, EAST, actor=s.OFFICER) == 2
    progress = desk.round_progress(rid, EAST)
    first = desk.round_progress(rid, EAST, version=progress.submission(1).version)
    assert first.items[5].status.value == "done"
    assert desk.round_matrix(rid).submitted == {EAST: 2, WEST: 0}


def test_an_unknown_round_is_not_found(desk: ReviewDesk) -> None:
    with pytest.raises(RoundNotFound):
        desk.checklist_round(UUID(int=7))
    rid = s.register(desk)
    with pytest.raises(RoundNotFound):
        desk.checklist_round(rid)  # a review is no round


def test_a_template_shipped_before_items_carried_reviews_is_described_again(
    desk: ReviewDesk,
) -> None:
    """A store made by the previous release holds the notice's items without ``reviews``:
    ``fupan migrate`` (ensure_shipped_templates) describes it again, a new version."""
    from domain.checklist import template_details
    from domain.reference import ReferenceEntry

    code = NOTICE_2023_AUTUMN.code
    desk.ensure_reference(
        kind="checklist_template", code=code, label="清单", actor=s.OFFICER, source="shipped"
    )
    entry = desk._reference(ReferenceEntry.create_id("checklist_template", code))
    old = {
        "items": [
            {k: x for k, x in i.items() if k != "reviews"}
            for i in template_details(NOTICE_2023_AUTUMN)["items"]
        ]
    }
    entry.trigger_event(entry.Described, actor=s.OFFICER, timestamp=entry.modified_on, details=old)
    desk._save_reference(entry)
    desk.ensure_shipped_templates(actor=s.OFFICER)
    stored = desk.checklist_template(code)
    assert stored is not None
    assert stored.version == 3
    assert [i.number for i in stored.template.items if i.reviews] == [29, 30, 31]


def test_reminders_go_to_the_countys_officers_once(make_desk: DeskFactory) -> None:
    """Before the due date (three days, Shanghai's) and once it has passed, each item not
    done nor found not applicable: once per item and officer, however often it runs."""
    from application.notifying import CHECKLIST_DUE, CHECKLIST_OVERDUE
    from application.policy import Principal
    from application.workspace import Workspace
    from domain.account import Role

    clock = SettableClock(datetime(2026, 11, 26, 9, 0, tzinfo=CHINA))
    desk = make_desk(clock=clock)
    rid = issue(desk, starts_on="2026-11-01", ends_on="2026-11-30")
    county = desk.create_account(
        username="east.officer",
        display_name="东区专员",
        role="case_officer",
        password=s.PASSWORD,
        jurisdictions=[EAST],
        actor=s.OFFICER,
    )
    record(desk, rid, 1)  # done: no reminder
    record(desk, rid, 2, "not_applicable", reason="无此情况")
    assert desk.make_reminders() == 0  # due 11-30: four days left
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=CHINA))
    made = desk.make_reminders()
    assert made == 29  # items 3–31, for the one officer of 测试区
    assert desk.make_reminders() == 0
    inbox = desk.store.select_inbox(county, 100)
    assert {r.kind for r in inbox} == {CHECKLIST_DUE}
    clock.set(datetime(2026, 12, 1, 0, 5, tzinfo=CHINA))
    assert desk.make_reminders() == 29
    principal = Principal(county, "east.officer", "东区专员", Role.CASE_OFFICER, frozenset({EAST}))
    kinds = (CHECKLIST_DUE, CHECKLIST_OVERDUE)
    views = Workspace(desk, principal).notifications()
    overdue = [n for n in views if n["kind"] == CHECKLIST_OVERDUE]
    assert len(overdue) == 29
    assert overdue[0]["place"] == EAST
    assert overdue[0]["review_id"] == str(rid)
    assert TITLE in str(overdue[0]["reference_number"])
    # Moved to another county, the same officer no longer sees them (their rows stay).
    moved = Principal(county, "east.officer", "东区专员", Role.CASE_OFFICER, frozenset({WEST}))
    assert len(desk.store.select_inbox(county, 100)) == 29 * 2
    assert [n for n in Workspace(desk, moved).notifications() if n["kind"] in kinds] == []


@pytest.mark.stores("sqlite")
def test_issuing_at_the_same_moment_leaves_no_unsaved_key_behind(
    make_desk: DeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests issuing the same round at once: the second one's save fails and it
    finds the first; the keys it made were never stored and must not seal anything."""
    desk = make_desk()
    rid = issue(desk)
    monkeypatch.setattr(desk, "_round_exists", lambda _rid: False)  # it lost the race
    assert issue(desk) == rid
    record(desk, rid, 3, "in_progress", note="竞态之后的记录")
    other = make_desk()  # another process reads it with the stored key
    assert other.round_progress(rid, EAST).items[3].note == "竞态之后的记录"
