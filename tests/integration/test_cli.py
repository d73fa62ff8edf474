"""The ``fupan`` command, as an operator uses it on the server (SQLite)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from application.accounts import account_id_for
from web.cli import main
from web.demo import ACCOUNTS


@pytest.fixture
def fupan(tmp_path: Path) -> Any:
    environ = {
        "FUPAN_ENV": "test",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
    }

    def run(*args: str, input: str | None = None, **env: str) -> Result:
        return CliRunner().invoke(
            main, list(args), input=input, env={**environ, **env}, catch_exceptions=False
        )

    return run


def loaded(fupan: Any) -> list[dict[str, Any]]:
    assert fupan("demo").exit_code == 0
    result = fupan("reviews", "list", "--json")
    assert result.exit_code == 0
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_init_creates_the_database_under_the_data_directory(fupan: Any, tmp_path: Path) -> None:
    result = fupan("init")
    assert result.exit_code == 0
    assert (tmp_path / "var" / "fupan.sqlite3").exists()


def test_the_demo_has_reviews_in_every_state(fupan: Any) -> None:
    reviews = loaded(fupan)
    keys = {"id", "school", "jurisdiction", "occurred_on", "due_on", "days_left", "status", "late"}
    assert all(keys <= set(r) for r in reviews)
    statuses = {r["status"] for r in reviews}
    assert statuses == {
        "registered",
        "investigating",
        "awaiting_signatures",
        "closed",
        "correcting",
    }
    assert any(r["overdue"] for r in reviews)
    assert any(r["late"] for r in reviews)
    assert any(r["status"] == "closed" and not r["late"] for r in reviews)
    assert any(0 <= r["days_left"] <= 3 and not r["submitted"] for r in reviews)
    assert len({r["jurisdiction"] for r in reviews}) >= 4


def test_the_demo_loads_once(fupan: Any) -> None:
    loaded(fupan)
    again = fupan("demo")
    assert again.exit_code == 0
    assert len(json.loads(fupan("reviews", "list", "--json").output)) == 7


def test_no_demo_data_in_production(fupan: Any) -> None:
    key = "mk-test:" + base64.b64encode(bytes(range(32))).decode()
    secret = "s" * 48
    result = fupan("demo", FUPAN_ENV="production", FUPAN_MASTER_KEY=key, FUPAN_SECRET_KEY=secret)
    assert result.exit_code == 1
    assert "production" in result.output
    assert json.loads(fupan("reviews", "list", "--json").output) == []


def test_production_refuses_to_start_without_a_master_key_and_says_why(fupan: Any) -> None:
    result = fupan("reviews", "list", FUPAN_ENV="production")
    assert result.exit_code == 2
    assert "FUPAN_MASTER_KEY_FILE" in result.output


def test_show_prints_the_whole_review_with_personal_data(fupan: Any) -> None:
    review = loaded(fupan)[0]
    result = fupan("reviews", "show", review["id"], "--json")
    view = json.loads(result.output)
    assert view["id"] == review["id"]
    assert view["incident"]["student"]["name"]
    assert view["incident"]["student"]["id_number"].startswith("999999"), "synthetic"
    assert set(view["aspects"]) <= {
        "daily_conduct",
        "family_and_parenting",
        "trigger_and_course",
        "risks_and_measures",
    }
    text = fupan("reviews", "show", review["id"])
    assert text.exit_code == 0
    assert "截止日期" in text.output


def test_show_reads_an_earlier_moment(fupan: Any) -> None:
    corrected = next(r for r in loaded(fupan) if r["status"] == "correcting")
    history = json.loads(fupan("reviews", "history", corrected["id"], "--json").output)
    closing = next(h for h in history if h["event"] == "Closed")
    then = json.loads(
        fupan("reviews", "show", corrected["id"], "--as-of", closing["at"], "--json").output
    )
    assert (then["status"], then["version"]) == ("closed", closing["version"])
    by_version = json.loads(
        fupan("reviews", "show", corrected["id"], "--version", "1", "--json").output
    )
    assert by_version["status"] == "registered"


def test_history_says_what_when_and_by_whom(fupan: Any) -> None:
    review = loaded(fupan)[0]
    history = json.loads(fupan("reviews", "history", review["id"], "--json").output)
    assert history[0]["event"] == "Registered"
    assert all({"event", "at", "actor", "version", "stream"} <= set(h) for h in history)
    assert fupan("reviews", "history", review["id"]).exit_code == 0


def test_reindex_rebuilds_the_same_list(fupan: Any) -> None:
    before = loaded(fupan)
    result = fupan("reindex")
    assert result.exit_code == 0
    assert "7" in result.output
    assert json.loads(fupan("reviews", "list", "--json").output) == before


@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (["reviews", "show", "not-an-id"], 2, "REVIEW_ID"),
        (["reviews", "show", "6f1c1b1e-0000-4000-8000-000000000000"], 1, "review_not_found"),
        (["reviews", "list", "--status", "finished"], 2, "status"),
        (
            ["reviews", "show", "6f1c1b1e-0000-4000-8000-000000000000", "--as-of", "yesterday"],
            2,
            "--as-of",
        ),
    ],
)
def test_bad_arguments_give_a_clear_message_and_a_non_zero_exit(
    fupan: Any, args: list[str], code: int, says: str
) -> None:
    result = fupan(*args)
    assert result.exit_code == code
    assert says in result.output


def test_a_bad_configuration_is_explained(fupan: Any) -> None:
    result = fupan("reviews", "list", FUPAN_ENV="staging")
    assert result.exit_code == 2
    assert "FUPAN_ENV" in result.output


def test_an_operator_registers_an_incident_and_is_recorded_as_its_actor(fupan: Any) -> None:
    result = fupan(
        "reviews",
        "register",
        "--occurred-on",
        "2026-11-20",
        "--school",
        "测试学校",
        "--jurisdiction",
        "测试区",
        "--category",
        "drowning",
        "--off-premises",
        "--student-name",
        "测试学生乙",
        "--student-gender",
        "male",
        FUPAN_OPERATOR="op.zhang",
    )
    assert result.exit_code == 0, result.output
    review_id = result.output.split()[0]
    assert "2026-12-04" in result.output
    history = json.loads(fupan("reviews", "history", review_id, "--json").output)
    assert history[0]["actor"] == str(account_id_for("op.zhang"))


def test_registering_with_a_bad_category_changes_nothing(fupan: Any) -> None:
    result = fupan(
        "reviews",
        "register",
        "--occurred-on",
        "2026-11-20",
        "--school",
        "测试学校",
        "--jurisdiction",
        "测试区",
        "--category",
        "flood",
        "--off-premises",
        "--student-name",
        "测试学生丙",
    )
    assert result.exit_code == 2
    assert "category" in result.output
    assert json.loads(fupan("reviews", "list", "--json").output) == []


def test_verify_checkpoint_and_an_offline_bundle(fupan: Any, tmp_path: Path) -> None:
    loaded(fupan)
    assert fupan("checkpoint").exit_code == 0
    report = fupan("verify", "--json")
    assert report.exit_code == 0
    assert json.loads(report.stdout)["checkpoints"] == 1
    bundle = tmp_path / "audit.zip"
    assert fupan("export-audit-bundle", str(bundle)).exit_code == 0
    held = tmp_path / "held.json"
    assert fupan("export-checkpoints", str(held)).exit_code == 0
    # No database, no key, not even a valid configuration: the bundle verifies alone.
    offline = fupan(
        "verify-bundle",
        str(bundle),
        "--checkpoints",
        str(held),
        FUPAN_ENV="production",
        FUPAN_DATA_DIR=str(tmp_path / "nowhere"),
    )
    assert offline.exit_code == 0, offline.output
    assert "intact" in offline.output
    assert not (tmp_path / "nowhere").exists()
    # Every personal signature is checked, each with its key's provenance.
    signatures = [line for line in offline.output.splitlines() if "key " in line]
    assert signatures
    assert all("valid" in line and "issued with the account" in line for line in signatures)


def test_the_operator_approves_a_request_as_the_second_person(fupan: Any) -> None:
    """A county with one administrator is not deadlocked: the operator at the server
    approves, and the enrolment code is printed once."""
    loaded(fupan)
    pending = fupan("accounts", "requests")
    assert pending.exit_code == 0
    [line] = [x for x in pending.output.splitlines() if "demo.inspector.new" in x]
    request_id = line.split()[0]
    approved = fupan("accounts", "approve", request_id)
    assert approved.exit_code == 0, approved.output
    assert "enrolment code" in approved.output
    # Asked again before the holder enrolled (a lost slip): a new code, the old one void.
    again = fupan("accounts", "approve", request_id)
    assert again.exit_code == 0
    assert again.output.splitlines()[-1] != approved.output.splitlines()[-1]
    assert fupan("accounts", "approve", "not-an-id").exit_code == 2
    assert "demo.inspector.new" not in fupan("accounts", "requests").output


def test_verify_starts_at_the_newest_checkpoint_shows_progress_and_walks_all_on_request(
    fupan: Any,
) -> None:
    loaded(fupan)
    assert fupan("checkpoint").exit_code == 0
    fupan("reindex")
    default = fupan("verify")
    assert default.exit_code == 0
    assert "since checkpoint" in default.stdout
    assert "events (100%)" in default.stderr
    everything = fupan("verify", "--all", "--quiet")
    assert everything.exit_code == 0
    assert "since checkpoint" not in everything.stdout
    assert everything.stderr == ""
    assert json.loads(fupan("verify", "--all", "--json", "--quiet").stdout)["scope"] == "everything"


def test_verify_exits_non_zero_and_names_the_place_when_altered(fupan: Any, tmp_path: Path) -> None:
    import sqlite3

    loaded(fupan)
    with sqlite3.connect(tmp_path / "var" / "fupan.sqlite3") as db:
        position, version = db.execute(
            "SELECT rowid, originator_version FROM stored_events "
            "WHERE topic LIKE '%AspectWritten' ORDER BY rowid LIMIT 1"
        ).fetchone()
        db.execute(
            "UPDATE stored_events SET state = CAST('{}' AS BLOB) WHERE rowid = ?", (position,)
        )
    result = fupan("verify", "--json")
    assert result.exit_code == 1
    first = json.loads(result.stdout)["first_problem"]
    assert (first["position"], first["problem"], first["version"]) == (
        position,
        "link_mismatch",
        version,
    )
    assert "link_mismatch" in fupan("verify").output


def test_erasing_personal_data_is_re_confirmed(fupan: Any) -> None:
    review = loaded(fupan)[0]["id"]
    refused = fupan("erase-personal-data", review, "--reason", "依法受理删除申请", input="no\n")
    assert refused.exit_code == 1
    assert json.loads(fupan("reviews", "show", review, "--json").output)["erased"] is False
    done = fupan("erase-personal-data", review, "--reason", "依法受理删除申请", input=review + "\n")
    assert done.exit_code == 0, done.output
    shown = fupan("reviews", "show", review)
    assert "已擦除" in shown.output
    assert fupan("verify").exit_code == 0


def test_keys_create_and_rotate(fupan: Any, tmp_path: Path) -> None:
    key_file = tmp_path / "keys" / "master.json"
    created = fupan("keys", "create", str(key_file))
    assert created.exit_code == 0
    assert fupan("keys", "create", str(key_file)).exit_code == 1, "never overwritten"
    env = {"FUPAN_MASTER_KEY_FILE": str(key_file)}
    before = json.loads(fupan("reviews", "list", "--json", **env).output)
    assert fupan("demo", **env).exit_code == 0
    reviews = json.loads(fupan("reviews", "list", "--json", **env).output)
    assert before == []
    assert len(reviews) == 7
    rotated = fupan("keys", "rotate", "--yes", **env)
    assert rotated.exit_code == 0, rotated.output
    # Reviews, accounts and the demo's work list round's four columns.
    assert f"{7 + len(ACCOUNTS) + 4} data keys" in rotated.output
    for review in reviews:
        assert fupan("reviews", "show", review["id"], "--json", **env).exit_code == 0


def test_reading_a_review_from_the_cli_is_recorded_as_the_operator(
    fupan: Any, tmp_path: Path
) -> None:
    from infrastructure.settings import Settings
    from web.app import build_desk

    review = loaded(fupan)[0]["id"]
    assert fupan("reviews", "show", review, FUPAN_OPERATOR="op.wang").exit_code == 0
    desk = build_desk(
        Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")})
    )
    records = desk.access_records()
    desk.close()
    last = records[-1]
    assert (last["what"], last["actor"], last["review_id"]) == (
        "cli_show",
        str(account_id_for("op.wang")),
        review,
    )


def test_verify_full_reports_a_drifted_index_and_an_unusable_data_key(
    fupan: Any, tmp_path: Path
) -> None:
    """Issue 13: plain verify is keyless and checks the history; --full, on the server with
    the master key, also finds an edited index row and a data key that no longer opens."""
    import sqlite3

    loaded(fupan)
    assert fupan("verify", "--full").exit_code == 0
    with sqlite3.connect(tmp_path / "var" / "fupan.sqlite3") as db:
        [review_id] = db.execute("SELECT review_id FROM review_list LIMIT 1").fetchone()
        db.execute("UPDATE review_list SET jurisdiction = 'x' WHERE review_id = ?", (review_id,))
        # another review's key (a review whose key is gone is damaged, not drifted)
        [owner] = db.execute(
            "SELECT owner_id FROM data_keys WHERE owner_id <> ? LIMIT 1", (review_id,)
        ).fetchone()
        db.execute("UPDATE data_keys SET wrapped = X'00112233' WHERE owner_id = ?", (owner,))
    assert fupan("verify").exit_code == 0, "the history itself is intact"
    full = fupan("verify", "--full", "--json", "--quiet")
    assert full.exit_code == 1
    found = {(p["problem"], p.get("stream")) for p in json.loads(full.stdout)["problems"]}
    assert ("index_drift", review_id) in found
    assert ("data_key_unusable", owner) in found


def test_a_checkpoint_of_an_empty_history_is_explained_not_a_traceback(fupan: Any) -> None:
    result = fupan("checkpoint")
    assert result.exit_code == 0
    assert "nothing to sign" in result.output
