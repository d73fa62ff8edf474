"""What a page shows again after a refused form (``web.errors`` passes the feedback to the
view's ``g.on_error``): what was typed, the field errors, the problem, and which of the
page's forms was sent; nothing of it on a plain GET."""

from __future__ import annotations

from typing import Any

from flask import request


def form_feedback(feedback: dict[str, Any] | None) -> dict[str, Any]:
    """The template variables ``form``, ``errors``, ``problem`` and ``failed_form``."""
    feedback = feedback or {}
    return {
        "form": request.form if feedback else {},
        "errors": feedback.get("errors", {}),
        "problem": feedback.get("problem"),
        "failed_form": request.form.get("form_name") if feedback else None,
    }
