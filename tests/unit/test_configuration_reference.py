"""Configuration for production is documented in one place: docs/operations.md lists every
variable that infrastructure/settings.py and log_settings.py read."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_variable_the_settings_read_is_in_the_reference() -> None:
    read = {
        name
        for module in ("settings.py", "log_settings.py")
        for name in re.findall(r'"(FUPAN_[A-Z_]+)"', (ROOT / "infrastructure" / module).read_text())
    }
    assert {"FUPAN_BASE_URL", "FUPAN_LOG_FORMAT", "FUPAN_WORKERS", "FUPAN_BIND"} <= read
    reference = (ROOT / "docs/operations.md").read_text("utf-8")
    missing = sorted(name for name in read if f"`{name}`" not in reference)
    assert not missing, f"docs/operations.md does not list {missing}"
