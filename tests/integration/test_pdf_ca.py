"""The report PDFs' CA at the command line (decision 25): made by ``fupan init`` or
``fupan pdf-ca init``, exported, wrapped by the master key and rotated with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from cryptography import x509

from infrastructure.crypto.master import MasterKeyring
from infrastructure.documents.keys import DocumentKeys
from infrastructure.persistence.popo import POPOReviewRecorder
from web.cli import main


@pytest.fixture
def fupan(tmp_path: Path) -> Any:
    environ = {
        "FUPAN_ENV": "test",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
    }

    def run(*args: str, **env: str) -> Result:
        return CliRunner().invoke(main, list(args), env={**environ, **env})

    return run


def test_init_makes_the_pdf_ca_and_export_writes_its_certificate(
    fupan: Any, tmp_path: Path
) -> None:
    first = fupan("init")
    assert first.exit_code == 0, first.output
    assert "PDF CA" in first.output
    again = fupan("pdf-ca", "init", "--organisation", "某市教育局")
    assert again.exit_code == 0
    assert "未更改" in again.output, "a CA exists: nothing changed"
    pem = tmp_path / "pdf-ca.pem"
    assert fupan("pdf-ca", "export", str(pem)).exit_code == 0
    (ca,) = x509.load_pem_x509_certificates(pem.read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.public_key().curve.name == "secp256r1"  # type: ignore[union-attr]
    renewed = fupan("pdf-ca", "init", "--new", "--organisation", "某市教育局")
    assert renewed.exit_code == 0
    printed = fupan("pdf-ca", "export")
    assert len(x509.load_pem_x509_certificates(printed.output.encode())) == 2
    assert fupan("pdf-ca", "init", "--organisation", " ").exit_code == 2


def test_export_without_a_ca_says_what_to_run(fupan: Any, tmp_path: Path) -> None:
    answer = fupan("pdf-ca", "export")
    assert answer.exit_code == 1
    assert "pdf-ca init" in answer.output


def test_the_keys_are_wrapped_by_the_master_key_and_rewrapped_by_rotation(
    tmp_path: Path,
) -> None:
    from infrastructure.crypto.rotation import rotate

    recorder = POPOReviewRecorder()
    keyring = MasterKeyring.create_file(tmp_path / "master.json")
    keys = DocumentKeys(recorder, keyring)
    keys.create("某市教育局")
    signer = keys.signer()
    rows = recorder.select_document_keys()
    assert {r["kind"] for r in rows} == {"ca", "signer"}
    raw = signer.private_key.private_numbers().private_value.to_bytes(32, "big")
    assert all(raw not in bytes(r["wrapped_private_key"]) for r in rows)
    result = rotate(recorder, keyring)
    assert result.document_keys == 2
    after = DocumentKeys(recorder, keyring).signer()
    assert after.certificate == signer.certificate
    assert after.private_key.private_numbers() == signer.private_key.private_numbers()
    assert {r["master_key_id"] for r in recorder.select_document_keys()} == {keyring.active.id}
