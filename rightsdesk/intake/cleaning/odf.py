"""Remove personal metadata from OpenDocument files (.odt, .ods, .odp), in memory.

Threat: meta.xml names the initial creator and last editor, with dates, editing time, the
generator (software and OS) and any user-defined fields; comments and tracked changes in
content.xml/styles.xml carry their author (<dc:creator>) and initials; settings.xml records the
printer's name and driver setup; a signature holds the signer's certificate; pictures keep EXIF.
What is done:

* every meta.xml (also those of embedded objects, ``Object 1/meta.xml``) replaced by an empty one;
* in every other XML part: <dc:creator>, creator/sender initials texts emptied, XML comments
  removed; PrinterName and PrinterSetup config items emptied;
* document and macro signatures dropped;
* JPEG/PNG pictures and the thumbnail stripped losslessly;
* ``mimetype`` written first and stored uncompressed (as ODF requires), every entry dated
  1980-01-01 with no extra fields.

Encrypted (password) documents and documents with Basic/script macros are refused.
"""

from __future__ import annotations

import re

from . import xmltext
from .images import strip_embedded_image
from .model import FileRefused
from .ziputil import ZipReader, write_zip

_NEUTRAL_META = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta xmlns:office='
    '"urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta='
    '"urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="{version}">'
    "<office:meta/></office:document-meta>"
)
_VERSION = re.compile(rb'office:version="(1\.[0-9])"')
_SIGNATURES = frozenset({"meta-inf/documentsignatures.xml", "meta-inf/macrosignatures.xml"})
_PRINTER = re.compile(
    rf"(<(?:{xmltext._NAME}:)?config-item\b[^>]*?name=\"(?:PrinterName|PrinterSetup)\"[^>]*>)"
    r"([^<]+)(</)"
)
_MANIFEST_ENTRY = re.compile(rf"<(?:{xmltext._NAME}:)?file-entry\b(?P<a>{xmltext._ATTRS})/>")


def neutral_meta(original: bytes) -> bytes:
    """An empty meta.xml that keeps the document's ODF version."""
    found = _VERSION.search(original)
    version = found.group(1).decode() if found else "1.2"
    return _NEUTRAL_META.format(version=version).encode()


def _is_meta(key: str) -> bool:
    return key == "meta.xml" or key.endswith("/meta.xml")


def _scrub(content: bytes, removed: set[str]) -> bytes:
    text, encoding = xmltext.decode(content)
    text, count = xmltext.drop_comments(text)
    if count:
        removed.add("comments")
    text, count = xmltext.blank_element_text(
        text, {"creator", "creator-initials", "sender-initials"}
    )
    if count:
        removed.add("odf_authors")
    text, count = _PRINTER.subn(lambda m: m.group(1) + m.group(3), text)
    if count:
        removed.add("odf_printer")
    return text.encode(encoding)


def _manifest(content: bytes, dropped: frozenset[str]) -> bytes:
    text, encoding = xmltext.decode(content)
    if "encryption-data" in text:
        raise FileRefused("encrypted")

    def entry(match: re.Match[str]) -> str:
        path = re.search(r'full-path\s*=\s*"([^"]*)"', match.group("a"))
        return "" if path and path.group(1).lower() in dropped else match.group(0)

    return _MANIFEST_ENTRY.sub(entry, text).encode(encoding)


def clean_odf(data: bytes, mime: str) -> tuple[bytes, tuple[str, ...]]:
    """Return the rebuilt document and the codes of what was removed (see module docstring)."""
    reader = ZipReader(data)
    if "mimetype" not in reader.names:  # not first is tolerated: it is rewritten first
        raise FileRefused("corrupt")
    if reader.read("mimetype").decode("ascii", "replace").strip() != mime:
        raise FileRefused("type_mismatch")
    lowered = {n.lower() for n in reader.names}
    if any(n.startswith(("basic/", "scripts/")) for n in lowered):
        raise FileRefused("macros")
    dropped = _SIGNATURES & lowered
    removed: set[str] = {"office_signatures"} if dropped else set()
    entries: list[tuple[str, bytes]] = [("mimetype", mime.encode("ascii"))]
    for name, content in reader:
        key = name.lower()
        if key == "mimetype" or key in dropped:
            continue
        if _is_meta(key):
            entries.append((name, neutral_meta(content)))
            removed.add("odf_meta")
        elif key == "meta-inf/manifest.xml":
            entries.append((name, _manifest(content, dropped)))
        elif key.endswith(".xml"):
            entries.append((name, _scrub(content, removed)))
        else:
            stripped, codes = strip_embedded_image(content)
            if codes:
                removed.add("office_media_metadata")
            entries.append((name, stripped))
    cleaned = write_zip(entries, stored_first=True)
    verify_odf(cleaned, mime)
    return cleaned, tuple(sorted(removed))


def verify_odf(data: bytes, mime: str) -> None:
    """mimetype first and stored with the right type; every meta.xml empty."""
    reader = ZipReader(data)
    first = reader.infos[0] if reader.infos else None
    if first is None or first.filename != "mimetype" or first.compress_type != 0:
        raise FileRefused("verify_failed")
    if reader.read("mimetype") != mime.encode("ascii"):
        raise FileRefused("verify_failed")
    for name in reader.names:
        if _is_meta(name.lower()) and b"<office:meta/>" not in reader.read(name):
            raise FileRefused("verify_failed")
