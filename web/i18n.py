"""Languages: Simplified Chinese by default, English when chosen (remembered in a cookie).
Dates in Asia/Shanghai: 2026年11月29日 in Chinese, ISO in English."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import Flask, g, has_app_context, request
from flask_babel import Babel, get_locale, get_translations, gettext, lazy_gettext

from domain.deadline import CHINA

LANGUAGES = {"zh_CN": "中文", "en": "English"}
COOKIE = "fupan_lang"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "zh_CN")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "Asia/Shanghai")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(Path(__file__).with_name("translations"))
    Babel(app, locale_selector=select_locale)
    # Templates look the catalogue up once per request (a list page translates hundreds
    # of strings; Flask-Babel resolves the catalogue again on every call).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals.update(LANGUAGES=LANGUAGES, current_language=current_language)


def select_locale() -> str:
    chosen = request.cookies.get(COOKIE, "")
    return chosen if chosen in LANGUAGES else "zh_CN"


def translations() -> Any:
    """This request's catalogue (Flask-Babel's), looked up once per request."""
    if not has_app_context():
        return get_translations()
    found = g.get("_fupan_translations")
    if found is None:
        found = g._fupan_translations = get_translations()
    return found


def current_language() -> str:
    """ "en" or "zh_CN", once per request."""
    if not has_app_context():
        return _language()
    found = g.get("_fupan_language")
    if found is None:
        found = g._fupan_language = _language()
    return str(found)


def _language() -> str:
    return "en" if str(get_locale()).startswith("en") else "zh_CN"


def format_day(value: Any) -> str:
    if not value:
        return "—"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if current_language() == "en":
        return day.isoformat()
    return f"{day.year}年{day.month}月{day.day}日"


def format_moment(value: Any) -> str:
    if not value:
        return "—"
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    local = moment.astimezone(CHINA)
    if current_language() == "en":
        return local.strftime("%Y-%m-%d %H:%M")
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


_ = gettext
_l = lazy_gettext
