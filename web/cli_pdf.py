"""``fupan`` commands for the signed report PDFs (decision 25): the bureau's PDF CA
(``pdf-ca init``, ``pdf-ca export``) and the offline check of a report
(``verify-report``, no database: only the exported CA certificate)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from flask.cli import with_appcontext

from infrastructure.documents.keys import DocumentKeysMissing, fingerprint
from web.app import services

if TYPE_CHECKING:
    from infrastructure.documents.report_check import ReportCheck

DEFAULT_ORGANISATION = "fupan"


def ensure_pdf_ca(organisation: str = DEFAULT_ORGANISATION) -> None:
    """Create the PDF CA and document-signing key unless the store has them (``fupan
    init``), and say which CA signs the reports."""
    keys = services().document_keys
    if not keys.exists():
        keys.create(organisation)
        click.echo("已创建PDF签名CA / PDF CA created (export it: fupan pdf-ca export)")
    ca = keys.ca_certificate()
    click.echo(f"PDF CA: {ca.subject.rfc4514_string()} SHA-256 {fingerprint(ca)}")


@click.group("pdf-ca")
def pdf_ca() -> None:
    """The bureau's own small CA that signs report PDFs (ECDSA P-256; SM2 on a store of
    the sm crypto suite)."""


@pdf_ca.command("init")
@click.option(
    "--organisation",
    default=DEFAULT_ORGANISATION,
    show_default=True,
    help="The bureau's name, in the certificates (e.g. 某市教育局).",
)
@click.option("--new", "renew", is_flag=True, help="Create a new CA even if there is one.")
@with_appcontext
def init_ca(organisation: str, renew: bool) -> None:
    """Create the PDF CA and its document-signing key, wrapped by the master key (for a
    store made before they existed; ``fupan init`` does it for a new one)."""
    keys = services().document_keys
    organisation = organisation.strip()
    if not organisation or len(organisation) > 64:
        click.echo("--organisation: 1 to 64 characters", err=True)
        sys.exit(2)
    if keys.exists() and not renew:
        click.echo("已有PDF签名CA，未更改 / a PDF CA exists; nothing changed (--new makes another)")
    else:
        keys.create(organisation)
        click.echo("已创建PDF签名CA / PDF CA created")
    ca = keys.ca_certificate()
    click.echo(f"PDF CA: {ca.subject.rfc4514_string()} SHA-256 {fingerprint(ca)}")


@pdf_ca.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), required=False)
@with_appcontext
def export_ca(path: Path | None) -> None:
    """Write the CA certificates (PEM) for the bureau's PDF readers and for
    ``fupan verify-report``; to standard output when no PATH is given."""
    keys = services().document_keys
    try:
        keys.ca_certificate()
    except DocumentKeysMissing:
        click.echo("尚无PDF签名CA / no PDF CA: run fupan pdf-ca init", err=True)
        sys.exit(1)
    pem = b"".join(c.public_bytes(Encoding.PEM) for c in keys.ca_certificates())
    if path is None:
        click.echo(pem.decode(), nl=False)
        return
    path.write_bytes(pem)
    click.echo(f"PDF CA → {path} (SHA-256 {fingerprint(keys.ca_certificate())})", err=True)


@click.command("verify-report")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--ca",
    "ca_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The CA certificate(s) exported with fupan pdf-ca export (PEM).",
)
@click.option("--review", "review_id", help="The review the report must be of.")
@click.option("--revision", type=click.IntRange(min=1), help="The revision it must be of.")
@click.option("--content-hash", help="The content hash it must carry.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def verify_report(
    pdf: Path,
    ca_file: Path,
    *,
    review_id: str | None,
    revision: int | None,
    content_hash: str | None,
    as_json: bool,
) -> None:
    """Check a report PDF offline (no database): its PAdES signature against the CA
    certificate, and each slot's signature in the embedded manifest against its public key
    and the content hash. Exit 0: valid; 1: not valid; 2: not a report PDF."""
    # pyHanko is imported here, not by every ``fupan`` command.
    from infrastructure.documents.pdf import NotAReportPdf
    from infrastructure.documents.report_check import check_report

    try:
        trusted = x509.load_pem_x509_certificates(ca_file.read_bytes())
    except ValueError:
        click.echo(f"{ca_file}: not a PEM certificate", err=True)
        sys.exit(2)
    try:
        result = check_report(
            pdf.read_bytes(),
            trusted,
            review_id=review_id,
            revision=revision,
            content_hash=content_hash,
        )
    except NotAReportPdf as e:
        click.echo(f"不是fupan签名的复盘报告PDF / not a signed fupan report: {e}", err=True)
        sys.exit(2)
    if as_json:
        click.echo(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
    else:
        _print(result)
    sys.exit(0 if result.ok else 1)


def _print(result: ReportCheck) -> None:
    pades = result.pades
    click.echo(f"复盘 / review {result.review_id} {result.reference_number}".rstrip())
    click.echo(
        f"报告版次 / revision {result.revision}  内容哈希 / content hash {result.content_hash}"
    )
    click.echo(
        f"PDF签名 / PAdES: {'有效 valid' if pades.ok else '无效 NOT VALID'} ({pades.signer})"
    )
    for problem in pades.problems + result.problems:
        click.echo(f"  ✗ {problem}")
    for slot in result.slots:
        mark = "✓" if slot.valid else "✗"
        click.echo(
            f"  {mark} {slot.slot} {slot.name} {slot.mark} {slot.fingerprint} {slot.problem}"
        )
    click.echo("结论 / result: " + ("有效 VALID" if result.ok else "无效 NOT VALID"))


def _as_json(result: ReportCheck) -> dict[str, object]:
    return {
        "ok": result.ok,
        "review_id": result.review_id,
        "reference_number": result.reference_number,
        "revision": result.revision,
        "content_hash": result.content_hash,
        "pades": {
            "ok": result.pades.ok,
            "intact": result.pades.intact,
            "valid": result.pades.valid,
            "trusted": result.pades.trusted,
            "entire_file": result.pades.entire_file,
            "signer": result.pades.signer,
            "problems": result.pades.problems,
        },
        "problems": result.problems,
        "slots": [vars(s) for s in result.slots],
    }
