"""``fupan checklist templates [--json]``: the checklist templates in the store (issue 23),
each with its items (number, category, task, deadline, level); ``fupan checklist rounds
[--json]``: the rounds issued, each jurisdiction's counts as of today (Shanghai) and its
submissions."""

from __future__ import annotations

import json
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from web.app import desk


@click.group("checklist")
def checklist() -> None:
    """The notice's work lists: checklist templates and the rounds issued."""


@checklist.command("templates")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def templates(as_json: bool) -> None:
    """Every template with its items."""
    found = desk(current_app).checklist_templates()
    shown: list[dict[str, Any]] = [
        {
            "code": t.template.code,
            "title": t.template.title,
            "version": t.version,
            "active": t.active,
            "items": [
                {
                    "number": i.number,
                    "category": i.category,
                    "task": i.task,
                    "deadline": i.deadline.text,
                    "level": i.level.value,
                }
                for i in t.template.items
            ],
        }
        for t in found
    ]
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    for t in shown:
        click.echo(f"{t['title']} ({t['code']}, v{t['version']}): {len(t['items'])} items")
        for i in t["items"]:
            click.echo(f"  {i['number']:>3}. [{i['category']}] {i['deadline']} · {i['task']}")


@checklist.command("rounds")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def rounds(as_json: bool) -> None:
    """Every round, newest first, with each jurisdiction's items by standing."""
    the_desk = desk(current_app)
    shown: list[dict[str, Any]] = []
    for issued in the_desk.checklist_rounds():
        matrix = the_desk.round_matrix(issued.id)
        shown.append(
            {
                "id": str(issued.id),
                "title": issued.title,
                "template": issued.template,
                "template_version": issued.template_version,
                "starts_on": issued.starts_on.isoformat(),
                "ends_on": issued.ends_on.isoformat(),
                "as_of": matrix.today.isoformat(),
                "jurisdictions": [
                    {
                        "jurisdiction": place,
                        "submissions": matrix.submitted[place],
                        **matrix.counts(place),
                    }
                    for place in matrix.jurisdictions
                ],
            }
        )
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    for r in shown:
        click.echo(f"{r['title']} ({r['starts_on']} – {r['ends_on']}, as of {r['as_of']})")
        for j in r["jurisdictions"]:
            click.echo(
                f"  {j['jurisdiction']}: done {j['done']}, in progress {j['in_progress']}, "
                f"not applicable {j['not_applicable']}, not started {j['not_started']}, "
                f"overdue {j['overdue']}; submitted {j['submissions']} time(s)"
            )
