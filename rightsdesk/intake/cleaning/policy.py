"""The entry point: check that an upload is what it claims, then clean it.

Threat: the sender controls the bytes, the name and the declared type. The bytes decide the type;
a name or declared type that claims another known type is refused ("type_mismatch"), so a PDF
cannot slip past as a photo (and keep its author) nor an executable past as a document. Unknown
types are refused ("unsupported"). Cleaning runs whole in memory (nothing is ever written to
disk, not even a temporary file), and any parser failure becomes a FileRefused whose message says
nothing of the file.
"""

from __future__ import annotations

import codecs
import warnings

from .images import clean_image, image_cleanable
from .model import MAX_CLEANABLE_BYTES, CleaningError, CleanResult, FileKind, FileRefused, Sniffed
from .odf import clean_odf
from .office import clean_ooxml, detect_ooxml
from .pdf import clean_pdf
from .sniff import EXECUTABLE_MIMES, EXTENSIONS, ODF_MIMES, OOXML_MIMES, TYPES, extension_of, sniff
from .ziputil import ZipReader

_CLEANABLE_KINDS = frozenset({FileKind.IMAGE, FileKind.PDF, FileKind.OFFICE, FileKind.TEXT})
#: Declared types that say nothing (browsers send these for anything they do not know).
_GENERIC = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/x-download"}
    | {"application/download", "application/force-download", "application/unknown"}
)
_DECLARED_PREFIX = {
    "image/": FileKind.IMAGE,
    "audio/": FileKind.AUDIO,
    "video/": FileKind.VIDEO,
    "text/": FileKind.TEXT,
    "application/pdf": FileKind.PDF,
    "application/x-pdf": FileKind.PDF,
    "application/vnd.openxmlformats-officedocument.": FileKind.OFFICE,
    "application/vnd.oasis.opendocument.": FileKind.OFFICE,
    "application/msword": FileKind.OFFICE,
    "application/vnd.ms-": FileKind.OFFICE,
}
_MEDIA = frozenset({FileKind.AUDIO, FileKind.VIDEO})
_LENIENT_KINDS = frozenset({FileKind.IMAGE, FileKind.TEXT})
_TEXT_CHUNK = 1024 * 1024


def cleanable(kind: FileKind | Sniffed) -> bool:
    """Whether files of this kind have their metadata removed.

    With a :class:`Sniffed` the answer is exact (HEIC without a Pillow plugin, legacy OLE office
    files and camera RAW are not); with a bare kind it is the general rule. ``clean()``'s
    ``CleanResult.cleaned`` is always the final word.
    """
    if isinstance(kind, Sniffed):
        if kind.kind is FileKind.IMAGE:
            return image_cleanable(kind.mime)
        if kind.kind is FileKind.OFFICE:
            return kind.mime in OOXML_MIMES or kind.mime in ODF_MIMES
        return kind.kind in _CLEANABLE_KINDS
    return kind in _CLEANABLE_KINDS


def _declared_kind(declared: str | None, sniffed: Sniffed) -> FileKind | None:
    mime = (declared or "").split(";", 1)[0].strip().lower()
    if mime in _GENERIC:
        return None
    if mime == "application/vnd.ms-excel" and sniffed.mime == "text/csv":
        return FileKind.TEXT  # Windows declares CSV files as Excel
    if mime in {"application/ogg", "application/x-matroska"}:
        return sniffed.kind if sniffed.kind in _MEDIA else FileKind.VIDEO
    for prefix, kind in _DECLARED_PREFIX.items():
        if mime.startswith(prefix):
            return kind
    return None


def check_claims(sniffed: Sniffed, filename: str, declared_mime: str | None) -> None:
    """Refuse when the bytes are unknown, or the name/declared type claims another known type."""
    ext = extension_of(filename)
    claimed = EXTENSIONS.get(ext)
    if sniffed.kind is FileKind.UNKNOWN:
        unclaimed = claimed is None or sniffed.mime in EXECUTABLE_MIMES
        raise FileRefused("unsupported" if unclaimed else "type_mismatch")
    if claimed and claimed != sniffed.mime:
        # A PNG named .jpg, a UTF-16 .csv named .txt, an .m4a that is an MP4: same family, same
        # treatment, stored under the right extension. Across families (a PDF named .jpg) or
        # between office formats, the claim is false.
        same_family = TYPES[claimed][0] is sniffed.kind and sniffed.kind in _LENIENT_KINDS
        both_media = TYPES[claimed][0] in _MEDIA and sniffed.kind in _MEDIA
        if not (same_family or both_media):
            raise FileRefused("type_mismatch")
    declared_kind = _declared_kind(declared_mime, sniffed)
    both_media = declared_kind in _MEDIA and sniffed.kind in _MEDIA
    if declared_kind is not None and declared_kind is not sniffed.kind and not both_media:
        raise FileRefused("type_mismatch")


def _check_text(data: bytes) -> None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")()
    else:
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        for start in range(0, len(data), _TEXT_CHUNK):
            if "\x00" in decoder.decode(data[start : start + _TEXT_CHUNK]):
                raise FileRefused("corrupt")
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise FileRefused("corrupt") from exc


def sniff_zip(data: bytes, filename: str) -> Sniffed:
    """The office type of a ZIP from its listing (OOXML main part, ODF ``mimetype`` entry even
    when it is not first), or the unknown ZIP it is."""
    unknown = Sniffed(FileKind.UNKNOWN, "application/zip", "")
    try:
        reader = ZipReader(data)
        mime = detect_ooxml(reader.names)
        if mime is None and "mimetype" in reader.names:
            mime = reader.read("mimetype").decode("ascii", "replace").strip()
    except FileRefused:
        return unknown
    if mime not in OOXML_MIMES and mime not in ODF_MIMES:
        return unknown
    extensions = TYPES[mime][1]
    ext = extension_of(filename)
    return Sniffed(FileKind.OFFICE, mime, ext if ext in extensions else extensions[0])


def _dispatch(data: bytes, sniffed: Sniffed) -> tuple[bytes, tuple[str, ...]]:
    if sniffed.kind is FileKind.IMAGE:
        return clean_image(data, sniffed.mime)
    if sniffed.kind is FileKind.PDF:
        return clean_pdf(data)
    if sniffed.mime in OOXML_MIMES:
        return clean_ooxml(data, sniffed.mime)
    return clean_odf(data, sniffed.mime)


def clean(data: bytes, *, filename: str, declared_mime: str | None) -> CleanResult:
    """Sniff ``data``, check that ``filename``'s extension and ``declared_mime`` agree with it,
    and return it without identifying metadata.

    IMAGE (JPEG, PNG, GIF, WebP, TIFF, AVIF), PDF, OOXML and ODF: cleaned and verified
    (``cleaned=True``, ``removed`` lists what went). TEXT: checked to decode, returned as is
    (``cleaned=True``, ``removed=()``). AUDIO, VIDEO, HEIC, camera RAW, legacy .doc/.xls/.ppt:
    returned untouched with ``cleaned=False``: the caller's policy decides. Refused with
    :class:`FileRefused` (reason): type_mismatch, unsupported, corrupt, bomb,
    too_large_to_clean (over MAX_CLEANABLE_BYTES), encrypted_pdf, encrypted, unsafe_archive,
    macros, verify_failed. Nothing else escapes; messages never carry the name or content.
    """
    data = bytes(data)
    sniffed = sniff(data[:8192], filename)
    if sniffed.mime == "application/zip" and len(data) <= MAX_CLEANABLE_BYTES:
        sniffed = sniff_zip(data, filename)
    check_claims(sniffed, filename, declared_mime)
    if sniffed.kind is FileKind.TEXT:
        _check_text(data)
        return CleanResult(data=data, sniffed=sniffed, cleaned=True, removed=())
    if not cleanable(sniffed):
        return CleanResult(data=data, sniffed=sniffed, cleaned=False, removed=())
    if len(data) > MAX_CLEANABLE_BYTES:
        raise FileRefused("too_large_to_clean")
    try:
        with warnings.catch_warnings():
            # Pillow warns about damaged EXIF; it is being removed anyway.
            warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL\.")
            cleaned, removed = _dispatch(data, sniffed)
    except CleaningError:
        raise
    except Exception as exc:  # no parser exception (or its text) may escape
        raise FileRefused("corrupt") from exc
    return CleanResult(data=cleaned, sniffed=sniffed, cleaned=True, removed=removed)


__all__ = ["check_claims", "clean", "cleanable", "sniff_zip"]
