"""The hash of the signed content names its algorithm (decision 27): SHA-256 by default,
SM3 on a store of the national suite; the SM3 digest is the standard's (GB/T 32905 example
1 through the same function)."""

from __future__ import annotations

import hashlib
import json

import pytest

from domain.content import algorithm_of, content_hash


def test_each_algorithm_names_itself_and_hashes_the_canonical_json() -> None:
    content = {"b": "复盘", "a": 1}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert content_hash(content) == "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
    assert (
        content_hash(content, "sm3") == "sm3:" + hashlib.new("sm3", canonical.encode()).hexdigest()
    )
    assert algorithm_of(content_hash(content, "sm3")) == "sm3"
    assert algorithm_of(content_hash(content)) == "sha256"
    assert algorithm_of(None) == "sha256"  # never sent: the default
    with pytest.raises(ValueError, match="md5"):
        content_hash(content, "md5")


def test_sm3_is_the_standards() -> None:
    """GB/T 32905-2016, example 1: SM3("abc")."""
    assert hashlib.new("sm3", b"abc").hexdigest() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
