"""Multipart parsing that never drops a file for its name.

Django's MultiPartParser skips, without a word, a file whose sanitised name is empty (``..``,
``.``, ``/``, ``a/..``, only control characters), and a part whose headers are not UTF-8 vanishes
whole (its Content-Disposition cannot be decoded). On the report form that is evidence lost while
the reporter gets a receipt. `SafeNameMultiPartParser` keeps such a file under a placeholder name,
``file-<n>`` (plus the extension, when one survives), and the intake adds the sniffed extension
(`cases.submission.attachments`). `SpoolCleanupMiddleware` installs it on every request, so the
report form, the inbox and the API all parse uploads this way.

A part whose filename is the empty string stays skipped: that is how browsers send a file input
with no file chosen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.http.multipartparser import MultiPartParser

PLACEHOLDER = re.compile(r"^file-\d+(\.[a-z0-9]{1,8})?$")
# Django reads at most this many bytes of a part's headers (parse_boundary_stream).
HEADER_WINDOW = 1024
READ_SIZE = 64 * 1024
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,8})$")


def _repair_header(header: bytes) -> bytes:
    """The part headers with bytes that are not UTF-8 replaced, so that Django can decode them."""
    try:
        header.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return header
    lines = [line.decode("utf-8", "replace").encode("utf-8") for line in header.split(b"\r\n")]
    repaired = b"\r\n".join(lines)
    if len(repaired) + 4 <= HEADER_WINDOW:
        return repaired
    # U+FFFD takes three bytes; keep within Django's window with one byte per bad sequence.
    lines = [
        line.decode("utf-8", "replace").replace("\ufffd", "?").encode("utf-8")
        for line in header.split(b"\r\n")
    ]
    return b"\r\n".join(lines)


def repaired_parts(raw: Any, marker: bytes, read_size: int = READ_SIZE) -> Iterator[bytes]:
    """The multipart body of `raw` (a file-like object) with each part's headers repaired.

    A part's headers are the bytes after a `marker` (``--`` plus the boundary) up to the first
    blank line, within the first HEADER_WINDOW bytes: what Django itself reads. Everything else
    passes through unchanged.
    """
    pending = b""
    eof = False
    need = len(marker) + HEADER_WINDOW
    while True:
        while not eof and len(pending) < need + read_size:
            data = raw.read(read_size)
            if data:
                pending += data
            else:
                eof = True
        index = pending.find(marker)
        if index < 0:
            if eof:
                if pending:
                    yield pending
                return
            keep = len(marker) - 1
            yield pending[:-keep]
            pending = pending[-keep:]
            continue
        start = index + len(marker)
        if not eof and len(pending) < start + HEADER_WINDOW:
            need = start + HEADER_WINDOW  # read on until the whole header window is here
            continue
        need = len(marker) + HEADER_WINDOW
        window = pending[start : start + HEADER_WINDOW]
        end = window.find(b"\r\n\r\n")
        if end < 0:  # not a part Django would read: pass it through as it is
            yield pending[:start]
            pending = pending[start:]
            continue
        yield pending[:start] + _repair_header(window[:end])
        pending = pending[start + end :]


class _Reader:
    """A file-like `read(size)` over an iterator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        out = bytes(self._buffer[:size])
        del self._buffer[:size]
        return out


class SafeNameMultiPartParser(MultiPartParser):
    """MultiPartParser that keeps every file: a name Django would reject becomes ``file-<n>``."""

    _input_data: Any  # set by MultiPartParser.__init__; the stubs leave it untyped

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unnamed = 0
        boundary = getattr(self, "_boundary", b"")
        if boundary:
            self._input_data = _Reader(repaired_parts(self._input_data, b"--" + boundary))

    def sanitize_file_name(self, file_name: str) -> str | None:
        cleaned = super().sanitize_file_name(file_name)
        if cleaned and "\ufffd" not in cleaned:
            return str(cleaned)
        self._unnamed += 1
        extension = _EXTENSION.search(cleaned or "")
        suffix = f".{extension.group(1).lower()}" if extension else ""
        return f"file-{self._unnamed}{suffix}"
