"""A refused file is refused for its real reason: a ZIP bomb in a DOCX is not "an image too large",
a PDF with scripts is not "damaged". Real crafted files, built here with zipfile and pikepdf."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pikepdf import Array, Dictionary, Name, String

from rightsdesk.cases.models import Case
from rightsdesk.intake.cleaning import FileRefused, clean
from rightsdesk.intake.refusals import file_refusal_message
from tests.intake.fixtures.builders import pdf_object_stream_bomb
from tests.intake.fixtures.office_builders import docx_with_author
from tests.reporting import file_report

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIB = 1024 * 1024


def docx_bomb(kind: str) -> bytes:
    """A real DOCX with a bomb added: one part that inflates 1,000 times (ratio), 300 parts of
    1 MiB each (each below the ratio check, 300 MiB in all: total), or 5,001 parts (count)."""
    out = io.BytesIO(docx_with_author())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        if kind == "ratio":
            archive.writestr("word/media/zeros.bin", bytes(20 * MIB))
        elif kind == "total":
            block = bytes(MIB)
            for n in range(300):
                archive.writestr(f"word/media/z{n}.bin", block)
        else:
            for n in range(5001):
                archive.writestr(f"word/media/e{n}.txt", b"")
    data = out.getvalue()
    assert len(data) < 2 * MIB  # small on the wire: that is the point of a bomb
    return data


@pytest.mark.parametrize("kind", ["ratio", "total", "count"])
def test_a_zip_bomb_in_a_docx_is_refused_as_a_bomb_not_an_image(kind: str) -> None:
    with pytest.raises(FileRefused) as refused:
        clean(docx_bomb(kind), filename="statement.docx", declared_mime=DOCX)
    assert refused.value.reason == "archive_bomb"
    assert "expands to more than 256 MB" in str(refused.value)
    message = file_refusal_message("statement.docx", refused.value.reason)
    assert message.startswith("“statement.docx”: this document expands to more than 256 MB")
    assert "image" not in message


def pdf_with(script: str) -> bytes:
    """A one-page PDF carrying JavaScript (or a Launch action) in one of the places it can hide."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    action = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    if script == "open_action":
        pdf.Root.OpenAction = action
    elif script == "page_aa":
        pdf.pages[0].obj.AA = Dictionary(O=action)
    elif script == "name_tree":
        tree = Dictionary(Names=Array([String("x"), action]))
        pdf.Root.Names = Dictionary(JavaScript=pdf.make_indirect(tree))
    elif script == "link":
        link = Dictionary(Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 9, 9]), A=action)
        pdf.pages[0].obj.Annots = Array([pdf.make_indirect(link)])
    elif script == "launch":
        pdf.Root.OpenAction = Dictionary(S=Name.Launch, F=String("calc.exe"))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("script", ["open_action", "page_aa", "name_tree", "link", "launch"])
def test_a_pdf_with_scripts_is_refused_as_such(script: str) -> None:
    with pytest.raises(FileRefused) as refused:
        clean(pdf_with(script), filename="letter.pdf", declared_mime="application/pdf")
    assert refused.value.reason == "pdf_scripts"
    message = file_refusal_message("letter.pdf", refused.value.reason)
    assert "this PDF contains scripts" in message
    assert "damaged" not in message


def test_a_pdf_without_scripts_is_still_cleaned() -> None:
    result = clean(pdf_with("none"), filename="letter.pdf", declared_mime="application/pdf")
    assert result.cleaned


def test_a_pdf_bomb_names_the_pdf_and_its_size() -> None:
    with pytest.raises(FileRefused) as refused:
        clean(pdf_object_stream_bomb(300), filename="b.pdf", declared_mime="application/pdf")
    assert refused.value.reason == "pdf_bomb"
    assert "this PDF expands to more than 256 MB" in file_refusal_message("b.pdf", "pdf_bomb")


def test_known_wordings_are_kept_for_their_translations() -> None:
    assert file_refusal_message("p.png", "bomb") == (
        "“p.png”: the image is too large to process safely."
    )
    assert file_refusal_message("x", "no_such_code") == (
        "“x”: the file seems damaged and could not be cleaned."
    )


@pytest.mark.django_db
def test_the_reporter_sees_the_real_reason(client: Client) -> None:
    pdf = SimpleUploadedFile("letter.pdf", pdf_with("open_action"), "application/pdf")
    response = file_report(client, files=[pdf])
    assert response.status_code == 400
    assert "this PDF contains scripts" in response.content.decode()
    assert not Case.objects.exists()
