"""PDFs lose their document info, XMP, annotation authors, image EXIF and old /ID."""

from __future__ import annotations

import io

import pikepdf
import pytest

from rightsdesk.intake.cleaning import FileRefused, clean
from tests.intake.fixtures.builders import (
    CANARIES,
    CANARY,
    jpeg_with_gps,
    pdf_object_stream_bomb,
    pdf_with_author,
)
from tests.intake.fixtures.inspect import pdf_decoded


def test_pdf_loses_author_xmp_and_annotation_author() -> None:
    original = pdf_with_author(pages=3)
    assert CANARY.encode() in pdf_decoded(original)

    result = clean(original, filename="report.pdf", declared_mime="application/pdf")

    assert result.cleaned
    assert {"pdf_info", "pdf_xmp", "pdf_annotation_authors", "pdf_image_metadata"} <= set(
        result.removed
    )
    everything = pdf_decoded(result.data)
    for canary in CANARIES:
        assert canary not in everything, canary
    assert b"Exif" not in everything
    assert b"/Metadata" not in everything
    assert b"/PieceInfo" not in everything
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) == 3
        assert "/Info" not in pdf.trailer or not pdf.docinfo.keys()
        assert "/Metadata" not in pdf.Root
        annotation = pdf.pages[0].obj["/Annots"][0]
        assert str(annotation["/T"]) == ""
        assert str(annotation["/Contents"]) == "a note"  # content kept
        image = pdf.pages[0].obj["/Resources"]["/XObject"]["/Im0"]
        assert image.read_raw_bytes().startswith(b"\xff\xd8")


def test_pdf_gets_a_fresh_id() -> None:
    original = pdf_with_author()
    with pikepdf.open(io.BytesIO(original)) as pdf:
        old_id = bytes(pdf.trailer["/ID"][0])
    result = clean(original, filename="a.pdf", declared_mime=None)
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert bytes(pdf.trailer["/ID"][0]) != old_id
    assert old_id not in result.data


def test_password_protected_pdf_is_refused() -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_with_author())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    with pytest.raises(FileRefused) as refused:
        clean(out.getvalue(), filename="locked.pdf", declared_mime="application/pdf")
    assert refused.value.reason == "encrypted_pdf"


def test_owner_password_only_pdf_is_cleaned_and_decrypted() -> None:
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(pdf_with_author())) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(user="", owner="owner"))
    result = clean(out.getvalue(), filename="perm.pdf", declared_mime="application/pdf")
    assert "pdf_encryption" in result.removed
    with pikepdf.open(io.BytesIO(result.data)) as pdf:
        assert not pdf.is_encrypted
    assert CANARY.encode() not in pdf_decoded(result.data)


def _incremental_update(original: bytes) -> bytes:
    """Append a revision that replaces the page's annotation list, as an editor saving
    incrementally would: the old objects (with the canary) stay in the file."""
    with pikepdf.open(io.BytesIO(original)) as pdf:
        root = pdf.Root.objgen[0]
        size = int(pdf.trailer["/Size"])
    prev = int(original.rsplit(b"startxref", 1)[1].split()[0])
    body = f"{size} 0 obj\n<< /Note (second revision) >>\nendobj\n".encode()
    offset = len(original)
    xref_at = offset + len(body)
    xref = f"xref\n{size} 1\n{offset:010d} 00000 n \n".encode()
    trailer = f"trailer\n<< /Size {size + 1} /Root {root} 0 R /Prev {prev} >>\n"
    return original + body + xref + f"{trailer}startxref\n{xref_at}\n%%EOF\n".encode()


def test_old_revisions_are_dropped() -> None:
    original = pdf_with_author()
    updated = _incremental_update(original)
    with pikepdf.open(io.BytesIO(updated)) as pdf:
        assert "/Info" not in pdf.trailer  # the new revision no longer points at the old info
    assert CANARY.encode() in updated
    result = clean(updated, filename="a.pdf", declared_mime=None)
    assert "pdf_revisions" in result.removed
    assert CANARY.encode() not in pdf_decoded(result.data)


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_corrupt(cut: float) -> None:
    data = pdf_with_author()
    with pytest.raises(FileRefused) as refused:
        clean(data[: int(len(data) * cut)], filename="cut.pdf", declared_mime=None)
    assert refused.value.reason == "corrupt"


def test_garbage_after_pdf_header_is_corrupt() -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
    with pytest.raises(FileRefused) as refused:
        clean(data, filename="x.pdf", declared_mime="application/pdf")
    assert refused.value.reason == "corrupt"


def test_pdf_named_as_photo_is_a_type_mismatch() -> None:
    with pytest.raises(FileRefused) as refused:
        clean(pdf_with_author(), filename="photo.jpg", declared_mime="image/jpeg")
    assert refused.value.reason == "type_mismatch"


def test_jpeg_declared_as_pdf_is_a_type_mismatch() -> None:
    with pytest.raises(FileRefused) as refused:
        clean(jpeg_with_gps(), filename="scan", declared_mime="application/pdf")
    assert refused.value.reason == "type_mismatch"


def test_object_stream_bomb_is_refused_before_qpdf_inflates_it() -> None:
    small = clean(pdf_object_stream_bomb(1), filename="ok.pdf", declared_mime=None)
    assert small.cleaned
    bomb = pdf_object_stream_bomb(300)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(FileRefused) as refused:
        clean(bomb, filename="bomb.pdf", declared_mime="application/pdf")
    assert refused.value.reason == "pdf_bomb"


def test_misparsed_pdf_is_corrupt() -> None:
    """A damaged dictionary that qpdf would read as loose strings keeps its author: refuse."""
    data = pdf_with_author(pages=1)
    position = data.index(b"/Annots")
    broken = data[:position] + b"A" + data[position + 1 :]
    with pytest.raises(FileRefused) as refused:
        clean(broken, filename="a.pdf", declared_mime=None)
    assert refused.value.reason == "corrupt"


def test_rebuilt_cross_reference_table_is_tolerated() -> None:
    data = pdf_with_author(pages=1)
    start = data.rindex(b"startxref")
    broken = data[:start] + b"startxref\n123\n%%EOF\n"
    result = clean(broken, filename="a.pdf", declared_mime=None)
    assert CANARY.encode() not in pdf_decoded(result.data)
