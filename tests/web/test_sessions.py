"""Signing in and out: server-side sessions, timeouts, throttling, browser protections."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask

from infrastructure.clock import SettableClock
from tests.web.conftest import PASSWORD, Browser, account


def session_cookie(b: Browser) -> str:
    cookie = b.client.get_cookie("fupan_session")
    return cookie.value if cookie else ""


def test_signing_in_leads_to_the_dashboard_and_renews_the_session(browser: Browser) -> None:
    browser.get("/login")
    before = session_cookie(browser)
    response = browser.post("/login", {"username": "officer", "password": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert session_cookie(browser) not in ("", before)
    assert browser.get("/").status_code == 200


def test_pages_need_signing_in(browser: Browser) -> None:
    response = browser.get("/tasks")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=/tasks")


def test_after_signing_in_the_user_returns_where_they_were_going(browser: Browser) -> None:
    browser.get("/login?next=/tasks")
    response = browser.post(
        "/login", {"username": "officer", "password": PASSWORD, "next": "/tasks"}
    )
    assert response.headers["Location"] == "/tasks"
    browser.get("/tasks")  # the new session has a new CSRF token
    browser.post("/logout")
    browser.get("/login")
    response = browser.post(
        "/login", {"username": "officer", "password": PASSWORD, "next": "//evil.example/steal"}
    )
    assert response.headers["Location"] == "/", "no redirect off the site"


def test_unknown_and_known_usernames_get_the_same_answer(app: Flask) -> None:
    answers = []
    for username in ("officer", "nobody.here"):
        b = Browser(app.test_client())
        b.get("/login")
        response = b.post("/login", {"username": username, "password": "wrong-password-1"})
        page = re.sub(r'name="csrf_token" value="[^"]+"', "", response.text)
        answers.append((response.status_code, page.replace(username, "USER")))
    assert answers[0][0] == answers[1][0] == 401
    assert answers[0][1] == answers[1][1]


def test_repeated_failures_lock_the_account_for_a_while(app: Flask, clock: SettableClock) -> None:
    b = Browser(app.test_client())
    b.get("/login")
    for _ in range(5):
        assert (
            b.post("/login", {"username": "officer", "password": "wrong-password-1"}).status_code
            == 401
        )
    assert b.post("/login", {"username": "officer", "password": PASSWORD}).status_code == 401
    clock.advance(minutes=16)
    assert b.post("/login", {"username": "officer", "password": PASSWORD}).status_code == 302


def test_a_cookie_replayed_after_logout_is_refused(as_user) -> None:  # type: ignore[no-untyped-def]
    b = as_user("officer")
    stolen = session_cookie(b)
    assert b.post("/logout").status_code == 302
    b.client.set_cookie("fupan_session", stolen)
    response = b.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_disabling_an_account_ends_its_sessions(as_user, desk) -> None:  # type: ignore[no-untyped-def]
    b = as_user("officer")
    admin = as_user("admin")
    admin.get(f"/admin/accounts/{account('officer')}")
    assert admin.post(f"/admin/accounts/{account('officer')}/disable").status_code == 302
    assert b.get("/").status_code == 302
    assert Browser(b.client).login("officer").status_code == 401


def test_idle_and_absolute_timeouts(as_user, clock: SettableClock) -> None:  # type: ignore[no-untyped-def]
    b = as_user("officer")
    clock.advance(minutes=31)
    assert b.get("/").status_code == 302, "idle for over 30 minutes"
    b = as_user("officer")
    for _ in range(13):
        clock.advance(minutes=59)
        response = b.get("/")
    assert response.status_code == 302, "over 12 hours since signing in"


def test_forms_without_the_csrf_token_are_refused(as_user) -> None:  # type: ignore[no-untyped-def]
    b = as_user("officer")
    response = b.client.post("/reviews", data={"school": "某校"})
    assert response.status_code == 400


def test_security_headers_and_no_caching_of_case_pages(as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user("officer").get("/")
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Referrer-Policy" in response.headers


def test_the_session_cookie_is_http_only_and_same_site(browser: Browser) -> None:
    browser.get("/login")
    response = browser.post("/login", {"username": "officer", "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_sessions_last_no_longer_than_twelve_hours(app: Flask) -> None:
    assert app.permanent_session_lifetime <= timedelta(hours=12)
