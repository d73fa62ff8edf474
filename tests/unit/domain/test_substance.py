"""Rule 1: an aspect counts only with substantive content."""

from __future__ import annotations

import pytest

from domain.substance import is_placeholder, is_substantive, meaningful


@pytest.mark.parametrize(
    "text",
    [
        "无",
        "暂无",
        "略",
        "待补充",
        "同上",
        "TBD",
        "N/A",
        "n/a",
        " 暂无。",
        "待补充待补充待补充",
        "啊" * 22,
        "x" * 24,
        "。。。，，，",
        "",
    ],
)
def test_placeholders_and_repeated_characters_are_not_substantive(text: str) -> None:
    assert is_placeholder(text)
    assert not is_substantive(text, min_chars=1)


def test_only_cjk_letters_and_digits_count_towards_the_minimum() -> None:
    assert meaningful("该生，平时 表现-良好! 2 次") == "该生平时表现良好2次"
    assert not is_substantive("该生平时表现良好。", min_chars=20)
    assert is_substantive("该生平时表现良好，学习成绩中等，与同学关系融洽。", min_chars=20)


def test_the_minimum_is_configurable() -> None:
    text = "家长长期在外务工"
    assert not is_substantive(text, min_chars=20)
    assert is_substantive(text, min_chars=8)


def test_english_text_counts_letters() -> None:
    assert is_substantive("The student was usually calm and attentive in class.", min_chars=20)
