"""The guides cannot go stale: every fenced code block in them is tagged ``run`` (executed
here, in order, on a store with the demo data), ``check`` (checked by its own tool:
``systemd-analyze verify``, ``nginx -t``, ``bash -n``, ``logrotate -d``, or fupan's own
settings parser for an environment file) or ``manual`` (listed below with the reason it is
not run). An untagged block fails, and so does a manual block not listed here.

A checking tool that is missing skips its check, saying which package brings it; with
CI=true it fails instead (``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from infrastructure.mail import SmtpSettings
from infrastructure.retention import journal
from infrastructure.settings import LogSettings, Settings
from tests.docs.guide_blocks import GUIDES, ROOT, Block, blocks, every_block

FUPAN = Path(sys.executable).parent / "fupan"
INSTALLED = "/opt/fupan/bin/fupan"  # where the guides install it
BACKUP_SCRIPT = "/usr/local/sbin/fupan-backup"

NEEDS_INDEX = "needs a package index; .ci/run builds the wheelhouse and installs from it offline"
ERASES = (
    "erases a real review for ever, on a legal basis; tests/integration/test_confidentiality.py "
    "erases and checks the raw bytes"
)
# (guide file name, how the block's first non-empty line begins) -> why it is not run.
MANUAL: dict[tuple[str, str], str] = {
    ("运维指南.md", "make wheelhouse"): NEEDS_INDEX,
    ("operations.md", "make wheelhouse"): NEEDS_INDEX,
    ("运维指南.md", "fupan reviews list --json"): ERASES,
    ("operations.md", "fupan reviews list --json"): ERASES,
    ("operations.md", '{"status": "ready"'): (
        "an example of /readyz's answer (shortened); tests/web/test_health.py checks the real one"
    ),
    ("operations.md", '{"time": "2026-11-29T08:15:02'): (
        "an example log line; tests/web/test_request_logs.py checks the real ones"
    ),
    ("密码应用说明.md", "fupan init --suite sm"): (
        "the run blocks' store exists already; tests/integration/test_suite_rotation.py "
        "initialises a store of the sm suite"
    ),
    ("密码应用说明.md", "openssl pkeyutl -verify"): (
        "needs a key and a signature exported by hand; tests/unit/infrastructure/"
        "test_crypto_suites.py runs these OpenSSL checks on fupan's own signatures and links"
    ),
}

TOOLS = {
    "systemd": ("systemd-analyze", "systemd"),
    "nginx": ("nginx", "nginx"),
    "bash": ("bash", "bash"),
    "logrotate": ("logrotate", "logrotate"),
    "settings": (None, None),
    "journald": (None, None),
}


def tool_or_skip(name: str) -> None:
    command, package = TOOLS[name]
    if command is None or shutil.which(command):
        return
    message = f"{command} is not installed (apt-get install {package}); {name} blocks unchecked"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def test_every_block_is_tagged_and_every_manual_one_has_a_reason() -> None:
    found = every_block()
    assert len(found) > 20  # the guides are there, and parsed
    untagged = [b.where for b in found if not b.tag]
    assert not untagged, f"untagged code blocks (tag run, check or manual): {untagged}"
    manual = [b for b in found if b.tag == "manual"]

    def listed(b: Block) -> list[tuple[str, str]]:
        return [k for k in MANUAL if k[0] == b.guide.name and b.first_line.startswith(k[1])]

    unlisted = [b.where for b in manual if not listed(b)]
    assert not unlisted, f"manual blocks without a reason in MANUAL: {unlisted}"
    stale = [key for key in MANUAL if not any(key in listed(b) for b in manual)]
    assert not stale, f"MANUAL lists blocks the guides no longer have: {stale}"
    unknown = [
        b.where for b in found if b.tag == "check" and (not b.args or b.args[0] not in TOOLS)
    ]
    assert not unknown, f"check blocks naming no known tool ({', '.join(TOOLS)}): {unknown}"


def checked(tool: str) -> list[Block]:
    return [b for b in every_block() if b.tag == "check" and b.args and b.args[0] == tool]


@pytest.mark.parametrize("block", checked("bash"), ids=lambda b: b.where)
def test_shell_blocks_parse(block: Block) -> None:
    tool_or_skip("bash")
    done = subprocess.run(
        ["bash", "-n"], input=block.text, text=True, capture_output=True, check=False
    )
    assert done.returncode == 0, f"{block.where}: {done.stderr}"


def guides_with(tag: str, tool: str = "") -> list[Path]:
    return [
        g
        for g in GUIDES
        if g.exists()
        and any(b.tag == tag and (not tool or b.args[:1] == (tool,)) for b in blocks(g))
    ]


@pytest.mark.parametrize("guide", guides_with("check", "systemd"), ids=lambda g: g.name)
def test_systemd_units_verify(guide: Path, tmp_path: Path) -> None:
    units = [b for b in blocks(guide) if b.tag == "check" and b.args[:1] == ("systemd",)]
    tool_or_skip("systemd")
    for unit in units:
        assert len(unit.args) == 2, f"{unit.where}: name the unit: check systemd NAME.service"
        # The same unit, with the fupan command where this machine has it.
        # (and the backup script of chapter 7, an executable the guide installs).
        text = unit.text.replace(INSTALLED, str(FUPAN))
        (tmp_path / unit.args[1]).write_text(text.replace(BACKUP_SCRIPT, str(FUPAN)))
    for unit in units:
        done = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", str(tmp_path / unit.args[1])],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        assert done.returncode == 0, f"{unit.where}: {done.stderr}"


@pytest.mark.parametrize("block", checked("nginx"), ids=lambda b: b.where)
def test_nginx_configuration_is_accepted(block: Block, tmp_path: Path) -> None:
    tool_or_skip("nginx")
    certificate, key = self_signed(tmp_path)
    text = block.text.replace("/etc/ssl/fupan/fupan.crt", str(certificate))
    text = text.replace("/etc/ssl/fupan/fupan.key", str(key))
    text = text.replace("/var/log/nginx/", f"{tmp_path}/")
    if "http {" not in text:
        text = f"events {{}}\nhttp {{\n{text}\n}}\n"
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/e.log;\n{text}"
    )
    done = subprocess.run(
        ["nginx", "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{block.where}: {done.stderr}"


@pytest.mark.parametrize("block", checked("logrotate"), ids=lambda b: b.where)
def test_logrotate_configuration_is_accepted(block: Block, tmp_path: Path) -> None:
    tool_or_skip("logrotate")
    (tmp_path / "log").mkdir()
    text = block.text.replace("/var/log/fupan/", f"{tmp_path}/log/")
    # The user the guide creates (chapter 1) is not on this machine.
    (tmp_path / "fupan").write_text(text.replace(" fupan adm", " root adm"))
    (tmp_path / "fupan").chmod(0o644)
    done = subprocess.run(
        ["logrotate", "-d", "-s", str(tmp_path / "state"), str(tmp_path / "fupan")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{block.where}: {done.stderr}"
    assert "error" not in done.stderr.lower(), f"{block.where}: {done.stderr}"


@pytest.mark.parametrize("block", checked("settings"), ids=lambda b: b.where)
def test_environment_files_are_configurations_fupan_accepts(block: Block) -> None:
    environ: dict[str, str] = {}
    for line in block.text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, value = line.partition("=")
        assert sep, f"{block.where}: {line!r}"
        assert name.isidentifier(), f"{block.where}: {line!r}"
        assert name.isupper(), f"{block.where}: {line!r}"
        # systemd's EnvironmentFile= knows no trailing comments: the value would hold them.
        assert " #" not in value, f"{block.where}: a trailing comment in {line!r}"
        assert name.startswith(("FUPAN_", "POSTGRES_", "PERSISTENCE_", "SQLITE_")), name
        environ[name] = value
    reference = (ROOT / "docs/operations.md").read_text("utf-8")
    undocumented = [n for n in environ if n.startswith("FUPAN_") and f"`{n}`" not in reference]
    assert not undocumented, f"{block.where}: not in the configuration reference: {undocumented}"
    # Each raises ConfigurationError naming a wrong value.
    Settings.from_environ(environ)
    SmtpSettings.from_environ(environ)


@pytest.mark.parametrize("block", checked("journald"), ids=lambda b: b.where)
def test_journal_settings_keep_the_logs_long_enough(block: Block, tmp_path: Path) -> None:
    """Read by the parser ``fupan doctor`` uses (infrastructure/retention.py)."""
    (tmp_path / "etc/systemd/journald.conf.d").mkdir(parents=True)
    (tmp_path / "etc/systemd/journald.conf.d/fupan.conf").write_text(block.text)
    kept = journal(tmp_path)
    assert not kept.volatile or "Storage=persistent" in block.text, block.where
    assert kept.max_days is None or kept.max_days >= LogSettings().retention_days, block.where


@pytest.mark.parametrize("guide", guides_with("run"), ids=lambda g: g.name)
def test_run_blocks_run_in_order_on_a_store_with_the_demo_data(guide: Path, tmp_path: Path) -> None:
    script = [b.text for b in blocks(guide) if b.tag == "run"]
    env = {
        "PATH": f"{FUPAN.parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "FUPAN_ENV": "development",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "BACKUPS": str(tmp_path / "backups"),
    }
    # Keys outside the data directory, as in production (the guide's chapter 3).
    (tmp_path / "keys").mkdir(mode=0o700)
    env["FUPAN_MASTER_KEY_FILE"] = str(tmp_path / "keys/master.key")
    env["FUPAN_SECRET_KEY_FILE"] = str(tmp_path / "keys/secret.key")
    (tmp_path / "keys/secret.key").write_text("guide-test-secret-" + "x" * 40)
    (tmp_path / "keys/secret.key").chmod(0o600)
    for setup in (["keys", "create", env["FUPAN_MASTER_KEY_FILE"]], ["init"], ["demo"]):
        subprocess.run([str(FUPAN), *setup], env=env, check=True, capture_output=True)
    (tmp_path / "script.sh").write_text("set -euo pipefail\n" + "\n".join(script))
    done = subprocess.run(
        ["bash", str(tmp_path / "script.sh")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, f"{guide.name}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fupan.example.org")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (folder / "fupan.crt").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / "fupan.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return folder / "fupan.crt", folder / "fupan.key"
