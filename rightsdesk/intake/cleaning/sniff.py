"""Find the real type of an upload from its first bytes.

Threat: the name and the browser's declared type are chosen by the sender. A file named
``photo.jpg`` may be a PDF (whose author field names the reporter) or an executable aimed at the
staff who open it. So the type always comes from the magic bytes, and the extension only breaks
ties the bytes cannot (text vs unknown, which office format sits inside a ZIP). No C library
(libmagic) is involved: a short, explicit list of signatures is easier to audit.
"""

from __future__ import annotations

import codecs
import struct

from .model import FileKind, Sniffed

_I, _P, _T, _A, _V, _O = (
    FileKind.IMAGE,
    FileKind.PDF,
    FileKind.TEXT,
    FileKind.AUDIO,
    FileKind.VIDEO,
    FileKind.OFFICE,
)
_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."

#: mime -> (kind, extensions; the first one is canonical).
TYPES: dict[str, tuple[FileKind, tuple[str, ...]]] = {
    "image/jpeg": (_I, (".jpg", ".jpeg", ".jpe", ".jfif")),
    "image/png": (_I, (".png", ".apng")),
    "image/gif": (_I, (".gif",)),
    "image/webp": (_I, (".webp",)),
    "image/tiff": (_I, (".tif", ".tiff")),
    "image/heic": (_I, (".heic", ".heif", ".hif")),
    "image/avif": (_I, (".avif",)),
    "image/x-raw": (_I, (".dng", ".nef", ".cr2", ".arw", ".orf", ".rw2", ".pef", ".srw")),
    "application/pdf": (_P, (".pdf",)),
    "text/plain": (_T, (".txt", ".log")),
    "text/markdown": (_T, (".md", ".markdown")),
    "text/csv": (_T, (".csv",)),
    "audio/mpeg": (_A, (".mp3",)),
    "audio/aac": (_A, (".aac",)),
    "audio/ogg": (_A, (".ogg", ".oga", ".opus")),
    "audio/flac": (_A, (".flac",)),
    "audio/wav": (_A, (".wav",)),
    "audio/mp4": (_A, (".m4a", ".m4b")),
    "audio/amr": (_A, (".amr",)),
    "video/mp4": (_V, (".mp4", ".m4v")),
    "video/quicktime": (_V, (".mov", ".qt")),
    "video/3gpp": (_V, (".3gp", ".3g2")),
    "video/webm": (_V, (".webm", ".weba")),
    "video/x-matroska": (_V, (".mkv", ".mka")),
    "video/x-msvideo": (_V, (".avi",)),
    "video/ogg": (_V, (".ogv",)),
    _OOXML + "wordprocessingml.document": (_O, (".docx",)),
    _OOXML + "spreadsheetml.sheet": (_O, (".xlsx",)),
    _OOXML + "presentationml.presentation": (_O, (".pptx",)),
    _ODF + "text": (_O, (".odt",)),
    _ODF + "spreadsheet": (_O, (".ods",)),
    _ODF + "presentation": (_O, (".odp",)),
    "application/msword": (_O, (".doc",)),
    "application/vnd.ms-excel": (_O, (".xls",)),
    "application/vnd.ms-powerpoint": (_O, (".ppt",)),
}

#: extension -> mime, for tie-breaks and for "the name claims another type" checks.
EXTENSIONS: dict[str, str] = {ext: mime for mime, (_, exts) in TYPES.items() for ext in exts}
OOXML_MIMES = frozenset(m for m in TYPES if m.startswith(_OOXML))
ODF_MIMES = frozenset(m for m in TYPES if m.startswith(_ODF))
OLE_MIMES = frozenset(
    {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"}
)
TEXT_MIMES = frozenset(m for m, (k, _) in TYPES.items() if k is FileKind.TEXT)

_EXECUTABLE_MAGIC = (
    (b"MZ", "application/x-msdownload"),
    (b"\x7fELF", "application/x-executable"),
    (b"\xfe\xed\xfa\xce", "application/x-mach-binary"),
    (b"\xfe\xed\xfa\xcf", "application/x-mach-binary"),
    (b"\xce\xfa\xed\xfe", "application/x-mach-binary"),
    (b"\xcf\xfa\xed\xfe", "application/x-mach-binary"),
    (b"\xca\xfe\xba\xbe", "application/x-mach-binary"),  # also Java classes
    (b"\x00asm", "application/wasm"),
    (b"#!", "text/x-script"),
    (b"dex\n", "application/vnd.android.dex"),
)
EXECUTABLE_MIMES = frozenset(mime for _, mime in _EXECUTABLE_MAGIC)
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs"})
_HEIF_BRANDS |= {b"mif1", b"msf1", b"mif2"}
_AVIF_BRANDS = frozenset({b"avif", b"avis"})


def extension_of(filename: str) -> str:
    """Lower-case extension with its dot ('' if none); only the last path part counts."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem or len(ext) > 16:
        return ""
    return "." + ext.lower()


def _made(mime: str, ext: str = "") -> Sniffed:
    kind, exts = TYPES[mime]
    return Sniffed(kind, mime, ext if ext in exts else exts[0])


def _unknown(mime: str = "application/octet-stream") -> Sniffed:
    return Sniffed(FileKind.UNKNOWN, mime, "")


def _ftyp(head: bytes, ext: str) -> Sniffed:  # noqa: PLR0911 - one return per brand family
    """ISO base media (MP4, MOV, 3GP, M4A, HEIC, AVIF): brands say which."""
    (size,) = struct.unpack(">I", head[:4])
    end = min(max(size, 16), len(head), 256)
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
    major = head[8:12]
    if major in _AVIF_BRANDS or (major in _HEIF_BRANDS and brands & _AVIF_BRANDS):
        return _made("image/avif", ext)
    if major in _HEIF_BRANDS:
        return _made("image/heic", ext)
    if major in {b"M4A ", b"M4B ", b"M4P "}:
        return _made("audio/mp4", ext)
    if major == b"qt  ":
        return _made("video/quicktime", ext)
    if major.startswith((b"3gp", b"3g2")):
        return _made("video/3gpp", ext)
    if ext in {".mov", ".m4a", ".3gp", ".3g2"}:  # e.g. isom-branded MOV or M4A files
        return _made(EXTENSIONS[ext], ext)
    return _made("video/mp4", ext)


def _zip(head: bytes, ext: str) -> Sniffed:
    """ODF says its type in a first, stored `mimetype` entry; OOXML needs the name (or listing)."""
    if head[30:38] == b"mimetype":
        name_len, extra_len = struct.unpack("<HH", head[26:30])
        start = 30 + name_len + extra_len
        content = head[start : start + 80].split(b"PK", 1)[0].decode("ascii", "replace").strip()
        if content in ODF_MIMES:
            return _made(content, ext)
        return _unknown("application/zip")
    mime = EXTENSIONS.get(ext, "")
    if mime in OOXML_MIMES:
        return _made(mime, ext)
    return _unknown("application/zip")


def _mp3_frame(head: bytes) -> bool:
    """Bare MPEG audio frame header (no ID3): sync, valid version/layer/bitrate/rate."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version, layer = (head[1] >> 3) & 3, (head[1] >> 1) & 3
    bitrate, rate = head[2] >> 4, (head[2] >> 2) & 3
    return version != 1 and layer != 0 and bitrate not in {0, 15} and rate != 3


def looks_like_text(data: bytes, *, final: bool) -> bool:
    """UTF-8 (BOM optional) or UTF-16 with BOM, decodable, with no NUL character."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")()
    else:
        if b"\x00" in data:
            return False
        decoder = codecs.getincrementaldecoder("utf-8-sig")()
    try:
        text = decoder.decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def sniff(head: bytes, filename: str) -> Sniffed:
    """Type from magic bytes (``head`` = the first 4096+ bytes); see the module docstring.

    Never raises: anything unrecognised is ``FileKind.UNKNOWN``.
    """
    ext = extension_of(filename)
    try:
        return _sniff(bytes(head), ext)
    except (struct.error, IndexError, ValueError):  # pragma: no cover - defensive
        return _unknown()


def _sniff(head: bytes, ext: str) -> Sniffed:  # noqa: PLR0911, PLR0912 - one flat table of signatures
    if head.startswith(b"\xff\xd8\xff"):
        return _made("image/jpeg", ext)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _made("image/png", ext)
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _made("image/gif", ext)
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return _made("image/x-raw" if EXTENSIONS.get(ext) == "image/x-raw" else "image/tiff", ext)
    if head.startswith(b"RIFF") and len(head) >= 12:
        riff = {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}
        return _made(riff[head[8:12]], ext) if head[8:12] in riff else _unknown()
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return _ftyp(head, ext)
    if head.startswith(b"#!AMR"):
        return _made("audio/amr", ext)
    for magic, mime in _EXECUTABLE_MAGIC:
        if head.startswith(magic):
            return _unknown(mime)
    if b"%PDF-" in head[:1024]:  # readers accept up to 1 KiB of junk before the header
        return _made("application/pdf", ext)
    if head.startswith(b"ID3"):
        return _made("audio/mpeg", ext)
    if head.startswith(b"OggS"):
        if b"\x80theora" in head[:512]:
            return _made("video/ogg", ext)
        return _made("audio/ogg", ext)
    if head.startswith(b"fLaC"):
        return _made("audio/flac", ext)
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return _made("video/webm" if b"webm" in head[:64] else "video/x-matroska", ext)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip(head, ext)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        mime = EXTENSIONS.get(ext, "")
        return _made(mime, ext) if mime in OLE_MIMES else _unknown("application/x-ole-storage")
    if ext == ".mp3" and _mp3_frame(head):
        return _made("audio/mpeg", ext)
    if ext == ".aac" and head[:1] == b"\xff" and len(head) > 1 and head[1] & 0xF6 == 0xF0:
        return _made("audio/aac", ext)  # ADTS frame sync
    mime = EXTENSIONS.get(ext, "")
    if mime in TEXT_MIMES and looks_like_text(head, final=False):
        return _made(mime, ext)
    return _unknown()
