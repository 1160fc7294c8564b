"""Membership: join, confirm, leave (deleted), staff list and export; no address in the clear."""

from __future__ import annotations

import re
import secrets

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rightsdesk.community.models import Member
from tests.community.conftest import signed_in
from tests.factories import StaffAccount
from tests.scanning import database_rows

JOIN = "/community/join/"


def _join(client: Client, email: str = "", pseudonym: str = "Lantern") -> str:
    data = {"pseudonym": pseudonym, "kind": "individual", "interests": ["safety"], "email": email}
    response = client.post(JOIN, data)
    assert response.status_code == 201, response.content.decode()[:1500]
    return response.content.decode()


def test_join_confirm_and_leave_deletes_the_record(
    client: Client, db: None, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # pytest-django fixture
        _join(client, email="Lantern@Example.org")
    member = Member.objects.get()
    assert member.email_ciphertext
    assert not member.email_confirmed
    body = str(mail.outbox[0].body)
    confirm, leave = re.findall(r"http://testserver(\S+)", body)
    assert client.get(confirm).status_code == 200
    assert Member.objects.get().email_confirmed
    assert client.get(leave).status_code == 200
    assert client.post(leave).status_code == 200
    assert not Member.objects.exists()
    assert client.post(leave).status_code == 404  # a used link says so, no 500


def test_without_mail_the_leave_link_is_on_the_page(client: Client, db: None) -> None:
    page = _join(client)
    leave = re.search(r'href="(/community/leave/[^"]+)"', page)
    assert leave is not None
    client.post(leave.group(1))
    assert not Member.objects.exists()


def test_duplicate_changes_nothing_and_looks_the_same(
    client: Client, db: None, django_capture_on_commit_callbacks: object
) -> None:
    first = _join(client, email="dup@example.org")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # pytest-django fixture
        second = _join(client, email="DUP@example.org ", pseudonym="Other")
    assert Member.objects.count() == 1
    assert re.sub(r"csrfmiddlewaretoken\" value=\"[^\"]+", "", first) == re.sub(
        r"csrfmiddlewaretoken\" value=\"[^\"]+", "", second
    )
    assert "already a member" in mail.outbox[-1].body  # told to the address owner only


@pytest.mark.parametrize("email", ["not-an-address", "a@b", "x" * 300 + "@example.org"])
def test_invalid_mail_gets_a_message_and_changes_nothing(
    client: Client, db: None, email: str
) -> None:
    response = client.post(JOIN, {"pseudonym": "P", "kind": "individual", "email": email})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Member.objects.exists()


def test_forged_tokens_are_refused(client: Client, db: None) -> None:
    assert client.get("/community/confirm/forged/").status_code == 404
    assert client.post("/community/leave/forged:xyz/").status_code == 404


def test_staff_list_and_export(client: Client, handler: StaffAccount) -> None:
    _join(client, email="member@example.org", pseudonym="=HYPERLINK()")
    assert client.get(reverse("community:staff_members")).status_code == 302  # anonymous
    staff = signed_in(handler)
    page = staff.get(reverse("community:staff_members")).content.decode()
    assert "member@example.org" in page
    export = staff.get(reverse("community:staff_members_export"))
    text = export.content.decode()
    assert export["Content-Type"].startswith("text/csv")
    assert "member@example.org" in text
    assert "'=HYPERLINK()" in text  # no formula injection in spreadsheets


def test_canary_no_member_mail_in_the_database_copy(client: Client, db: None) -> None:
    """The intake canary scan, extended to sign-ups: a database copy holds no address."""
    planted = f"canary{secrets.token_hex(6)}@example.org"
    _join(client, email=planted)
    rows = database_rows()
    assert planted.encode() not in rows
    assert planted.split("@", maxsplit=1)[0].encode() not in rows
    assert Member.objects.count() == 1
