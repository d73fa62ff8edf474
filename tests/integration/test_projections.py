"""The projections lists read are derived: rebuilt from the events they equal the live
ones, and what they answer (counts, pages, tasks) equals a full replay of every review, on
every store."""

from __future__ import annotations

from typing import Any

import pytest

from application.desk import ReviewDesk
from application.policy import Action, reach, sight
from application.projection import Projections
from infrastructure.clock import SettableClock
from tests import city
from tests.conftest import DeskFactory, reopened

pytestmark = pytest.mark.stores()


def everything(desk: ReviewDesk) -> Projections:
    store = desk.store
    return Projections(
        reviews=store.select_review_index(),
        slots=store.select_slot_rows(),
        accounts=store.select_account_rows(),
    )


def every_list(desk: ReviewDesk) -> dict[str, Any]:
    """What each principal's dashboard, pages and tasks answer (children tables included)."""
    seen: dict[str, Any] = {}
    for name, who in city.principals().items():
        seen[name] = (
            desk.review_counts(sight=sight(who)),
            all_pages(desk, who),
            {
                kind: desk.task_page(kind, who=who.account_id, reach=reach(who, action))
                for kind, action in (
                    ("write", Action.WRITE_REPORT),
                    ("sign", Action.SIGN),
                    ("measures", Action.FOLLOW_UP),
                )
            },
        )
    return seen


def all_pages(desk: ReviewDesk, who: Any, limit: int = 4, **filters: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = desk.review_page(sight=sight(who), cursor=cursor, limit=limit, **filters)
        items += page["items"]
        assert page["total"] >= len(items)
        cursor = page["next"]
        if cursor is None:
            assert page["total"] == len(items)
            return items


def test_rebuilt_projections_equal_the_live_ones(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    city.build(desk, seed=1)
    desk.disable_account(city.WEST["police"], actor=city.CONFIRMER)
    live, lists = everything(desk), every_list(desk)
    assert len(live.reviews) == 22
    assert live.slots
    assert len(live.accounts) >= 14
    desk.store.replace_projections(Projections())
    assert everything(desk) == Projections()
    assert desk.reindex() == 22
    assert everything(desk) == live
    assert every_list(desk) == lists
    # A process that finds the projections of another shape rebuilds them, the same.
    other = reopened(make_desk, desk)
    assert other.store.rebuild_projections("another shape", other.projections)
    assert everything(other) == live
    assert every_list(other) == lists


@pytest.mark.parametrize("seed", [7, 8])
def test_counts_pages_and_tasks_equal_a_full_replay(make_desk: DeskFactory, seed: int) -> None:
    desk = make_desk()
    city.build(desk, seed=seed, count=26)
    reviews = city.replayed(desk)
    for name, who in city.principals().items():
        mine = city.visible(reviews, who)
        assert desk.review_counts(sight=sight(who)) == city.counts(mine), name
        listed = all_pages(desk, who)
        assert sorted(i["id"] for i in listed) == sorted(mine), name
        for item in listed:
            expected = mine[item["id"]]["summary"]
            assert {k: item[k] for k in expected} == expected, (name, item["id"])  # type: ignore[literal-required]
        got = {
            kind: sorted(_task_key(kind, t) for t in _all_tasks(desk, who, kind, action))
            for kind, action in (
                ("write", Action.WRITE_REPORT),
                ("sign", Action.SIGN),
                ("measures", Action.FOLLOW_UP),
            )
        }
        assert got == city.tasks(reviews, who), name


def test_the_default_order_puts_overdue_first_then_fewest_days_left(
    make_desk: DeskFactory,
) -> None:
    desk = make_desk()
    city.build(desk, seed=3, count=30)
    items = all_pages(desk, city.principals()["inspector"], limit=7)
    lanes = [0 if not i["submitted"] and i["status"] != "withdrawn" else 1 for i in items]
    assert lanes == sorted(lanes), "reviews whose deadline runs come first"
    running = [i for i in items if lanes[items.index(i)] == 0]
    assert [i["days_left"] for i in running] == sorted(i["days_left"] for i in running)
    overdue = [i["overdue"] for i in running]
    assert overdue == sorted(overdue, reverse=True), "overdue ones lead"


def _all_tasks(desk: ReviewDesk, who: Any, kind: str, action: Action) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = desk.task_page(
            kind, who=who.account_id, reach=reach(who, action), cursor=cursor, limit=3
        )
        found += page["items"]
        cursor = page["next"]
        if cursor is None:
            assert len(found) == page["total"]
            return found


def _task_key(kind: str, item: dict[str, Any]) -> tuple[Any, ...]:
    if kind == "write":
        return (item["id"], tuple(item["aspects"]))
    if kind == "sign":
        return (item["id"], item["slot"])
    return (item["id"], item["measure_id"])
