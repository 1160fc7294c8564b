"""Photos lose EXIF (GPS), XMP, IPTC, ICC, comments and hidden tails, and still look the same."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image, ImageChops, ImageCms, ImageStat

from rightsdesk.intake.cleaning import FileRefused, clean
from rightsdesk.intake.cleaning.structure import jpeg_metadata, png_chunks, webp_metadata
from tests.intake.fixtures.builders import (
    CANARIES,
    camera_exif,
    jpeg_with_gps,
    picture,
    png_header_only,
    png_with_text,
)


def _no_canary(data: bytes) -> None:
    for canary in CANARIES:
        assert canary not in data, canary


def _mean_difference(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    return sum(ImageStat.Stat(diff).mean) / 3


def test_jpeg_loses_gps_exif_xmp_and_is_rotated_upright() -> None:
    original = jpeg_with_gps(size=(64, 32), orientation=6)
    assert b"Exif\x00\x00" in original  # the fixture really carries what we remove
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)

    result = clean(original, filename="IMG_0001.JPG", declared_mime="image/jpeg")

    assert result.cleaned
    assert {"exif", "gps", "xmp", "iptc", "icc", "comments", "trailing_data"} <= set(result.removed)
    out = result.data
    assert b"Exif" not in out
    assert b"http://ns.adobe.com/xap" not in out
    assert b"Photoshop 3.0" not in out
    assert b"ICC_PROFILE" not in out
    _no_canary(out)
    assert jpeg_metadata(out) == set()
    with Image.open(io.BytesIO(out)) as after:
        assert after.format == "JPEG"
        assert not after.getexif()
        assert after.size == (32, 64)  # orientation 6 applied: width and height swapped
        upright = picture((64, 32)).transpose(Image.Transpose.ROTATE_270)
        assert _mean_difference(after, upright) < 4


def test_jpeg_without_rotation_keeps_size_and_pixels() -> None:
    result = clean(jpeg_with_gps(orientation=1), filename="a.jpeg", declared_mime=None)
    with Image.open(io.BytesIO(result.data)) as after:
        assert after.size == (64, 32)
        assert _mean_difference(after, picture()) < 4
    assert "orientation_applied" not in result.removed


def test_png_text_exif_and_time_chunks_are_gone() -> None:
    original = png_with_text()
    kinds = {kind for kind, _, _ in png_chunks(original)}
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"} <= kinds

    result = clean(original, filename="scan.png", declared_mime="image/png")

    kinds = {kind for kind, _, _ in png_chunks(result.data)}
    assert kinds <= {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"pHYs"}
    _no_canary(result.data)
    assert {"png_text", "exif", "xmp", "timestamps"} <= set(result.removed)
    with Image.open(io.BytesIO(result.data)) as after:
        assert not after.getexif()
        assert ImageChops.difference(after.convert("RGB"), picture()).getbbox() is None


def test_png_keeps_transparency() -> None:
    source = Image.new("RGBA", (8, 8), (255, 0, 0, 0))
    source.putpixel((1, 1), (0, 255, 0, 255))
    out = io.BytesIO()
    source.save(out, "PNG")
    result = clean(out.getvalue(), filename="t.png", declared_mime=None)
    with Image.open(io.BytesIO(result.data)) as after:
        rgba = after.convert("RGBA")
        assert rgba.getchannel("A").getpixel((0, 0)) == 0
        assert rgba.getpixel((1, 1)) == (0, 255, 0, 255)


def test_webp_loses_exif_and_xmp() -> None:
    out = io.BytesIO()
    picture().save(out, "WEBP", exif=camera_exif().tobytes(), xmp=b"<x>Jane Canary</x>")
    assert {"exif", "xmp"} <= webp_metadata(out.getvalue())
    result = clean(out.getvalue(), filename="w.webp", declared_mime="image/webp")
    assert webp_metadata(result.data) == set()
    _no_canary(result.data)


def test_animated_gif_keeps_its_frames_and_loses_its_comment() -> None:
    frames = [Image.new("RGB", (10, 10), color) for color in ("red", "lime", "blue")]
    out = io.BytesIO()
    frames[0].save(
        out,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 200, 300],
        loop=0,
        comment=b"Jane Canary",
    )
    result = clean(out.getvalue(), filename="a.gif", declared_mime="image/gif")
    _no_canary(result.data)
    assert "comments" in result.removed
    with Image.open(io.BytesIO(result.data)) as after:
        assert getattr(after, "n_frames", 1) == 3
        assert "comment" not in after.info
        colours = []
        for index in range(3):
            after.seek(index)
            colours.append(after.convert("RGB").getpixel((0, 0)))
            assert after.info["duration"] == 100 * (index + 1)
        assert colours == [(255, 0, 0), (0, 255, 0), (0, 0, 255)]


def test_tiff_loses_descriptive_tags() -> None:
    out = io.BytesIO()
    exif = camera_exif()
    exif[0x010E] = "Jane Canary description"
    picture().save(out, "TIFF", exif=exif)
    result = clean(out.getvalue(), filename="scan.tif", declared_mime="image/tiff")
    _no_canary(result.data)
    assert "tiff_tags" in result.removed
    with Image.open(io.BytesIO(result.data)) as after:
        assert not after.getexif().get_ifd(0x8825)
        assert 0x013B not in after.getexif()


@pytest.mark.parametrize(("width", "height"), [(30000, 30000), (12000, 9000)])
def test_decompression_bomb_is_refused_quickly(width: int, height: int) -> None:
    start = time.monotonic()
    with pytest.raises(FileRefused) as refused:
        clean(png_header_only(width, height), filename="bomb.png", declared_mime="image/png")
    assert refused.value.reason == "bomb"
    assert time.monotonic() - start < 2


def test_truncated_jpeg_is_corrupt() -> None:
    data = jpeg_with_gps(size=(256, 256), orientation=1)
    with pytest.raises(FileRefused) as refused:
        clean(data[: len(data) // 2], filename="cut.jpg", declared_mime="image/jpeg")
    assert refused.value.reason == "corrupt"
    assert "cut" not in str(refused.value)


def test_heic_is_kept_but_not_cleaned() -> None:
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    result = clean(heic, filename="IMG_1.HEIC", declared_mime="image/heic")
    assert result.sniffed.mime == "image/heic"
    assert not result.cleaned
    assert result.data == heic


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "a.png"), ("WEBP", "a.webp"), ("TIFF", "a.tif")])
def test_icc_profile_is_converted_away(fmt: str, name: str) -> None:
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (200, 10, 10)).save(out, fmt, icc_profile=icc)
    result = clean(out.getvalue(), filename=name, declared_mime=None)
    assert "icc" in result.removed
    with Image.open(io.BytesIO(result.data)) as after:
        assert "icc_profile" not in after.info
        red, green, blue = after.convert("RGB").getpixel((0, 0))  # type: ignore[misc]  # RGB gives a 3-tuple
        assert abs(red - 200) + abs(green - 10) + abs(blue - 10) < 6


@pytest.mark.parametrize(("fmt", "name"), [("WEBP", "a.webp"), ("PNG", "a.apng")])
def test_animations_keep_frames_and_timing(fmt: str, name: str) -> None:
    frames = [Image.new("RGBA", (12, 12), c) for c in ((255, 0, 0, 255), (0, 0, 255, 128))]
    out = io.BytesIO()
    frames[0].save(out, fmt, save_all=True, append_images=frames[1:], duration=[100, 300], loop=0)
    result = clean(out.getvalue(), filename=name, declared_mime=None)
    with Image.open(io.BytesIO(result.data)) as after:
        assert getattr(after, "n_frames", 1) == 2
        after.seek(1)
        after.load()  # WebP sets the frame's duration on load
        assert after.info["duration"] == 300
