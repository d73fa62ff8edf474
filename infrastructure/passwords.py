"""Passwords: argon2id hashes (argon2-cffi) and the rules for new passwords.

8 to 128 characters, not the username, and not on a list of common passwords: zxcvbn's
list of frequent passwords plus a list of those common in China, shipped with fupan.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher as Argon2
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from domain.errors import InvalidValue, Reason

MIN_LENGTH = 8
MAX_LENGTH = 128
CHINESE_LIST = Path(__file__).with_name("common_passwords_zh.txt")


@cache
def common_passwords() -> frozenset[str]:
    shipped = CHINESE_LIST.read_text("utf-8").split()
    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(p.lower() for p in shipped)


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

    def check_strength(self, password: str, username: str) -> None:
        if not isinstance(password, str) or len(password) < MIN_LENGTH:
            raise InvalidValue("password", Reason.PASSWORD_TOO_SHORT)
        if len(password) > MAX_LENGTH:
            raise InvalidValue("password", Reason.PASSWORD_TOO_LONG)
        lowered = password.lower()
        if lowered in common_passwords() or lowered == username.lower():
            raise InvalidValue("password", Reason.PASSWORD_TOO_COMMON)
