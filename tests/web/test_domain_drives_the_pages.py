"""The pages and the CLI take their lists from the domain's enums: a new aspect, party or
role appears wherever the others do; and a signatory sees every part of what they sign."""

from __future__ import annotations

import json
from html import unescape
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from flask import Flask
from flask_babel import force_locale, gettext

from application.desk import ReviewDesk
from domain.account import Role
from domain.account_request import RequestKind, RequestStatus
from domain.values import (
    Aspect,
    Category,
    Gender,
    Mark,
    MeasureStatus,
    Party,
    SignatoryRole,
    Status,
)
from tests import scenario as s
from tests.web.conftest import account, own_review
from web import render
from web.cli import main
from web.i18n import format_day
from web.vocabulary import WORDS

PAGE_ENUMS = [
    Aspect,
    Party,
    SignatoryRole,
    Status,
    Category,
    Gender,
    MeasureStatus,
    Mark,
    Role,
    RequestKind,
    RequestStatus,
]


@pytest.mark.parametrize("enum", PAGE_ENUMS, ids=lambda e: e.__name__)
def test_every_value_the_pages_show_has_a_chinese_word(app: Flask, enum: Any) -> None:
    listed = {str(w._args[0]) for w in WORDS}
    with app.test_request_context(), force_locale("zh_CN"):
        for member in enum:
            assert member.value in listed, f"{member} is missing from web/vocabulary.py"
            assert gettext(member.value) != member.value, f"{member} has no Chinese word"


@pytest.mark.parametrize(
    ("labels", "enum"),
    [
        (render.STATUS, Status),
        (render.ASPECTS, Aspect),
        (render.PARTIES, Party),
        (render.ROLES, SignatoryRole),
        (render.CATEGORIES, Category),
        (render.GENDERS, Gender),
        (render.MEASURE_STATUS, MeasureStatus),
        (render.MARKS, Mark),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_the_cli_labels_every_member(labels: dict[Any, str], enum: Any) -> None:
    assert set(labels) == set(enum)


def words(app: Flask, enum: Any) -> list[str]:
    with app.test_request_context(), force_locale("zh_CN"):
        return [gettext(m.value) for m in enum]


def test_the_review_signing_and_print_pages_show_every_aspect_party_and_slot(
    app: Flask, as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    pages = {
        "review": as_user("officer").get(f"/reviews/{rid}").text,
        "print": as_user("officer").get(f"/reviews/{rid}/print").text,
        "signing": as_user("signatory").get(f"/reviews/{rid}/sign/principal").text,
    }
    for name, page in pages.items():
        for enum in (Aspect, Party, SignatoryRole):
            for word in words(app, enum):
                assert word in page, f"{word} ({enum.__name__}) is missing from the {name} page"


def test_the_cli_shows_every_aspect_party_and_slot(tmp_path: Any) -> None:
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    runner = CliRunner()
    runner.invoke(main, ["demo"], env=env, catch_exceptions=False)
    listed = json.loads(runner.invoke(main, ["reviews", "list", "--json"], env=env).output)
    registered = next(r for r in listed if r["status"] == "registered")
    shown = runner.invoke(main, ["reviews", "show", registered["id"]], env=env).output
    for labels in (render.ASPECTS, render.PARTIES, render.ROLES):
        for label in labels.values():
            assert label in shown


def test_the_signing_page_shows_every_part_of_the_signed_content(
    app: Flask, as_user: Any, desk: ReviewDesk
) -> None:
    """A unique marker in every text field of the signed content; the page shows each one,
    except the student's name and ID number, masked behind the recorded "show" action."""
    rid = own_review(desk)
    desk.amend_incident(
        rid,
        school="校名标记甲",
        jurisdiction="测试区",
        category="drowning",
        on_premises=True,
        student={
            "name": "姓名标记乙",
            "gender": "male",
            "grade_class": "班级标记丙",
            "id_number": s.SYNTHETIC_ID_NUMBER,
        },
        reason="核对事实后更正",
        actor=s.OFFICER,
    )
    for n, aspect in enumerate(Aspect):
        desk.write_aspect(
            rid, aspect=aspect.value, text=f"{s.SUBSTANTIVE}方面标记{n}", actor=s.OFFICER
        )
    view = desk.get_review(rid)
    for n, rp in enumerate(view["risk_points"]):
        desk.revise_risk_point(
            rid,
            risk_point_id=UUID(rp["id"]),
            description=f"风险标记{n}",
            reason="统一标记",
            actor=s.OFFICER,
        )
    for n, m in enumerate(view["measures"]):
        desk.revise_measure(
            rid,
            measure_id=UUID(m["id"]),
            description=f"措施标记{n}",
            addresses=[UUID(a) for a in m["addresses"]],
            owner=f"责任标记{n}",
            due_on="2027-02-03",
            reason="统一标记",
            actor=s.OFFICER,
        )
    desk.send_for_signature(rid, actor=s.OFFICER)
    content = desk._get(rid, None).signed_content()
    b = as_user("signatory")
    page = unescape(b.get(f"/reviews/{rid}/sign/principal").text)

    with app.test_request_context(), force_locale("zh_CN"):
        incident = content["incident"]
        expected = [
            incident["school"],
            incident["jurisdiction"],
            format_day(incident["occurred_on"]),
            gettext(incident["category"]),
            gettext("On school premises"),
            gettext(incident["student"]["gender"]),
            incident["student"]["grade_class"],
            *(m["name"] for m in content["team"]),
            *(gettext(m["party"]) for m in content["team"]),
            *(who["name"] for who in content["signatories"].values()),
            *(gettext(role) for role in content["signatories"]),
            *content["aspects"].values(),
            *content["risk_points"].values(),
            *(m["description"] for m in content["measures"].values()),
            *(m["owner"] for m in content["measures"].values()),
            *(format_day(m["due_on"]) for m in content["measures"].values()),
            gettext("risk point %(n)s", n=1),
        ]
    for text in expected:
        assert text in page, f"the signing page does not show {text!r}"
    assert set(content["signatories"]) == {r.value for r in SignatoryRole}
    for secret in (incident["student"]["name"], incident["student"]["id_number"]):
        assert secret not in page
    assert "姓**" in page
    assert "显示个人信息" in page
    revealed = unescape(b.post(f"/reviews/{rid}/sign/principal/personal-data").text)
    assert incident["student"]["name"] in revealed
    assert incident["student"]["id_number"] in revealed
    reads = {(r["what"], r["actor"]) for r in desk.access_records(rid)}
    assert ("personal_data", str(account("signatory"))) in reads
