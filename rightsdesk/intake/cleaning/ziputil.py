"""Read and write ZIP containers (OOXML, ODF) in memory, safely.

Threat: a ZIP is a list of claims by the sender. Declared sizes can hide a decompression bomb
(42 kB -> 4 GB), names can climb out of a directory (``../``, ``/etc``, ``C:\\``), two entries can
share a name so that two readers see two different documents (metadata hidden in the one we do
not clean), and every entry carries the sender's local time and, in extra fields, their Unix
user and group ids. Entries are read with their declared size enforced (zipfile stops there and
checks the CRC), and written anew with a fixed date and no extra fields or comments.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from .model import (
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_UNCOMPRESSED,
    ZIP_RATIO_MIN_SIZE,
    FileRefused,
)

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_BAD_NAME = re.compile(r"(^[/\\])|(^[A-Za-z]:)|((^|[/\\])\.\.([/\\]|$))|[\x00-\x1f\\]")


class ZipReader:
    """A validated ZIP archive: every check runs in the constructor."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise FileRefused("corrupt") from exc
        if len(infos) > MAX_ZIP_ENTRIES:
            raise FileRefused("archive_bomb")
        names = [info.filename for info in infos]
        unique = {n.lower() for n in names}  # OPC part names are case-insensitive
        if len(unique) != len(names) or any(_BAD_NAME.search(n) for n in names):
            raise FileRefused("unsafe_archive")
        if any(info.flag_bits & 0x1 for info in infos):
            raise FileRefused("encrypted")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > ZIP_RATIO_MIN_SIZE and (
                info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1)
            ):
                raise FileRefused("archive_bomb")
        if total > MAX_ZIP_TOTAL_UNCOMPRESSED:
            raise FileRefused("archive_bomb")
        self.infos = infos
        self.names = names

    def read(self, name: str) -> bytes:
        """Entry content; never more than its declared (and already bounded) size."""
        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise FileRefused("corrupt") from exc

    def __iter__(self) -> Iterator[tuple[str, bytes]]:
        for name in self.names:
            if not name.endswith("/"):
                yield name, self.read(name)


def write_zip(entries: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    """Build a new ZIP: fixed 1980-01-01 dates, no extra fields, no comment, no directories.

    With ``stored_first`` the first entry is stored uncompressed (ODF's ``mimetype``).
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index, (name, content) in enumerate(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.create_system = 0
            info.external_attr = 0
            stored = stored_first and index == 0
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=None if stored else 6)
    return out.getvalue()
