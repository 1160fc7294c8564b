"""Office documents lose their authors, properties, paths and ids, and stay valid packages."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from rightsdesk.intake.cleaning import MAX_ZIP_ENTRIES, FileRefused, clean
from tests.intake.fixtures.builders import zip_bytes
from tests.intake.fixtures.inspect import canaries_in, zip_entries
from tests.intake.fixtures.office_builders import (
    ODF_TEXT,
    docx_with_author,
    odt_with_author,
    xlsx_with_author,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _assert_no_canary(data: bytes) -> None:
    assert canaries_in(data) == []


def _check_content_types(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        types = archive.read("[Content_Types].xml").decode()
        for part in re.findall(r'PartName="/([^"]+)"', types):
            assert part in names, part
        for rels in (n for n in names if n.endswith(".rels")):
            folder = rels.rsplit("_rels/", 1)[0]
            text = archive.read(rels).decode()
            for target, mode in re.findall(r'Target="([^"]*)"(?: TargetMode="(\w+)")?', text):
                if mode != "External" and not target.startswith("/"):
                    assert folder + target in names, (rels, target)


def test_docx_loses_every_personal_field_and_stays_valid() -> None:
    original = docx_with_author()
    assert any(b"Jane Canary" in c for c in zip_entries(original).values())

    result = clean(original, filename="statement.docx", declared_mime=DOCX)

    assert result.cleaned
    assert {
        "office_core",
        "office_app",
        "office_custom",
        "office_authors",
        "office_paths",
        "office_ids",
        "office_media_metadata",
        "office_embedded",
        "comments",
    } <= set(result.removed)
    _assert_no_canary(result.data)
    _check_content_types(result.data)
    entries = zip_entries(result.data)
    assert "docProps/custom.xml" not in entries
    assert b"custom-properties" not in entries["_rels/.rels"]
    assert b"Visible evidence text" in entries["word/document.xml"]
    assert b'w:author=""' in entries["word/document.xml"]
    assert b"rsid" not in entries["word/document.xml"]
    assert b"w:date" not in entries["word/comments.xml"]
    assert b'Target="Normal.dotm"' in entries["word/_rels/settings.xml.rels"]
    assert b"Exif" not in entries["word/media/image1.jpeg"]
    assert entries["word/media/image1.jpeg"].startswith(b"\xff\xd8")
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert all(not i.extra and not i.comment for i in archive.infolist())
        assert archive.namelist()[0] == "[Content_Types].xml"


def test_xlsx_loses_comment_author_and_save_path() -> None:
    result = clean(xlsx_with_author(), filename="data.xlsx", declared_mime=None)
    _assert_no_canary(result.data)
    _check_content_types(result.data)
    entries = zip_entries(result.data)
    assert b'url=""' in entries["xl/workbook.xml"]
    assert b"<author></author>" in entries["xl/comments1.xml"]


def test_odt_loses_creator_and_keeps_mimetype_first_and_stored() -> None:
    result = clean(odt_with_author(), filename="note.odt", declared_mime=ODF_TEXT)
    assert {"odf_meta", "odf_authors", "odf_printer", "office_media_metadata"} <= set(
        result.removed
    )
    _assert_no_canary(result.data)
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == ODF_TEXT.encode()
        assert b"initial-creator" not in archive.read("meta.xml")
        assert b"Visible evidence text" in archive.read("content.xml")
        assert b"<dc:creator></dc:creator>" in archive.read("content.xml")
    assert result.data[30:38] == b"mimetype"


def test_odt_with_mimetype_not_first_is_repaired() -> None:
    result = clean(odt_with_author(mimetype_first=False), filename="n.odt", declared_mime=None)
    assert result.sniffed.mime == ODF_TEXT
    _assert_no_canary(result.data)
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        assert archive.infolist()[0].filename == "mimetype"
        assert archive.infolist()[0].compress_type == zipfile.ZIP_STORED


def test_docx_without_extension_is_recognised_from_its_listing() -> None:
    result = clean(docx_with_author(), filename="statement", declared_mime=None)
    assert result.sniffed.mime == DOCX
    assert result.sniffed.extension == ".docx"
    _assert_no_canary(result.data)


def _docx_with(extra: list[tuple[str, bytes]]) -> bytes:
    return docx_with_author(extra)


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/abs/path.xml", "word/../../up.xml", "C:/x.xml", "a\\b.xml"]
)
def test_path_traversal_is_refused(name: str) -> None:
    with pytest.raises(FileRefused) as refused:
        clean(_docx_with([(name, b"x")]), filename="t.docx", declared_mime=DOCX)
    assert refused.value.reason == "unsafe_archive"


def test_duplicate_entry_names_are_refused() -> None:
    data = _docx_with([("docProps/CORE.xml", b"<x>Jane Canary</x>")])
    with pytest.raises(FileRefused) as refused:
        clean(data, filename="t.docx", declared_mime=DOCX)
    assert refused.value.reason == "unsafe_archive"


def test_zip_bomb_by_ratio_is_refused() -> None:
    data = _docx_with([("word/media/zeros.bin", b"\x00" * (4 * 1024 * 1024))])
    with pytest.raises(FileRefused) as refused:
        clean(data, filename="bomb.docx", declared_mime=DOCX)
    assert refused.value.reason == "archive_bomb"


def test_zip_bomb_by_entry_count_is_refused() -> None:
    extra = [(f"word/x{i}.bin", b"") for i in range(MAX_ZIP_ENTRIES + 1)]
    with pytest.raises(FileRefused) as refused:
        clean(_docx_with(extra), filename="many.docx", declared_mime=DOCX)
    assert refused.value.reason == "archive_bomb"


def test_macros_are_refused() -> None:
    with pytest.raises(FileRefused) as refused:
        clean(_docx_with([("word/vbaProject.bin", b"x")]), filename="m.docx", declared_mime=None)
    assert refused.value.reason == "macros"


def test_docx_renamed_xlsx_is_a_type_mismatch() -> None:
    with pytest.raises(FileRefused) as refused:
        clean(docx_with_author(), filename="sheet.xlsx", declared_mime=None)
    assert refused.value.reason == "type_mismatch"


def test_zip_that_is_not_office_is_unsupported() -> None:
    data = zip_bytes([("readme.txt", b"hello")])
    with pytest.raises(FileRefused) as refused:
        clean(data, filename="archive.zip", declared_mime="application/zip")
    assert refused.value.reason == "unsupported"
    with pytest.raises(FileRefused) as refused:
        clean(data, filename="fake.docx", declared_mime=None)
    assert refused.value.reason == "type_mismatch"


def test_dtd_in_a_part_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    with pytest.raises(FileRefused):
        clean(_docx_with([("word/evil.xml", bomb)]), filename="d.docx", declared_mime=None)
