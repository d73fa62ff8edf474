"""On SQLite, what an upload holds is never in the database file or its write-ahead log in
the clear; after erasure not even its ciphertext is (secure_delete and a log checkpoint)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import scenario as s
from tests.conftest import DeskFactory
from tests.files import samples


@pytest.mark.stores("sqlite")
def test_a_planted_marker_never_reaches_the_files(make_desk: DeskFactory, tmp_path: Path) -> None:
    desk = make_desk()
    rid = s.register(desk)
    content = samples.pdf(samples.MARKER * 2000)
    aid = desk.add_attachment(rid, content=content, filename="a.pdf", kind="other", actor=s.OFFICER)
    files = tmp_path / "var"

    def stored() -> bytes:
        return b"".join(p.read_bytes() for p in files.glob("fupan.sqlite3*"))

    assert samples.MARKER not in stored()
    [sealed] = desk.store.select_attachment_chunks(aid)
    assert sealed[100:164] in stored(), "the search can find the ciphertext"
    assert desk.attachment_file(rid, aid).content == content
    desk.erase_personal_data(rid, reason="依法受理监护人删除申请", actor=s.OFFICER)
    assert sealed[100:164] not in stored()
