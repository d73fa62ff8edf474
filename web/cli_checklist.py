"""``fupan checklist templates [--json]``: the checklist templates in the store (issue 23),
each with its items (number, category, task, deadline, level)."""

from __future__ import annotations

import json
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from web.app import desk


@click.group("checklist")
def checklist() -> None:
    """The notice's work lists: checklist templates (rounds are to come)."""


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
