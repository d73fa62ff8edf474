"""What stands between a report and its signature (brief, rules 1 and 3).

Each blocker has a stable code; ``send_for_signature`` is refused while any remains, and
the interfaces show all of them so a user can fix everything in one pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from domain.errors import Code
from domain.substance import is_substantive
from domain.values import (
    Aspect,
    AspectText,
    Measure,
    Member,
    Party,
    RiskPoint,
    Signatory,
    SignatoryRole,
)


def blockers(
    *,
    aspects: Mapping[str, AspectText],
    risk_points: Mapping[str, RiskPoint],
    measures: Mapping[str, Measure],
    team: Mapping[str, Member],
    signatories: Mapping[str, Signatory],
    min_chars: int,
    unthemed: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """``unthemed``: the risk points without a theme, when the themes rule applies (None
    when it does not: a report sent before the release that brought themes)."""
    found: list[dict[str, Any]] = []
    missing_aspects = [
        a.value
        for a in Aspect
        if not (a.value in aspects and is_substantive(aspects[a.value].text, min_chars))
    ]
    if missing_aspects:
        found.append(
            {
                "code": Code.ASPECTS_INCOMPLETE,
                "section": "aspects",
                "message": f"aspects without substantive content: {', '.join(missing_aspects)}",
                "aspects": missing_aspects,
                "min_chars": min_chars,
            }
        )
    if not risk_points:
        found.append(
            {
                "code": Code.RISK_POINTS_MISSING,
                "section": "risks",
                "message": "no risk point recorded",
            }
        )
    if not any(set(m.addresses) & {r.id for r in risk_points.values()} for m in measures.values()):
        found.append(
            {
                "code": Code.MEASURES_MISSING,
                "section": "risks",
                "message": "no prevention measure addresses a risk point",
            }
        )
    if unthemed:
        found.append(
            {
                "code": Code.THEMES_MISSING,
                "section": "risks",
                "message": f"risk points without a theme: {len(unthemed)}",
                "risk_points": list(unthemed),
            }
        )
    covered = {m.party for m in team.values()}
    missing_parties = [p.value for p in Party if p not in covered]  # rule 3
    if missing_parties:
        found.append(
            {
                "code": Code.TEAM_INCOMPLETE,
                "section": "team",
                "message": f"the team lacks: {', '.join(missing_parties)}",
                "parties": missing_parties,
            }
        )
    missing_roles = [r.value for r in SignatoryRole if r.value not in signatories]
    if missing_roles:
        found.append(
            {
                "code": Code.SIGNATORIES_MISSING,
                "section": "team",
                "message": f"signatories not designated: {', '.join(missing_roles)}",
                "roles": missing_roles,
            }
        )
    return found
