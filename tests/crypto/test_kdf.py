from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.pwhash import argon2id

from rightsdesk.crypto import DEFAULT_KDF, INSECURE_TEST_KDF, KdfParams, derive_key

SALT = bytes(range(16))
salts = st.binary(min_size=16, max_size=16)
secrets_ = st.binary(max_size=64)


def test_defaults_meet_the_design() -> None:
    assert DEFAULT_KDF.opslimit >= 3
    assert DEFAULT_KDF.memlimit >= 64 * 1024 * 1024


def test_default_params_are_accepted_by_libsodium() -> None:
    assert len(derive_key(b"pw", SALT, DEFAULT_KDF)) == 32


@settings(max_examples=25, deadline=None)
@given(secret=secrets_, salt=salts)
def test_deterministic(secret: bytes, salt: bytes) -> None:
    assert derive_key(secret, salt, INSECURE_TEST_KDF) == derive_key(
        secret, salt, INSECURE_TEST_KDF
    )


@settings(max_examples=25, deadline=None)
@given(secret=secrets_, salt=salts, other=salts)
def test_different_salt_gives_different_key(secret: bytes, salt: bytes, other: bytes) -> None:
    if salt != other:
        assert derive_key(secret, salt, INSECURE_TEST_KDF) != derive_key(
            secret, other, INSECURE_TEST_KDF
        )


@settings(max_examples=25, deadline=None)
@given(secret=secrets_, other=secrets_)
def test_different_secret_gives_different_key(secret: bytes, other: bytes) -> None:
    if secret != other:
        assert derive_key(secret, SALT, INSECURE_TEST_KDF) != derive_key(
            other, SALT, INSECURE_TEST_KDF
        )


def test_params_change_the_key() -> None:
    other = KdfParams(opslimit=2, memlimit=8192)
    assert derive_key(b"pw", SALT, INSECURE_TEST_KDF) != derive_key(b"pw", SALT, other)


def test_size() -> None:
    assert len(derive_key(b"pw", SALT, INSECURE_TEST_KDF, size=64)) == 64


@pytest.mark.parametrize("salt", [b"", bytes(15), bytes(17), bytes(32)])
def test_salt_length_checked(salt: bytes) -> None:
    with pytest.raises(ValueError, match="salt"):
        derive_key(b"pw", salt, INSECURE_TEST_KDF)


@pytest.mark.parametrize(
    ("opslimit", "memlimit"),
    [
        (argon2id.OPSLIMIT_MIN - 1, 64 * 1024 * 1024),
        (3, argon2id.MEMLIMIT_MIN - 1),
        (0, 0),
        (3, 8 * 1024**3),
        (10**6, 64 * 1024 * 1024),
    ],
)
def test_params_validated(opslimit: int, memlimit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        KdfParams(opslimit=opslimit, memlimit=memlimit)


def test_params_must_be_ints() -> None:
    with pytest.raises(TypeError):
        KdfParams(opslimit=3.0, memlimit=8192)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        KdfParams(opslimit=True, memlimit=8192)
