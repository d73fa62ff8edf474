"""Risk-point themes (issue 21): classification across reviews, not signed content.

Each risk point carries one or more themes from the list city-wide officers keep; a
measure inherits the themes of the risk points it addresses; choosing themes voids
nothing and is allowed on a closed review; ``themes_missing`` blocks a sending from this
release on; the projections hold the themes (no decryption to count them).
"""

from __future__ import annotations

import pytest

from application.desk import ReviewDesk
from domain.errors import DomainError, InvalidValue
from domain.reference import ReferenceEntry
from tests import scenario as s
from tests.scenario import OFFICER


def _unthemed_ready(desk: ReviewDesk) -> tuple[object, object]:
    rid = s.register(desk)
    s.form_team(desk, rid)
    s.designate(desk, rid)
    s.write_aspects(desk, rid)
    risk = desk.record_risk_point(rid, description="家校沟通不足", actor=OFFICER).id
    desk.propose_measure(
        rid,
        description="每月家访",
        addresses=[risk],
        owner="德育处",
        due_on="2026-12-31",
        actor=OFFICER,
    )
    return rid, risk


@pytest.mark.stores
def test_a_risk_point_without_a_theme_blocks_the_sending(desk: ReviewDesk) -> None:
    rid, risk = _unthemed_ready(desk)
    with pytest.raises(DomainError) as refused:
        desk.send_for_signature(rid, actor=OFFICER)
    assert refused.value.code == "themes_missing"
    assert refused.value.details["blockers"][0]["risk_points"] == [str(risk)]
    row = desk.index.select_review_index(review_id=rid)[0]
    assert row.themes_missing
    assert row.unthemed == 1
    assert row.themes == ""
    desk.classify_risk_point(rid, risk_point_id=risk, themes=[s.ensure_theme(desk)], actor=OFFICER)
    row = desk.index.select_review_index(review_id=rid)[0]
    assert not row.themes_missing
    assert row.unthemed == 0
    assert row.themes == f"|{s.THEME}|"
    desk.send_for_signature(rid, actor=OFFICER)


def test_only_listed_active_themes_are_accepted(desk: ReviewDesk) -> None:
    rid, risk = _unthemed_ready(desk)
    with pytest.raises(InvalidValue) as refused:
        desk.classify_risk_point(rid, risk_point_id=risk, themes=["没有的主题"], actor=OFFICER)
    assert refused.value.details["field"] == "themes"
    with pytest.raises(InvalidValue):
        desk.classify_risk_point(rid, risk_point_id=risk, themes=[], actor=OFFICER)
    entry = s.ensure_theme(desk, "其他")
    desk.deactivate_reference(ReferenceEntry.create_id("theme", entry), actor=OFFICER)
    with pytest.raises(InvalidValue):
        desk.classify_risk_point(rid, risk_point_id=risk, themes=["其他"], actor=OFFICER)


def test_themes_are_not_signed_content_and_change_on_a_closed_review(desk: ReviewDesk) -> None:
    rid = s.closed(desk)
    view = desk.get_review(rid)
    before = view["content_hash"]
    risk = view["risk_points"][0]["id"]
    other = s.ensure_theme(desk, "家校沟通")
    desk.classify_risk_point(rid, risk_point_id=risk, themes=[s.THEME, other], actor=OFFICER)
    after = desk.get_review(rid)
    assert after["status"] == "closed"
    assert after["content_hash"] == before
    assert after["risk_points"][0]["themes"] == sorted([s.THEME, other])
    # the measure inherits the themes of the risk point it addresses
    assert after["measures"][0]["themes"] == sorted([s.THEME, other])
    assert "RiskPointClassified" in [e["event"] for e in desk.history(rid)]
    # the same set again records nothing
    version = after["version"]
    desk.classify_risk_point(rid, risk_point_id=risk, themes=[other, s.THEME], actor=OFFICER)
    assert desk.get_review(rid)["version"] == version


def test_changing_themes_while_awaiting_signatures_voids_nothing(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign(desk, rid, "principal", s.SIGNATORIES["principal"])
    risk = desk.get_review(rid)["risk_points"][0]["id"]
    desk.classify_risk_point(
        rid, risk_point_id=risk, themes=[s.ensure_theme(desk, "学业压力")], actor=OFFICER
    )
    view = desk.get_review(rid)
    assert view["status"] == "awaiting_signatures"
    assert view["signoff"] is not None
    assert not view["signoff"]["void"]
    s.sign_all(desk, rid, skip=("principal",))
    desk.close_review(rid, actor=OFFICER)
    assert desk.get_review(rid)["status"] == "closed"
