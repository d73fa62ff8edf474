"""The backup folder: its manifest, the hashes of its files, and sealing its copy to age
X25519 recipients (pyrage, the Python binding of the age format: such a file also opens with
the ``age`` command, ``age -d -i KEY``)."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pyrage
from pyrage import x25519

from infrastructure.release import version

FORMAT = "fupan-backup/1"
DATABASE = "fupan.sqlite3"
DUMP = "fupan.dump"
MANIFEST = "manifest.json"
SEALED = ".age"
NEEDS = [
    "the master key (FUPAN_MASTER_KEY_FILE, or master.key in the data directory outside "
    "production) — not in this backup",
    "the server secret (FUPAN_SECRET_KEY or FUPAN_SECRET_KEY_FILE, or secret.key in the data "
    "directory outside production) — not in this backup",
    "the PDF CA and document-signing keys, the server's signing keys and every data key are "
    "in this backup, wrapped by the master key: useless without it",
]
NEEDS_IDENTITY = (
    "the age identity (private key) of a recipient it was sealed to — not in this backup"
)


class BackupError(RuntimeError):
    """A backup that cannot be made or restored, with the reason."""


def new_folder(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} exists and is not an empty folder")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)


def recipients_of(values: list[str]) -> list[x25519.Recipient]:
    """age X25519 recipients (``age1…``), given as such or as files holding one per line."""
    found: list[x25519.Recipient] = []
    for value in values:
        lines = [value]
        if not value.startswith("age1") and Path(value).is_file():
            lines = Path(value).read_text("utf-8").splitlines()
        for line in (x.strip() for x in lines):
            if not line or line.startswith("#"):
                continue
            try:
                found.append(x25519.Recipient.from_str(line))
            except pyrage.RecipientError:
                raise BackupError(
                    f"--encrypt-to: {line[:24]!r} is not an age X25519 recipient (age1…)"
                ) from None
    return found


def identities_of(path: Path) -> list[x25519.Identity]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise BackupError(f"--identity: cannot read {path}: {type(e).__name__}") from None
    found = []
    for line in (x.strip() for x in lines):
        if line.startswith("AGE-SECRET-KEY-"):
            try:
                found.append(x25519.Identity.from_str(line))
            except pyrage.IdentityError:
                raise BackupError(f"--identity: {path} holds a malformed age identity") from None
    if not found:
        raise BackupError(f"--identity: {path} holds no age identity (AGE-SECRET-KEY-…)")
    return found


def finish(
    target: Path,
    payload: str,
    recipients: list[x25519.Recipient],
    facts: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    """Hash the copy, seal it if asked (the plain copy removed), write the manifest."""
    plain = target / payload
    plain.chmod(0o600)
    payload_hash = sha256(plain)
    stored = payload
    if recipients:
        stored = payload + SEALED
        pyrage.encrypt_file(str(plain), str(target / stored), recipients)
        (target / stored).chmod(0o600)
        plain.unlink()
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "fupan_version": version(),
        **facts,
        "payload": payload,
        "payload_sha256": payload_hash,
        "files": {stored: sha256(target / stored)},
        "restore_needs": NEEDS + ([NEEDS_IDENTITY] if recipients else []),
    }
    if recipients:
        manifest["sealed_to"] = [str(r) for r in recipients]
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise BackupError(f"no readable manifest in {source}: {type(e).__name__}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a fupan backup (unknown format)")
    files = manifest.get("files")
    if not isinstance(files, dict) or len(files) != 1:
        raise BackupError("not a fupan backup (its manifest lists no copy)")
    # Backups of the first release name no payload: a plain SQLite copy.
    manifest.setdefault("store", "sqlite")
    manifest.setdefault("payload", DATABASE)
    manifest.setdefault("payload_sha256", files.get(DATABASE))
    return manifest


def payload_into(source: Path, manifest: dict[str, Any], out: Path, identity: Path | None) -> None:
    """The backup's copy, checked against its manifest (and opened if sealed), at ``out``."""
    [(stored, expected)] = manifest["files"].items()
    copy = source / str(stored)
    if copy.parent != source or not copy.is_file() or sha256(copy) != expected:
        raise BackupError("the backup's file is missing or does not match its manifest")
    out.parent.mkdir(parents=True, exist_ok=True)
    if manifest.get("sealed_to"):
        if identity is None:
            raise BackupError(
                "this backup is sealed: give --identity with the age identity of a recipient"
            )
        try:
            pyrage.decrypt_file(str(copy), str(out), identities_of(identity))
        except pyrage.DecryptError:
            out.unlink(missing_ok=True)
            raise BackupError("--identity: none of its identities opens this backup") from None
    else:
        shutil.copyfile(copy, out)
    out.chmod(0o600)
    if sha256(out) != manifest["payload_sha256"]:
        out.unlink()
        raise BackupError("the backup's file is missing or does not match its manifest")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
