"""Configuration, read from the environment in one place.

``FUPAN_ENV`` (production, development, test), ``FUPAN_DATA_DIR`` (default ./var),
``FUPAN_MIN_ASPECT_CHARS``, ``FUPAN_OPERATOR`` (the CLI's named operator),
``FUPAN_LIST_MEMO`` (list answers each process keeps until the projections change; 0: none;
default 256),
``FUPAN_MEASURE_HORIZON_YEARS`` (how far ahead a measure may fall due, 3 by default),
``FUPAN_TRUSTED_PROXIES`` (how many reverse proxies in front of fupan set
``X-Forwarded-For``; 0, the default, trusts no such header), the automatic checkpoints
(``FUPAN_CHECKPOINT_EVENTS``, ``FUPAN_CHECKPOINT_MINUTES``, ``FUPAN_CHECKPOINT_MAX_AGE_HOURS``),
serving
(``FUPAN_BASE_URL``, ``FUPAN_BIND``, ``FUPAN_WORKERS``, ``FUPAN_MAX_UPLOAD_MB``), the logs
(``FUPAN_LOG_*``, in ``log_settings``), and the
library's ``PERSISTENCE_MODULE`` (eventsourcing.sqlite by default, eventsourcing.postgres,
eventsourcing.popo) with its ``POSTGRES_*`` and ``SQLITE_*`` variables.

Every variable, with its default and meaning, is listed in docs/operations.md.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from domain.deadline import MEASURE_HORIZON_YEARS
from domain.substance import DEFAULT_MIN_CHARS
from infrastructure.config_error import ConfigurationError
from infrastructure.log_settings import LogSettings

__all__ = ["ConfigurationError", "LogSettings", "Settings"]

MODES = ("production", "development", "test")
STORES = {f"eventsourcing.{store}": store for store in ("sqlite", "postgres", "popo")}
PASSED_THROUGH = ("POSTGRES_", "SQLITE_", "AGGREGATE_CACHE_")


CRYPTO_SUITES = ("standard", "sm")


@dataclass(frozen=True)
class Settings:
    mode: str = "production"
    data_dir: Path = Path("var")
    store: str = "sqlite"
    min_aspect_chars: int = DEFAULT_MIN_CHARS
    list_memo: int = 256
    operator: str = "operator"
    master_key_file: Path | None = None
    master_key: str = field(default="", repr=False)
    secret_key: str = field(default="", repr=False)
    secret_key_file: Path | None = None
    trusted_proxies: int = 0
    measure_horizon_years: int = MEASURE_HORIZON_YEARS
    checkpoint_events: int = 100
    checkpoint_minutes: int = 60
    checkpoint_max_age_hours: int = 24
    base_url: str = ""
    bind: str = "127.0.0.1:8000"
    workers: int = 2
    max_upload_mb: int = 1
    max_attachment_mb: int = 20
    stats_threshold: int = 5  # published statistics suppress counts below it
    crypto_suite: str = "standard"  # of a new store's first server key (decision 27)
    logs: LogSettings = field(default_factory=LogSettings)
    store_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        mode = env.get("FUPAN_ENV", "production").strip().lower()
        if mode not in MODES:
            raise ConfigurationError(f"FUPAN_ENV must be one of {', '.join(MODES)}, not {mode!r}")
        module = env.get("PERSISTENCE_MODULE", "eventsourcing.sqlite").strip()
        if module not in STORES:
            raise ConfigurationError(
                f"PERSISTENCE_MODULE must be one of {', '.join(sorted(STORES))}, not {module!r}"
            )
        try:
            min_chars = int(env.get("FUPAN_MIN_ASPECT_CHARS", DEFAULT_MIN_CHARS))
        except ValueError:
            raise ConfigurationError("FUPAN_MIN_ASPECT_CHARS must be a whole number") from None
        if not 1 <= min_chars <= 10_000:
            raise ConfigurationError("FUPAN_MIN_ASPECT_CHARS must be between 1 and 10000")
        try:
            list_memo = int(env.get("FUPAN_LIST_MEMO", 256))
        except ValueError:
            raise ConfigurationError("FUPAN_LIST_MEMO must be a whole number") from None
        if not 0 <= list_memo <= 100_000:
            raise ConfigurationError("FUPAN_LIST_MEMO must be between 0 and 100000")
        try:
            proxies = int(env.get("FUPAN_TRUSTED_PROXIES", "0") or 0)
        except ValueError:
            raise ConfigurationError("FUPAN_TRUSTED_PROXIES must be a whole number") from None
        if not 0 <= proxies <= 5:
            raise ConfigurationError("FUPAN_TRUSTED_PROXIES must be between 0 and 5")
        try:
            horizon = int(env.get("FUPAN_MEASURE_HORIZON_YEARS", MEASURE_HORIZON_YEARS))
        except ValueError:
            raise ConfigurationError("FUPAN_MEASURE_HORIZON_YEARS must be a whole number") from None
        if not 1 <= horizon <= 30:
            raise ConfigurationError("FUPAN_MEASURE_HORIZON_YEARS must be between 1 and 30")
        checkpoints = {
            name: _whole(env, name, default, bounds)
            for name, default, bounds in (
                ("FUPAN_CHECKPOINT_EVENTS", 100, (0, 1_000_000)),
                ("FUPAN_CHECKPOINT_MINUTES", 60, (0, 7 * 24 * 60)),
                ("FUPAN_CHECKPOINT_MAX_AGE_HOURS", 24, (1, 24 * 366)),
            )
        }
        crypto_suite = env.get("FUPAN_CRYPTO_SUITE", "standard").strip().lower() or "standard"
        if crypto_suite not in CRYPTO_SUITES:
            raise ConfigurationError(
                f"FUPAN_CRYPTO_SUITE must be one of {', '.join(CRYPTO_SUITES)}, "
                f"not {crypto_suite!r}"
            )
        store_env = {k: v for k, v in env.items() if k.startswith(PASSED_THROUGH)}
        serving = {
            name: _whole(env, name, default, bounds)
            for name, default, bounds in (
                ("FUPAN_WORKERS", 2, (1, 32)),
                ("FUPAN_MAX_UPLOAD_MB", 1, (1, 512)),
                ("FUPAN_MAX_ATTACHMENT_MB", 20, (1, 512)),
                ("FUPAN_STATS_THRESHOLD", 5, (2, 100)),
            )
        }
        return cls(
            mode=mode,
            data_dir=Path(env.get("FUPAN_DATA_DIR", "var")),
            store=STORES[module],
            min_aspect_chars=min_chars,
            list_memo=list_memo,
            operator=env.get("FUPAN_OPERATOR", "operator").strip() or "operator",
            master_key_file=Path(key_file)
            if (key_file := env.get("FUPAN_MASTER_KEY_FILE"))
            else None,
            master_key=env.get("FUPAN_MASTER_KEY", ""),
            secret_key=env.get("FUPAN_SECRET_KEY", ""),
            secret_key_file=Path(secret_file)
            if (secret_file := env.get("FUPAN_SECRET_KEY_FILE"))
            else None,
            trusted_proxies=proxies,
            measure_horizon_years=horizon,
            checkpoint_events=checkpoints["FUPAN_CHECKPOINT_EVENTS"],
            checkpoint_minutes=checkpoints["FUPAN_CHECKPOINT_MINUTES"],
            checkpoint_max_age_hours=checkpoints["FUPAN_CHECKPOINT_MAX_AGE_HOURS"],
            base_url=_base_url(env.get("FUPAN_BASE_URL", "")),
            bind=_bind(env.get("FUPAN_BIND", "") or "127.0.0.1:8000"),
            workers=serving["FUPAN_WORKERS"],
            max_upload_mb=serving["FUPAN_MAX_UPLOAD_MB"],
            max_attachment_mb=serving["FUPAN_MAX_ATTACHMENT_MB"],
            stats_threshold=serving["FUPAN_STATS_THRESHOLD"],
            crypto_suite=crypto_suite,
            logs=LogSettings.from_environ(env),
            store_env=store_env,
        )

    @property
    def database_path(self) -> Path:
        return self.data_dir / "fupan.sqlite3"

    @property
    def development_key_file(self) -> Path:
        """Where development and test modes keep a generated master key."""
        return self.data_dir / "master.key"

    def server_secret(self) -> bytes:
        """The one server secret every keyed use derives from (``ServerSecret``).

        ``FUPAN_SECRET_KEY``, or the file named by ``FUPAN_SECRET_KEY_FILE``; in production
        one of them is required and the file must lie outside the data directory (a copy of
        the data directory must not carry the secret). Development and test keep one (0600)
        in the data directory, created on first use; every server process shares it.
        """
        if self.secret_key:
            secret = self.secret_key.encode("utf-8")
        elif self.secret_key_file is not None:
            if self.mode == "production" and _inside(self.secret_key_file, self.data_dir):
                raise ConfigurationError(
                    "FUPAN_SECRET_KEY_FILE must lie outside the data directory "
                    f"({self.data_dir}): a copy of the data must not carry the secret"
                )
            try:
                secret = self.secret_key_file.read_bytes().strip()
            except OSError as e:
                raise ConfigurationError(f"FUPAN_SECRET_KEY_FILE cannot be read: {e}") from None
        elif self.mode == "production":
            raise ConfigurationError(
                "production needs the server secret: set FUPAN_SECRET_KEY, or "
                "FUPAN_SECRET_KEY_FILE to a file outside the data directory "
                "(for instance: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        else:
            secret = self._development_secret()
        if len(secret) < 32:
            raise ConfigurationError("the server secret must be at least 32 characters long")
        return secret

    def prepare_data_dir(self) -> None:
        """The data directory, private to fupan's user (0700), and the SQLite database file
        (0600; SQLite gives its write-ahead log and shared-memory files the same mode). In
        production, a data directory or key file that other users can read is refused,
        saying how to fix it."""
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.mode == "production":
            _private(self.data_dir, "FUPAN_DATA_DIR", "700")
            for path, name in (
                (self.master_key_file, "FUPAN_MASTER_KEY_FILE"),
                (self.secret_key_file, "FUPAN_SECRET_KEY_FILE"),
            ):
                if path is not None and path.exists():
                    _private(path, name, "600")
        else:
            self.data_dir.chmod(0o700)
        database = Path(self.desk_env().get("SQLITE_DBNAME", ""))
        if self.store == "sqlite" and str(database) not in ("", ":memory:"):
            if not database.exists():
                os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
            for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
                if path.exists() and path.stat().st_mode & 0o077:
                    path.chmod(0o600)

    def _development_secret(self) -> bytes:
        path = self.data_dir / "secret.key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as f:
                f.write(secrets.token_urlsafe(48))
        return path.read_bytes().strip()

    @property
    def argon2_costs(self) -> tuple[int, int]:
        """(time cost, memory KiB) for password hashes and signing-key derivation: above
        OWASP's minimum (t=2, m=19 MiB) in production and development; cheap in the test
        mode only, so that hundreds of test accounts stay fast."""
        return (1, 1024) if self.mode == "test" else (3, 65_536)

    def desk_env(self) -> dict[str, str]:
        """The eventsourcing environment for the ReviewDesk application."""
        env = dict(self.store_env)
        env["PERSISTENCE_MODULE"] = f"infrastructure.persistence.{self.store}:Factory"
        env["MAPPER_TOPIC"] = "infrastructure.crypto.mapper:FieldCipherMapper"
        # Reviews stay decrypted in a per-process cache, fast-forwarded from the store on
        # every load (one query) and copied for each command; an erased review is read
        # again from its events (application.base). "" turns it off.
        env.setdefault("AGGREGATE_CACHE_MAXSIZE", "1000")
        env["AGGREGATE_CACHE_FASTFORWARD"] = "y"
        if self.store == "sqlite":
            env.setdefault("SQLITE_DBNAME", str(self.database_path))
            env.setdefault("SQLITE_LOCK_TIMEOUT", "10")
        if self.store == "postgres":
            env.setdefault("POSTGRES_PASSWORD", "")
            # The index is written by the recorder's _insert_events, which the
            # database-function path skips.
            env["POSTGRES_ENABLE_DB_FUNCTIONS"] = "no"
        return env


def _base_url(value: str) -> str:
    """The address users reach fupan at (links in e-mails, issue 16): http(s), no query."""
    value = value.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query:
        raise ConfigurationError(
            f"FUPAN_BASE_URL must be an http(s) address such as https://fupan.example.org, "
            f"not {value!r}"
        )
    return value


def _bind(value: str) -> str:
    """``host:port`` for ``fupan serve``."""
    host, _, port = value.strip().rpartition(":")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise ConfigurationError(f"FUPAN_BIND must be HOST:PORT, not {value!r}")
    return f"{host}:{port}"


def _private(path: Path, name: str, mode: str) -> None:
    if path.stat().st_mode & 0o077:
        raise ConfigurationError(
            f"{name} ({path}) can be read by other users of this machine; "
            f"make it private to fupan's user: chmod {mode} {path}"
        )


def _whole(env: Mapping[str, str], name: str, default: int, bounds: tuple[int, int]) -> int:
    """A whole number from the environment, within ``bounds``; the message names it."""
    low, high = bounds
    try:
        value = int(env.get(name, default) or default)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number") from None
    if not low <= value <= high:
        raise ConfigurationError(f"{name} must be between {low} and {high}")
    return value


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())
