"""Issue 13: storage edits are findings, never crashes; a review whose stored history does
not read back is shown as damaged, never from a stale snapshot; a forged event appended
with a recomputed link is caught by the chain's MAC."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from application.desk import SNAPSHOT_INTERVAL, ReviewDesk
from application.errors import ReviewDamaged
from infrastructure.integrity import audit, checkpoints
from infrastructure.integrity.report import Report
from infrastructure.integrity.server_keys import ServerKeys
from tests import scenario as s
from tests.conftest import DeskFactory, reopened, store_environ
from tests.integration.raw import Raw
from tests.integration.tampering import TAMPERING, forge_a_member, long_review
from web.cli import main

pytestmark = [pytest.mark.stores("sqlite", "postgres"), pytest.mark.suites]


def keys(desk: ReviewDesk) -> ServerKeys:
    return ServerKeys(desk.recorder, desk.keys.keyring)  # type: ignore[attr-defined]


def verified(desk: ReviewDesk) -> Report:
    return audit.verify_store(desk, keys(desk))


def fupan_verify(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[int, dict[str, Any]]:
    """``fupan verify --json`` on the test's store, as the operator runs it."""
    store = request.node.callspec.params["make_desk"]
    environ = store_environ(store, tmp_path, request)
    result = CliRunner().invoke(
        main, ["verify", "--json", "--quiet"], env=environ, catch_exceptions=False
    )
    return result.exit_code, json.loads(result.stdout)


# ---- a forged event appended with a recomputed link ---------------------------------


def test_a_forged_event_with_a_recomputed_link_is_reported(
    make_desk: DeskFactory, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    desk = make_desk()
    rid = s.ready(desk)
    version = desk.get_review(rid)["version"]
    raw = Raw(desk)
    position = forge_a_member(raw, rid, version)
    # The forgery reads back (the chain's hashes agree), so only the MAC can tell.
    team = reopened(make_desk, desk).get_review(rid)["team"]
    assert str(UUID(int=7)) in {m["account_id"] for m in team}
    code, report = fupan_verify(request, tmp_path)
    assert code == 1
    assert report["first_problem"]["problem"] == "link_unauthenticated"
    assert report["first_problem"]["position"] == position
    assert report["links"]["unauthenticated"] == 0  # every genuine link carries a MAC
    # Keyless, an exported bundle sees the missing MAC too.
    bundle = tmp_path / "bundle.zip"
    audit.export_bundle(desk, keys(desk), bundle, desk.clock.now())
    offline = audit.verify_bundle(bundle)
    found = [(p.position, p.problem) for p in offline.problems]
    assert found == [(position, "link_unauthenticated")]
    # A MAC copied from another link does not fit this one.
    raw.copy_mac(position - 1, position)
    assert [(p.position, p.problem) for p in verified(desk).problems] == [
        (position, "link_mac_invalid")
    ]


def test_stripping_every_mac_is_caught_by_a_checkpoint(make_desk: DeskFactory) -> None:
    desk = make_desk()
    rid = s.ready(desk)
    checkpoints.create(desk.store, keys(desk), desk.clock.now())
    raw = Raw(desk)
    raw.strip_macs()  # every link now looks like an earlier release's...
    position = forge_a_member(raw, rid, desk.get_review(rid)["version"])
    report = verified(desk)
    # ...but the signed checkpoint names the first authenticated link.
    assert report.problems[0].problem == "link_unauthenticated"
    assert position in {p.position for p in report.problems}


# ---- tampering with a stream that has a snapshot ------------------------------------


@pytest.mark.parametrize("name", list(TAMPERING))
def test_damage_in_a_snapshotted_stream_is_a_finding_and_the_review_shows_it(
    make_desk: DeskFactory, name: str
) -> None:
    desk = make_desk()
    rid = long_review(desk)
    raw = Raw(desk)
    position = raw.position_of(rid, 10)
    problem, version = TAMPERING[name](raw, rid)
    report = verified(desk)  # no exception escapes
    assert not report.ok
    found = [(p.problem, p.stream, p.version) for p in report.problems]
    assert (problem, str(rid), version) in found
    if name != "a flipped bit in the snapshot":
        # The chain and contiguity checks come first, naming the position.
        assert report.problems[0].position in (position, position + 1)
    with pytest.raises(ReviewDamaged) as damaged:
        reopened(make_desk, desk).get_review(rid)
    finding = damaged.value.finding
    assert (finding["problem"], finding["version"]) == (problem, version)
    assert finding["stream"] == str(rid)


def test_a_store_of_an_earlier_release_gains_the_new_columns(make_desk: DeskFactory) -> None:
    """Links, checkpoints and snapshots written before this release have no MAC, no first
    authenticated link and no chain link: the columns are added when fupan starts, and
    what was written before counts as unauthenticated, not tampered."""
    desk = make_desk()
    rid = long_review(desk)
    raw = Raw(desk)
    with raw.cursor() as c:
        for table, column in (
            (raw.tables.chain, "mac"),
            (raw.tables.chain, "mac_key"),
            (raw.tables.checkpoints, "macs_from"),
            (raw.snapshots, "chain_link"),
        ):
            c.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    upgraded = reopened(make_desk, desk)
    report = verified(upgraded)
    assert report.ok, report.problems
    assert (report.unauthenticated_links, report.snapshots) == (report.events, 1)
    upgraded.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE, actor=s.OFFICER)
    assert verified(upgraded).authenticated_links == 1
    assert upgraded.get_review(rid)["version"] == SNAPSHOT_INTERVAL + 5
