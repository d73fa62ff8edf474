"""Notifications in the site: the list (newest first), opening one (read, then its page),
and 催办 on a review. The header shows the unread count on every page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from application.notifying import CHECKLIST_KINDS, SIGN_REQUESTED, WEEKLY_DIGEST
from application.views import NotificationView
from domain.account_rules import Role
from web.app import services
from web.schemas.report import Urge
from web.security import signed_in, workspace
from web.views.reviews import act
from web.views.reviews import bp as reviews_bp

bp = Blueprint("inbox", __name__)


@bp.get("/notifications")
@signed_in
def notifications() -> Any:
    return render_template("notifications.html", items=workspace().notifications())


@bp.get("/notifications/<key>")
@signed_in
def open_one(key: str) -> Any:
    """Mark the notification read and go to what it is about (a link, so that opening it
    from the list is one click; reading is the only change)."""
    return redirect(target(workspace().open_notification(key)))


@bp.post("/notifications/read")
@signed_in
def read_all() -> Any:
    workspace().mark_all_read()
    return redirect(url_for("inbox.notifications"))


@reviews_bp.post("/reviews/<review_id>/urge")
@signed_in
def urge(review_id: str) -> Any:
    """催办: press the holders of the review's pending items."""

    def run(rid: UUID) -> int:
        data = Urge().load_form(request.form)
        return workspace().urge(rid, note=data.note)

    # Back to the top of the page, where the confirmation shows.
    return act(review_id, "main", _("The holders of the pending items were urged."), run)


def target(item: NotificationView) -> str:
    if item["kind"] == WEEKLY_DIGEST:
        return url_for("reviews.dashboard")
    if item["kind"] in CHECKLIST_KINDS:
        return url_for(
            "checklists.column",
            round_id=item["review_id"],
            jurisdiction=item.get("place", ""),
            _anchor=f"item-{item['subject']}",
        )
    if item["kind"] == SIGN_REQUESTED and item["subject"]:
        return url_for("signing.page", review_id=item["review_id"], slot=item["subject"])
    return url_for("reviews.show", review_id=item["review_id"])


def unread() -> int:
    """The header's badge: unread notifications of the signed-in person (none for an
    administrator, who sees no case content)."""
    if not current_user.is_authenticated:
        return 0
    principal = current_user.principal
    if principal.role is Role.ADMINISTRATOR:
        return 0
    return services().desk.store.count_unread(principal.account_id)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(unread_notifications=unread, notification_target=target)
