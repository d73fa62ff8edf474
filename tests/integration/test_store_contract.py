"""The store contract (``application.ports.FupanStore``): the same checks on the in-memory,
SQLite and PostgreSQL stores, so that each keeps what the application relies on."""

from __future__ import annotations

import inspect
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID, uuid4

import pytest

from application.desk import SNAPSHOT_INTERVAL, ReviewDesk
from application.ports import (
    FailureRow,
    FupanStore,
    InboxRow,
    SessionRow,
    SnapshotRecords,
    TokenRow,
)
from domain.deadline import CHINA
from tests import scenario as s

pytestmark = pytest.mark.stores()
T0 = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)


def contract_members() -> set[str]:
    found: set[str] = set()
    for cls in FupanStore.__mro__:
        if cls in (object,) or not cls.__module__.startswith("application.ports"):
            continue
        found |= {n for n, v in vars(cls).items() if inspect.isfunction(v) and n[0] != "_"}
    return found


def test_the_store_has_every_member_of_the_contract(desk: ReviewDesk) -> None:
    members = contract_members()
    assert {"chain_head", "select_stream_key", "insert_token", "scrub"} <= members
    missing = [m for m in members if not callable(getattr(desk.store, m, None))]
    assert missing == []


def test_the_index_follows_the_events_and_filters(desk: ReviewDesk) -> None:
    east = s.register(desk, jurisdiction="东区", school="东区小学")
    s.register(desk, jurisdiction="西区", school="西区小学")
    store = desk.store
    assert [r.review_id for r in store.select_review_index(jurisdiction="东区")] == [east]
    assert store.select_review_index(jurisdictions=[]) == []
    assert len(store.select_review_index(jurisdictions=["东区", "西区"])) == 2
    s.form_team(desk, east, ["police"])
    [row] = store.select_review_index(participant=s.MEMBERS["police"])
    assert (row.review_id, row.status) == (east, "investigating")
    store.replace_review_index([row])
    assert [r.review_id for r in store.select_review_index()] == [east]


def test_projections_follow_reviews_sign_offs_and_accounts(desk: ReviewDesk) -> None:
    store = desk.store
    generation = store.projection_generation()
    rid = s.sent(desk)
    assert store.projection_generation() > generation
    [row] = store.select_review_index(review_id=rid)
    assert (row.status, row.next_action, row.aspects_missing) == (
        "awaiting_signatures",
        "sign",
        "",
    )
    slots = store.select_slot_rows(row.signoff_id)
    assert len(slots) == 7
    assert {x.mark for x in slots} == {None}
    s.sign(desk, rid, slots[0].slot, slots[0].holder)
    assert store.select_slot_rows(row.signoff_id)[0].mark == "signature"
    s.ensure_account(desk, s.MEMBERS["school"])
    account = store.select_account_row(s.MEMBERS["school"])
    assert account is not None
    assert (account.username, account.role, account.disabled) == (
        "test.school",
        "investigator",
        False,
    )
    desk.disable_account(s.MEMBERS["school"], actor=s.OFFICER)
    disabled = store.select_account_row(s.MEMBERS["school"])
    assert disabled is not None
    assert disabled.disabled
    assert desk.principal(s.MEMBERS["school"]) is None
    before = store.projection_generation()
    desk.record_access(rid, actor=s.OFFICER, what="review")
    assert store.projection_generation() == before, "an access record is no list's change"


def test_the_chain_grows_with_every_event_in_order(desk: ReviewDesk) -> None:
    store = desk.store
    before = store.chain_head()
    rid = s.register(desk)
    s.form_team(desk, rid, ["police"])
    head = store.max_notification_id()
    assert head is not None
    assert store.chain_head() != before
    links = store.select_links(1, 100)
    assert [p for p, _, _ in links] == sorted(p for p, _, _ in links)
    assert links[-1][0] == head
    assert links[-1][2].hex() == store.chain_head()
    positions = store.select_positions([rid])
    assert sorted(positions) == [(str(rid), 1), (str(rid), 2)]


def test_keys_are_kept_shared_and_erased_beside_the_events(desk: ReviewDesk) -> None:
    store = desk.store
    rid = s.sent(desk)
    key = store.select_stream_key(rid)
    assert key is not None
    assert (key.owner_id, key.wrapped is not None) == (rid, True)
    signoff = desk.get_review(rid)["signoff"]
    assert signoff is not None
    shared = store.select_stream_key(UUID(signoff["id"]))
    assert shared is not None
    assert shared.owner_id == rid
    assert store.select_stream_key(uuid4()) is None
    count = store.count_wrapped_keys("no-such-master")
    assert count >= 1
    owner, master, wrapped, _suite = store.select_wrapped_keys("no-such-master", 1)[0]
    store.rewrap_data_keys([("another-master", wrapped, owner, master)])
    assert store.count_wrapped_keys("another-master") == count - 1
    store.rewrap_data_keys([(master, wrapped, owner, "another-master")])
    desk.erase_personal_data(rid, reason="依法删除个人信息", actor=s.OFFICER)
    erased = store.select_stream_key(rid)
    assert erased is not None
    assert erased.wrapped is None
    store.scrub()


def test_checkpoints_and_server_keys_are_kept(desk: ReviewDesk) -> None:
    store = desk.store
    row: tuple[Any, ...] = (5, b"h" * 32, T0.isoformat(), "standard", "sk-1", b"s" * 64)
    store.insert_checkpoint(row)
    store.insert_checkpoint((5, b"x" * 32, T0.isoformat(), "standard", "sk-1", b"t" * 64))
    [kept] = store.select_checkpoints()
    assert (kept["position"], bytes(kept["head"])) == (5, b"h" * 32), "the first one is kept"
    store.insert_server_key(("sk-1", "standard", b"p" * 32, "m1", b"w" * 48, T0.isoformat()))
    store.rewrap_server_key(("m2", b"v" * 48, "sk-1", "m1"))
    [key] = store.select_server_keys()
    assert (key["master_key_id"], bytes(key["wrapped_private_key"])) == ("m2", b"v" * 48)


def test_document_keys_are_kept_and_rewrapped(desk: ReviewDesk) -> None:
    store = desk.store
    store.insert_document_key(("pdf-ca-1", "ca", b"c" * 300, "m1", b"w" * 60, T0.isoformat()))
    later = (T0 + timedelta(seconds=1)).isoformat()
    store.insert_document_key(("pdf-signer-1", "signer", b"d" * 300, "m1", b"x" * 60, later))
    store.rewrap_document_key(("m2", b"v" * 60, "pdf-signer-1", "m1"))
    ca, signer = store.select_document_keys()
    assert (ca["kind"], bytes(ca["certificate"]), ca["master_key_id"]) == ("ca", b"c" * 300, "m1")
    assert (signer["master_key_id"], bytes(signer["wrapped_private_key"])) == ("m2", b"v" * 60)


def test_sessions_tokens_and_failures_are_shared_state(desk: ReviewDesk) -> None:
    store = desk.store
    me, other = uuid4(), uuid4()
    store.insert_session(SessionRow("s1", me, T0, T0))
    store.insert_session(SessionRow("s2", me, T0, T0))
    store.insert_session(SessionRow("s3", other, T0, T0))
    store.touch_session("s1", T0 + timedelta(minutes=5))
    assert store.select_session("s1") == SessionRow("s1", me, T0, T0 + timedelta(minutes=5))
    store.delete_session("s1")
    assert store.select_session("s1") is None
    store.delete_sessions_of(me)
    assert (store.select_session("s2"), store.select_session("s3") is not None) == (None, True)

    store.insert_token(TokenRow("t1", me, T0, T0 + timedelta(hours=8)))
    store.insert_token(TokenRow("t2", other, T0, T0 + timedelta(hours=8)))
    assert store.select_token("t1") == TokenRow("t1", me, T0, T0 + timedelta(hours=8))
    store.delete_tokens_of(me)
    assert store.select_token("t1") is None
    store.delete_token("t2")
    assert store.select_token("t2") is None

    store.upsert_failures(FailureRow("account:x", 1, T0, None))
    store.upsert_failures(FailureRow("account:x", 2, T0, T0 + timedelta(minutes=15)))
    assert store.select_failures("account:x") == FailureRow(
        "account:x", 2, T0, T0 + timedelta(minutes=15)
    )
    store.delete_failures("account:x")
    assert store.select_failures("account:x") is None


class FakeSigner:
    def __init__(self) -> None:
        self.readied = 0

    def ready(self) -> None:
        self.readied += 1

    def mac(self, position: int, link: bytes) -> tuple[str, bytes]:
        return "k-test", position.to_bytes(8, "big") + link[:24]


def test_links_carry_the_signers_mac(desk: ReviewDesk) -> None:
    store = desk.store
    rid = s.register(desk)  # build_desk gave the store the server key's signer
    first = store.select_chain(1, 1)[0]
    assert (first.mac_key or "").startswith("sk-")
    assert first.mac is not None
    assert store.first_authenticated_position() == first.position
    signer = FakeSigner()
    store.authenticate_links(signer)
    s.form_team(desk, rid, ["police"])
    head = store.max_notification_id()
    assert head is not None
    [newest] = store.select_chain(head, 1)
    assert (newest.mac_key, newest.mac) == ("k-test", head.to_bytes(8, "big") + newest.link[:24])
    assert signer.readied >= 1, "readied before the transaction"
    assert store.select_links(head, 1) == [(newest.position, newest.suite, newest.link)]
    store.authenticate_links(None)
    s.form_team(desk, rid, ["expert"])
    assert store.select_chain(head + 1, 1)[0].mac is None


def test_the_newest_checkpoint_and_its_first_authenticated_link(desk: ReviewDesk) -> None:
    store = desk.store
    assert store.newest_checkpoint() is None
    store.insert_checkpoint((5, b"h" * 32, T0.isoformat(), "standard", "sk-1", b"s" * 64, 3))
    store.insert_checkpoint((9, b"i" * 32, T0.isoformat(), "standard", "sk-1", b"t" * 64, None))
    newest = store.newest_checkpoint()
    assert newest is not None
    assert (newest["position"], newest["macs_from"]) == (9, None)
    assert [c["macs_from"] for c in store.select_checkpoints()] == [3, None]


def test_a_snapshot_is_stored_with_the_chain_link_that_vouches_for_it(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    for n in range(SNAPSHOT_INTERVAL - 1):
        desk.write_aspect(
            rid, aspect="daily_conduct", text=f"第{n}稿{s.SUBSTANTIVE}", actor=s.OFFICER
        )
    assert desk.snapshots is not None
    recorder = cast(SnapshotRecords, desk.snapshots.recorder)
    [row] = recorder.select_snapshots(rid)
    assert (row.stored.originator_version, row.linked) == (SNAPSHOT_INTERVAL, True)
    [used] = desk.snapshots.recorder.select_events(rid, desc=True, limit=1)
    assert used.originator_version == SNAPSHOT_INTERVAL
    assert desk.get_review(rid)["version"] == SNAPSHOT_INTERVAL


def test_the_inbox_records_each_notification_once_with_the_notifiers_position(
    desk: ReviewDesk,
) -> None:
    store = desk.store
    me, other, review = uuid4(), uuid4(), uuid4()
    at = datetime(2026, 11, 20, 10, 0, tzinfo=CHINA)

    def row(key: str, who: UUID, minutes: int) -> InboxRow:
        return InboxRow(key, who, review, "appointed", 7, at + timedelta(minutes=minutes))

    assert store.notifier_position() == 0
    assert store.record_notifications([row("a", me, 0), row("b", me, 1)], tracked=7) == 2
    assert store.record_notifications([row("a", me, 5), row("c", other, 2)], tracked=5) == 1
    assert store.notifier_position() == 7  # never moves back
    assert [r.key for r in store.select_inbox(me, 10)] == ["b", "a"]
    assert store.select_inbox(me, 10)[1].created_at == at  # the first one recorded stays
    assert store.count_unread(me) == 2
    store.mark_read(me, ["a", "c"], at + timedelta(hours=1))  # "c" is not mine: untouched
    assert store.count_unread(me) == 1
    assert store.count_unread(other) == 1
    assert store.select_inbox(me, 10)[1].read_at == at + timedelta(hours=1)
    assert store.record_notifications([], tracked=9) == 0
    assert store.notifier_position() == 9
