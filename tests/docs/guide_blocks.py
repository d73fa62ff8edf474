"""The fenced code blocks of the guides, with their tags (``run``, ``check``, ``manual``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDES = [
    ROOT / "docs/operations.md",
    ROOT / "docs/zh/运维指南.md",
    ROOT / "docs/zh/操作手册.md",
    ROOT / "docs/zh/密码应用说明.md",
]
TAGS = ("run", "check", "manual")
FENCE = re.compile(r"^(\s*)(```+)(.*)$")


@dataclass(frozen=True)
class Block:
    guide: Path
    line: int  # of the opening fence, 1-based
    language: str
    tag: str  # "run", "check", "manual" or "" (untagged)
    args: tuple[str, ...]  # after the tag: the checking tool and its arguments
    text: str

    @property
    def where(self) -> str:
        return f"{self.guide.relative_to(ROOT)}:{self.line}"

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.text.splitlines() if line.strip()), "")


def blocks(guide: Path) -> list[Block]:
    found: list[Block] = []
    lines = guide.read_text("utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        indent, fence, info = opening.groups()
        words = info.split()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
            j += 1
        tag = words[1] if len(words) > 1 and words[1] in TAGS else ""
        found.append(
            Block(
                guide=guide,
                line=i + 1,
                language=words[0] if words else "",
                tag=tag,
                args=tuple(words[2:]) if tag else (),
                text="\n".join(body) + "\n",
            )
        )
        i = j + 1
    return found


def every_block() -> list[Block]:
    return [b for guide in GUIDES if guide.exists() for b in blocks(guide)]
