"""The signed content of a report (brief, rule 4) and its hash.

Covered: the incident facts, the team and the designated signatories, the four aspects,
the risk points, and the measures as proposed (description, the risk points they address,
owner, due date). Not covered: a measure's progress, evidence and status (follow-up).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from domain.values import AspectText, Incident, Measure, Member, RiskPoint, Signatory

# The hash of the signed content names its algorithm (``sha256:<hex>``, ``sm3:<hex>``): a
# store of the national suite hashes what signatories sign with SM3 (decision 27), and a
# hash recorded under either reads back with the algorithm it names. Both come from
# hashlib (OpenSSL's SM3, as the standard library offers it).
CONTENT_HASH_ALGORITHM = "sha256"
CONTENT_HASH_ALGORITHMS = ("sha256", "sm3")


def signed_content(
    *,
    incident: Incident,
    team: Mapping[str, Member],
    signatories: Mapping[str, Signatory],
    aspects: Mapping[str, AspectText],
    risk_points: Mapping[str, RiskPoint],
    measures: Mapping[str, Measure],
    attachments: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """``attachments`` (those part of the report, by hash) appear only when there are any,
    so the content of every revision stored before attachments existed hashes as before."""
    student = incident.student
    content: dict[str, Any] = {
        "incident": {
            "occurred_on": incident.occurred_on.isoformat(),
            "school": incident.school,
            "jurisdiction": incident.jurisdiction,
            "category": incident.category.value,
            "on_premises": incident.on_premises,
            "student": {
                "name": student.name,
                "gender": student.gender.value,
                "grade_class": student.grade_class,
                "id_number": student.id_number,
            },
        },
        "team": sorted(
            (
                {"account_id": str(m.account_id), "name": m.name, "party": m.party.value}
                for m in team.values()
            ),
            key=lambda m: m["account_id"],
        ),
        "signatories": {
            role: {"account_id": str(s.account_id), "name": s.name}
            for role, s in sorted(signatories.items())
        },
        "aspects": {key: a.text for key, a in sorted(aspects.items())},
        "risk_points": {key: r.description for key, r in sorted(risk_points.items())},
        "measures": {
            key: {
                "description": m.description,
                "addresses": sorted(str(r) for r in m.addresses),
                "owner": m.owner,
                "due_on": m.due_on.isoformat(),
            }
            for key, m in sorted(measures.items())
        },
    }
    if attachments:
        content["attachments"] = sorted(attachments, key=lambda a: str(a["id"]))
    return content


def content_hash(content: Mapping[str, Any], algorithm: str = CONTENT_HASH_ALGORITHM) -> str:
    """The hash of the canonical JSON of the content, as ``<algorithm>:<hex>``."""
    if algorithm not in CONTENT_HASH_ALGORITHMS:
        raise ValueError(f"no such content hash algorithm: {algorithm}")
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.new(algorithm, canonical.encode("utf-8")).hexdigest()
    return f"{algorithm}:{digest}"


def algorithm_of(recorded_hash: str | None) -> str:
    """The algorithm a recorded content hash names (``sha256`` for none)."""
    named = (recorded_hash or "").partition(":")[0]
    return named if named in CONTENT_HASH_ALGORITHMS else CONTENT_HASH_ALGORITHM
