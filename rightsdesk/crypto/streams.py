"""File encryption in constant memory (libsodium secretstream, XChaCha20-Poly1305).

Format, version 1::

    0x01 || secretstream header (24) || frame 1 || ... || frame N

Each frame is one secretstream message of exactly ``CHUNK_SIZE`` plaintext bytes::

    count (4, big-endian) || count bytes of file data || zero fill

so every frame has the same ciphertext size and the file's exact size is hidden inside the last
data frame. Frames after the data are all padding (count 0) so that N is ``padme(data frames)``:
the stored size reveals only the order of magnitude of the file, roughly, instead of its size to
the byte (which can identify a known document). The last frame carries ``TAG_FINAL``; every other
frame ``TAG_MESSAGE``. The associated data (see :mod:`.aad`) is authenticated with every frame.

Threats and answers: a flipped bit, a reordered, dropped or duplicated frame, or another file's
frames fail authentication (secretstream chains frames by an internal counter and key); a stream
cut at a frame boundary has no final frame and is refused (``TruncatedStream``), as are bytes after
the final frame.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import nacl.exceptions
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_ABYTES,
    crypto_secretstream_xchacha20poly1305_HEADERBYTES,
    crypto_secretstream_xchacha20poly1305_init_pull,
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_KEYBYTES,
    crypto_secretstream_xchacha20poly1305_keygen,
    crypto_secretstream_xchacha20poly1305_pull,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
)

from ._util import Buffer, require_aad, require_key
from .errors import DecryptionError, MalformedCiphertext, TruncatedStream

__all__ = [
    "CHUNK_SIZE",
    "FRAME_SIZE",
    "HEADER_SIZE",
    "ByteSink",
    "ByteSource",
    "StreamInfo",
    "StreamWriter",
    "decrypt_stream",
    "decrypt_to",
    "encrypt_stream",
    "new_file_key",
    "padme",
    "verify_stream",
]

VERSION = 1
CHUNK_SIZE = 64 * 1024
_COUNT = 4
_MAX_DATA = CHUNK_SIZE - _COUNT
KEY_SIZE: int = crypto_secretstream_xchacha20poly1305_KEYBYTES
HEADER_SIZE: int = 1 + crypto_secretstream_xchacha20poly1305_HEADERBYTES
FRAME_SIZE: int = CHUNK_SIZE + crypto_secretstream_xchacha20poly1305_ABYTES
_MESSAGE: int = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_FINAL: int = crypto_secretstream_xchacha20poly1305_TAG_FINAL


class ByteSource(Protocol):
    """Anything with ``read(n)``: an open file, an upload, a BytesIO."""

    def read(self, size: int, /) -> bytes: ...


class ByteSink(Protocol):
    """Anything with ``write(data)``."""

    def write(self, data: bytes, /) -> object: ...


@dataclass(frozen=True)
class StreamInfo:
    """Sizes of one encrypted file; ``plaintext_size`` is secret-ish (store it encrypted)."""

    plaintext_size: int
    ciphertext_size: int
    frames: int


def padme(n: int) -> int:
    """Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files", PETS 2019).

    Rounds ``n`` up by clearing its low ``E - S`` bits, where ``E = floor(log2 n)`` and
    ``S = floor(log2 E) + 1``: the result leaks O(log log n) bits and exceeds ``n`` by less than
    12%. ``padme(0) == 0``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return 0
    exponent = n.bit_length() - 1
    keep = exponent.bit_length()
    mask = (1 << (exponent - keep)) - 1
    return (n + mask) & ~mask


def new_file_key() -> bytes:
    """A fresh random 32-byte key for one file; seal it to the report before storing anything."""
    return crypto_secretstream_xchacha20poly1305_keygen()


def _read_full(src: ByteSource, size: int) -> bytes:
    # read() may return fewer bytes than asked before the end (pipes, sockets, raw files); only an
    # empty read means the end. Without this loop a short read would look like the end of the file
    # and silently drop the rest of the evidence.
    first = src.read(size)
    if len(first) == size or not first:
        return bytes(first)
    buf = bytearray(first)
    while len(buf) < size:
        piece = src.read(size - len(buf))
        if not piece:
            break
        buf += piece
    return bytes(buf)


def _write_all(dst: ByteSink, data: bytes) -> None:
    while data:
        written = dst.write(data)
        # Buffered files return the full length (some file-likes return None); raw files may
        # write less, and the rest must follow or the stored file silently loses frames.
        if not isinstance(written, int) or written >= len(data):
            return
        if written <= 0:
            raise OSError("destination accepted no bytes")
        data = data[written:]


def _frame(data: bytes) -> bytes:
    return len(data).to_bytes(_COUNT, "big") + data + bytes(_MAX_DATA - len(data))


class StreamWriter:
    """Push-style encryption for data that arrives in pieces (an upload being received).

    ``write`` as often as data comes, then ``finish`` exactly once. Holds at most one frame of
    plaintext in memory. Same format and same guarantees as :func:`encrypt_stream`; if ``finish``
    is never called, ``dst`` holds a stream without a final frame that will never decrypt, and the
    caller must delete it.
    """

    def __init__(self, dst: ByteSink, key: Buffer, aad: Buffer) -> None:
        self._key = require_key(key, KEY_SIZE)
        self._ad = require_aad(aad)
        self._dst = dst
        self._state = crypto_secretstream_xchacha20poly1305_state()
        header = crypto_secretstream_xchacha20poly1305_init_push(self._state, self._key)
        _write_all(dst, bytes([VERSION]) + header)
        self._pending = bytearray()
        self._data_frames = 0
        self._size = 0
        self._finished = False

    def _push(self, data: bytes, tag: int) -> None:
        _write_all(
            self._dst,
            crypto_secretstream_xchacha20poly1305_push(self._state, _frame(data), self._ad, tag),
        )

    def write(self, data: Buffer) -> int:
        if self._finished:
            raise ValueError("stream already finished")
        piece = bytes(data)
        self._pending += piece
        self._size += len(piece)
        # Keep the last full frame back: the final tag goes on the last data frame, which is
        # known only at finish().
        while len(self._pending) > _MAX_DATA:
            self._push(bytes(self._pending[:_MAX_DATA]), _MESSAGE)
            del self._pending[:_MAX_DATA]
            self._data_frames += 1
        return len(piece)

    @property
    def plaintext_size(self) -> int:
        return self._size

    def finish(self) -> StreamInfo:
        """Write the last data frame and the padding frames; the stream is then complete."""
        if self._finished:
            raise ValueError("stream already finished")
        self._finished = True
        data_frames = self._data_frames + 1
        total = padme(data_frames)
        self._push(bytes(self._pending), _FINAL if total == data_frames else _MESSAGE)
        self._pending.clear()
        for index in range(data_frames + 1, total + 1):
            self._push(b"", _FINAL if index == total else _MESSAGE)
        return StreamInfo(
            plaintext_size=self._size,
            ciphertext_size=HEADER_SIZE + total * FRAME_SIZE,
            frames=total,
        )


def encrypt_stream(src: ByteSource, dst: ByteSink, key: Buffer, aad: Buffer) -> StreamInfo:
    """Encrypt everything readable from ``src`` onto ``dst``; memory use is a few frames.

    ``key`` comes from :func:`new_file_key` and must never encrypt another file. ``aad`` binds the
    file to where it is stored (:func:`.aad.bind`). Metadata must have been stripped from ``src``
    before calling. If this raises, ``dst`` holds a stream without a final frame that will never
    decrypt; the caller must delete it.
    """
    writer = StreamWriter(dst, key, aad)
    while piece := _read_full(src, _MAX_DATA):
        writer.write(piece)
    return writer.finish()


def decrypt_stream(src: ByteSource, key: Buffer, aad: Buffer) -> Iterator[bytes]:
    """Yield the plaintext of each frame once that frame has authenticated.

    A piece is yielded before later frames are checked, so a consumer that must not act on part of
    a file (a download sent to a browser) calls :func:`verify_stream` on the stored bytes first.
    Raises, during iteration, :class:`DecryptionError` (wrong key or aad, tampered, reordered or
    dropped frame), :class:`TruncatedStream` (no final frame, or bytes after it) and
    :class:`MalformedCiphertext` (bad version or framing). Key and aad are checked at once.
    """
    return _decrypt_frames(src, require_key(key, KEY_SIZE), require_aad(aad))


def _open_frame(
    state: crypto_secretstream_xchacha20poly1305_state, block: bytes, ad: bytes, data_ended: bool
) -> tuple[int, bytes, int]:
    """Authenticate one frame; return (tag, plaintext frame, count of data bytes)."""
    if len(block) < FRAME_SIZE:
        raise TruncatedStream("stream ends before its final frame")
    try:
        plaintext, tag = crypto_secretstream_xchacha20poly1305_pull(state, block, ad)
    except nacl.exceptions.CryptoError:
        raise DecryptionError("stream frame failed authentication") from None
    # From here the frame is authentic: anything wrong below was written by a key holder (a buggy
    # or hostile encryptor), and is refused rather than interpreted.
    if tag not in (_MESSAGE, _FINAL):
        raise MalformedCiphertext("unexpected frame tag")
    count = int.from_bytes(plaintext[:_COUNT], "big")
    if count > _MAX_DATA:
        raise MalformedCiphertext("frame count is too large")
    if data_ended and count:
        raise MalformedCiphertext("data after the end of the file")
    if plaintext.count(0, _COUNT + count) != _MAX_DATA - count:
        raise MalformedCiphertext("frame fill is not zero")
    return tag, plaintext, count


def _decrypt_frames(src: ByteSource, key: bytes, ad: bytes) -> Iterator[bytes]:
    head = _read_full(src, HEADER_SIZE)
    if not head:
        raise TruncatedStream("stream is empty")
    if head[0] != VERSION:
        raise MalformedCiphertext("unknown stream version")
    if len(head) < HEADER_SIZE:
        raise TruncatedStream("stream ends inside its header")
    state = crypto_secretstream_xchacha20poly1305_state()
    try:
        crypto_secretstream_xchacha20poly1305_init_pull(state, head[1:], key)
    except nacl.exceptions.CryptoError:
        raise MalformedCiphertext("bad stream header") from None

    frames = 0
    data_frames = 0
    data_ended = False
    tag = _MESSAGE
    while tag != _FINAL:
        tag, plaintext, count = _open_frame(state, _read_full(src, FRAME_SIZE), ad, data_ended)
        frames += 1
        if count:
            data_frames += 1
        data_ended = data_ended or count < _MAX_DATA
        # Every check on the final frame happens before its data is released.
        if tag == _FINAL:
            if src.read(1):
                raise TruncatedStream("bytes after the final frame")
            if frames != padme(max(1, data_frames)):
                raise MalformedCiphertext("frame count does not match the padding rule")
        if count:
            yield plaintext[_COUNT : _COUNT + count]


def verify_stream(src: ByteSource, key: Buffer, aad: Buffer) -> int:
    """Authenticate the whole stream without keeping any plaintext; return the plaintext size.

    Raises like :func:`decrypt_stream`. The caller then rewinds (or reopens) and decrypts.
    """
    return sum(len(piece) for piece in decrypt_stream(src, key, aad))


def decrypt_to(src: ByteSource, dst: ByteSink, key: Buffer, aad: Buffer) -> int:
    """Decrypt onto ``dst``; return the plaintext size.

    If this raises, ``dst`` holds a prefix of the file; the caller must discard it (or have
    called :func:`verify_stream` first).
    """
    size = 0
    for piece in decrypt_stream(src, key, aad):
        _write_all(dst, piece)
        size += len(piece)
    return size
