"""The password rule: 42 weak candidates refused, ten good passphrases accepted."""

from __future__ import annotations

import pytest

from domain.errors import InvalidValue
from infrastructure.passwords import Argon2Passwords
from web.demo import DEMO_PASSWORD

WEAK = [
    "aaaaaaaa",
    "Admin@123",
    "88888888a",
    "zhangsan123",
    "woaini1314520",
    "passwordpassword",
    "12345678",
    "password",
    "qwertyuiop",
    "1qaz2wsx",
    "woaini520",
    "5201314520",
    "iloveyou1",
    "abc123456",
    "a1234567",
    "Aa123456",
    "admin123",
    "Passw0rd!",
    "P@ssw0rd",
    "qq123456",
    "11111111",
    "00000000",
    "zxcvbnm1",
    "asdfghjkl",
    "wangwei123",
    "liming888",
    "zhangwei520",
    "chenjie1990",
    "huanghao666",
    "lilei2008",
    "fupan2026",
    "fupan123",
    "Fupan@2026",
    "jiaoyuju123",
    "xuexiao123",
    "beijing2008",
    "zhongguo1949",
    "1qaz@WSX",
    "abcd1234",
    "woainima",
    "nihao123",
    "laopo520",
]
GOOD = [
    DEMO_PASSWORD,
    "correct-horse-battery-9",
    "river stone lantern 42",
    "blue-tiger-sings-at-dawn",
    "mango tractor velvet 77",
    "test-passphrase-2026",
    "journey-passphrase-2026",
    "victim-passphrase-1",
    "a-brand-new-passphrase-5",
    "秋天的银杏叶金黄色2026",
]
ACCOUNT_WORDS = ["zhang.min", "张敏", "fupan", "复盘"]
PASSWORDS = Argon2Passwords(time_cost=1, memory_kib=8)


def test_the_lists_are_what_the_issue_names() -> None:
    assert len(WEAK) == 42
    assert len(set(WEAK)) == 42
    assert len(GOOD) == 10


@pytest.mark.parametrize("password", WEAK)
def test_every_weak_candidate_is_refused(password: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        PASSWORDS.check_strength(password, ACCOUNT_WORDS)
    assert refused.value.field == "password"


@pytest.mark.parametrize("password", GOOD)
def test_every_good_passphrase_is_accepted(password: str) -> None:
    PASSWORDS.check_strength(password, ACCOUNT_WORDS)


def test_the_accounts_own_words_and_spacing_do_not_make_a_password() -> None:
    for password in ("zhang.min2026", "zhangmin 2026", "zhang   min  1990"):
        with pytest.raises(InvalidValue):
            PASSWORDS.check_strength(password, ACCOUNT_WORDS)
