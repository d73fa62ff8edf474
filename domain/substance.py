"""What counts as substantive text in a report (brief, rule 1)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

DEFAULT_MIN_CHARS = 20

# Compared after normalisation: lower case, without whitespace and punctuation.
PLACEHOLDERS = frozenset(
    {
        "无",
        "暂无",
        "略",
        "待补充",
        "同上",
        "见上",
        "不详",
        "未知",
        "待定",
        "空",
        "xx",
        "xxx",
        "tbd",
        "todo",
        "na",
        "none",
        "nil",
        "null",
        "tba",
        "pending",
        "test",
        "测试",
    }
)


# Any one placeholder, repeated.
REPEATED_PLACEHOLDER = re.compile(
    "|".join(f"(?:{re.escape(p)})+" for p in sorted(PLACEHOLDERS, key=len, reverse=True))
)


@lru_cache(maxsize=1024)
def meaningful(text: str) -> str:
    """The characters that carry meaning: CJK characters, letters and digits. (Pure: kept
    for the texts seen last, which every save of a review asks about again.)"""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum()).lower()


@lru_cache(maxsize=1024)
def is_placeholder(text: str) -> bool:
    """True for a placeholder (无, 暂无, TBD, N/A...), repeated or not, or one character
    repeated."""
    core = meaningful(text)
    if not core:
        return True
    if len(set(core)) == 1:
        return True
    return REPEATED_PLACEHOLDER.fullmatch(core) is not None


def is_substantive(text: str, min_chars: int = DEFAULT_MIN_CHARS) -> bool:
    return not is_placeholder(text) and len(meaningful(text)) >= min_chars
