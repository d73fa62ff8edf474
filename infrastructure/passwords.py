"""Passwords: argon2id hashes (argon2-cffi) and the rules for new passwords.

8 to 128 characters; not on a list of common passwords (zxcvbn's plus a list of those
common in China, shipped with fupan); and hard enough to guess: a zxcvbn score of at least
3, where zxcvbn also knows the words Chinese passwords are built from (pinyin names, woaini,
1314, 520…, shipped with fupan) and the account's own words (username, display name,
jurisdiction, "fupan"). Spaces count for nothing in the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS
from zxcvbn.matching import add_frequency_lists

from domain.errors import InvalidValue, Reason

MIN_LENGTH = 8
MAX_LENGTH = 128
MIN_SCORE = 3
CHINESE_LIST = Path(__file__).with_name("common_passwords_zh.txt")
PINYIN_WORDS = Path(__file__).with_name("pinyin_words.txt")


@cache
def common_passwords() -> frozenset[str]:
    shipped = CHINESE_LIST.read_text("utf-8").split()
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(p.lower() for p in shipped)


@cache
def _pinyin_known() -> bool:
    """Teach zxcvbn the words Chinese passwords are built from (once per process)."""
    sections: dict[str, list[str]] = {}
    current = "words"
    for line in PINYIN_WORDS.read_text("utf-8").splitlines():
        if line.startswith("["):
            current = line.strip("[] ")
        elif not line.startswith("#"):
            sections.setdefault(current, []).extend(line.split())
    surnames, given = sections.get("surnames", []), sections.get("given", [])
    names = [s + g for s in surnames for g in given] + [s + g + g for s in surnames for g in given]
    words = sections.get("words", []) + surnames + given + names
    add_frequency_lists({"pinyin": list(dict.fromkeys(words))})
    return True


def guessable(password: str, user_inputs: Sequence[str]) -> bool:
    """zxcvbn's score below 3, knowing pinyin words and the account's own words; spaces
    count for nothing (``zhang min 1990`` scores as ``zhangmin1990``)."""
    _pinyin_known()
    inputs = [w for word in user_inputs for w in (word, *word.replace(".", " ").split()) if w]
    forms = {" ".join(password.split())[:100], "".join(password.split())[:100]}
    return min(int(zxcvbn(f, user_inputs=inputs)["score"]) for f in forms) < MIN_SCORE


class Argon2Passwords:
    """argon2id, t=3, m=64 MiB, p=1 by default (above OWASP's t=2, m=19 MiB minimum)."""

    def __init__(self, time_cost: int = 3, memory_kib: int = 65536) -> None:
        self.hasher = Argon2(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def check_strength(self, password: str, user_inputs: Sequence[str]) -> None:
        if not isinstance(password, str) or len(password) < MIN_LENGTH:
            raise InvalidValue("password", Reason.PASSWORD_TOO_SHORT)
        if len(password) > MAX_LENGTH:
            raise InvalidValue("password", Reason.PASSWORD_TOO_LONG)
        lowered = password.lower()
        if lowered in common_passwords() or lowered in {w.lower() for w in user_inputs}:
            raise InvalidValue("password", Reason.PASSWORD_TOO_COMMON)
        if guessable(password, user_inputs):
            raise InvalidValue("password", Reason.PASSWORD_TOO_COMMON)
