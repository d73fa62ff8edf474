"""What changed between two report revisions, section by section, down to the character
(the aspects are Chinese prose, where words are not separated by spaces)."""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from typing import Any

from application.views import Change

# Sections whose items are names of the domain (a field, a role, an aspect), shown by name;
# the others' items are ids (a member, a risk point, a measure).
NAMED_SECTIONS = frozenset({"incident", "student", "signatories", "aspects"})


def text_changes(before: str, after: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in equal/delete/insert, character by character."""
    segments: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", before[a1:a2]))
        if op in ("delete", "replace"):
            segments.append(("delete", before[a1:a2]))
        if op in ("insert", "replace"):
            segments.append(("insert", after[b1:b2]))
    return segments


def _flatten(content: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Each comparable piece of signed content as text, keyed by (section, item)."""
    pieces: dict[tuple[str, str], str] = {}
    incident = dict(content["incident"])
    student = incident.pop("student")
    for key, value in incident.items():
        pieces[("incident", key)] = str(value)
    for key, value in student.items():
        pieces[("student", key)] = str(value)
    for member in content["team"]:
        pieces[("team", member["account_id"])] = f"{member['name']}（{member['party']}）"
    for role, who in content["signatories"].items():
        pieces[("signatories", role)] = who["name"]
    for aspect, text in content["aspects"].items():
        pieces[("aspects", aspect)] = text
    for key, text in content["risk_points"].items():
        pieces[("risk_points", key)] = text
    for key, measure in content["measures"].items():
        pieces[("measures", key)] = json.dumps(measure, ensure_ascii=False, sort_keys=True)
    return pieces


def revision_changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Every piece that was added, removed or changed, with its text changes."""
    old, new = _flatten(before), _flatten(after)
    changes: list[Change] = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key, ""), new.get(key, "")
        if a == b:
            continue
        kind = "added" if key not in old else "removed" if key not in new else "changed"
        changes.append(
            {
                "section": key[0],
                "item": key[1],
                "kind": kind,
                "before": a,
                "after": b,
                "segments": text_changes(a, b),
                "named": key[0] in NAMED_SECTIONS,
            }
        )
    return changes
