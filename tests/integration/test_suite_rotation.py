"""A store moved from the standard suite to the national one (decision 27): nothing stored
is rewritten, each record names its suite, and the mixed history verifies across the
boundary, in the store and in an audit bundle; `fupan init --suite sm` and `fupan keys
rotate --suite sm` as an operator runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner

from application.desk import ReviewDesk
from infrastructure.integrity import audit, checkpoints
from infrastructure.integrity.server_keys import ServerKeys
from tests import scenario as s
from tests.conftest import DeskFactory, reopened, store_environ
from tests.files import samples
from tests.integration.raw import Raw
from web.cli import main

pytestmark = pytest.mark.stores("sqlite")


def keys(desk: ReviewDesk) -> ServerKeys:
    return ServerKeys(desk.recorder, desk.keys.keyring)  # type: ignore[attr-defined]


def fupan(environ: dict[str, str], *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=environ, catch_exceptions=False)
    return result.exit_code, result.output


def sealed_suites(raw: Raw, rid: UUID) -> set[str]:
    """The suites named by the sealed fields of a review's stored events."""
    found: set[str] = set()
    version = 1
    while True:
        try:
            state: dict[str, Any] = json.loads(raw.state(rid, version))
        except (TypeError, LookupError):
            return found
        found |= {v["suite"] for v in state.values() if isinstance(v, dict) and "suite" in v}
        version += 1


def column(raw: Raw, table: str, name: str) -> list[str]:
    with raw.cursor() as c:
        c.execute(f"SELECT {name} FROM {table} ORDER BY 1")
        return [str(r[name]) for r in c.fetchall()]


def test_a_store_rotated_to_sm_verifies_across_the_boundary(
    make_desk: DeskFactory, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    environ = store_environ("sqlite", tmp_path, request)
    desk = make_desk()
    old = s.ready(desk)
    attachment = desk.add_attachment(
        old, content=samples.pdf(), filename="旧.pdf", kind="other", actor=s.OFFICER
    )
    desk.send_for_signature(old, actor=s.OFFICER)
    s.sign_all(desk, old)
    desk.close_review(old, actor=s.OFFICER)
    assert desk.get_review(old)["signoff"]["content_hash"].startswith("sha256:")
    checkpoints.create(desk.store, keys(desk), desk.clock.now())
    raw = Raw(desk)
    stored_before = {
        (rid, v): raw.state(rid, v) for rid in (old,) for v in range(1, 4)
    }  # fmt: skip

    code, out = fupan(environ, "keys", "rotate", "--yes", "--no-progress", "--suite", "sm")
    assert code == 0, out
    assert "fupan-sm-2026" in out

    after = make_desk()  # a process started after the rotation
    new = s.closed(after)
    # The old review goes on with its own (standard) data key; the new one is sealed by SM4.
    after.open_correction(old, reason="更正事件经过中的日期", actor=s.OFFICER)
    after.write_aspect(old, aspect="daily_conduct", text=s.SUBSTANTIVE + "更正", actor=s.OFFICER)
    # What signatories sign is hashed as the store hashes when it is sent: SHA-256 before
    # the move, SM3 after; each hash names its algorithm and compares with its own kind.
    assert after.get_review(new)["signoff"]["content_hash"].startswith("sm3:")
    after.send_for_signature(old, actor=s.OFFICER)
    assert after.get_review(old)["signoff"]["content_hash"].startswith("sm3:")
    s.sign_all(after, old)
    after.close_review(old, actor=s.OFFICER)
    assert all(sig["valid"] for sig in after.verify_signatures(old))
    checkpoints.create(after.store, keys(after), after.clock.now())

    raw = Raw(after)
    assert {k: raw.state(*k) for k in stored_before} == stored_before, "nothing rewritten"
    assert sealed_suites(raw, old) == {"fupan-2026"}
    assert sealed_suites(raw, new) == {"fupan-sm-2026"}
    tables = raw.tables
    assert set(column(raw, tables.data_keys, "suite")) == {"fupan-2026", "fupan-sm-2026"}
    assert set(column(raw, tables.server_keys, "suite")) == {"fupan-2026", "fupan-sm-2026"}
    links = column(raw, tables.chain, "suite")
    boundary = links.index("fupan-sm-2026")
    assert set(links[:boundary]) == {"fupan-2026"}
    assert set(links[boundary:]) == {"fupan-sm-2026"}
    assert [c["suite"] for c in after.store.select_checkpoints()] == [
        "fupan-2026",
        "fupan-sm-2026",
    ]
    # Everything reads back and verifies: MACs, checkpoints, both kinds of signatures.
    fresh = reopened(make_desk, after)
    assert fresh.get_review(old)["aspects"]["daily_conduct"]["text"].endswith("更正")
    assert fresh.attachment_file(old, attachment).content == samples.pdf()  # type: ignore[arg-type]
    report = audit.verify_store(fresh, keys(fresh))
    assert report.ok, report.problems
    assert report.unauthenticated_links == 0
    assert report.checkpoints == 2
    assert report.signatures
    assert all(sig["valid"] for sig in report.signatures)
    bundle = tmp_path / "bundle.zip"
    manifest = audit.export_bundle(fresh, keys(fresh), bundle, fresh.clock.now())
    assert manifest["suite"] == "fupan-sm-2026"
    offline = audit.verify_bundle(bundle)
    assert offline.ok, offline.problems
    assert offline.events == report.events
    code, out = fupan(environ, "verify", "--json", "--quiet")
    assert code == 0, out
    code, out = fupan(environ, "keys", "suites", "--json")
    assert code == 0, out
    shown = json.loads(out)
    assert shown["current"]["suite"] == "sm"
    assert set(shown["records"]["data_keys"]) == {"fupan-2026", "fupan-sm-2026"}
    assert shown["records"]["checkpoints"] == {"fupan-2026": 1, "fupan-sm-2026": 1}
    assert sum(shown["records"]["chain_links"].values()) == report.events


def test_init_chooses_the_suite_of_a_new_store_and_refuses_to_change_an_existing_one(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    environ = store_environ("sqlite", tmp_path, request)
    code, out = fupan(environ, "init", "--suite", "sm")
    assert code == 0, out
    assert "SM4-GCM" in out
    code, out = fupan(environ, "init", "--suite", "standard")
    assert code == 1
    assert "keys rotate --suite" in out
    code, out = fupan(environ, "init")  # without --suite: the store keeps its own
    assert code == 0, out
    assert "crypto suite: sm" in out
    code, out = fupan(environ, "verify", "--json", "--quiet")
    assert code == 0, out


def test_a_wrong_suite_in_the_environment_names_the_variable(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    environ = store_environ("sqlite", tmp_path, request) | {"FUPAN_CRYPTO_SUITE": "gost"}
    code, out = fupan(environ, "init")
    assert code == 2
    assert "FUPAN_CRYPTO_SUITE" in out
