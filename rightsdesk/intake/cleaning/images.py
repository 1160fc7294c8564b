"""Remove metadata from photos and pictures by decoding and re-encoding them with Pillow.

Threat: a phone photo's EXIF says where (GPS) and when it was taken and with which device (make,
model, serial); XMP and IPTC can hold an author name; the ICC profile and the JPEG quantisation
tables fingerprint the camera model. Re-encoding keeps only pixels: the picture is rotated as its
EXIF orientation says first (so it still looks right), colour-converted to sRGB when it had a
profile (so colours stay right once the profile is gone), then written with standard tables and no
metadata at all, and checked. Data hidden after the image's end is gone too.

Decoding is the dangerous part: a few kilobytes can declare a 30000x30000 image. Sizes are
checked on the header, before any pixel is decoded ("bomb"). Only the expected Pillow plugin is
allowed to parse the bytes (never EPS/Ghostscript or another format picked by content).
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from PIL import Image, ImageCms, JpegImagePlugin

from . import structure
from .model import MAX_ANIMATION_PIXELS, MAX_FRAMES, MAX_IMAGE_PIXELS, FileRefused

#: Pillow warns (a RuntimeWarning) from 100 MP and raises from 200 MP; we refuse from 100 MP.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

PILLOW_FORMATS = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/gif": "GIF",
    "image/webp": "WEBP",
    "image/tiff": "TIFF",
    "image/avif": "AVIF",
    "image/heic": "HEIF",  # only with a HEIF plugin (pillow-heif), not installed
}
JPEG_QUALITY = 92
_ORIENTATION = 0x0112
_GPS_IFD = 0x8825
_ICC_TAG = 34675  # reported as "icc" through info["icc_profile"]
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
#: TIFF tags Pillow writes for the pixels themselves; anything else in the output is a leak.
_TIFF_STRUCTURAL = frozenset(
    {254, 256, 257, 258, 259, 262, 266, 273, 277, 278, 279, 282, 283, 284, 296, 317, 320, 338, 339}
)


def image_cleanable(mime: str) -> bool:
    """Whether this Pillow can both read and write the format (HEIC needs a plugin)."""
    fmt = PILLOW_FORMATS.get(mime)
    Image.init()
    return fmt is not None and fmt in Image.OPEN and fmt in Image.SAVE


def _open(data: bytes, fmt: str) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[fmt])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise FileRefused("bomb") from exc
    _check_size(image)
    return image


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width <= 0 or height <= 0 or width * height > MAX_IMAGE_PIXELS:
        raise FileRefused("bomb")


def _metadata_codes(data: bytes, mime: str, image: Image.Image) -> set[str]:
    """What the original carried, for the report: structural where we can, else Pillow's view."""
    found: set[str] = set()
    walker = {
        "image/jpeg": structure.jpeg_metadata,
        "image/png": structure.png_metadata,
        "image/webp": structure.webp_metadata,
    }.get(mime)
    if walker:
        try:
            found |= walker(data)
        except structure.StructureError:
            found.add("unparsed_segments")
    exif = image.getexif()  # for TIFF this is IFD0, whose structural tags are not metadata
    if set(exif) - _TIFF_STRUCTURAL - {_ICC_TAG}:
        found.add("exif")
        if exif.get_ifd(_GPS_IFD) or _GPS_IFD in exif:
            found.add("gps")
    info_codes = {
        "xmp": "xmp",
        "icc_profile": "icc",
        "comment": "comments",
        "photoshop": "iptc",
    }
    found |= {code for key, code in info_codes.items() if image.info.get(key)}
    extension = image.info.get("extension")  # GIF application extension (loop count is harmless)
    if extension and extension[0] not in {b"NETSCAPE2.0", b"ANIMEXTS1.0"}:
        found.add("app_segments")
    tags = getattr(image, "tag_v2", None)
    if tags is not None and set(tags) - _TIFF_STRUCTURAL:
        found.add("tiff_tags")
    return found


def _to_srgb(frame: Image.Image, icc: bytes) -> Image.Image:
    """Convert pixels from the embedded profile to sRGB, so dropping the profile keeps colours."""
    if frame.mode not in {"RGB", "RGBA"}:
        return frame
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(frame, source, target, outputMode=frame.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return frame  # unusable profile: colours may shift slightly, metadata still goes
    return converted if converted is not None else frame


def _frames(image: Image.Image, mime: str) -> tuple[list[Image.Image], list[int]]:
    """Decoded, upright, metadata-free frames and their durations (ms)."""
    count = 1 if mime == "image/jpeg" else int(getattr(image, "n_frames", 1))
    width, height = image.size
    if count > MAX_FRAMES or count * width * height > MAX_ANIMATION_PIXELS:
        raise FileRefused("bomb")
    transpose = _TRANSPOSE.get(int(image.getexif().get(_ORIENTATION, 1) or 1))
    icc = image.info.get("icc_profile")
    frames, durations = [], []
    for index in range(count):
        image.seek(index)
        _check_size(image)
        image.load()
        frame = image.copy() if transpose is None else image.transpose(transpose)
        if icc:
            frame = _to_srgb(frame, icc)  # sets info["icc_profile"] to sRGB's
        frame.info = {}  # copies would otherwise carry exif, xmp, icc_profile, comment...
        frames.append(frame)
        durations.append(int(image.info.get("duration", 0) or 0))
    return frames, durations


def _save_options(image: Image.Image, data: bytes, mime: str) -> dict[str, Any]:
    """Encoder options from the first frame (call before seeking)."""
    info = image.info
    options: dict[str, Any] = {}
    if mime == "image/jpeg":
        sampling = JpegImagePlugin.get_sampling(image) if image.format == "JPEG" else -1
        options |= {"quality": JPEG_QUALITY, "subsampling": sampling if sampling >= 0 else 2}
        options["progressive"] = bool(info.get("progressive"))
    elif mime == "image/webp":
        options |= {"quality": JPEG_QUALITY, "lossless": structure.webp_is_lossless(data)}
    elif mime == "image/avif":
        options["quality"] = JPEG_QUALITY
    elif mime == "image/tiff":
        options["compression"] = "tiff_lzw"
    if info.get("transparency") is not None and mime in {"image/png", "image/gif"}:
        options["transparency"] = info["transparency"]
    if "loop" in info:
        options["loop"] = info["loop"]
    return options


def clean_image(data: bytes, mime: str) -> tuple[bytes, tuple[str, ...]]:
    """Re-encode ``data`` (of real type ``mime``) in the same format with no metadata.

    Raises FileRefused("bomb") for oversized images, "verify_failed" if metadata survived; other
    exceptions are left to the caller (which maps them to "corrupt").
    """
    fmt = PILLOW_FORMATS[mime]
    with _open(data, fmt) as image:
        removed = _metadata_codes(data, mime, image)
        orientation = int(image.getexif().get(_ORIENTATION, 1) or 1)
        options = _save_options(image, data, mime)
        frames, durations = _frames(image, mime)
    if orientation != 1:
        removed.add("orientation_applied")
    out = io.BytesIO()
    first = frames[0]
    if len(frames) > 1:
        options |= {"save_all": True, "append_images": frames[1:], "duration": durations}
        if mime == "image/gif":
            options["disposal"] = 2  # Pillow hands out whole composited frames
    else:
        options.pop("loop", None)
    first.save(out, format=fmt, **options)
    cleaned = out.getvalue()
    verify_image(cleaned, mime)
    return cleaned, tuple(sorted(removed))


def verify_image(data: bytes, mime: str) -> None:
    """Refuse ("verify_failed") unless the encoded image carries no metadata whatsoever."""
    leftovers: set[str] = set()
    try:
        with _open(data, PILLOW_FORMATS[mime]) as image:
            leftovers = _metadata_codes(data, mime, image)
    except FileRefused:
        raise
    except Exception as exc:  # any failure to re-read our own output is a failure
        raise FileRefused("verify_failed") from exc
    if leftovers:
        raise FileRefused("verify_failed")


def strip_embedded_image(data: bytes) -> tuple[bytes, set[str]]:
    """Lossless metadata removal for images inside PDFs and office files (layout must not move).

    JPEG and PNG are stripped segment by segment; other formats are returned unchanged with no
    code (the caller re-encodes those when it can).
    """
    if data.startswith(b"\xff\xd8"):
        return structure.strip_jpeg(data)
    if data.startswith(b"\x89PNG"):
        return structure.strip_png(data)
    return data, set()
