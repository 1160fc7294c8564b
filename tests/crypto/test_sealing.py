from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey, PublicKey

from rightsdesk.crypto import (
    CryptoError,
    DecryptionError,
    MalformedCiphertext,
    bind,
    open_sealed,
    open_text,
    seal,
    seal_text,
)
from rightsdesk.crypto.sealing import OVERHEAD

from . import flip_bit

KEY = PrivateKey(bytes(range(1, 33)))
OTHER = PrivateKey(bytes(range(2, 34)))
AAD = bind(table="cases_report", row=12, field="narrative")


@settings(max_examples=60)
@given(plaintext=st.binary(max_size=300))
def test_round_trip(plaintext: bytes) -> None:
    ciphertext = seal(plaintext, KEY.public_key, AAD)
    assert len(ciphertext) == len(plaintext) + OVERHEAD
    assert open_sealed(ciphertext, KEY, AAD) == plaintext


@settings(max_examples=60)
@given(text=st.text(max_size=100))
def test_text_round_trip(text: str) -> None:
    assert open_text(seal_text(text, KEY.public_key, AAD), KEY, AAD) == text


def test_text_round_trip_scripts() -> None:
    for text in ["", "شهادة", "گزارش", "မှတ်တမ်း", "Zeugenaussage", "🕊️"]:
        assert open_text(seal_text(text, KEY.public_key, AAD), KEY, AAD) == text


def test_unencodable_text_error_does_not_quote_it() -> None:
    with pytest.raises(ValueError, match="UTF-8") as info:
        seal_text("name\ud800", KEY.public_key, AAD)
    assert "ud800" not in str(info.value)
    assert "name" not in str(info.value)


def test_non_utf8_plaintext_error_does_not_quote_it() -> None:
    ciphertext = seal(b"\xffsecret", KEY.public_key, AAD)
    with pytest.raises(MalformedCiphertext) as info:
        open_text(ciphertext, KEY, AAD)
    assert "secret" not in str(info.value)
    assert "xff" not in str(info.value)
    assert info.value.__cause__ is None


def test_ephemeral_keys_are_fresh() -> None:
    first = seal(b"same", KEY.public_key, AAD)
    second = seal(b"same", KEY.public_key, AAD)
    assert first[1:33] != second[1:33]
    assert first != second


@settings(max_examples=200)
@given(plaintext=st.binary(max_size=64), data=st.data())
def test_any_flipped_bit_is_rejected(plaintext: bytes, data: st.DataObject) -> None:
    ciphertext = seal(plaintext, KEY.public_key, AAD)
    bit = data.draw(st.integers(min_value=0, max_value=len(ciphertext) * 8 - 1))
    with pytest.raises(DecryptionError):
        open_sealed(flip_bit(ciphertext, bit), KEY, AAD)


def test_wrong_private_key_rejected() -> None:
    ciphertext = seal(b"secret", KEY.public_key, AAD)
    with pytest.raises(DecryptionError) as info:
        open_sealed(ciphertext, OTHER, AAD)
    assert "secret" not in str(info.value)


@pytest.mark.parametrize(
    "other",
    [
        bind(table="cases_report", row=13, field="narrative"),
        bind(table="cases_report", row=12, field="title"),
        bind(table="cases_note", row=12, field="narrative"),
    ],
)
def test_other_aad_rejected(other: bytes) -> None:
    ciphertext = seal(b"secret", KEY.public_key, AAD)
    with pytest.raises(DecryptionError):
        open_sealed(ciphertext, KEY, other)


@settings(max_examples=50)
@given(plaintext=st.binary(max_size=64), data=st.data())
def test_truncated_rejected(plaintext: bytes, data: st.DataObject) -> None:
    ciphertext = seal(plaintext, KEY.public_key, AAD)
    cut = data.draw(st.integers(min_value=0, max_value=OVERHEAD - 1))
    with pytest.raises(MalformedCiphertext):
        open_sealed(ciphertext[:cut], KEY, AAD)


def test_shortened_body_rejected() -> None:
    ciphertext = seal(b"some plaintext", KEY.public_key, AAD)
    with pytest.raises(DecryptionError):
        open_sealed(ciphertext[:-1], KEY, AAD)


@pytest.mark.parametrize("version", [0, 2, 255])
def test_bad_version_rejected(version: int) -> None:
    ciphertext = seal(b"secret", KEY.public_key, AAD)
    with pytest.raises(MalformedCiphertext):
        open_sealed(bytes([version]) + ciphertext[1:], KEY, AAD)


def test_low_order_ephemeral_key_rejected() -> None:
    # An all-zero point makes X25519 output zero; libsodium refuses it, and so must we.
    ciphertext = seal(b"secret", KEY.public_key, AAD)
    forged = ciphertext[:1] + bytes(32) + ciphertext[33:]
    with pytest.raises(DecryptionError):
        open_sealed(forged, KEY, AAD)


def test_low_order_recipient_refused() -> None:
    with pytest.raises(CryptoError):
        seal(b"secret", PublicKey(bytes(32)), AAD)


def test_empty_aad_refused() -> None:
    with pytest.raises(ValueError, match="associated data"):
        seal(b"x", KEY.public_key, b"")
