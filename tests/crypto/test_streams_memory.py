"""Encrypting and decrypting large files must use memory independent of their size."""

from __future__ import annotations

import io
import tempfile
import tracemalloc

from rightsdesk.crypto import bind, decrypt_stream, encrypt_stream, new_file_key

AAD = bind(table="cases_attachment", row=1, field="content")
MIB = 1024 * 1024
PEAK_LIMIT = 2 * MIB


class _Generated(io.RawIOBase):
    """A file of ``size`` bytes produced on demand: nothing is buffered."""

    def __init__(self, size: int) -> None:
        self._left = size
        self._counter = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        n = self._left if size < 0 else min(size, self._left)
        self._left -= n
        self._counter = (self._counter + 1) % 251
        return bytes([self._counter]) * n


class _CountingSink(io.RawIOBase):
    def __init__(self) -> None:
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self.written += len(data)
        return len(data)


def test_encrypting_64_mib_keeps_memory_flat() -> None:
    size = 64 * MIB
    sink = _CountingSink()
    key = new_file_key()
    tracemalloc.start()
    try:
        info = encrypt_stream(_Generated(size), sink, key, AAD)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.plaintext_size == size
    assert sink.written == info.ciphertext_size
    assert peak < PEAK_LIMIT, peak


def test_decrypting_16_mib_keeps_memory_flat() -> None:
    size = 16 * MIB
    key = new_file_key()
    with tempfile.TemporaryFile() as stored:
        encrypt_stream(_Generated(size), stored, key, AAD)
        stored.seek(0)
        total = 0
        tracemalloc.start()
        try:
            for piece in decrypt_stream(stored, key, AAD):
                total += len(piece)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert total == size
    assert peak < PEAK_LIMIT, peak
