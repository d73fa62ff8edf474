"""The interface is Simplified Chinese by default, English when chosen, and remembered."""

from __future__ import annotations

from flask import Flask
from flask_babel import force_locale, gettext

from domain.account import Account
from domain.account_request import AccountRequest
from domain.reference import ReferenceEntry
from tests.web.conftest import Browser


def test_chinese_by_default(browser: Browser) -> None:
    page = browser.get("/login").text
    assert "登录" in page
    assert 'lang="zh-CN"' in page


def test_english_when_chosen_and_remembered(browser: Browser) -> None:
    browser.get("/login")
    response = browser.post("/language", {"language": "en", "next": "/login"})
    assert response.status_code == 302
    page = browser.get("/login").text
    assert "Sign in" in page
    assert "登录" not in page
    browser.post("/language", {"language": "zh_CN", "next": "/login"})
    assert "登录" in browser.get("/login").text


def test_dates_are_written_the_chinese_way(as_user, desk) -> None:  # type: ignore[no-untyped-def]
    from tests import scenario as s

    s.register(desk)
    page = as_user("officer").get("/").text
    assert "2026年11月18日" in page
    assert "2026年12月2日" in page


def test_every_interface_string_has_a_chinese_translation(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )
    with (root / "web/translations/zh_Hans_CN/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    with pot.open("rb") as f:
        wanted = [m.id for m in read_po(f) if m.id]
    missing = [m for m in wanted if not (catalog.get(m) and catalog.get(m).string)]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert missing == []
    assert fuzzy == []


def test_every_event_of_an_account_a_request_and_a_reference_entry_has_a_chinese_name(
    app: Flask,
) -> None:
    """The account history (and a reference entry's) names each event in Chinese."""
    untranslated = []
    with app.test_request_context(), force_locale("zh_CN"):
        for aggregate in (Account, AccountRequest, ReferenceEntry):
            for name in dir(aggregate):  # the mixins' events too (credentials, contact)
                member = getattr(aggregate, name)
                event = isinstance(member, type) and issubclass(member, aggregate.Event)
                if event and name != "Event" and gettext(name) == name:
                    untranslated.append(f"{aggregate.__name__}.{name}")
    assert untranslated == []
