"""My tasks: what waits on the signed-in person, with deadlines."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from web.security import signed_in, workspace

bp = Blueprint("tasks", __name__)


@bp.get("/tasks")
@signed_in
def mine() -> Any:
    """Aspects to write, slots to sign, measures due."""
    return render_template("tasks.html", tasks=workspace().tasks())
