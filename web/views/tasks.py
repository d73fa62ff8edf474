"""My tasks: what waits on the signed-in person, with deadlines, a page of each kind."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, request

from web.schemas.tasks import TaskCursors
from web.security import signed_in, workspace

bp = Blueprint("tasks", __name__)


@bp.get("/tasks")
@signed_in
def mine() -> Any:
    """Aspects to write, slots to sign, measures not yet taken (``?write=``, ``?sign=``,
    ``?measures=``: the cursor of the next page of that kind)."""
    g.on_error = lambda feedback: render_template(
        "tasks.html", tasks=workspace().tasks(), cursors={}
    )
    cursors = TaskCursors.shared().load_form(request.args)
    after = {k: v for k, v in vars(cursors).items() if v}
    return render_template("tasks.html", tasks=workspace().tasks(after=after), cursors=after)
