"""Remove personal metadata from OOXML documents (.docx, .xlsx, .pptx), in memory.

Threat: Office writes the author's account name into docProps/core.xml (creator,
lastModifiedBy), company/manager/template into docProps/app.xml, arbitrary properties into
docProps/custom.xml, every comment's and tracked change's author, initials and time, the
people list with e-mail addresses (people.xml, persons.xml, authors.xml), Excel's absolute save
path (``C:\\Users\\<account>\\...``), local template and link paths in relationships, and random
session ids (rsid, docId) that link documents edited together. Embedded charts are whole .xlsx
packages with their own core.xml, and pasted photos keep their EXIF. What is done:

* core.xml and app.xml replaced by empty, valid property parts; custom.xml and signatures
  (which hold a certificate naming the signer) dropped with their relationships and content types;
* in every XML part: attributes author/initials/userId/providerId blanked; name, displayName on
  comment-author and person elements blanked; revision and comment dates dropped; rsid
  attributes, <w:rsids>, docId and revisionPtr elements and XML comments removed; Excel comment
  <author> texts and absPath emptied;
* external relationships to local files keep only the file's base name;
* JPEG/PNG media stripped losslessly; embedded OOXML packages cleaned recursively;
* every ZIP entry re-written with date 1980-01-01 and no extra fields.

Macro-enabled content (vbaProject.bin) is refused. Embedded OLE objects (``*.bin``) and
customXml data parts are kept as they are (not parsed).
"""

from __future__ import annotations

import posixpath
import re

from . import xmltext
from .images import strip_embedded_image
from .model import MAX_NESTING, FileRefused
from .ziputil import ZipReader, write_zip

_OOXML = "application/vnd.openxmlformats-officedocument."
_MAIN_PARTS = {
    "word/document.xml": _OOXML + "wordprocessingml.document",
    "xl/workbook.xml": _OOXML + "spreadsheetml.sheet",
    "ppt/presentation.xml": _OOXML + "presentationml.presentation",
}
_EXTENSION_MIME = {
    ".docx": _OOXML + "wordprocessingml.document",
    ".xlsx": _OOXML + "spreadsheetml.sheet",
    ".pptx": _OOXML + "presentationml.presentation",
}
NEUTRAL_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties xmlns:cp='
    b'"http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
NEUTRAL_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns='
    b'"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)
_REL_TYPES = {
    "/metadata/core-properties": "core",
    "/extended-properties": "app",
    "/custom-properties": "custom",
    "/digital-signature/origin": "signature",
}
_PEOPLE = frozenset({"cmAuthor", "author", "person", "presenceInfo"})
_PEOPLE_ATTRS = frozenset({"name", "displayName"})
_ANY_ATTRS = frozenset({"author", "initials", "userId", "providerId"})
_RELATIONSHIP = re.compile(
    rf"<(?:{xmltext._NAME}:)?Relationship\b(?P<a>{xmltext._ATTRS})(?:/>|>\s*</(?:{xmltext._NAME}:)?"
    r"Relationship\s*>)"
)
_OVERRIDE = re.compile(rf"<(?:{xmltext._NAME}:)?Override\b(?P<a>{xmltext._ATTRS})/>")
_TARGET = re.compile(r"""(\bTarget\s*=\s*)("[^"]*"|'[^']*')""")
_LOCAL_PATH = re.compile(r"(?i)^(file:|[a-z]:[\\/]|\\\\|/)")


def _attr(attrs: str, name: str) -> str:
    found = re.search(rf"""\b{name}\s*=\s*("([^"]*)"|'([^']*)')""", attrs)
    return (found.group(2) or found.group(3) or "") if found else ""


def _xml_attr(value: str) -> str:
    return value.replace('"', "&quot;").replace("<", "&lt;")


def _rule(element: str, attribute: str) -> xmltext.Action:
    """Which attributes identify people, times, paths or editing sessions."""
    if attribute in _ANY_ATTRS or (element in _PEOPLE and attribute in _PEOPLE_ATTRS):
        return "blank"
    if element == "absPath" and attribute == "url":
        return "blank"
    if attribute.startswith("rsid") or attribute == "dateUtc":
        return "drop"
    if attribute == "date" and (
        element.endswith("Change") or element in {"comment", "ins", "del", "moveFrom", "moveTo"}
    ):
        return "drop"
    return "keep"


def scrub_xml(data: bytes) -> tuple[bytes, set[str]]:
    """Apply the attribute and element rules above to one XML part."""
    text, encoding = xmltext.decode(data)
    removed: set[str] = set()
    text, count = xmltext.drop_comments(text)
    if count:
        removed.add("comments")
    text, count = xmltext.rewrite_attributes(text, _rule)
    text, count2 = xmltext.blank_element_text(text, {"author"})
    if count or count2:
        removed.add("office_authors")
    text, count = xmltext.drop_elements(text, {"rsids", "docId", "revisionPtr"})
    if count:
        removed.add("office_ids")
    return text.encode(encoding), removed


def _rels_base(rels_name: str) -> str:
    """Folder against which a .rels file's relative targets resolve."""
    return posixpath.dirname(posixpath.dirname(rels_name))


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


def _clean_rels(name: str, text: str, dropped: set[str], removed: set[str]) -> str:
    base = _rels_base(name)

    def relationship(match: re.Match[str]) -> str:
        attrs, target = match.group("a"), _attr(match.group("a"), "Target")
        if _attr(attrs, "TargetMode") == "External":
            if _LOCAL_PATH.match(target):
                removed.add("office_paths")
                short = re.split(r"[\\/]", target.rstrip("\\/"))[-1]
                return _TARGET.sub(lambda m: f'{m.group(1)}"{_xml_attr(short)}"', match.group(0))
            return match.group(0)
        if _resolve(base, target).lower() in dropped:
            return ""
        return match.group(0)

    return _RELATIONSHIP.sub(relationship, text)


def _package_parts(reader: ZipReader) -> dict[str, str]:
    """Role (core, app, custom, signature) -> part name, from the package relationships."""
    if "_rels/.rels" not in reader.names:
        raise FileRefused("corrupt")
    text, _ = xmltext.decode(reader.read("_rels/.rels"))
    roles: dict[str, str] = {}
    for match in _RELATIONSHIP.finditer(text):
        rel_type = _attr(match.group("a"), "Type")
        for suffix, role in _REL_TYPES.items():
            if rel_type.endswith(suffix):
                roles[role] = _resolve("", _attr(match.group("a"), "Target"))
    return roles


def detect_ooxml(names: list[str]) -> str | None:
    """The OOXML mime of a package from its listing, or None."""
    lowered = {n.lower(): n for n in names}
    found = [mime for part, mime in _MAIN_PARTS.items() if part in lowered]
    return found[0] if len(found) == 1 and "[content_types].xml" in lowered else None


def clean_ooxml(data: bytes, mime: str, depth: int = 0) -> tuple[bytes, tuple[str, ...]]:
    """Return the rebuilt package and the codes of what was removed (see module docstring)."""
    reader = ZipReader(data)
    if detect_ooxml(reader.names) != mime:
        raise FileRefused("type_mismatch")
    if any(n.lower().endswith("vbaproject.bin") for n in reader.names):
        raise FileRefused("macros")
    roles = _package_parts(reader)
    removed: set[str] = set()
    lowered = {n.lower(): n for n in reader.names}
    custom = roles.get("custom", "").lower()
    signatures = {roles.get("signature", "").lower()}
    signatures |= {n for n in lowered if n.startswith("_xmlsignatures/")}
    dropped = ({custom} | signatures) & set(lowered)
    if custom in dropped:
        removed.add("office_custom")
    if signatures & dropped:
        removed.add("office_signatures")
    replaced = {
        roles[r].lower(): c for r, c in (("core", NEUTRAL_CORE), ("app", NEUTRAL_APP)) if r in roles
    }
    entries: list[tuple[str, bytes]] = []
    for name, content in reader:
        key = name.lower()
        if key in dropped:
            continue
        if key in replaced:
            removed.add("office_core" if replaced[key] is NEUTRAL_CORE else "office_app")
            entries.append((name, replaced[key]))
            continue
        entries.append((name, _clean_entry(name, content, dropped, removed, depth)))
    cleaned = write_zip(entries)
    verify_ooxml(cleaned, mime)
    return cleaned, tuple(sorted(removed))


def _clean_entry(
    name: str, content: bytes, dropped: set[str], removed: set[str], depth: int
) -> bytes:
    key = name.lower()
    if key.endswith(".rels"):
        text, encoding = xmltext.decode(content)
        return _clean_rels(name, text, dropped, removed).encode(encoding)
    if key == "[content_types].xml":
        text, encoding = xmltext.decode(content)

        def override(match: re.Match[str]) -> str:
            part = _attr(match.group("a"), "PartName").lstrip("/").lower()
            return "" if part in dropped else match.group(0)

        return _OVERRIDE.sub(override, text).encode(encoding)
    if key.endswith((".xml", ".vml")):
        cleaned, codes = scrub_xml(content)
        removed |= codes
        return cleaned
    if content.startswith((b"\xff\xd8", b"\x89PNG")):
        stripped, codes = strip_embedded_image(content)
        if codes:
            removed.add("office_media_metadata")
        return stripped
    suffix = posixpath.splitext(key)[1]
    if suffix in _EXTENSION_MIME and content.startswith(b"PK") and depth < MAX_NESTING:
        inner, inner_codes = clean_ooxml(content, _EXTENSION_MIME[suffix], depth + 1)
        if inner_codes:
            removed.add("office_embedded")
        return inner
    return content


def verify_ooxml(data: bytes, mime: str) -> None:
    """The output is a valid package: same type, every Override names an existing part,
    and the core properties carry nothing."""
    reader = ZipReader(data)
    if detect_ooxml(reader.names) != mime:
        raise FileRefused("verify_failed")
    names = {n.lower() for n in reader.names}
    lowered = {n.lower(): n for n in reader.names}
    text, _ = xmltext.decode(reader.read(lowered["[content_types].xml"]))
    for match in _OVERRIDE.finditer(text):
        if _attr(match.group("a"), "PartName").lstrip("/").lower() not in names:
            raise FileRefused("verify_failed")
    roles = _package_parts(reader)
    for role, expected in (("core", NEUTRAL_CORE), ("app", NEUTRAL_APP)):
        part = roles.get(role, "").lower()
        if part in lowered and reader.read(lowered[part]) != expected:
            raise FileRefused("verify_failed")
    if "custom" in roles and roles["custom"].lower() in names:
        raise FileRefused("verify_failed")
