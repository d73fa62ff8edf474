"""Storage edits grant nothing (issue 13): a list-index row edited in the database does not
open a review to another jurisdiction's officer; a token row written without the server
secret opens nothing (tests/web/api/test_api.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask

from application.desk import ReviewDesk
from tests.web.conftest import own_review
from web.app import settings_of


def edit_the_index(app: Flask, review_id: object, jurisdiction: str) -> int:
    """What someone with write access to the database file would do."""
    database = Path(settings_of(app).database_path)
    with sqlite3.connect(database) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        changed = 0
        for table in tables & {"review_index", "review_list"}:
            changed += db.execute(
                f"UPDATE {table} SET jurisdiction = ? WHERE review_id = ?",
                (jurisdiction, str(review_id)),
            ).rowcount
    return changed


def test_an_edited_index_row_opens_no_review(
    app: Flask, as_user: Any, api: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    other = as_user("officer.other")
    assert other.get(f"/reviews/{rid}").status_code == 404
    assert edit_the_index(app, rid, "另一区") >= 1
    assert other.get(f"/reviews/{rid}").status_code == 404
    assert other.get(f"/reviews/{rid}/history").status_code == 404
    assert api("officer.other").call("GET", f"/reviews/{rid}").status_code == 404
    assert not [r for r in desk.access_records(rid) if r["what"] == "review"]
    # The review's own officer still decides from the review itself.
    assert as_user("officer").get(f"/reviews/{rid}").status_code == 200
