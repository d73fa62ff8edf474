"""What every page template may use: the domain's lists (so that a new aspect, party, role
or status appears on every page that lists them) and the navigation the policy offers."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from application.policy import Area, navigation
from application.presenters import masked
from domain.account import Role
from domain.attachment import AttachmentKind
from domain.values import Aspect, Category, Gender, MeasureStatus, Party, SignatoryRole, Status
from web.badges import age, deadline_badge, task_rows
from web.i18n import current_language

# Where each area of the navigation leads, and its label.
AREAS: dict[Area, tuple[str, Any]] = {
    Area.DASHBOARD: ("reviews.dashboard", _l("Dashboard")),
    Area.TASKS: ("tasks.mine", _l("My tasks")),
    Area.REGISTER: ("reviews.new", _l("Register incident")),
    Area.INTEGRITY: ("audit.integrity", _l("Integrity check")),
    Area.ACCOUNTS: ("admin.accounts", _l("Accounts")),
    Area.REFERENCE: ("admin.reference", _l("Reference data")),
    Area.STATISTICS: ("statistics.page", _l("Statistics")),
    Area.CASE_LISTS: ("statistics.case_lists", _l("Themes and experts")),
    Area.CHECKLISTS: ("checklists.index", _l("Work list")),
}

DOMAIN_LISTS = {
    "ASPECTS": [a.value for a in Aspect],
    "PARTIES": [p.value for p in Party],
    "SIGNATORY_ROLES": [r.value for r in SignatoryRole],
    "STATUSES": [s.value for s in Status],
    "CATEGORIES": [c.value for c in Category],
    "GENDERS": [g.value for g in Gender],
    "ROLES": [r.value for r in Role],
    "MEASURE_STATUSES": [m.value for m in MeasureStatus],
    "ATTACHMENT_KINDS": [k.value for k in AttachmentKind],
}


def nav_links() -> list[tuple[str, str]]:
    """(endpoint, label) for each area the signed-in principal's navigation offers."""
    if not current_user.is_authenticated:
        return []
    areas = navigation(current_user.principal)
    key = (areas, current_language())
    found = _NAV.get(key)
    if found is None:
        found = _NAV[key] = [(AREAS[a][0], str(AREAS[a][1])) for a in areas]
    return found


# The navigation as each set of areas reads in each language (a handful of entries).
_NAV: dict[tuple[tuple[Area, ...], str], list[tuple[str, str]]] = {}


def slot_label(role: str) -> str:
    """A signature slot's one name on every page: 调查人员（学校） for an investigator's
    slot (its role is the party), the fixed signatory's role otherwise."""
    if role in DOMAIN_LISTS["PARTIES"]:
        return str(gettext("investigator (%(party)s)", party=gettext(role)))
    return str(gettext(role))


def colon() -> str:
    """A colon after a label: full-width in Chinese (签字前请完整阅读：…)."""
    locale = get_locale()
    return "：" if locale is not None and locale.language == "zh" else ": "


def labelled(value: str) -> tuple[str, str]:
    """A domain value and its label in the user's language, for a select's options."""
    return value, gettext(value)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        DOMAIN_LISTS,
        nav_links=nav_links,
        deadline_badge=deadline_badge,
        task_rows=task_rows,
        age=age,
        colon=colon,
    )
    app.jinja_env.filters.update(labelled=labelled, mask=masked, slot_label=slot_label)
