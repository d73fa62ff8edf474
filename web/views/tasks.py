"""My tasks: what waits on the signed-in person, with deadlines, a page of each kind."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, request
from markupsafe import Markup

from application.views import Tasks
from web.fragments import kept
from web.schemas.tasks import TaskCursors
from web.security import signed_in, workspace

bp = Blueprint("tasks", __name__)


@bp.get("/tasks")
@signed_in
def mine() -> Any:
    """Aspects to write, slots to sign, measures not yet taken (``?write=``, ``?sign=``,
    ``?measures=``: the cursor of the next page of that kind)."""
    g.on_error = lambda feedback: page(workspace().tasks(), {})
    cursors = TaskCursors.shared().load_form(request.args)
    after = {k: v for k, v in vars(cursors).items() if v}
    return page(workspace().tasks(after=after), after)


def page(tasks: Tasks, cursors: dict[str, str]) -> Any:
    """The page; its body is kept beside the three answers it shows (``web.fragments``)."""
    answers = (tasks["write"], tasks["sign"], tasks["measures"])
    body = kept(
        "tasks_body",
        answers,
        lambda: Markup(render_template("tasks_body.html", tasks=tasks, cursors=cursors)),  # noqa: S704
    )
    return render_template("tasks.html", body=body)
