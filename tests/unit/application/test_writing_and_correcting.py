"""Nothing typed is lost, no false conflicts, every mistake correctable with a reason."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from application.errors import PossibleDuplicate
from application.report_commands import AspectEdit
from domain.deadline import CHINA
from domain.errors import DomainError
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.conftest import DeskFactory

OFFICER = s.OFFICER
SCHOOL = s.MEMBERS["school"]
TEXT = s.SUBSTANTIVE


def drafts(desk: ReviewDesk, rid: object) -> dict[str, int]:
    return {k: a["draft"] for k, a in desk.get_review(rid)["aspects"].items()}  # type: ignore[arg-type]


def test_the_four_aspects_are_saved_in_one_submit_and_unchanged_ones_skipped(
    desk: ReviewDesk,
) -> None:
    rid = s.register(desk)
    desk.write_aspect(rid, aspect="daily_conduct", text="旧稿：" + TEXT, actor=SCHOOL)
    before = desk.get_review(rid)["version"]
    edits = {
        "daily_conduct": AspectEdit("旧稿：" + TEXT, 1),  # unchanged: skipped
        "family_and_parenting": AspectEdit("二：" + TEXT, 0),
        "trigger_and_course": AspectEdit("三：" + TEXT, 0),
        "risks_and_measures": AspectEdit("四：" + TEXT, 0),
    }
    version = desk.write_aspects(rid, edits=edits, actor=SCHOOL)
    assert version == before + 3, "one event per changed aspect"
    assert drafts(desk, rid) == dict.fromkeys(s.ASPECTS, 1)


def test_one_refused_aspect_saves_nothing_and_names_each_field(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    desk.write_aspect(rid, aspect="family_and_parenting", text="二：" + TEXT, actor=SCHOOL)
    before = desk.get_review(rid)["version"]
    edits = {
        "daily_conduct": AspectEdit("一：" + TEXT, 0),
        "family_and_parenting": AspectEdit("   ", 1),  # blanked: refused
        "trigger_and_course": AspectEdit("三" * 20_001, 0),
    }
    with pytest.raises(DomainError) as refused:
        desk.write_aspects(rid, edits=edits, actor=SCHOOL)
    assert refused.value.details["fields"] == [
        "aspects.family_and_parenting.text",
        "aspects.trigger_and_course.text",
    ]
    assert desk.get_review(rid)["version"] == before


def test_two_people_on_two_aspects_never_conflict(desk: ReviewDesk) -> None:
    rid = s.ready(desk)
    read = drafts(desk, rid)  # both open the page
    desk.write_aspects(
        rid,
        edits={"family_and_parenting": AspectEdit("甲改：" + TEXT, read["family_and_parenting"])},
        actor=SCHOOL,
    )
    # The second submits every textarea as read, with aspect 4 changed: aspect 2 is not
    # theirs to overwrite (they did not touch it), and aspect 4 saves.
    page = desk.get_review(rid)
    second = {k: AspectEdit(TEXT, read[k]) for k in s.ASPECTS}
    second["risks_and_measures"] = AspectEdit("乙改：" + TEXT, read["risks_and_measures"])
    desk.write_aspects(rid, edits=second, actor=s.MEMBERS["expert"])
    after = desk.get_review(rid)["aspects"]
    assert after["family_and_parenting"]["text"].startswith("甲改")
    assert after["risks_and_measures"]["text"].startswith("乙改")
    assert page["version"] + 1 == desk.get_review(rid)["version"]


def test_the_same_aspect_changed_since_read_is_a_conflict_with_both_texts(
    desk: ReviewDesk,
) -> None:
    rid = s.ready(desk)
    read = drafts(desk, rid)["daily_conduct"]
    desk.write_aspect(rid, aspect="daily_conduct", text="甲：" + TEXT, actor=SCHOOL)
    with pytest.raises(DomainError) as refused:
        desk.write_aspects(
            rid, edits={"daily_conduct": AspectEdit("乙：" + TEXT, read)}, actor=OFFICER
        )
    assert refused.value.code == "aspect_changed"
    assert refused.value.details["aspects"]["daily_conduct"] == {
        "draft": read + 1,
        "text": "甲：" + TEXT,
    }
    with pytest.raises(DomainError):
        desk.write_aspect(
            rid, aspect="daily_conduct", text="乙：" + TEXT, actor=OFFICER, expected_draft=read
        )
    desk.write_aspect(
        rid, aspect="daily_conduct", text="乙合并：" + TEXT, actor=OFFICER, expected_draft=read + 1
    )


def test_draft_and_version_together_are_refused_naming_the_field(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    with pytest.raises(DomainError) as refused:
        desk.write_aspect(
            rid,
            aspect="daily_conduct",
            text=TEXT,
            actor=SCHOOL,
            expected_draft=0,
            expected_version=1,
        )
    assert refused.value.details["field"] == "expected_draft"


class RacingClock(SettableClock):
    """The first time the desk asks for the time (after it loaded the review), another
    writer commits a change to another aspect first."""

    def __init__(self, at: datetime, race: object) -> None:
        super().__init__(at)
        self.race = race

    def now(self) -> datetime:
        race, self.race = self.race, None
        if callable(race):
            race()
        return super().now()


@pytest.mark.stores("sqlite", "postgres")
def test_a_stream_conflict_is_retried_while_the_aspect_still_matches(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    first = make_desk()
    rid = s.ready(first)
    read = drafts(first, rid)

    def other_writer() -> None:
        first.write_aspect(rid, aspect="family_and_parenting", text="甲：" + TEXT, actor=SCHOOL)

    racing = make_desk(clock=RacingClock(clock.now(), other_writer))
    racing.write_aspect(
        rid,
        aspect="daily_conduct",
        text="乙：" + TEXT,
        actor=OFFICER,
        expected_draft=read["daily_conduct"],
    )
    after = first.get_review(rid)["aspects"]
    assert after["family_and_parenting"]["text"].startswith("甲")
    assert after["daily_conduct"]["text"].startswith("乙")


def test_the_same_incident_registered_twice_is_refused_unless_confirmed(
    desk: ReviewDesk,
) -> None:
    first = s.register(desk)
    with pytest.raises(PossibleDuplicate) as refused:
        s.register(desk, confirm_duplicate=False, school=" 测试区第一中学 ")
    assert refused.value.review_ids == [str(first)]
    s.register(desk, confirm_duplicate=False, occurred_on="2026-11-17")  # another day
    second = s.register(desk, confirm_duplicate=True)
    assert second != first


def test_an_erased_review_is_no_longer_matched_as_a_duplicate(desk: ReviewDesk) -> None:
    first = s.register(desk)
    desk.erase_personal_data(first, reason="依法删除个人信息", actor=OFFICER)
    s.register(desk, confirm_duplicate=False)
    assert desk.reindex() == 2
    s.register(desk, confirm_duplicate=True)


def test_correcting_the_incident_date_moves_the_due_date_and_voids_signatures(
    desk: ReviewDesk,
) -> None:
    rid = s.sent(desk)
    desk.correct_incident(
        rid,
        occurred_on="2026-11-16",
        school="测试区第一中学（本部）",
        reason="报案记录核对后更正",
        actor=OFFICER,
    )
    view = desk.get_review(rid)
    assert (view["due_on"], view["incident"]["school"]) == ("2026-11-30", "测试区第一中学（本部）")
    assert view["status"] == "investigating", "the sign-off no longer counts"
    events = [e for e in desk.history(rid) if e["event"].startswith("Incident")]
    assert [e["event"] for e in events] == ["IncidentDateCorrected", "IncidentAmended"]
    assert all(e["data"]["reason"] == "报案记录核对后更正" for e in events)
    assert events[0]["position"] + 1 == events[1]["position"], "one save"


def test_a_correction_needs_a_reason_and_a_fact(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    for kwargs, field in (
        ({"school": "新校名", "reason": ""}, "reason"),
        ({"reason": "没有要改的"}, "incident"),
    ):
        with pytest.raises(DomainError) as refused:
            desk.correct_incident(rid, actor=OFFICER, **kwargs)  # type: ignore[arg-type]
        assert refused.value.details["field"] == field


def test_risk_points_and_measures_are_corrected_and_withdrawn_with_reasons(
    desk: ReviewDesk,
) -> None:
    rid = s.sent(desk)
    view = desk.get_review(rid)
    risk, measure = view["risk_points"][0]["id"], view["measures"][0]["id"]
    desk.revise_measure(
        rid, measure_id=measure, owner="学校德育处", reason="责任部门有误", actor=OFFICER
    )
    assert desk.get_review(rid)["status"] == "investigating"
    extra = desk.record_risk_point(rid, description="误记的风险点", actor=OFFICER).id
    desk.revise_risk_point(
        rid, risk_point_id=extra, description="仍是误记", reason="描述更正", actor=OFFICER
    )
    desk.withdraw_risk_point(rid, risk_point_id=extra, reason="与第一项重复", actor=OFFICER)
    view = desk.get_review(rid)
    assert [r["id"] for r in view["risk_points"]] == [risk]
    assert view["measures"][0]["owner"] == "学校德育处"
    reasons = {e["event"]: e["data"].get("reason") for e in desk.history(rid)}
    assert reasons["MeasureRevised"] == "责任部门有误"
    assert reasons["RiskPointWithdrawn"] == "与第一项重复"
    with pytest.raises(DomainError) as refused:
        desk.withdraw_measure(rid, measure_id=measure, reason="", actor=OFFICER)
    assert refused.value.details["field"] == "reason"


def test_a_withdrawal_needs_a_second_officer_and_leaves_the_deadlines(
    desk: ReviewDesk, clock: SettableClock
) -> None:
    original = s.register(desk)
    twice = s.register(desk)
    other = s.account_id_for("another.officer")
    with pytest.raises(DomainError) as refused:
        desk.request_withdrawal(twice, reason="短", actor=OFFICER)
    assert refused.value.details["field"] == "reason"
    desk.request_withdrawal(twice, duplicate_of=original, actor=OFFICER)
    with pytest.raises(DomainError) as refused:
        desk.confirm_withdrawal(twice, actor=OFFICER)
    assert refused.value.code == "same_officer"
    with pytest.raises(DomainError):
        desk.send_for_signature(twice, actor=OFFICER)
    desk.confirm_withdrawal(twice, actor=other)
    clock.set(datetime(2026, 12, 20, 9, tzinfo=CHINA))
    listed = {i["id"]: i for i in desk.list_reviews()}
    assert listed[str(twice)]["status"] == "withdrawn"
    assert (listed[str(twice)]["overdue"], listed[str(original)]["overdue"]) == (False, True)
    with pytest.raises(DomainError) as refused:
        desk.write_aspect(twice, aspect="daily_conduct", text=TEXT, actor=OFFICER)
    assert refused.value.code == "review_withdrawn"


def test_a_review_once_sent_cannot_be_withdrawn(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    with pytest.raises(DomainError) as refused:
        desk.request_withdrawal(rid, reason="登记有误需要撤销", actor=OFFICER)
    assert refused.value.code == "already_sent_once"


def test_signing_twice_at_once_signs_once_and_says_it_is_signed(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    slot = s.slots(desk, rid)[0]
    first = s.sign(desk, rid, slot["slot"], UUID(slot["holder"]))
    again = s.sign(desk, rid, slot["slot"], UUID(slot["holder"]))
    assert again == first
    assert len(desk.verify_signatures(rid)) == 1
    holder = UUID(s.slots(desk, rid)[1]["holder"])
    decline = s.slots(desk, rid)[1]["slot"]
    version = desk.decline(rid, slot=decline, reason="内容需核实", actor=holder)
    assert desk.decline(rid, slot=decline, reason="内容需核实", actor=holder) == version
