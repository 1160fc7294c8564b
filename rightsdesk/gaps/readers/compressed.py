"""Open a dump whatever its compression, and turn every way a file can be broken into one error.

Wikimedia publishes dumps as plain text, gzip or bzip2. We sniff the magic bytes rather than trust
the file name (a renamed file is common after a download), inflate gzip with ISA-L in a background
thread (`isal.igzip_threaded`: the inflating releases the GIL, so parsing runs on the other core
while the next megabyte is being inflated), and count compressed bytes as they are consumed so
that a progress bar can show bytes read and time left against the file's size on disk.
"""

from __future__ import annotations

import bz2
import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from isal import igzip_threaded

GZIP_MAGIC = b"\x1f\x8b"
BZIP2_MAGIC = b"BZh"


class DumpError(Exception):
    """A dump cannot be read correctly. The message names the file (and line, when known)."""


class CountingReader(io.RawIOBase):
    """Wraps the file on disk and counts the bytes handed to the decompressor.

    Read from the decompressor's thread as well as the main one; an int store is atomic under the
    GIL, and the count is only ever shown, never relied on.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # RawIOBase types the buffer as a plain Buffer
        n = self.raw.readinto(buffer)  # type: ignore[attr-defined]  # every file opened "rb" has readinto
        self.consumed += n or 0
        return n or 0

    def close(self) -> None:
        self.raw.close()
        super().close()


def sniff_compression(path: Path) -> str:
    """'gzip', 'bzip2' or 'plain', from the first bytes of the file."""
    with path.open("rb") as handle:
        head = handle.read(3)
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(BZIP2_MAGIC):
        return "bzip2"
    return "plain"


# What each library raises for a corrupt or cut-off stream; all mean "this file is broken".
DECOMPRESSION_ERRORS: tuple[type[BaseException], ...] = (EOFError, OSError, zlib.error, ValueError)


@contextmanager
def open_dump(path: Path, *, threads: int = 1) -> Iterator[tuple[BinaryIO, CountingReader]]:
    """Yield (decompressed stream, counter of compressed bytes consumed) for `path`.

    The caller iterates lines from the stream and must catch DECOMPRESSION_ERRORS around that loop
    (see `read_lines`), because a truncated file is only noticed when its end is reached.
    """
    if not path.is_file():
        raise DumpError(f"{path}: no such file")
    kind = sniff_compression(path)
    raw = path.open("rb")
    counter = CountingReader(raw)
    stream: BinaryIO
    if kind == "gzip":
        stream = igzip_threaded.open(counter, "rb", threads=threads)  # type: ignore[no-untyped-call]  # isal ships no types for igzip_threaded
    elif kind == "bzip2":
        # closed in the finally below; bz2.open's overloads do not name BinaryIO
        stream = bz2.open(counter, "rb")  # type: ignore[assignment]  # noqa: SIM115
    else:
        stream = io.BufferedReader(counter, buffer_size=1 << 20)
    try:
        yield stream, counter
    finally:
        with suppress(*DECOMPRESSION_ERRORS):  # closing a broken stream may re-raise
            stream.close()
        raw.close()


def read_lines(path: Path, stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Number the stream's lines from 1, turning decompression failures into a DumpError.

    The error names the file and the last line read in full, so that the user knows how far the
    file was good ("truncated after line 1,204,331").
    """
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            yield number, line
    except DECOMPRESSION_ERRORS as exc:
        raise DumpError(
            f"{path}: the compressed data is truncated or corrupt after line {number:,} ({exc})"
        ) from exc
