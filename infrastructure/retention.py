"""How long this machine keeps fupan's log lines, read from the journal's and logrotate's
configuration, for ``fupan doctor`` to hold against ``FUPAN_LOG_RETENTION_DAYS``.

fupan deletes no log line and no access record (those are events in the hash chain, kept
for ever); the journal or logrotate delete old lines, so their settings decide.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path

# systemd.time(7): the units of a time span, in days.
_SPANS: list[tuple[float, tuple[str, ...]]] = [
    (1 / 86_400_000_000, ("us", "usec")),
    (1 / 86_400_000, ("ms", "msec")),
    (1 / 86_400, ("s", "sec", "second", "seconds")),
    (1 / 1440, ("m", "min", "minute", "minutes")),
    (1 / 24, ("h", "hr", "hour", "hours")),
    (1, ("d", "day", "days")),
    (7, ("w", "week", "weeks")),
    (30.44, ("M", "month", "months")),
    (365.25, ("y", "year", "years")),
]
UNITS = {unit: days for days, units in _SPANS for unit in units}
SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*([A-Za-z]*)")
PERIOD = {"daily": 1, "weekly": 7, "monthly": 30, "yearly": 365}


@dataclass(frozen=True)
class Journal:
    """What journald.conf says: ``max_days`` None when no MaxRetentionSec limits it."""

    max_days: float | None
    volatile: bool


def span_days(text: str) -> float | None:
    """A systemd time span in days (a bare number is seconds); None for 0 or nonsense."""
    text = text.strip()
    if not text or text in {"0", "infinity"}:
        return None
    total = 0.0
    rest = text
    for number, unit in SPAN.findall(text):
        if unit not in UNITS and unit != "":
            return None
        total += float(number) * (UNITS[unit] if unit else UNITS["s"])
        rest = rest.replace(number + unit, "", 1)
    return total if total > 0 and not rest.strip() else None


def journal(root: Path = Path("/")) -> Journal:
    settings: dict[str, str] = {}
    conf = root / "etc/systemd/journald.conf"
    drop_ins = sorted((root / "etc/systemd/journald.conf.d").glob("*.conf"))
    for path in [conf, *drop_ins]:
        try:
            lines = path.read_text("utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        for line in lines:
            key, sep, value = line.strip().partition("=")
            if sep and not key.startswith(("#", ";")):
                settings[key.strip()] = value.strip()
    storage = settings.get("Storage", "auto").lower()
    volatile = storage in ("volatile", "none") or (
        storage == "auto" and not (root / "var/log/journal").is_dir()
    )
    return Journal(span_days(settings.get("MaxRetentionSec", "")), volatile)


def logrotate_days(log_file: Path, root: Path = Path("/")) -> int | None:
    """Days logrotate keeps ``log_file`` (rotations × period, or maxage), None when no
    stanza names it."""
    paths = [root / "etc/logrotate.conf", *sorted((root / "etc/logrotate.d").glob("*"))]
    for path in paths:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for names, body in re.findall(r"([^{}]*)\{([^{}]*)\}", text):
            patterns = [n.strip("\"'") for n in names.split() if not n.startswith("#")]
            if any(fnmatch.fnmatch(str(log_file), p) for p in patterns):
                return _kept(body)
    return None


def _kept(body: str) -> int:
    words = [line.split() for line in body.splitlines() if line.strip()]
    period, rotations, maxage = 1, 0, None
    for parts in words:
        if parts[0] in PERIOD:
            period = PERIOD[parts[0]]
        elif parts[0] == "rotate" and len(parts) > 1 and parts[1].isdigit():
            rotations = int(parts[1])
        elif parts[0] == "maxage" and len(parts) > 1 and parts[1].isdigit():
            maxage = int(parts[1])
    days = rotations * period
    return min(days, maxage) if maxage is not None else days
