"""Notification settings (one's own e-mail address, confirmed by a code, and whether
notifications also go by e-mail) and, for administrators, the messages not delivered."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web.app import services
from web.schemas.contact import CodeForm, DeliveryForm, EmailForm, WebhookForm
from web.security import as_uuid, signed_in, workspace

bp = Blueprint("contact", __name__)


def _page(feedback: dict[str, Any] | None = None, form: Any = None) -> Any:
    feedback = feedback or {}
    return render_template(
        "contact.html",
        contact=workspace().my_contact(),
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
        form=form or {},
        failed_form=request.form.get("form_name") if feedback else None,
        mail_on=services().mailer.settings.enabled,
    )


@bp.get("/account/notifications")
@signed_in
def settings() -> Any:
    return _page()


@bp.post("/account/notifications/email")
@signed_in
def email() -> Any:
    """Set an address: a six-digit code is sent to it, to confirm it is one's own."""
    g.on_error = lambda feedback: _page(feedback, request.form)
    data = EmailForm().load_form(request.form)
    workspace().set_my_email(data.email, services().mailer)
    flash(_("A confirmation code was sent to %(address)s.", address=data.email), "success")
    return redirect(url_for("contact.settings", _anchor="confirm"))


@bp.post("/account/notifications/confirm")
@signed_in
def confirm() -> Any:
    g.on_error = lambda feedback: _page(feedback, request.form)
    data = CodeForm().load_form(request.form)
    workspace().confirm_my_email(data.code)
    flash(_("Your e-mail address is confirmed."), "success")
    return redirect(url_for("contact.settings"))


@bp.post("/account/notifications/delivery")
@signed_in
def delivery() -> Any:
    g.on_error = lambda feedback: _page(feedback, request.form)
    data = DeliveryForm().load_form(request.form)
    workspace().choose_my_delivery(data.delivery)
    flash(_("Your choice is saved."), "success")
    return redirect(url_for("contact.settings"))


@bp.get("/admin/outbox")
@signed_in
def outbox() -> Any:
    """Messages that could not be delivered yet (or were given up), newest first."""
    return render_template("outbox.html", messages=workspace().undelivered_messages())


def _webhooks_page(feedback: dict[str, Any] | None = None, form: Any = None) -> Any:
    feedback = feedback or {}
    return render_template(
        "webhooks.html",
        webhooks=workspace().webhooks(),
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
        form=form or {},
    )


@bp.get("/admin/webhooks")
@signed_in
def webhooks() -> Any:
    return _webhooks_page()


@bp.post("/admin/webhooks")
@signed_in
def add_webhook() -> Any:
    g.on_error = lambda feedback: _webhooks_page(feedback, request.form)
    data = WebhookForm().load_form(request.form)
    workspace().add_webhook(
        jurisdiction=data.jurisdiction, kind=data.kind, url=data.url, secret=data.secret
    )
    flash(_("The webhook is added."), "success")
    return redirect(url_for("contact.webhooks"))


@bp.post("/admin/webhooks/<webhook_id>/active")
@signed_in
def webhook_active(webhook_id: str) -> Any:
    g.on_error = _webhooks_page
    workspace().set_webhook_active(as_uuid(webhook_id), active=request.form.get("active") == "1")
    return redirect(url_for("contact.webhooks"))
