from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.crypto import (
    CHUNK_SIZE,
    DecryptionError,
    MalformedCiphertext,
    StreamInfo,
    StreamWriter,
    TruncatedStream,
    bind,
    decrypt_stream,
    decrypt_to,
    encrypt_stream,
    new_file_key,
    padme,
    verify_stream,
)
from rightsdesk.crypto.streams import FRAME_SIZE, HEADER_SIZE

from . import flip_bit

KEY = bytes(range(32))
AAD = bind(table="cases_attachment", row=3, field="content")
DATA = CHUNK_SIZE - 4  # file bytes per frame


def _payload(size: int) -> bytes:
    # Cheap, non-repeating-per-frame content so that misplaced frames would show.
    block = bytes(range(251)) * (size // 251 + 1)
    return block[:size]


def _encrypt(plaintext: bytes, key: bytes = KEY, aad: bytes = AAD) -> tuple[bytes, StreamInfo]:
    out = io.BytesIO()
    info = encrypt_stream(io.BytesIO(plaintext), out, key, aad)
    return out.getvalue(), info


def _decrypt(ciphertext: bytes, key: bytes = KEY, aad: bytes = AAD) -> bytes:
    return b"".join(decrypt_stream(io.BytesIO(ciphertext), key, aad))


def _frames(ciphertext: bytes) -> list[bytes]:
    body = ciphertext[HEADER_SIZE:]
    return [body[i : i + FRAME_SIZE] for i in range(0, len(body), FRAME_SIZE)]


def _join(ciphertext: bytes, frames: list[bytes]) -> bytes:
    return ciphertext[:HEADER_SIZE] + b"".join(frames)


@pytest.mark.parametrize(
    "size",
    [0, 1, DATA - 1, DATA, DATA + 1, 2 * DATA, 2 * DATA + 1, 8 * DATA + 1, 9 * DATA, 16 * DATA + 5],
)
def test_round_trip_edge_sizes(size: int) -> None:
    plaintext = _payload(size)
    ciphertext, info = _encrypt(plaintext)
    assert _decrypt(ciphertext) == plaintext
    assert info.plaintext_size == size
    assert info.ciphertext_size == len(ciphertext) == HEADER_SIZE + info.frames * FRAME_SIZE
    assert info.frames == padme(max(1, -(-size // DATA)))
    assert verify_stream(io.BytesIO(ciphertext), KEY, AAD) == size


@pytest.mark.parametrize("size", [CHUNK_SIZE - 5, CHUNK_SIZE - 4, CHUNK_SIZE - 3])
def test_round_trip_around_the_frame_boundary(size: int) -> None:
    plaintext = _payload(size)
    ciphertext, info = _encrypt(plaintext)
    assert _decrypt(ciphertext) == plaintext
    assert info.frames == (1 if size <= DATA else 2)


def test_empty_file_is_one_frame() -> None:
    ciphertext, info = _encrypt(b"")
    assert info == StreamInfo(plaintext_size=0, ciphertext_size=HEADER_SIZE + FRAME_SIZE, frames=1)
    assert list(decrypt_stream(io.BytesIO(ciphertext), KEY, AAD)) == []


@settings(max_examples=30, deadline=None)
@given(size=st.integers(min_value=0, max_value=12 * CHUNK_SIZE))
def test_round_trip_random_sizes(size: int) -> None:
    plaintext = _payload(size)
    ciphertext, _info = _encrypt(plaintext)
    out = io.BytesIO()
    assert decrypt_to(io.BytesIO(ciphertext), out, KEY, AAD) == size
    assert out.getvalue() == plaintext


class _Trickle(io.RawIOBase):
    """A source that returns at most 1000 bytes per read, like a pipe or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._data.read(min(size, 1000) if size >= 0 else 1000)


def test_short_reads_do_not_truncate() -> None:
    plaintext = _payload(3 * DATA + 5)
    out = io.BytesIO()
    info = encrypt_stream(_Trickle(plaintext), out, KEY, AAD)
    assert info.plaintext_size == len(plaintext)
    assert b"".join(decrypt_stream(_Trickle(out.getvalue()), KEY, AAD)) == plaintext


def test_all_frames_have_the_same_size() -> None:
    ciphertext, info = _encrypt(_payload(4 * DATA + 100))
    frames = _frames(ciphertext)
    assert len(frames) == info.frames == padme(5) == 5
    assert {len(f) for f in frames} == {FRAME_SIZE}


def test_sizes_within_one_padding_class_are_indistinguishable() -> None:
    # 9 and 10 data frames both pad to 10 frames.
    nine, info = _encrypt(_payload(8 * DATA + 1))
    ten, _ = _encrypt(_payload(10 * DATA))
    assert len(nine) == len(ten)
    assert info.frames == 10
    assert _decrypt(nine) == _payload(8 * DATA + 1)


def test_padding_frames_can_be_neither_dropped_nor_added() -> None:
    ciphertext, info = _encrypt(_payload(8 * DATA + 1))
    frames = _frames(ciphertext)
    assert info.frames == 10
    with pytest.raises(TruncatedStream):
        _decrypt(_join(ciphertext, frames[:9]))
    with pytest.raises(DecryptionError):
        _decrypt(_join(ciphertext, [*frames[:8], frames[9]]))
    with pytest.raises(DecryptionError):
        _decrypt(_join(ciphertext, [*frames[:9], frames[9], frames[9]]))


def test_padme_examples() -> None:
    assert [padme(n) for n in range(10)] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 10]
    assert padme(129) == 144
    assert padme(1025) == 1088


@settings(max_examples=500)
@given(n=st.integers(min_value=1, max_value=10**9))
def test_padme_properties(n: int) -> None:
    padded = padme(n)
    assert padded >= n
    assert padme(n + 1) >= padded  # monotone
    assert padme(padded) == padded  # idempotent: padded sizes are the only sizes seen
    assert padded - n <= 0.12 * n


def test_padme_leaks_few_distinct_sizes() -> None:
    distinct = {padme(n) for n in range(1, 1 << 14)}
    assert len(distinct) < 400  # versus 16383 unpadded


@settings(max_examples=60, deadline=None)
@given(size=st.sampled_from([0, 1, DATA, DATA + 1, 2 * DATA + 3]), data=st.data())
def test_any_flipped_bit_is_rejected(size: int, data: st.DataObject) -> None:
    ciphertext, _ = _encrypt(_payload(size))
    bit = data.draw(st.integers(min_value=0, max_value=len(ciphertext) * 8 - 1))
    with pytest.raises(DecryptionError):
        _decrypt(flip_bit(ciphertext, bit))


def test_dropped_frame_rejected() -> None:
    ciphertext, info = _encrypt(_payload(4 * DATA + 1))
    frames = _frames(ciphertext)
    for index in range(info.frames - 1):
        with pytest.raises(DecryptionError):
            _decrypt(_join(ciphertext, frames[:index] + frames[index + 1 :]))


def test_swapped_frames_rejected() -> None:
    ciphertext, _ = _encrypt(_payload(3 * DATA + 1))
    frames = _frames(ciphertext)
    swapped = [frames[1], frames[0], *frames[2:]]
    with pytest.raises(DecryptionError):
        _decrypt(_join(ciphertext, swapped))
    duplicated = [frames[0], frames[0], *frames[2:]]
    with pytest.raises(DecryptionError):
        _decrypt(_join(ciphertext, duplicated))


def test_frames_from_another_file_rejected() -> None:
    first, _ = _encrypt(_payload(2 * DATA))
    second, _ = _encrypt(_payload(2 * DATA))
    with pytest.raises(DecryptionError):
        _decrypt(_join(first, [_frames(first)[0], _frames(second)[1]]))


def test_cut_at_a_frame_boundary_is_truncated() -> None:
    ciphertext, info = _encrypt(_payload(2 * DATA + 1))
    assert info.frames == 3
    for frames_kept in range(info.frames):
        with pytest.raises(TruncatedStream):
            _decrypt(ciphertext[: HEADER_SIZE + frames_kept * FRAME_SIZE])


@pytest.mark.parametrize("cut", [0, 1, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + 1, -1, -17])
def test_cut_anywhere_is_truncated(cut: int) -> None:
    ciphertext, _ = _encrypt(_payload(DATA + 1))
    with pytest.raises(TruncatedStream):
        _decrypt(ciphertext[:cut])


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_truncation_is_rejected(data: st.DataObject) -> None:
    ciphertext, _ = _encrypt(_payload(DATA + 1))
    cut = data.draw(st.integers(min_value=0, max_value=len(ciphertext) - 1))
    with pytest.raises(MalformedCiphertext):
        _decrypt(ciphertext[:cut])


@pytest.mark.parametrize("garbage", [b"\x00", b"x" * 100, bytes(FRAME_SIZE)])
def test_trailing_bytes_rejected(garbage: bytes) -> None:
    ciphertext, _ = _encrypt(_payload(10))
    with pytest.raises(TruncatedStream):
        _decrypt(ciphertext + garbage)


def test_trailing_copy_of_a_frame_rejected() -> None:
    ciphertext, _ = _encrypt(_payload(DATA + 1))
    with pytest.raises(TruncatedStream):
        _decrypt(ciphertext + _frames(ciphertext)[-1])


def test_wrong_key_or_aad_rejected() -> None:
    ciphertext, _ = _encrypt(_payload(100))
    with pytest.raises(DecryptionError):
        _decrypt(ciphertext, key=new_file_key())
    for other in (
        bind(table="cases_attachment", row=4, field="content"),
        bind(table="cases_attachment", row=3, field="name"),
        bind(table="cases_evidence", row=3, field="content"),
    ):
        with pytest.raises(DecryptionError):
            _decrypt(ciphertext, aad=other)


@pytest.mark.parametrize("version", [0, 2, 255])
def test_bad_version_rejected(version: int) -> None:
    ciphertext, _ = _encrypt(b"x")
    with pytest.raises(MalformedCiphertext):
        _decrypt(bytes([version]) + ciphertext[1:])


def test_no_plaintext_from_a_failed_frame() -> None:
    plaintext = _payload(4 * DATA + 7)
    ciphertext, _ = _encrypt(plaintext)
    for bad_frame in range(5):
        tampered = flip_bit(ciphertext, 8 * (HEADER_SIZE + bad_frame * FRAME_SIZE + 100))
        released: list[bytes] = []
        with pytest.raises(DecryptionError):
            released.extend(decrypt_stream(io.BytesIO(tampered), KEY, AAD))
        assert b"".join(released) == plaintext[: bad_frame * DATA]


def test_final_frame_released_only_after_its_checks() -> None:
    plaintext = _payload(10)
    ciphertext, _ = _encrypt(plaintext)
    released: list[bytes] = []
    with pytest.raises(TruncatedStream):
        released.extend(decrypt_stream(io.BytesIO(ciphertext + b"!"), KEY, AAD))
    assert released == []


def test_verify_stream_consumes_and_checks_everything() -> None:
    plaintext = _payload(2 * DATA + 1)
    ciphertext, _ = _encrypt(plaintext)
    src = io.BytesIO(ciphertext)
    assert verify_stream(src, KEY, AAD) == len(plaintext)
    assert src.read() == b""
    with pytest.raises(TruncatedStream):
        verify_stream(io.BytesIO(ciphertext[:-FRAME_SIZE]), KEY, AAD)


def test_key_and_aad_checked_before_iteration() -> None:
    ciphertext, _ = _encrypt(b"x")
    with pytest.raises(ValueError, match="key"):
        decrypt_stream(io.BytesIO(ciphertext), KEY[:16], AAD)
    with pytest.raises(ValueError, match="associated data"):
        decrypt_stream(io.BytesIO(ciphertext), KEY, b"")
    with pytest.raises(ValueError, match="key"):
        encrypt_stream(io.BytesIO(b""), io.BytesIO(), KEY[:16], AAD)


def test_new_file_key() -> None:
    keys = {new_file_key() for _ in range(50)}
    assert len(keys) == 50
    assert {len(k) for k in keys} == {32}


@settings(max_examples=40, deadline=None)
@given(
    data=st.binary(max_size=3 * CHUNK_SIZE),
    cuts=st.lists(st.integers(min_value=0, max_value=3 * CHUNK_SIZE), max_size=8),
)
def test_push_writer_matches_pull_format_and_round_trips(data: bytes, cuts: list[int]) -> None:
    key = new_file_key()
    out = io.BytesIO()
    writer = StreamWriter(out, key, AAD)
    start = 0
    for cut in sorted(cuts):
        writer.write(data[start:cut])
        start = max(start, cut)
    writer.write(data[start:])
    info = writer.finish()
    pulled = io.BytesIO()
    pull_info = encrypt_stream(io.BytesIO(data), pulled, key, AAD)
    assert info == pull_info
    assert len(out.getvalue()) == info.ciphertext_size
    assert b"".join(decrypt_stream(io.BytesIO(out.getvalue()), key, AAD)) == data
