"""Shared types, errors and limits of the cleaning package.

Threat: every limit here bounds what a hostile upload can make the server do (memory, CPU) while
it is parsed in memory; every error message is shown to users and written to logs, so it never
carries file content or the file name (both may identify the reporter).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

#: Images, PDFs and office documents are parsed and rebuilt in memory; bigger ones are refused
#: ("too_large_to_clean") rather than kept with their metadata.
MAX_CLEANABLE_BYTES = 64 * 1024 * 1024

#: Largest image (width x height, per frame) decoded. 100 MP is above any phone camera (a 48 MP
#: sensor yields 8064x6048 = 49 MP) and bounds one RGBA frame to 400 MB. Bigger -> "bomb".
MAX_IMAGE_PIXELS = 100_000_000

#: Animated GIF/WebP/PNG and multi-page TIFF: all frames are held in memory while re-encoding,
#: so their total is bounded like one big image. Peak memory is about 3x the decoded pixels
#: (decoded original, upright copy, encoder), i.e. up to ~1.2 GB for a 100 MP RGBA image.
MAX_FRAMES = 1000
MAX_ANIMATION_PIXELS = MAX_IMAGE_PIXELS

#: ZIP containers (OOXML, ODF): refused as "bomb" past these.
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_TOTAL_UNCOMPRESSED = 256 * 1024 * 1024
#: Ratio uncompressed/compressed, checked on entries bigger than ZIP_RATIO_MIN_SIZE (XML
#: compresses 10-30x; a deflate bomb reaches 1000x).
MAX_ZIP_RATIO = 200
ZIP_RATIO_MIN_SIZE = 1024 * 1024
#: PDF Flate streams are measured before qpdf parses the file (qpdf inflates object streams
#: whole in memory: a 1 MB PDF can ask for 1 GB). Bigger -> "bomb".
MAX_PDF_STREAM_DECODED = 256 * 1024 * 1024
MAX_PDF_TOTAL_DECODED = 1024 * 1024 * 1024
#: Office files embedded in office files (charts embed an .xlsx) are cleaned down to this depth.
MAX_NESTING = 2


class FileKind(StrEnum):
    """Broad family of a file, from its bytes."""

    IMAGE = "image"
    PDF = "pdf"
    TEXT = "text"
    AUDIO = "audio"
    VIDEO = "video"
    OFFICE = "office"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Sniffed:
    """The real type of a file, from its magic bytes (the name only breaks ties)."""

    kind: FileKind
    mime: str
    extension: str


@dataclass(frozen=True)
class CleanResult:
    """Outcome of :func:`clean`.

    ``data`` is the cleaned file, or the untouched original when ``cleaned`` is False (the caller
    then applies its policy: keep only after the reporter accepts a warning). ``removed`` lists
    what the original carried and the cleaned file does not, sorted, from: exif, gps, xmp, iptc,
    icc (converted to sRGB, then dropped), comments, thumbnail, app_segments (maker notes,
    C2PA...), trailing_data, png_text, png_private_chunks, timestamps, tiff_tags,
    orientation_applied, unparsed_segments; pdf_info, pdf_xmp, pdf_pieceinfo, pdf_id,
    pdf_annotation_authors, pdf_attachment_dates, pdf_image_metadata, pdf_encryption,
    pdf_revisions; office_core, office_app, office_custom, office_authors, office_ids,
    office_paths, office_signatures, office_media_metadata, office_embedded; odf_meta,
    odf_authors, odf_printer.
    """

    data: bytes
    sniffed: Sniffed
    cleaned: bool
    removed: tuple[str, ...]


class CleaningError(Exception):
    """Cleaning failed. The message is safe to show: no file content, no file name."""


class FileRefused(CleaningError):
    """The file is refused; ``reason`` is a short machine code.

    Codes: type_mismatch, unsupported, corrupt, bomb (an image), archive_bomb (an office
    document's ZIP), pdf_bomb, pdf_scripts, too_large_to_clean, encrypted_pdf, encrypted,
    unsafe_archive, macros, verify_failed. Each names the real reason: the person is told what
    to change (rightsdesk.intake.refusals has the translated messages).
    """

    MESSAGES: ClassVar[dict[str, str]] = {
        "type_mismatch": "The file's content does not match its type or extension.",
        "unsupported": "This type of file is not accepted.",
        "corrupt": "The file is damaged or could not be read.",
        "bomb": "The image is too large to process safely.",
        "archive_bomb": (
            f"The document expands to more than {MAX_ZIP_TOTAL_UNCOMPRESSED >> 20} MB when "
            f"unpacked, or is compressed more than {MAX_ZIP_RATIO} times."
        ),
        "pdf_bomb": (
            f"The PDF expands to more than {MAX_PDF_STREAM_DECODED >> 20} MB when its contents "
            "are unpacked."
        ),
        "pdf_scripts": "The PDF contains scripts or actions that run when it is opened.",
        "too_large_to_clean": "The file is too large to remove its hidden metadata.",
        "encrypted_pdf": "Password-protected PDFs cannot be cleaned; remove the password first.",
        "encrypted": "Password-protected files cannot be cleaned; remove the password first.",
        "unsafe_archive": "The file contains unsafe internal paths and was refused.",
        "macros": "Documents containing macros are not accepted.",
        "verify_failed": "Hidden metadata could not be removed reliably.",
    }

    def __init__(self, reason: str, message: str | None = None) -> None:
        self.reason = reason
        super().__init__(message or self.MESSAGES.get(reason, "The file was refused."))
