"""Frames that authenticate but break the framing rules (only a key holder can write these)."""

from __future__ import annotations

import io

import pytest
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
    crypto_secretstream_xchacha20poly1305_TAG_PUSH,
)

from rightsdesk.crypto import CHUNK_SIZE, MalformedCiphertext, bind, decrypt_stream

KEY = bytes(range(32))
AAD = bind(table="cases_attachment", row=3, field="content")
DATA = CHUNK_SIZE - 4
MESSAGE = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
FINAL = crypto_secretstream_xchacha20poly1305_TAG_FINAL


def _forge(frames: list[tuple[bytes, int]]) -> bytes:
    """Encrypt raw CHUNK_SIZE plaintext frames with the given tags, bypassing the encoder."""
    state = crypto_secretstream_xchacha20poly1305_state()
    out = b"\x01" + crypto_secretstream_xchacha20poly1305_init_push(state, KEY)
    for plaintext, tag in frames:
        assert len(plaintext) == CHUNK_SIZE
        out += crypto_secretstream_xchacha20poly1305_push(state, plaintext, AAD, tag)
    return out


def _frame(count: int, data: bytes = b"", fill: bytes | None = None) -> bytes:
    body = data.ljust(count, b"a")
    rest = fill if fill is not None else bytes(DATA - len(body))
    return (count.to_bytes(4, "big") + body + rest)[:CHUNK_SIZE].ljust(CHUNK_SIZE, b"\0")


def _decrypt(ciphertext: bytes) -> bytes:
    return b"".join(decrypt_stream(io.BytesIO(ciphertext), KEY, AAD))


def test_well_formed_forgery_decrypts() -> None:
    # The helper itself is right: a legal stream made by hand decrypts.
    assert _decrypt(_forge([(_frame(3, b"abc"), FINAL)])) == b"abc"


def test_count_too_large_rejected() -> None:
    frame = (DATA + 1).to_bytes(4, "big") + b"a" * DATA
    with pytest.raises(MalformedCiphertext):
        _decrypt(_forge([(frame, FINAL)]))


def test_data_after_a_short_frame_rejected() -> None:
    stream = _forge([(_frame(10), MESSAGE), (_frame(5), FINAL)])
    with pytest.raises(MalformedCiphertext):
        _decrypt(stream)


def test_data_after_padding_rejected() -> None:
    stream = _forge([(_frame(DATA), MESSAGE), (_frame(0), MESSAGE), (_frame(1), FINAL)])
    with pytest.raises(MalformedCiphertext):
        _decrypt(stream)


def test_nonzero_fill_rejected() -> None:
    frame = _frame(3, b"abc", fill=b"\x01" + bytes(DATA - 4))
    with pytest.raises(MalformedCiphertext):
        _decrypt(_forge([(frame, FINAL)]))


def test_unexpected_tag_rejected() -> None:
    with pytest.raises(MalformedCiphertext):
        _decrypt(_forge([(_frame(3), crypto_secretstream_xchacha20poly1305_TAG_PUSH)]))


def test_wrong_padding_amount_rejected() -> None:
    # One data frame must be exactly one frame; an extra padding frame breaks the rule.
    stream = _forge([(_frame(3), MESSAGE), (_frame(0), FINAL)])
    with pytest.raises(MalformedCiphertext):
        _decrypt(stream)
    # Nine data frames must be padded to ten.
    unpadded = _forge([(_frame(DATA), MESSAGE)] * 8 + [(_frame(1), FINAL)])
    with pytest.raises(MalformedCiphertext):
        _decrypt(unpadded)
