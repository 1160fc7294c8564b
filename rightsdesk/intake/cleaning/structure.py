"""Walk JPEG, PNG and WebP containers at the byte level, without decoding pixels.

Why: (1) to tell exactly which metadata an image carried and to verify that a re-encoded image
carries none (Pillow's view of a file is not the whole file); (2) to strip metadata *losslessly*
from images embedded in PDFs and office documents, whose layout depends on the image staying
exactly as it is. Threat: EXIF (GPS position, camera serial, owner name, time zone), XMP (editing
history, author), IPTC (byline, location), comments, C2PA/JUMBF provenance claims (APP11, caBX)
and data appended after the image's end all travel silently with a photo.
"""

from __future__ import annotations

import struct
import zlib

_SOI, _EOI, _SOS, _COM = 0xD8, 0xD9, 0xDA, 0xFE
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RSTn: no length field


class StructureError(ValueError):
    """The container is malformed."""


def jpeg_segments(data: bytes) -> tuple[list[tuple[int, int, int]], int]:
    """Return ``[(marker, start, end)]`` of the segments before the first scan, and the offset
    just after the first EOI (end of the primary image; anything after it is trailing data)."""
    if not data.startswith(b"\xff\xd8"):
        raise StructureError("not a JPEG")
    segments: list[tuple[int, int, int]] = []
    pos, size = 2, len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise StructureError("bad marker")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            break
        marker, start = data[pos], pos - 1
        pos += 1
        if marker in _STANDALONE:
            continue
        if marker == _EOI:
            return segments, pos
        if pos + 2 > size:
            raise StructureError("truncated")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2:
            raise StructureError("bad length")
        pos += length
        segments.append((marker, start, pos))
        if marker == _SOS:
            return segments, _find_eoi(data, pos)
    raise StructureError("truncated")


def _find_eoi(data: bytes, pos: int) -> int:
    """In entropy-coded data 0xFF is followed by 0x00 or RSTn, so the first FFD9 ends the image
    (progressive JPEGs have more scans, but their markers are not FFD9 either)."""
    end = data.find(b"\xff\xd9", pos)
    if end < 0:
        raise StructureError("truncated")
    return end + 2


def _jpeg_code(data: bytes, marker: int, start: int, end: int) -> str | None:  # noqa: PLR0911 - one return per segment kind
    """Metadata code of a segment, or None if it is needed to decode the image."""
    body = data[start + 4 : end]
    if marker == _COM:
        return "comments"
    if marker == 0xE0:  # APP0: JFIF is harmless; JFXX carries a thumbnail
        return None if body.startswith(b"JFIF\x00") else "thumbnail"
    if marker == 0xEE and body.startswith(b"Adobe"):  # APP14: colour transform, needed
        return None
    if marker == 0xE1:
        if body.startswith(b"Exif\x00"):
            return "exif"
        return "xmp" if body.startswith(b"http://ns.adobe.com/") else "app_segments"
    if marker == 0xED:
        return "iptc"
    if marker == 0xE2:
        return "icc" if body.startswith(b"ICC_PROFILE\x00") else "app_segments"
    if 0xE0 <= marker <= 0xEF:
        return "app_segments"  # maker notes, Ducky, C2PA/JUMBF (APP11), ...
    return None


def jpeg_metadata(data: bytes) -> set[str]:
    """Codes of the metadata a JPEG carries (see :func:`_jpeg_code`, plus trailing_data)."""
    segments, end = jpeg_segments(data)
    found = {code for m, s, e in segments if (code := _jpeg_code(data, m, s, e))}
    if data[end:].strip(b"\x00"):
        found.add("trailing_data")
    return found


def strip_jpeg(data: bytes) -> tuple[bytes, set[str]]:
    """Drop metadata segments and trailing data, keep the compressed pixels bit for bit."""
    segments, end = jpeg_segments(data)
    out, removed, last = [b"\xff\xd8"], set(), 2
    for marker, start, stop in segments:
        code = _jpeg_code(data, marker, start, stop)
        if code:
            removed.add(code)
        else:
            out.append(data[start:stop])
        last = stop
    out.append(data[last:end])
    if data[end:].strip(b"\x00"):
        removed.add("trailing_data")
    return b"".join(out), removed


_PNG_SIG = b"\x89PNG\r\n\x1a\n"
#: Needed to show the image (incl. APNG animation and colour/transparency info); all else goes.
_PNG_KEEP = frozenset(
    {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD"}
    | {b"pHYs", b"acTL", b"fcTL", b"fdAT"}
)
_PNG_CODES = {
    b"tEXt": "png_text",
    b"zTXt": "png_text",
    b"iTXt": "png_text",
    b"eXIf": "exif",
    b"iCCP": "icc",
    b"tIME": "timestamps",
}


def png_chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """Return ``[(type, start, end)]`` of all chunks, checking lengths and CRCs."""
    if not data.startswith(_PNG_SIG):
        raise StructureError("not a PNG")
    chunks, pos = [], len(_PNG_SIG)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise StructureError("truncated")
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(data[pos + 4 : end - 4]) != crc:
            raise StructureError("bad CRC")
        chunks.append((kind, pos, end))
        pos = end
        if kind == b"IEND":
            return chunks
    raise StructureError("truncated")


def _png_code(data: bytes, kind: bytes, start: int) -> str | None:
    if kind in _PNG_KEEP:
        return None
    if kind == b"iTXt" and data[start + 8 : start + 8 + 17] == b"XML:com.adobe.xmp":
        return "xmp"
    return _PNG_CODES.get(kind, "png_private_chunks")


def png_metadata(data: bytes) -> set[str]:
    """Codes of the metadata a PNG carries."""
    chunks = png_chunks(data)
    found = {code for kind, s, _ in chunks if (code := _png_code(data, kind, s))}
    if data[chunks[-1][2] :].strip(b"\x00"):
        found.add("trailing_data")
    return found


def strip_png(data: bytes) -> tuple[bytes, set[str]]:
    """Drop text, EXIF, ICC, time and private chunks and trailing data; pixels untouched."""
    chunks = png_chunks(data)
    out, removed = [_PNG_SIG], set()
    for kind, start, end in chunks:
        code = _png_code(data, kind, start)
        if code:
            removed.add(code)
        else:
            out.append(data[start:end])
    if data[chunks[-1][2] :].strip(b"\x00"):
        removed.add("trailing_data")
    return b"".join(out), removed


_WEBP_CODES = {b"EXIF": "exif", b"XMP ": "xmp", b"ICCP": "icc"}
_WEBP_IMAGE = frozenset({b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"})


def webp_metadata(data: bytes) -> set[str]:
    """Codes of the metadata chunks of a WebP (RIFF) file."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise StructureError("not a WebP")
    found, pos = set(), 12
    while pos + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        if kind in _WEBP_CODES:
            found.add(_WEBP_CODES[kind])
        elif kind not in _WEBP_IMAGE:
            found.add("app_segments")
        pos += 8 + length + (length & 1)
    return found


def webp_is_lossless(data: bytes) -> bool:
    """True if the first image chunk is VP8L (lossless): keep it lossless when re-encoding."""
    return data.find(b"VP8L", 12, 4096) >= 0 and data.find(b"VP8 ", 12, 4096) < 0
