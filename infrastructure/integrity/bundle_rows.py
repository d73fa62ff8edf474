"""The rows of an audit bundle: events and chain links as JSON lines, read back with every
malformed row reported (never raised)."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from application.ports import ChainLink
from infrastructure.integrity.report import Problem, Report


def link_row(row: ChainLink) -> dict[str, Any]:
    found: dict[str, Any] = {"position": row.position, "suite": row.suite, "link": row.link.hex()}
    if row.mac is not None:
        found.update(mac_key=row.mac_key, mac=row.mac.hex())
    return found


@dataclass
class BundledEvent:
    id: int
    originator_id: str
    originator_version: int
    topic: str
    state: bytes


def bundled(
    report: Report, events_body: bytes, chain_body: bytes
) -> tuple[list[BundledEvent], list[ChainLink]]:
    events: list[BundledEvent] = []
    for number, row in _json_lines(report, "events.jsonl", events_body):
        try:
            events.append(
                BundledEvent(
                    int(row["position"]),
                    str(row["originator_id"]),
                    int(row["originator_version"]),
                    str(row["topic"]),
                    base64.b64decode(row["state"], validate=True),
                )
            )
        except (KeyError, ValueError, TypeError) as e:
            report.add(_malformed("events.jsonl", number, e))
    links: list[ChainLink] = []
    for number, row in _json_lines(report, "chain.jsonl", chain_body):
        try:
            mac = row.get("mac")
            links.append(
                ChainLink(
                    int(row["position"]),
                    str(row["suite"]),
                    bytes.fromhex(row["link"]),
                    row.get("mac_key"),
                    None if mac is None else bytes.fromhex(mac),
                )
            )
        except (KeyError, ValueError, TypeError, AttributeError) as e:
            report.add(_malformed("chain.jsonl", number, e))
    events.sort(key=lambda e: e.id)
    links.sort(key=lambda link: link.position)
    return events, links


def _json_lines(report: Report, name: str, body: bytes) -> list[tuple[int, dict[str, Any]]]:
    found: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(body.decode("utf-8", errors="replace").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as e:
            report.add(_malformed(name, number, e))
            continue
        if isinstance(row, dict):
            found.append((number, row))
        else:
            report.add(_malformed(name, number, TypeError("not an object")))
    return found


def _malformed(name: str, number: int, error: Exception) -> Problem:
    return Problem(
        None, "bundle_row_malformed", f"{name} line {number}: {type(error).__name__}: {error}"
    )
