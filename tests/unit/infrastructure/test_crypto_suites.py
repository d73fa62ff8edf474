"""The two crypto suites, primitive by primitive (decision 27).

Known answers from the standards, through the very functions fupan calls (GB/T 32905 SM3,
GB/T 32907 SM4, RFC 8998 SM4-GCM, GB/T 32918.5 SM2), and interoperability with an
independent implementation: OpenSSL 3's command line verifies fupan's SM2 signatures and
recomputes an SM3 chain link and its HMAC-SM3 MAC.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from uuid import uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from domain.errors import InvalidValue
from infrastructure.crypto import suite
from infrastructure.crypto.master import MasterKey, MasterKeyring
from infrastructure.crypto.personal_keys import PersonalKeys, parse_public
from infrastructure.crypto.suite import SM, STANDARD
from infrastructure.integrity.chain import DOMAIN, MAC_DOMAIN, link_mac, link_of

BOTH = [pytest.param(STANDARD, id="standard"), pytest.param(SM, id="sm")]

# ---- known answers -------------------------------------------------------------------


def test_sm3_known_answers_of_gb_t_32905() -> None:
    """GB/T 32905-2016 appendix A, examples 1 and 2."""
    assert SM.digest(b"abc").hex() == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    assert SM.digest(b"abcd" * 16).hex() == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )
    h = SM.hasher()  # the incremental form the chain uses
    for part in (b"ab", b"c"):
        h.update(part)
    assert h.digest() == SM.digest(b"abc")


def test_sm4_known_answer_of_gb_t_32907() -> None:
    """GB/T 32907-2016 appendix A, example 1: one block, key = plaintext."""
    key = bytes.fromhex("0123456789abcdeffedcba9876543210")
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    assert (encryptor.update(key) + encryptor.finalize()).hex() == (
        "681edf34d206965e86b3e94f536e4246"
    )


def test_sm4_gcm_known_answer_of_rfc_8998_opens_through_the_suite() -> None:
    """RFC 8998 appendix A.1 (SM4-GCM), read by the very function that opens fields."""
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    nonce = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plain = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    cipher = bytes.fromhex(
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    tag = bytes.fromhex("83DE3541E4C2B58177E065A9BF7B62EC")
    assert SM.open_sealed(key, nonce + cipher + tag, aad) == plain
    with pytest.raises(suite.CiphertextRejected):
        SM.open_sealed(key, nonce + cipher + tag, aad + b"x")


# GB/T 32918.5-2017 (GM/T 0003.5) example on the recommended curve, user id 1234567812345678,
# message "message digest".
SM2_EXAMPLE_PUBLIC = bytes.fromhex(
    "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020"
    "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13"
)
SM2_EXAMPLE_SIGNATURE = encode_dss_signature(
    int("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3", 16),
    int("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA", 16),
)


def test_sm2_known_answer_of_gb_t_32918_verifies_through_the_suite() -> None:
    assert SM.verify_signature(SM2_EXAMPLE_PUBLIC, SM2_EXAMPLE_SIGNATURE, b"message digest")
    assert not SM.verify_signature(SM2_EXAMPLE_PUBLIC, SM2_EXAMPLE_SIGNATURE, b"message digesT")
    # The same signature with personal keys' public-key text.
    text = "sm2:" + SM2_EXAMPLE_PUBLIC.hex()
    assert PersonalKeys.verify(text, SM2_EXAMPLE_SIGNATURE, b"message digest")
    assert not PersonalKeys.verify(SM2_EXAMPLE_PUBLIC.hex(), SM2_EXAMPLE_SIGNATURE, b"x")


# ---- each suite as fupan uses it ----------------------------------------------------


@pytest.mark.parametrize("s", BOTH)
def test_seal_binds_the_associated_data_and_the_key(s: suite.Suite) -> None:
    key = s.new_key()
    assert len(key) == (32 if s is STANDARD else 16)
    sealed = s.seal(key, b"personal", b"here")
    assert s.open_sealed(key, sealed, b"here") == b"personal"
    for bad in (
        lambda: s.open_sealed(key, sealed, b"elsewhere"),
        lambda: s.open_sealed(s.new_key(), sealed, b"here"),
        lambda: s.open_sealed(key, sealed[:-1] + bytes([sealed[-1] ^ 1]), b"here"),
        lambda: s.open_sealed(key, sealed[:5], b"here"),
    ):
        with pytest.raises(suite.CiphertextRejected):
            bad()


def test_a_ciphertext_of_one_suite_does_not_open_in_the_other() -> None:
    key = bytes(range(16))
    with pytest.raises(suite.CiphertextRejected):
        STANDARD.open_sealed(key + key, SM.seal(key, b"x", b"ad"), b"ad")


@pytest.mark.parametrize("s", BOTH)
def test_signatures(s: suite.Suite) -> None:
    private = s.new_signing_key()
    public = s.public_key(private)
    signature = s.sign(private, b"statement")
    assert s.verify_signature(public, signature, b"statement")
    assert not s.verify_signature(public, signature, b"statement!")
    assert not s.verify_signature(public, b"", b"statement")
    assert not s.verify_signature(b"\x00" * 3, signature, b"statement")
    assert not s.verify_signature(s.public_key(s.new_signing_key()), signature, b"statement")


def test_suites_are_named_as_stored() -> None:
    assert suite.by_name("fupan-2026") is STANDARD  # every record before the second suite
    assert suite.by_name(None) is STANDARD
    assert suite.by_name("fupan-sm-2026") is SM
    assert suite.by_choice("sm") is SM
    assert suite.by_choice("standard") is STANDARD
    with pytest.raises(suite.UnknownSuite):
        suite.by_name("rot13")
    with pytest.raises(suite.UnknownSuite):
        suite.by_choice("aes")


@pytest.mark.parametrize("s", BOTH)
def test_master_key_wraps_in_each_suite(s: suite.Suite, tmp_path: Path) -> None:
    keyring = MasterKeyring([MasterKey.generate()])
    data_key = s.new_key()
    master_id, wrapped = keyring.wrap(data_key, b"data-key:x", s)
    assert keyring.unwrap(master_id, wrapped, b"data-key:x", s) == data_key
    other = SM if s is STANDARD else STANDARD
    with pytest.raises(suite.CiphertextRejected):
        keyring.unwrap(master_id, wrapped, b"data-key:x", other)


@pytest.mark.parametrize("s", BOTH)
def test_personal_keys_in_each_suite(s: suite.Suite) -> None:
    keys = PersonalKeys(1, 1024, lambda: s)
    owner = uuid4()
    issued = keys.issue("correct horse battery", owner)
    named, raw = parse_public(issued.public_key)
    assert named is s
    assert len(raw) == (32 if s is STANDARD else 64)
    assert issued.public_key.startswith("sm2:") == (s is SM)
    signature = keys.sign(issued.sealed_private_key, "correct horse battery", owner, b"m")
    assert PersonalKeys.verify(issued.public_key, signature, b"m")
    with pytest.raises(InvalidValue):
        keys.sign(issued.sealed_private_key, "wrong password here", owner, b"m")
    resealed = keys.reseal(issued.sealed_private_key, "correct horse battery", "new one!", owner)
    again = keys.sign(resealed, "new one!", owner, b"m")
    assert PersonalKeys.verify(issued.public_key, again, b"m")


# ---- interoperability: OpenSSL 3 --------------------------------------------------------

# Without the command the interop tests skip (apt-get install openssl); with CI=true they
# run and fail (.ci/run installs it).
openssl = pytest.mark.skipif(
    shutil.which("openssl") is None and os.environ.get("CI", "").lower() != "true",
    reason="no openssl command (apt-get install openssl)",
)
SM2_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d03420004")


def _openssl(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["openssl", *args], capture_output=True, timeout=60, check=False)


def _openssl_verifies(tmp_path: Path, public: bytes, signature: bytes, message: bytes) -> bool:
    (tmp_path / "public.der").write_bytes(SM2_SPKI_PREFIX + public)
    (tmp_path / "message").write_bytes(message)
    (tmp_path / "signature").write_bytes(signature)
    done = _openssl(
        "pkeyutl", "-verify", "-pubin", "-keyform", "DER",
        "-inkey", str(tmp_path / "public.der"),
        "-rawin", "-in", str(tmp_path / "message"),
        "-sigfile", str(tmp_path / "signature"),
        "-digest", "sm3", "-pkeyopt", "distid:1234567812345678",
    )  # fmt: skip
    return done.returncode == 0 and b"Verified Successfully" in done.stdout


@openssl
def test_openssl_verifies_fupans_sm2_signatures(tmp_path: Path) -> None:
    private = SM.new_signing_key()
    message = b'{"content_hash":"...","slot":"principal"}'
    signature = SM.sign(private, message)
    assert _openssl_verifies(tmp_path, SM.public_key(private), signature, message)
    assert not _openssl_verifies(tmp_path, SM.public_key(private), signature, message + b" ")
    # A personal key as an account records it, sealed under its password.
    keys = PersonalKeys(1, 1024, lambda: SM)
    owner = uuid4()
    issued = keys.issue("correct horse battery", owner)
    signed = keys.sign(issued.sealed_private_key, "correct horse battery", owner, message)
    assert _openssl_verifies(tmp_path, parse_public(issued.public_key)[1], signed, message)
    # And the standard's example, which OpenSSL verifies as well.
    assert _openssl_verifies(tmp_path, SM2_EXAMPLE_PUBLIC, SM2_EXAMPLE_SIGNATURE, b"message digest")


@openssl
def test_openssl_recomputes_an_sm3_chain_link_and_its_mac(tmp_path: Path) -> None:
    previous = bytes(range(32))
    stream, topic, state = str(uuid4()), "domain.review:Review.Registered", b'{"x": 1}'
    row = (7, stream, 3, topic, state)
    ours = link_of(previous, row, SM)
    # The link's bytes, laid out independently of the code under test.
    laid = b"".join(
        (
            DOMAIN,
            previous,
            (7).to_bytes(8, "big"),
            len(stream).to_bytes(4, "big"),
            stream.encode(),
            len(topic).to_bytes(4, "big"),
            topic.encode(),
            (3).to_bytes(8, "big"),
            len(state).to_bytes(8, "big"),
            state,
        )
    )
    (tmp_path / "link").write_bytes(laid)
    done = _openssl("dgst", "-sm3", "-binary", str(tmp_path / "link"))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ours
    assert link_of(previous, row, STANDARD) != ours
    key = bytes(range(32, 64))
    (tmp_path / "mac").write_bytes(MAC_DOMAIN + (7).to_bytes(8, "big") + ours)
    done = _openssl(
        "dgst", "-sm3", "-mac", "HMAC", "-macopt", f"hexkey:{key.hex()}", "-binary",
        str(tmp_path / "mac"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == link_mac(key, 7, ours, SM)
