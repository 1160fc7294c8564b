"""The type comes from the bytes; names only break ties; file names are made safe."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsdesk.intake.cleaning import FileKind, cleanable, safe_filename, sniff
from rightsdesk.intake.cleaning.sniff import TYPES
from tests.intake.fixtures.builders import jpeg_with_gps, pdf_with_author, png_with_text
from tests.intake.fixtures.office_builders import docx_with_author, odt_with_author

ZERO = b"\x00" * 64
MAGIC: list[tuple[bytes, str, str, str]] = [
    (b"\xff\xd8\xff\xe0" + ZERO, "x.jpeg", "image/jpeg", ".jpeg"),
    (b"\xff\xd8\xff\xe1" + ZERO, "x", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n" + ZERO, "x.png", "image/png", ".png"),
    (b"GIF89a" + ZERO, "x.gif", "image/gif", ".gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 " + ZERO, "x.webp", "image/webp", ".webp"),
    (b"II*\x00" + ZERO, "x.tif", "image/tiff", ".tif"),
    (b"MM\x00*" + ZERO, "x.dng", "image/x-raw", ".dng"),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + ZERO, "x", "image/heic", ".heic"),
    (b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + ZERO, "x", "image/avif", ".avif"),
    (b"%PDF-1.7\n" + ZERO, "x.pdf", "application/pdf", ".pdf"),
    (b"ID3\x04\x00\x00" + ZERO, "x.mp3", "audio/mpeg", ".mp3"),
    (b"\xff\xfb\x90\x64" + ZERO, "voice.mp3", "audio/mpeg", ".mp3"),
    (b"OggS\x00\x02" + ZERO + b"OpusHead", "v.opus", "audio/ogg", ".opus"),
    (b"fLaC" + ZERO, "x.flac", "audio/flac", ".flac"),
    (b"RIFF\x00\x00\x00\x00WAVEfmt " + ZERO, "x.wav", "audio/wav", ".wav"),
    (b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A isom" + ZERO, "x.m4a", "audio/mp4", ".m4a"),
    (b"#!AMR\n" + ZERO, "x.amr", "audio/amr", ".amr"),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + ZERO, "x.mp4", "video/mp4", ".mp4"),
    (b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  " + ZERO, "x", "video/quicktime", ".mov"),
    (b"\x00\x00\x00\x14ftyp3gp4\x00\x00\x00\x003gp4" + ZERO, "x", "video/3gpp", ".3gp"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + ZERO, "x", "video/webm", ".webm"),
    (b"\x1a\x45\xdf\xa3\x9f\x42\x82\x88matroska" + ZERO, "x", "video/x-matroska", ".mkv"),
    (b"RIFF\x00\x00\x00\x00AVI LIST" + ZERO, "x.avi", "video/x-msvideo", ".avi"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + ZERO, "old.doc", "application/msword", ".doc"),
    (b"hello, world\n", "notes.txt", "text/plain", ".txt"),
    ("# Témoignage — شهادة\n".encode(), "t.md", "text/markdown", ".md"),
    ("a,b\n".encode("utf-16"), "t.csv", "text/csv", ".csv"),
]


@pytest.mark.parametrize(("head", "name", "mime", "ext"), MAGIC)
def test_magic_bytes(head: bytes, name: str, mime: str, ext: str) -> None:
    found = sniff(head, name)
    assert (found.mime, found.extension) == (mime, ext)
    assert found.kind is TYPES[mime][0]


@pytest.mark.parametrize(
    ("head", "name", "mime"),
    [
        (b"MZ\x90\x00" + ZERO, "doc.pdf", "application/x-msdownload"),
        (b"\x7fELF\x02\x01" + ZERO, "photo.jpg", "application/x-executable"),
        (b"#!/bin/sh\nrm -rf /\n", "notes.txt", "text/x-script"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + ZERO, "setup.msi", "application/x-ole-storage"),
        (b"plain text", "page.html", "application/octet-stream"),
        (b"a\x00b", "nul.txt", "application/octet-stream"),
        (b"caf\xc3\x28 latin-1 caf\xe9", "bad.txt", "application/octet-stream"),
        (b"\xff\xfb\x90\x64" + ZERO, "frame-sync-without-mp3-name", "application/octet-stream"),
    ],
)
def test_unknown_and_executables(head: bytes, name: str, mime: str) -> None:
    found = sniff(head, name)
    assert found.kind is FileKind.UNKNOWN
    assert found.mime == mime


def test_real_files_and_zip_containers() -> None:
    assert sniff(jpeg_with_gps(), "a").mime == "image/jpeg"
    assert sniff(png_with_text(), "a").mime == "image/png"
    assert sniff(pdf_with_author(), "a").mime == "application/pdf"
    assert sniff(odt_with_author(), "whatever.bin").extension == ".odt"
    assert sniff(docx_with_author()[:4096], "a.docx").kind is FileKind.OFFICE
    assert sniff(docx_with_author()[:4096], "a.zip").kind is FileKind.UNKNOWN


def test_cleanable() -> None:
    assert cleanable(FileKind.IMAGE)
    assert cleanable(FileKind.TEXT)
    assert not cleanable(FileKind.VIDEO)
    assert not cleanable(FileKind.AUDIO)
    assert not cleanable(FileKind.UNKNOWN)
    assert cleanable(sniff(jpeg_with_gps(), "a.jpg"))
    assert not cleanable(sniff(MAGIC[7][0], "a.heic"))  # no HEIF plugin in Pillow
    assert not cleanable(sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.doc"))


@settings(max_examples=300, deadline=None)
@given(head=st.binary(max_size=600), name=st.text(max_size=40))
def test_sniff_never_raises(head: bytes, name: str) -> None:
    found = sniff(head, name)
    assert found.kind in FileKind
    assert found.extension == "" or found.extension.startswith(".")


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from([m[0][:12] for m in MAGIC] + [b"PK\x03\x04", b"RIFF", b"\x00\x00"]),
    tail=st.binary(max_size=200),
    name=st.sampled_from(["a.jpg", "b.docx", "c.mp3", "d.txt", "e", "f.odt", "g.aac"]),
)
def test_sniff_never_raises_on_damaged_magic(prefix: bytes, tail: bytes, name: str) -> None:
    sniff(prefix + tail, name)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\jane\\Desktop\\photo.jpg", "photo.jpg"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),
        ("\u2067evil\u2069.pdf", "evil.pdf"),
        ("line\nbreak\r\x00.txt", "linebreak.txt"),
        ("شهادة عن الاعتقال.pdf", "شهادة عن الاعتقال.pdf"),
        ("می‌خواهم.txt", "می‌خواهم.txt"),  # the zero-width non-joiner is part of Persian
        ("...", "file"),
        ("", "file"),
        (".bashrc", "bashrc"),
        ("CON.txt", "_CON.txt"),
        ('a<b>c:d"e|f?g*h.png', "a_b_c_d_e_f_g_h.png"),
    ],
)
def test_safe_filename_examples(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_safe_filename_keeps_the_extension_when_shortening() -> None:
    name = safe_filename("x" * 400 + ".jpeg")
    assert len(name) == 150
    assert name.endswith("x.jpeg")


@settings(max_examples=400, deadline=None)
@given(name=st.text(alphabet=st.characters(codec=None), max_size=300) | st.text(string.printable))
def test_safe_filename_properties(name: str) -> None:
    safe = safe_filename(name)
    assert safe
    assert len(safe) <= 150
    assert "/" not in safe
    assert "\\" not in safe
    assert not safe.startswith(".")
    assert safe == safe.strip()
    for char in safe:
        category = unicodedata.category(char)
        assert category not in {"Cc", "Cs", "Zl", "Zp"}
        assert category != "Cf" or char in "\u200c\u200d"
    assert safe_filename(safe) == safe  # idempotent
    safe.encode("utf-8")
