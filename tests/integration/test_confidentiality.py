"""Rules 7 and 8's confidentiality half: sensitive fields sealed at rest, per-review keys,
crypto-shredding and master key rotation."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from application.errors import ReviewDamaged
from domain.errors import DomainError
from domain.values import ERASED
from infrastructure.crypto.keystore import purpose
from infrastructure.crypto.mapper import SEALED
from infrastructure.crypto.master import MasterKeyError, MasterKeyring
from infrastructure.crypto.rotation import rotate
from infrastructure.crypto.suite import CiphertextRejected
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from tests import scenario as s
from tests.conftest import DeskFactory, reopened
from tests.integration.raw import Raw

# Sealing, erasure and rotation on a store of the sm suite and on one rotated to it as well.
pytestmark = pytest.mark.suites

CANARY_NAME = "金丝雀甲乙丙"
CANARY_TEXT = "金丝雀文本：" + s.SUBSTANTIVE
CANARY_ID = "999999201001010016"


def planted(desk: ReviewDesk) -> Any:
    rid = s.register(
        desk,
        student={
            "name": CANARY_NAME,
            "gender": "female",
            "grade_class": "初一（1）班",
            "id_number": CANARY_ID,
        },
    )
    s.form_team(desk, rid)
    s.designate(desk, rid)
    s.write_aspects(desk, rid, text=CANARY_TEXT)
    s.risk_and_measure(desk, rid)
    return rid


def all_stored_bytes(desk: ReviewDesk) -> bytes:
    recorder: Any = desk.recorder
    return b"".join(bytes(n.state) for n in recorder.select_notifications(1, 10_000))


@pytest.mark.stores
def test_sensitive_fields_are_sealed_and_metadata_stays_in_clear(make_desk: DeskFactory) -> None:
    desk = make_desk()
    rid = planted(desk)
    stored = all_stored_bytes(desk)
    for secret in (CANARY_NAME, CANARY_ID, "金丝雀文本", "心理筛查结果未反馈班主任"):
        assert secret.encode() not in stored
    assert "测试区第一中学".encode() in stored, "non-sensitive facts stay readable"
    assert SEALED.encode() in stored
    view = reopened(make_desk, desk).get_review(rid)
    assert view["incident"]["student"]["name"] == CANARY_NAME
    assert view["aspects"]["daily_conduct"]["text"] == CANARY_TEXT


@pytest.mark.stores("sqlite", "postgres")
def test_a_ciphertext_copied_into_another_review_fails_to_open_and_is_reported(
    make_desk: DeskFactory,
) -> None:
    desk = make_desk()
    source, target = planted(desk), s.ready(desk)
    raw = Raw(desk)
    source_state = json.loads(raw.state(source, 9))  # an AspectWritten event
    target_state = json.loads(raw.state(target, 9))
    target_state["text"] = source_state["text"]
    raw.set_state(target, 9, json.dumps(target_state).encode())
    with pytest.raises(ReviewDamaged) as damaged:
        reopened(make_desk, desk).get_review(target)
    finding = damaged.value.finding
    assert (finding["problem"], finding["version"]) == ("event_unreadable", 9)
    assert "moved" in finding["detail"]


@pytest.mark.stores("sqlite", "postgres")
def test_a_ciphertext_moved_to_another_field_fails_to_open(make_desk: DeskFactory) -> None:
    desk = make_desk()
    rid = planted(desk)
    raw = Raw(desk)
    state = json.loads(raw.state(rid, 1))  # Registered: the student is sealed
    aspect = json.loads(raw.state(rid, 9))  # AspectWritten of the same review: the text
    state["student"] = aspect["text"]
    raw.set_state(rid, 1, json.dumps(state).encode())
    with pytest.raises(ReviewDamaged, match="event_unreadable"):
        reopened(make_desk, desk).get_review(rid)


@pytest.mark.stores("sqlite", "postgres")
def test_erasure_destroys_the_key_and_the_history_stays_verifiable(
    make_desk: DeskFactory, tmp_path: Path
) -> None:
    desk = make_desk()
    rid = planted(desk)
    for n in range(50):  # enough events for a snapshot
        desk.write_aspect(rid, aspect="daily_conduct", text=f"{CANARY_TEXT}{n}", actor=s.OFFICER)
    raw = Raw(desk)
    wrapped = raw.wrapped_key(rid)
    snapshot_state = raw.snapshot_state(rid)
    assert wrapped is not None
    assert snapshot_state is not None
    # A piece of the sealed snapshot (a whole row may span overflow pages).
    sealed = json.loads(snapshot_state)["state"][SEALED].encode()
    snapshot = sealed[100:164]
    files = tmp_path / "var"
    if not raw.postgres:
        before = b"".join(p.read_bytes() for p in files.glob("fupan.sqlite3*"))
        assert wrapped in before, "the search can find the key"
        assert snapshot in before, "the search can find the snapshot"
    desk.erase_personal_data(rid, reason="依法受理监护人删除申请", actor=s.OFFICER)

    fresh = reopened(make_desk, desk)
    view = fresh.get_review(rid)
    assert view["erased"] is True
    assert view["incident"]["student"]["name"] == ERASED
    assert view["incident"]["student"]["id_number"] == ERASED
    assert view["aspects"]["family_and_parenting"]["text"] == ERASED
    assert view["incident"]["school"] == "测试区第一中学"
    last = fresh.history(rid)[-1]
    assert (last["event"], last["actor"]) == ("PersonalDataErased", str(s.OFFICER))
    assert last["data"]["reason"] == "依法受理监护人删除申请"
    assert raw.wrapped_key(rid) is None
    assert raw.snapshot_state(rid) is None
    report = verify_store(fresh, ServerKeys(fresh.recorder, fresh.keys.keyring))  # type: ignore[attr-defined]
    assert report.ok, report.problems
    with pytest.raises(DomainError) as refused:
        fresh.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE, actor=s.OFFICER)
    assert refused.value.code == "personal_data_erased"
    if not raw.postgres:
        after = b"".join(p.read_bytes() for p in files.glob("fupan.sqlite3*"))
        assert wrapped not in after, "no copy of the wrapped key in free pages or the log"
        assert snapshot not in after
        for secret in (CANARY_NAME, CANARY_ID, "金丝雀文本"):
            assert secret.encode() not in after


def test_erasure_is_allowed_on_a_closed_review_and_only_once(desk: ReviewDesk) -> None:
    rid = s.closed(desk)
    desk.erase_personal_data(rid, reason="依法受理监护人删除申请", actor=s.OFFICER)
    with pytest.raises(DomainError) as refused:
        desk.erase_personal_data(rid, reason="再次申请删除", actor=s.OFFICER)
    assert refused.value.code == "personal_data_erased"
    with pytest.raises(DomainError) as refused:
        desk.open_correction(rid, reason="需要更正事件经过", actor=s.OFFICER)
    assert refused.value.code == "personal_data_erased"


@pytest.mark.stores("sqlite", "postgres")
def test_rotation_rewraps_every_key_and_retires_the_old_master_key(
    make_desk: DeskFactory, tmp_path: Path
) -> None:
    desk = make_desk()
    reviews = [planted(desk), s.closed(desk), s.sent(desk)]
    before = {rid: desk.get_review(rid) for rid in reviews}
    keys = ServerKeys(desk.recorder, desk.keys.keyring)  # type: ignore[attr-defined]
    keys.signing_key()
    old = MasterKeyring.from_file(tmp_path / "var" / "master.key")
    stored_before = all_stored_bytes(desk)
    progress: list[tuple[int, int]] = []

    result = rotate(desk.recorder, desk.keys.keyring, lambda *p: progress.append(p))  # type: ignore[attr-defined]

    keys_held = 3 + len(desk.list_accounts())  # reviews and the signatories' accounts
    assert (result.data_keys, result.server_keys) == (keys_held, len(keys.public_keys()))
    assert progress[-1] == (keys_held, keys_held)
    assert all_stored_bytes(desk) == stored_before, "no event is rewritten"
    fresh = make_desk()
    assert {rid: fresh.get_review(rid) for rid in reviews} == before
    assert [k.id for k in MasterKeyring.from_file(tmp_path / "var" / "master.key").keys] == [
        result.new_key_id
    ]
    old.source = None  # no reloading from the file: the old key alone
    for review_id, master_id, wrapped in Raw(desk).all_wrapped_keys():
        with pytest.raises((MasterKeyError, CiphertextRejected)):
            old.unwrap(master_id, wrapped, purpose(UUID(review_id)))


def test_the_development_key_file_is_readable_by_its_owner_only(
    desk: ReviewDesk, tmp_path: Path
) -> None:
    mode = stat.S_IMODE((tmp_path / "var" / "master.key").stat().st_mode)
    assert mode == 0o600


def test_no_personal_data_reaches_the_logs(
    desk: ReviewDesk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rid = planted(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    desk.get_review(rid)
    for secret in (CANARY_NAME, CANARY_ID, "金丝雀文本"):
        assert secret not in caplog.text
