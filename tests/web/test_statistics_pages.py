"""The statistics page, its exports and the lists of themes and experts (issue 21):
scoped by role; charts drawn on the server as SVG with presentation attributes only; the
published export names no school; the internal one is recorded; ``fupan stats``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import account, other_review, own_review
from web.cli import main


def test_inspectors_see_every_jurisdiction_and_a_county_officer_their_own(
    as_user: Any, desk: ReviewDesk
) -> None:
    own_review(desk)
    other_review(desk)
    everything = as_user("inspector").get("/statistics").text
    assert "测试区" in everything
    assert "另一区" in everything
    county = as_user("officer").get("/statistics").text
    assert "测试区" in county
    assert "另一区" not in county
    assert "统计" in county  # Chinese by default
    for who in ("investigator", "signatory", "admin"):
        assert as_user(who).get("/statistics").status_code in (403, 302)


def test_charts_are_svg_with_presentation_attributes_only(as_user: Any, desk: ReviewDesk) -> None:
    own_review(desk)
    page = as_user("inspector").get("/statistics").text
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) >= 7
    for svg in svgs:
        assert "style=" not in svg
        assert "<script" not in svg
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "<title>" in svg
    assert '<table class="stats">' in page


def test_a_bad_year_is_refused_naming_the_field(as_user: Any) -> None:
    response = as_user("inspector").get("/statistics?year=abc")
    assert response.status_code in (400, 422)
    assert "year" in response.text or "年度" in response.text


def test_the_page_exports_published_and_internal(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    school = desk.get_review(rid)["incident"]["school"]
    b = as_user("officer")
    b.get("/statistics")
    published = b.post("/statistics/export", {"format": "csv"})
    assert published.status_code == 200
    assert published.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in published.headers["Content-Disposition"]
    text = published.data.decode("utf-8-sig")
    assert school not in text
    assert "公开统计" in text
    assert "*" in text  # one review: every count below 5 is suppressed
    assert not desk.access_records()
    internal = b.post("/statistics/export", {"format": "xlsx", "internal": "true"})
    assert internal.status_code == 200
    assert internal.data[:2] == b"PK"
    assert [r["what"] for r in desk.access_records()] == ["statistics_internal:2026"]
    bad = b.post("/statistics/export", {"format": "pdf"})
    assert bad.status_code in (400, 422)


def test_city_wide_officers_keep_the_themes(as_user: Any, desk: ReviewDesk) -> None:
    city = as_user("officer.city")
    assert city.get("/lists").status_code == 200
    added = city.post("/lists", {"kind": "theme", "code": "家校沟通", "label": "家校沟通"})
    assert added.status_code == 302
    assert "家校沟通" in city.get("/lists").text
    assert [r.code for r in desk.reference_entries("theme")] == ["家校沟通"]
    refused = city.post("/lists", {"kind": "jurisdiction", "code": "新区"})
    assert refused.status_code in (400, 422)
    for who in ("officer", "inspector", "admin"):
        b = as_user(who)
        assert b.get("/lists").status_code in (403, 302)
    admin = as_user("admin")
    assert admin.post("/admin/reference", {"kind": "theme", "code": "X"}).status_code in (
        400,
        403,
        422,
    )
    assert "家校沟通" not in admin.get("/admin/reference").text


def test_fupan_stats_writes_a_published_or_internal_file(tmp_path: Path) -> None:
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "cli")}
    runner = CliRunner()
    assert runner.invoke(main, ["demo"], env=env, catch_exceptions=False).exit_code == 0
    out = tmp_path / "stats.csv"
    done = runner.invoke(
        main, ["stats", "--year", "2026", "--format", "csv", "--output", str(out)], env=env
    )
    assert done.exit_code == 0, done.output
    text = out.read_bytes().decode("utf-8-sig")
    assert "复盘统计" in text
    assert "东湖区第七中学" not in text
    xlsx = tmp_path / "stats.xlsx"
    done = runner.invoke(
        main,
        ["stats", "--year", "2026", "--format", "xlsx", "--internal", "--output", str(xlsx)],
        env=env,
    )
    assert done.exit_code == 0, done.output
    assert xlsx.read_bytes()[:2] == b"PK"
    assert oct(xlsx.stat().st_mode & 0o777) == "0o600"
    bad = runner.invoke(main, ["stats", "--year", "1800", "--output", str(out)], env=env)
    assert bad.exit_code == 2
    assert "year" in bad.output


def test_the_expert_pool_is_kept_on_its_page_and_picked_on_the_review(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = s.ready(desk)  # 测试区, the expert party already on it
    desk.remove_member(rid, account_id=s.MEMBERS["expert"], actor=s.OFFICER)
    for place in ("测试区", "另一区"):
        desk.ensure_reference(
            kind="jurisdiction", code=place, label=place, actor=s.OFFICER, source="t"
        )
    city = as_user("officer.city")
    city.get("/lists")
    for code, name, places in (("E1", "王某", ["测试区"]), ("E2", "李某", ["另一区"])):
        added = city.post(
            "/lists/experts",
            {
                "code": code,
                "name": name,
                "unit": "市精神卫生中心",
                "specialities": "精神卫生、心理咨询",
                "jurisdictions": places,
                "account": "investigator",
            },
        )
        assert added.status_code == 302, added.text
    refused = city.post("/lists/experts", {"code": "E3", "name": "赵某", "specialities": "法律"})
    assert refused.status_code == 422
    assert "jurisdictions" in refused.text or "属地" in refused.text
    page = as_user("officer").get(f"/reviews/{rid}").text
    assert "王某" in page
    assert "李某" not in page  # serves another jurisdiction
    b = as_user("officer")
    b.get(f"/reviews/{rid}")
    appointed = b.post(
        f"/reviews/{rid}/members",
        {"form_name": "member", "account": str(account("investigator")), "party": "expert"},
    )
    assert appointed.status_code == 302
    assert "expert" not in desk.get_review(rid)["parties_missing"]
    assert "心理咨询" in as_user("officer").get(f"/reviews/{rid}?speciality=心理咨询").text
