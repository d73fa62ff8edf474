"""``fupan reference import FILE.csv`` and ``fupan accounts create --jurisdiction``, as an
operator uses them on the server (SQLite)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from web.cli import main


@pytest.fixture
def fupan(tmp_path: Path) -> Any:
    environ = {
        "FUPAN_ENV": "test",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
    }

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, env=environ)

    return run


def test_an_import_with_a_bom_adds_entries_and_reports_bad_rows_by_line(
    fupan: Any, tmp_path: Path
) -> None:
    made = fupan(
        "accounts", "create", "officer.old", "--role", "case_officer",
        "--jurisdiction", "老城区", "--unit", "老城区教育局", "--password-stdin",
        input="an-operator-passphrase-9\n",
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    csv = tmp_path / "list.csv"
    csv.write_bytes(
        "\ufeffkind,code,label,parent\n"
        "school,XS01,西山区第一中学,西山区\n"
        "jurisdiction,西山区,西山区,\n"
        "school,BQ01,北区学校,北区\n"
        "jurisdiction,,无代码,\n"
        "school,XS02,西山区第二中学\n".encode()
    )
    result = fupan("reference", "import", str(csv))
    assert result.exit_code == 1
    assert "added 2" in result.output
    assert "line 4: parent: not_in_list" in result.output
    assert "line 5: code: required" in result.output
    assert "line 6: 3 values for 4 columns" in result.output
    # 老城区 was listed when its officer's account was created: nothing unlisted
    assert "not listed" not in result.output
    again = fupan("reference", "import", str(csv))
    assert "added 0" in again.output
    assert "unchanged 2" in again.output


def test_an_import_says_what_is_wrong_with_the_header_or_the_encoding(
    fupan: Any, tmp_path: Path
) -> None:
    bad_header = tmp_path / "header.csv"
    bad_header.write_text("类别,代码\njurisdiction,东区\n", encoding="utf-8")
    result = fupan("reference", "import", str(bad_header))
    assert result.exit_code == 2
    assert "line 1" in result.output
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("kind,code\njurisdiction,东区\n".encode("gbk"))
    result = fupan("reference", "import", str(gbk))
    assert result.exit_code == 2
    assert "UTF-8" in result.output
