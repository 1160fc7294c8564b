"""A file is never dropped for its name: one named `..`, `.`, `/`, `a/..`, or whose name is not
UTF-8, is kept as `file-<n>` with its real type's extension, on the report form and in the inbox
(the upload layer does it, so the API gets the same)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from rightsdesk.cases.models import Attachment, Case
from rightsdesk.core.multipart import repaired_parts
from tests.factories import StaffAccount, signed_in
from tests.reporting import REPORT, file_report, receipt_from, ticket_from

BOUNDARY = "oddnamesboundary"
ODD_NAMES = [b"..", b".", b"/", b"a/..", b"\xff\xfe", b"\xc3(", b"\x01\x02"]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 6), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


def multipart(fields: dict[str, Any], filename: bytes, content: bytes) -> bytes:
    """A body as a client would send it, with the file name as raw bytes (which Django's test
    client cannot do: it encodes names itself)."""
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachments"; filename="'.encode()
        + filename
        + b'"\r\nContent-Type: image/png\r\n\r\n'
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def post_raw(client: Client, path: str, body: bytes) -> Any:
    return client.generic(
        "POST", path, body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


@pytest.mark.parametrize("name", ODD_NAMES)
def test_the_report_form_keeps_a_file_with_an_odd_name(
    client: Client, handler: StaffAccount, name: bytes
) -> None:
    ticket = ticket_from(client.get(REPORT).content.decode())
    fields = {
        "step": "5",
        "go": "send",
        "ticket": ticket,
        "narrative": "They published my home address.",
        "emergency": "no",
        "threat_types": ["doxxing"],
    }
    response = post_raw(client, REPORT, multipart(fields, name, png()))
    assert response.status_code == 201, response.content.decode()[:2000]
    case = Case.objects.get()
    assert Attachment.objects.filter(case=case).count() == 1
    page = signed_in(handler).get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "file-1.png" in page


@pytest.mark.parametrize("name", ODD_NAMES)
def test_the_inbox_keeps_a_follow_up_file_with_an_odd_name(
    client: Client, db: None, name: bytes
) -> None:
    receipt = receipt_from(file_report(client).content.decode())
    client.post(reverse("intake:inbox_login"), {"receipt": receipt})
    body = multipart({"body": "Here is the photo."}, name, png())
    response = post_raw(client, reverse("intake:inbox"), body)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Attachment.objects.filter(message__isnull=False).count() == 1
    assert "file-1.png" in client.get(reverse("intake:inbox")).content.decode()


def test_a_name_that_is_fine_is_kept_as_it_is(client: Client, handler: StaffAccount) -> None:
    receipt = receipt_from(file_report(client).content.decode())
    client.post(reverse("intake:inbox_login"), {"receipt": receipt})
    body = multipart({"body": "x"}, "why? photo ☀.png".encode(), png())
    assert post_raw(client, reverse("intake:inbox"), body).status_code == 302
    assert "why_ photo ☀.png" in client.get(reverse("intake:inbox")).content.decode()


class Trickle:
    """A request body that arrives `size` bytes at a time."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size = data, size

    def read(self, size: int = -1) -> bytes:
        out, self.data = self.data[: self.size], self.data[self.size :]
        return out


@pytest.mark.parametrize("read_size", [1, 2, 3, 7, 31, 1000, 100_000])
def test_header_repair_is_the_same_however_the_body_is_cut(read_size: int) -> None:
    body = multipart({"a": "1", "b": ["2", "3"]}, b"\xff\xfe.png", png() * 3)
    repaired = b"".join(repaired_parts(Trickle(body, read_size), f"--{BOUNDARY}".encode(), 5))
    replaced = b"\xff\xfe.png".decode("utf-8", "replace").encode()  # one U+FFFD per bad byte
    assert repaired == body.replace(b"\xff\xfe.png", replaced)
    untouched = multipart({"a": "1"}, "ok ☀.png".encode(), png())
    assert (
        b"".join(repaired_parts(Trickle(untouched, read_size), f"--{BOUNDARY}".encode(), 5))
        == untouched
    )
