from __future__ import annotations

import nacl.utils
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.crypto import DecryptionError, MalformedCiphertext, bind, decrypt, encrypt
from rightsdesk.crypto.secretbox import OVERHEAD

from . import flip_bit

KEY = bytes(range(32))
AAD = bind(table="accounts_user", row=7, field="key_wrap")


@settings(max_examples=60)
@given(plaintext=st.binary(max_size=300))
def test_round_trip(plaintext: bytes) -> None:
    ciphertext = encrypt(plaintext, KEY, AAD)
    assert len(ciphertext) == len(plaintext) + OVERHEAD
    assert decrypt(ciphertext, KEY, AAD) == plaintext


def test_accepts_memoryview_from_storage() -> None:
    ciphertext = encrypt(b"x", KEY, AAD)
    assert decrypt(memoryview(ciphertext), KEY, AAD) == b"x"


def test_nonces_are_fresh() -> None:
    assert encrypt(b"same", KEY, AAD) != encrypt(b"same", KEY, AAD)


@settings(max_examples=200)
@given(plaintext=st.binary(max_size=64), data=st.data())
def test_any_flipped_bit_is_rejected(plaintext: bytes, data: st.DataObject) -> None:
    ciphertext = encrypt(plaintext, KEY, AAD)
    bit = data.draw(st.integers(min_value=0, max_value=len(ciphertext) * 8 - 1))
    with pytest.raises(DecryptionError):
        decrypt(flip_bit(ciphertext, bit), KEY, AAD)


def test_wrong_key_rejected() -> None:
    ciphertext = encrypt(b"secret", KEY, AAD)
    with pytest.raises(DecryptionError) as info:
        decrypt(ciphertext, bytes(32), AAD)
    assert "secret" not in str(info.value)


@pytest.mark.parametrize(
    "other",
    [
        bind(table="accounts_user", row=8, field="key_wrap"),
        bind(table="accounts_user", row=7, field="recovery_wrap"),
        bind(table="accounts_partner", row=7, field="key_wrap"),
    ],
)
def test_other_aad_rejected(other: bytes) -> None:
    ciphertext = encrypt(b"secret", KEY, AAD)
    with pytest.raises(DecryptionError):
        decrypt(ciphertext, KEY, other)


@settings(max_examples=50)
@given(plaintext=st.binary(max_size=64), data=st.data())
def test_truncated_rejected(plaintext: bytes, data: st.DataObject) -> None:
    ciphertext = encrypt(plaintext, KEY, AAD)
    cut = data.draw(st.integers(min_value=0, max_value=OVERHEAD - 1))
    with pytest.raises(MalformedCiphertext):
        decrypt(ciphertext[:cut], KEY, AAD)


def test_shortened_body_rejected() -> None:
    ciphertext = encrypt(b"some plaintext", KEY, AAD)
    with pytest.raises(DecryptionError):
        decrypt(ciphertext[:-1], KEY, AAD)


@pytest.mark.parametrize("version", [0, 2, 255])
def test_bad_version_rejected(version: int) -> None:
    ciphertext = encrypt(b"secret", KEY, AAD)
    with pytest.raises(MalformedCiphertext):
        decrypt(bytes([version]) + ciphertext[1:], KEY, AAD)


def test_key_and_aad_checked() -> None:
    with pytest.raises(ValueError, match="key"):
        encrypt(b"x", KEY[:31], AAD)
    with pytest.raises(ValueError, match="associated data"):
        encrypt(b"x", KEY, b"")
    with pytest.raises(ValueError, match="key"):
        decrypt(encrypt(b"x", KEY, AAD), nacl.utils.random(16), AAD)
