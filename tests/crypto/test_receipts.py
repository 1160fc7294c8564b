from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey
from nacl.pwhash import argon2id

from rightsdesk.crypto import (
    INSECURE_TEST_KDF,
    RECEIPT_DIGITS,
    InvalidReceipt,
    KdfParams,
    derive_receipt_secrets,
    new_receipt,
    new_report_keypair,
    parse_receipt,
    receipt_keypair,
    unwrap_report_key,
    wrap_report_key,
)

SERVER_KEY = bytes(range(32))
OTHER_SERVER_KEY = bytes(range(1, 33))

# Zero of each decimal digit script a reporter is likely to type in, plus a few others.
DIGIT_ZEROS = {
    "ascii": 0x30,
    "arabic-indic": 0x660,
    "persian": 0x6F0,
    "devanagari": 0x966,
    "bengali": 0x9E6,
    "burmese": 0x1040,
    "thai": 0xE50,
    "khmer": 0x17E0,
    "fullwidth": 0xFF10,
}
SEPARATORS = [
    "",
    "",
    " ",
    "  ",
    "-",
    ".",
    "_",
    "\u00a0",
    "\u2009",
    "\u3000",
    "\u2013",
    "\u200f",
    "\u200e",
    "\u061c",
    "\u066c",
    "\t",
]


def test_receipt_format() -> None:
    receipt = new_receipt()
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4} \d{4}", receipt)
    assert RECEIPT_DIGITS == 20
    assert 10**RECEIPT_DIGITS >= 2**64


def test_receipts_are_unique_and_spread() -> None:
    draws = [new_receipt() for _ in range(2000)]
    assert len(set(draws)) == len(draws)
    # Every digit position takes many values (catches a constant or a short random part).
    for position in range(RECEIPT_DIGITS):
        column = {d.replace(" ", "")[position] for d in draws}
        assert len(column) == 10


@settings(max_examples=200)
@given(
    number=st.integers(min_value=0, max_value=10**RECEIPT_DIGITS - 1),
    data=st.data(),
)
def test_parse_accepts_any_script_and_separators(number: int, data: st.DataObject) -> None:
    canonical = str(number).zfill(RECEIPT_DIGITS)
    rendered: list[str] = [data.draw(st.sampled_from(SEPARATORS))]
    for char in canonical:
        zero = DIGIT_ZEROS[data.draw(st.sampled_from(sorted(DIGIT_ZEROS)))]
        rendered.append(chr(zero + int(char)))
        rendered.append(data.draw(st.sampled_from(SEPARATORS)))
    assert parse_receipt("".join(rendered)) == canonical


def test_parse_examples() -> None:
    assert parse_receipt("1234 5678 9012 3456 7890") == "12345678901234567890"
    assert parse_receipt("١٢٣٤ ٥٦٧٨ ٩٠١٢ ٣٤٥٦ ٧٨٩٠") == "12345678901234567890"
    assert parse_receipt("۱۲۳۴-۵۶۷۸-۹۰۱۲-۳۴۵۶-۷۸۹۰") == "12345678901234567890"
    assert parse_receipt("၁၂၃၄.၅၆၇၈.၉၀၁၂.၃၄၅၆.၇၈၉၀") == "12345678901234567890"
    assert parse_receipt(" 1234_5678_9012_3456_7890\n") == "12345678901234567890"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1234 5678 9012 3456 789",
        "1234 5678 9012 3456 78901",
        "1234 5678 9012 3456 789O",  # letter O
        "1234 5678 9012 3456 789l",
        "abcd efgh ijkl mnop qrst",
        "1234 5678 9012 3456 789²",  # superscript: a digit, not a decimal
        "1234/5678/9012/3456/7890",
        "1234 5678 9012 3456 7890" + " " * 300,
    ],
)
def test_parse_rejects(text: str) -> None:
    with pytest.raises(InvalidReceipt) as info:
        parse_receipt(text)
    message = str(info.value)
    assert "1234" not in message
    assert "5678" not in message


def test_derivation_is_deterministic_and_script_independent() -> None:
    receipt = new_receipt()
    first = derive_receipt_secrets(receipt, server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
    arabic = "".join(chr(0x660 + int(c)) if c.isdigit() else "-" for c in receipt)
    second = derive_receipt_secrets(arabic, server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
    assert first == second
    assert len(first.lookup) == 32
    assert len(first.wrap_seed) == 32
    assert first.lookup != first.wrap_seed
    assert receipt_keypair(first).encode() == receipt_keypair(second).encode()


def test_derivation_depends_on_everything() -> None:
    receipt, other = new_receipt(), new_receipt()
    base = derive_receipt_secrets(receipt, server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
    by_key = derive_receipt_secrets(receipt, server_key=OTHER_SERVER_KEY, params=INSECURE_TEST_KDF)
    by_receipt = derive_receipt_secrets(other, server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
    by_params = derive_receipt_secrets(
        receipt, server_key=SERVER_KEY, params=KdfParams(opslimit=2, memlimit=8192)
    )
    for changed in (by_key, by_receipt, by_params):
        assert changed.lookup != base.lookup
        assert changed.wrap_seed != base.wrap_seed


def test_derivation_known_answer() -> None:
    # Recomputed independently from the documented construction with hashlib. Receipts are never
    # stored, so the derivation can never change: a change makes every existing report unfindable.
    receipt = "0123 4567 8901 2345 6789"
    salt = hashlib.blake2b(b"receipt-salt", key=SERVER_KEY, digest_size=32).digest()[:16]
    master = argon2id.kdf(
        32,
        b"01234567890123456789",
        salt,
        opslimit=INSECURE_TEST_KDF.opslimit,
        memlimit=INSECURE_TEST_KDF.memlimit,
    )

    def keyed(person: bytes) -> bytes:
        return hashlib.blake2b(master, key=SERVER_KEY, person=person, digest_size=32).digest()

    derived = derive_receipt_secrets(receipt, server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
    assert derived.lookup == keyed(b"rd-rcpt-lookup")
    assert derived.wrap_seed == keyed(b"rd-rcpt-wrap")
    assert (
        receipt_keypair(derived).encode() == PrivateKey.from_seed(keyed(b"rd-rcpt-wrap")).encode()
    )


def test_secrets_repr_is_redacted() -> None:
    secrets = derive_receipt_secrets(new_receipt(), server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
    assert secrets.wrap_seed.hex() not in repr(secrets)
    assert repr(secrets.wrap_seed) not in repr(secrets)


def test_receipt_keypair_is_a_usable_key() -> None:
    secrets = derive_receipt_secrets(new_receipt(), server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
    report = new_report_keypair()
    wrap = wrap_report_key(report, receipt_keypair(secrets).public_key)
    again = receipt_keypair(secrets)
    assert unwrap_report_key(wrap, report.public_key.encode(), again).encode() == report.encode()


def test_server_key_length_checked() -> None:
    with pytest.raises(ValueError, match="key"):
        derive_receipt_secrets(new_receipt(), server_key=bytes(16), params=INSECURE_TEST_KDF)


def test_derivation_rejects_non_receipts() -> None:
    with pytest.raises(InvalidReceipt):
        derive_receipt_secrets("hello", server_key=SERVER_KEY, params=INSECURE_TEST_KDF)
