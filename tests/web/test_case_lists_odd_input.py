"""Odd input on the forms only a city-wide officer reaches (the lists of themes and
experts) and on the statistics page and export: never a server error (issue 21)."""

from __future__ import annotations

from typing import Any

from domain.reference import ReferenceEntry
from tests import scenario as s
from tests.web.conftest import Browser

ODD = ["", "   ", "x" * 20_001, "校" * 201, "\x00\x07", "2026-13-45", "-1", "true", "*"]


def test_odd_input_on_the_case_lists(app: Any, desk: Any) -> None:
    b = Browser(app.test_client())
    b.login("officer.city")
    b.get("/lists")
    s.ensure_theme(desk)
    desk.add_expert(
        code="E1", name="王", specialities=["法律"], jurisdictions=["*"], actor=s.OFFICER
    )
    theme = ReferenceEntry.create_id("theme", s.THEME)
    expert = ReferenceEntry.create_id("expert", "E1")
    fails = []
    for path, names in (
        ("/lists", ["kind", "code", "label"]),
        ("/lists/experts", ["code", "name", "unit", "specialities", "jurisdictions", "account"]),
        (f"/lists/{expert}/details", ["unit", "specialities", "jurisdictions", "account"]),
        (f"/lists/{theme}/details", ["unit", "specialities", "jurisdictions", "account"]),
        (f"/lists/{theme}/label", ["label"]),
        ("/statistics/export", ["format", "year", "internal"]),
    ):
        for odd in ODD:
            for name in names:
                data = dict.fromkeys(names, "x")
                data[name] = odd
                code = b.post(path, data).status_code
                if code >= 500:
                    fails.append((path, name, repr(odd)[:20], code))
    for q in ("?year=abc", "?year=99999", "?year=%00", "?speciality=" + "x" * 500):
        r = b.get("/statistics" + q)
        if r.status_code >= 500:
            fails.append(("/statistics", q, r.status_code))
    assert fails == []
