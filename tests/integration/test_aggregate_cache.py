"""Reviews kept decrypted in each process's aggregate cache: every load catches up with
the store (another process's writes), and a review erased elsewhere is never shown from
the copy kept in clear."""

from __future__ import annotations

import pytest

from domain.values import ERASED
from tests import scenario as s
from tests.conftest import DeskFactory

pytestmark = pytest.mark.stores("sqlite", "postgres")


def test_a_cached_review_catches_up_with_another_process(make_desk: DeskFactory) -> None:
    one, other = make_desk(), make_desk()
    rid = s.register(one)
    assert one.get_review(rid)["version"] == 1
    assert one.repository.cache is not None, "the cache is on"
    s.form_team(other, rid, ["school", "police"])
    seen = one.get_review(rid)
    assert (seen["version"], [m["party"] for m in seen["team"]]) == (3, ["police", "school"])
    one.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE, actor=s.OFFICER)
    assert other.get_review(rid)["version"] == 4


def test_a_review_erased_in_another_process_is_not_shown_from_the_cache(
    make_desk: DeskFactory,
) -> None:
    one, other = make_desk(), make_desk()
    rid = s.ready(one)
    assert one.get_review(rid)["incident"]["student"]["name"] == s.STUDENT["name"]
    other.erase_personal_data(rid, reason="依法删除个人信息", actor=s.OFFICER)
    after = one.get_review(rid)
    assert after["erased"]
    assert after["incident"]["student"]["name"] == ERASED
    assert {a["text"] for a in after["aspects"].values()} == {ERASED}
    assert one.get_review(rid)["incident"]["student"]["name"] == ERASED
