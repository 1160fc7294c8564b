"""A real photo with GPS and a PDF with an author, sent through the report form, come out clean.

The cleaning module has its own unit tests; this one checks the whole path: upload handler
(encrypting as it receives), cleaning, storage, and the staff download.
"""

from __future__ import annotations

import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from rightsdesk.cases.models import Attachment, Case
from tests.factories import StaffAccount, signed_in
from tests.intake.fixtures.builders import (
    CANARIES,
    jpeg_with_gps,
    pdf_with_author,
    png_header_only,
)
from tests.reporting import file_report


def download(client: Client, number: str, uid: str) -> bytes:
    response = client.get(reverse("cases:file", args=[number, uid]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]  # a streaming response


def test_gps_photo_and_authored_pdf_are_cleaned_on_the_way_in(
    client: Client, handler: StaffAccount
) -> None:
    photo, pdf = jpeg_with_gps(), pdf_with_author()
    assert b"Jane Canary" in photo
    assert b"Jane Canary" in pdf
    response = file_report(
        client,
        files=[
            SimpleUploadedFile("IMG_0042.jpg", photo, "image/jpeg"),
            SimpleUploadedFile("statement.pdf", pdf, "application/pdf"),
        ],
    )
    assert response.status_code == 201, response.content.decode()[:3000]
    case = Case.objects.get()
    staff = signed_in(handler)
    page = staff.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "metadata removed" in page
    stored = {str(a.uid) for a in Attachment.objects.filter(case=case)}
    assert len(stored) == 2
    blobs = [download(staff, case.number, uid) for uid in stored]
    clean_photo = next(b for b in blobs if b.startswith(b"\xff\xd8"))
    clean_pdf = next(b for b in blobs if b.startswith(b"%PDF"))
    for blob in blobs:
        assert not [c for c in CANARIES if c in blob]
    image = Image.open(io.BytesIO(clean_photo))
    assert len(image.getexif()) == 0
    assert image.size == (32, 64)  # EXIF orientation 6 applied before the tag was dropped
    with pikepdf.open(io.BytesIO(clean_pdf)) as document:
        assert len(document.docinfo) == 0
        assert "/Metadata" not in document.Root
        assert len(document.pages) == 2


def test_a_video_needs_the_reporters_explicit_choice(client: Client, db: None) -> None:
    mp4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
    refused = file_report(client, files=[SimpleUploadedFile("clip.mp4", mp4, "video/mp4")])
    assert refused.status_code == 400
    assert "cannot be removed from this type of file" in refused.content.decode()
    assert not Case.objects.exists()
    accepted = file_report(
        client, keep_uncleaned="on", files=[SimpleUploadedFile("clip.mp4", mp4, "video/mp4")]
    )
    assert accepted.status_code == 201
    assert Attachment.objects.count() == 1


def test_a_pdf_named_like_a_photo_is_refused(client: Client, db: None) -> None:
    response = file_report(
        client, files=[SimpleUploadedFile("holiday.jpg", pdf_with_author(), "image/jpeg")]
    )
    assert response.status_code == 400
    assert "does not match its type" in response.content.decode()
    assert not Case.objects.exists()


def test_a_decompression_bomb_is_refused_without_a_500(client: Client, db: None) -> None:
    bomb = png_header_only(30000, 30000)
    response = file_report(client, files=[SimpleUploadedFile("huge.png", bomb, "image/png")])
    assert response.status_code == 400
    assert "too large to process safely" in response.content.decode()
    assert not Case.objects.exists()
