"""Where and how fupan writes its log lines, and how long they must be kept."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from infrastructure.config_error import ConfigurationError

LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Logs and access records are kept at least six months (the guide's retention chapter);
# a year unless the bureau says otherwise.
MIN_RETENTION_DAYS = 183
RETENTION_DAYS = 365


@dataclass(frozen=True)
class LogSettings:
    """Where and how fupan writes its log lines: ``FUPAN_LOG_FORMAT`` (``text``, or ``json``
    with one object per line), ``FUPAN_LOG_LEVEL`` (INFO) and ``FUPAN_LOG_FILE`` (appended to,
    reopened when rotated away; standard error when unset), ``FUPAN_LOG_RETENTION_DAYS``
    (how long the journal or logrotate must keep them: at least 183, 365 by default; fupan
    deletes no line, ``fupan doctor`` checks the journal's and logrotate's settings against
    it). Read on its own, so that a command can set up its logs before the rest of the
    configuration is needed."""

    format: str = "text"
    level: str = "INFO"
    file: Path | None = None
    retention_days: int = RETENTION_DAYS

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> LogSettings:
        env = os.environ if environ is None else environ
        form = (env.get("FUPAN_LOG_FORMAT", "") or "text").strip().lower()
        if form not in LOG_FORMATS:
            raise ConfigurationError(f"FUPAN_LOG_FORMAT must be text or json, not {form!r}")
        level = (env.get("FUPAN_LOG_LEVEL", "") or "INFO").strip().upper()
        if level not in LOG_LEVELS:
            raise ConfigurationError(
                f"FUPAN_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}"
            )
        file = env.get("FUPAN_LOG_FILE", "").strip()
        try:
            days = int(env.get("FUPAN_LOG_RETENTION_DAYS", "") or RETENTION_DAYS)
        except ValueError:
            raise ConfigurationError("FUPAN_LOG_RETENTION_DAYS must be a whole number") from None
        if not MIN_RETENTION_DAYS <= days <= 36_500:
            raise ConfigurationError(
                f"FUPAN_LOG_RETENTION_DAYS must be at least {MIN_RETENTION_DAYS} (six months, "
                "the least the rules allow) and at most 36500"
            )
        return cls(format=form, level=level, file=Path(file) if file else None, retention_days=days)
