"""The user manual (docs/zh/操作手册.md) and its screenshots cannot drift apart: every image it
shows is committed in docs/zh/images/, nothing else is there, and they are exactly the screens
the browser test takes (SCREENS in tests/e2e/test_manual_screens.py; ``make manual-screens``
takes them again and copies them)."""

from __future__ import annotations

import ast
import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MANUAL = ROOT / "docs" / "zh" / "操作手册.md"
IMAGES = MANUAL.parent / "images"
BROWSER_TEST = ROOT / "tests" / "e2e" / "test_manual_screens.py"
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


def screens() -> tuple[str, ...]:
    """SCREENS of the browser test, read without importing it (nor Playwright)."""
    tree = ast.parse(BROWSER_TEST.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "SCREENS" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            assert isinstance(value, tuple)
            return value
    raise AssertionError("SCREENS not found in the browser test")


def shown() -> list[tuple[str, str]]:
    """(caption, path) of every image the manual shows."""
    return IMAGE.findall(MANUAL.read_text(encoding="utf-8"))


def test_every_image_is_a_committed_screenshot_with_a_caption() -> None:
    images = shown()
    assert images, "the manual shows its screenshots"
    for caption, path in images:
        assert path.startswith("images/"), path
        assert path.endswith(".png"), path
        assert (MANUAL.parent / path).is_file(), f"{path} is missing: run make manual-screens"
        assert caption.strip(), f"{path} has no caption (alt text)"


def test_the_manual_shows_exactly_the_screens_the_browser_test_takes() -> None:
    names = [Path(path).stem for _, path in shown()]
    assert len(names) == len(set(names)), "each screenshot is shown once"
    assert sorted(names) == sorted(screens())


def test_nothing_else_is_committed_beside_them() -> None:
    committed = sorted(p.name for p in IMAGES.iterdir())
    assert committed == sorted(f"{name}.png" for name in screens())


def test_the_screenshots_are_of_a_reasonable_size() -> None:
    total = 0
    for path in IMAGES.glob("*.png"):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path.name
        width, height = struct.unpack(">II", data[16:24])
        assert width <= 1366, f"{path.name}: {width} wide"
        assert height <= 1400, f"{path.name}: {height} high, not a whole page"
        assert len(data) < 300_000, path.name
        total += len(data)
    assert total < 3_000_000, f"{total} bytes in all"
