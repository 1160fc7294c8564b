"""Find the real type of an upload and remove identifying metadata from it, in memory.

Threat: reporters are threatened people. The GPS position in a photo's EXIF, the author name in
a PDF or a Word file, a printer name or a Windows account in a path can identify them. This
package is pure Python over Pillow and pikepdf: no Django, no database, and no disk: nothing is
ever written to a file, not even a temporary one, so plaintext never reaches the disk.

Use :func:`sniff` on the first bytes to learn a file's type, :func:`clean` on the whole file to get
bytes safe to store (or a :class:`FileRefused`), :func:`safe_filename` for names.
Modules: :mod:`.sniff`, :mod:`.policy` (clean), :mod:`.images`, :mod:`.structure` (JPEG/PNG/WebP
segments), :mod:`.pdf`, :mod:`.office` (OOXML), :mod:`.odf`, :mod:`.ziputil`, :mod:`.xmltext`,
:mod:`.filenames`, :mod:`.model` (types, errors, limits).
"""

from __future__ import annotations

from .filenames import MAX_FILENAME_CHARS, safe_filename
from .model import (
    MAX_ANIMATION_PIXELS,
    MAX_CLEANABLE_BYTES,
    MAX_FRAMES,
    MAX_IMAGE_PIXELS,
    MAX_NESTING,
    MAX_ZIP_ENTRIES,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_UNCOMPRESSED,
    CleaningError,
    CleanResult,
    FileKind,
    FileRefused,
    Sniffed,
)
from .policy import clean, cleanable
from .sniff import sniff

__all__ = [
    "MAX_ANIMATION_PIXELS",
    "MAX_CLEANABLE_BYTES",
    "MAX_FILENAME_CHARS",
    "MAX_FRAMES",
    "MAX_IMAGE_PIXELS",
    "MAX_NESTING",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_TOTAL_UNCOMPRESSED",
    "CleanResult",
    "CleaningError",
    "FileKind",
    "FileRefused",
    "Sniffed",
    "clean",
    "cleanable",
    "safe_filename",
    "sniff",
]
