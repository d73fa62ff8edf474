"""Rule 8: the history is append-only and tamper-evident, verifiable offline."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from infrastructure.integrity import audit, checkpoints
from infrastructure.integrity.report import Report
from infrastructure.integrity.server_keys import ServerKeys
from tests import scenario as s
from tests.conftest import DeskFactory, reopened
from tests.files import samples
from tests.integration.raw import Raw

pytestmark = [pytest.mark.stores("sqlite", "postgres"), pytest.mark.suites]


def keys(desk: ReviewDesk) -> ServerKeys:
    return ServerKeys(desk.recorder, desk.keys.keyring)  # type: ignore[attr-defined]


def history_of_three(desk: ReviewDesk) -> tuple[UUID, UUID, UUID]:
    return s.closed(desk), s.sent(desk), s.register(desk)


def verified(desk: ReviewDesk, held: dict[str, Any] | None = None) -> Report:
    return audit.verify_store(desk, keys(desk), held)


def bundle_of(desk: ReviewDesk, tmp_path: Path) -> Report:
    path = tmp_path / "bundle.zip"
    audit.export_bundle(desk, keys(desk), path, desk.clock.now())
    return audit.verify_bundle(path)


def test_an_intact_history_verifies_in_the_store_and_in_a_bundle(
    make_desk: DeskFactory, tmp_path: Path
) -> None:
    desk = make_desk()
    before = verified(desk).streams  # a store rotated from the standard suite has a past
    history_of_three(desk)
    checkpoints.create(desk.recorder, keys(desk), desk.clock.now())  # type: ignore[arg-type]
    report = verified(desk)
    assert report.ok, report.problems
    accounts = len(desk.list_accounts())  # the signatories of the closed review
    themes = len(desk.reference_entries("theme"))  # the theme its risk points name
    # 3 reviews, 2 sign-offs
    assert (report.streams, report.checkpoints) == (before + 5 + accounts + themes, 1)
    bundled = bundle_of(desk, tmp_path)
    assert bundled.ok, bundled.problems
    assert (bundled.events, bundled.head) == (report.events, report.head)


Tamper = Callable[[Raw, tuple[UUID, UUID, UUID]], int]


def edit_a_byte(raw: Raw, reviews: tuple[UUID, UUID, UUID]) -> int:
    state = bytearray(raw.state(reviews[0], 3))
    state[len(state) // 2] ^= 0x01
    raw.set_state(reviews[0], 3, bytes(state))
    return raw.position_of(reviews[0], 3)


def delete_a_middle_event_and_its_link(raw: Raw, reviews: tuple[UUID, UUID, UUID]) -> int:
    following = raw.position_of(reviews[0], 4)
    raw.delete_event(reviews[0], 3, with_link=True)
    return following


def delete_a_middle_event(raw: Raw, reviews: tuple[UUID, UUID, UUID]) -> int:
    return raw.delete_event(reviews[0], 3)


def swap_two_versions(raw: Raw, reviews: tuple[UUID, UUID, UUID]) -> int:
    second, third = raw.state(reviews[1], 2), raw.state(reviews[1], 3)
    raw.set_state(reviews[1], 2, third)
    raw.set_state(reviews[1], 3, second)
    return raw.position_of(reviews[1], 2)


def move_to_another_stream(raw: Raw, reviews: tuple[UUID, UUID, UUID]) -> int:
    position = raw.position_of(reviews[1], 2)
    raw.move(reviews[1], 2, to=reviews[2], to_version=99)
    return position


TAMPERING: dict[str, tuple[Tamper, str]] = {
    "byte edited": (edit_a_byte, "link_mismatch"),
    "middle event deleted": (delete_a_middle_event, "event_missing"),
    "middle event and link deleted": (delete_a_middle_event_and_its_link, "link_mismatch"),
    "versions swapped": (swap_two_versions, "link_mismatch"),
    "row moved to another stream": (move_to_another_stream, "link_mismatch"),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_tampering_is_detected_naming_the_first_bad_position(
    make_desk: DeskFactory, tmp_path: Path, name: str
) -> None:
    desk = make_desk()
    reviews = history_of_three(desk)
    tamper, problem = TAMPERING[name]
    position = tamper(Raw(desk), reviews)
    for report in (verified(desk), bundle_of(desk, tmp_path)):
        assert not report.ok
        first = report.problems[0]
        assert (first.position, first.problem) == (position, problem)


def test_a_truncated_tail_below_a_checkpoint_is_detected(
    make_desk: DeskFactory, tmp_path: Path
) -> None:
    desk = make_desk()
    history_of_three(desk)
    made = checkpoints.create(desk.recorder, keys(desk), desk.clock.now())  # type: ignore[arg-type]
    held = audit.held_checkpoints(desk, keys(desk))
    raw = Raw(desk)
    raw.truncate_after(made["position"] - 5)
    for report in (verified(desk), bundle_of(desk, tmp_path)):
        assert [p.problem for p in report.problems] == ["truncated_below_checkpoint"]
        assert report.problems[0].position == made["position"]
    # Deleting the stored checkpoints too hides it from the store alone (see
    # docs/integrity.md), but not from an inspector holding the exported checkpoints.
    raw.delete_checkpoints()
    assert verified(desk).ok
    assert [p.problem for p in verified(desk, held).problems] == ["truncated_below_checkpoint"]


def test_a_forged_checkpoint_is_detected(make_desk: DeskFactory) -> None:
    desk = make_desk()
    history_of_three(desk)
    checkpoints.create(desk.recorder, keys(desk), desk.clock.now())  # type: ignore[arg-type]
    held = audit.held_checkpoints(desk, keys(desk))
    held["checkpoints"][0]["head"] = "00" * 32
    assert [p.problem for p in verified(desk, held).problems] == ["checkpoint_signature_invalid"]


def test_a_tampered_snapshot_is_detected(make_desk: DeskFactory) -> None:
    desk = make_desk()
    rid = s.register(desk)
    for n in range(50):
        desk.write_aspect(
            rid, aspect="daily_conduct", text=f"第{n}稿{s.SUBSTANTIVE}", actor=s.OFFICER
        )
    assert verified(desk).snapshots == 1
    raw = Raw(desk)
    state = json.loads(raw.snapshot_state(rid) or b"{}")
    state["state"]["__sealed__"] = state["state"]["__sealed__"][::-1]
    raw.set_snapshot_state(rid, json.dumps(state).encode())
    report = verified(reopened(make_desk, desk))
    assert [p.problem for p in report.problems] == ["snapshot_tampered"]


def test_an_altered_bundle_is_detected(make_desk: DeskFactory, tmp_path: Path) -> None:
    desk = make_desk()
    history_of_three(desk)
    path = tmp_path / "bundle.zip"
    audit.export_bundle(desk, keys(desk), path, desk.clock.now())
    with zipfile.ZipFile(path) as bundle:
        files = {name: bundle.read(name) for name in bundle.namelist()}
    lines = files["events.jsonl"].decode().splitlines()
    row = json.loads(lines[3])
    row["originator_version"] = 7
    lines[3] = json.dumps(row)
    files["events.jsonl"] = ("\n".join(lines) + "\n").encode()
    altered = tmp_path / "altered.zip"
    with zipfile.ZipFile(altered, "w") as bundle:
        for name, body in files.items():
            bundle.writestr(name, body)
    problems = [p.problem for p in audit.verify_bundle(altered).problems]
    assert problems[:2] == ["bundle_file_altered", "link_mismatch"]
    fingerprint = keys(desk).public_keys()[-1]["fingerprint"]  # the newest signs
    assert audit.verify_bundle(path, pinned_fingerprint=fingerprint).ok
    pinned = audit.verify_bundle(path, pinned_fingerprint="0000:0000:0000:0000")
    assert [p.problem for p in pinned.problems] == ["unexpected_signing_key"]


def test_the_chain_has_no_fork_or_gap_with_concurrent_writers(make_desk: DeskFactory) -> None:
    from concurrent.futures import ThreadPoolExecutor

    desks = [make_desk() for _ in range(8)]
    before = verified(desks[0]).events
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda d: [s.register(d) for _ in range(5)], desks))
    report = verified(make_desk())
    assert report.ok, report.problems
    assert report.events == before + 40


def test_every_verifier_checks_personal_signatures_and_names_each_keys_provenance(
    make_desk: DeskFactory, tmp_path: Path
) -> None:
    """Issue 12: a signature made with a key revoked before its time is invalid in
    ``fupan verify`` and in an offline bundle; each signature names its key's provenance."""
    desk = make_desk()
    rid = s.sent(desk)
    s.sign(desk, rid, "school_secretary", s.SIGNATORIES["school_secretary"])
    principal = s.SIGNATORIES["principal"]
    s.ensure_account(desk, principal)
    old_key = desk.get_account(principal)["signing_key_id"]
    for report in (verified(desk), bundle_of(desk, tmp_path)):
        assert report.ok, report.problems
        [signature] = report.signatures
        assert signature["valid"]
        assert signature["key"]["provenance"] == "issued"
    admins = [
        desk.create_account(
            username=f"test.admin.{n}",
            display_name="管理员",
            role="administrator",
            password=s.PASSWORD,
            actor=s.OFFICER,
        )
        for n in ("a", "b")
    ]
    request = desk.request_reset(principal, actor=admins[0])
    assert desk.approve_request(request, actor=admins[1]).code
    desk.clock.advance(minutes=1)  # type: ignore[attr-defined]
    s.forge_signature(desk, rid, "principal", principal, old_key)
    for report in (verified(desk), bundle_of(desk, tmp_path)):
        forged = [x for x in report.signatures if x["slot"] == "principal"]
        assert [x["valid"] for x in forged] == [False]
        assert "revoked" in forged[0]["reason"]
        assert forged[0]["key"]["revoked_at"]
        assert [p.problem for p in report.problems] == ["signature_invalid"]
    # The desk's own check (the timeline, the manifest) agrees.
    assert [c["valid"] for c in desk.verify_signatures(rid)] == [True, False]


@pytest.mark.stores("sqlite", "postgres")
def test_a_bundle_lists_attachments_by_hash_and_holds_none(
    make_desk: DeskFactory, tmp_path: Path
) -> None:

    desk = make_desk()
    rid = s.register(desk)
    content = samples.pdf(samples.MARKER)
    aid = desk.add_attachment(
        rid, content=content, filename="结论.pdf", kind="other", actor=s.OFFICER
    )
    desk.withdraw_attachment(rid, aid, reason="换成正式版本", actor=s.OFFICER)
    path = tmp_path / "bundle.zip"
    audit.export_bundle(desk, keys(desk), path, desk.clock.now())
    assert audit.verify_bundle(path).ok
    with zipfile.ZipFile(path) as bundle:
        listed = json.loads(bundle.read("attachments.json"))
        everything = b"".join(bundle.read(n) for n in bundle.namelist())
    [one] = listed
    assert one["attachment_id"] == str(aid)
    assert one["review_id"] == str(rid)
    assert one["sha256"] == hashlib.sha256(content).hexdigest()
    assert "withdrawn_at_position" in one
    assert samples.MARKER not in everything
    assert "结论".encode() not in everything  # names are sealed
