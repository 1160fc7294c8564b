"""Grants, revokes, internal notes and retention, over HTTP where a person would do it."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.audit.selectors import verify_chain
from rightsdesk.cases.models import Attachment, Case, KeyWrap, Message, Note
from rightsdesk.intake.models import InboxSession
from tests.factories import StaffAccount, signed_in, staff_account
from tests.reporting import file_report, receipt_from


def test_second_handler_reads_only_while_granted(client: Client, handler: StaffAccount) -> None:
    file_report(client, narrative="for need-to-know only")
    case = Case.objects.get()
    second = staff_account(username="second")
    hana, other = signed_in(handler), signed_in(second)
    detail = reverse("cases:detail", args=[case.number])
    assert other.get(detail).status_code == 404  # denied before the grant...

    assert (
        hana.post(reverse("cases:grant", args=[case.number]), {"username": "second"}).status_code
        == 302
    )
    page = other.get(detail)
    assert page.status_code == 200  # ...allowed while granted...
    assert "for need-to-know only" in page.content.decode()

    revoke = reverse("cases:revoke", args=[case.number, "second"])
    assert hana.post(revoke, {"confirm": "yes"}).status_code == 302  # the confirmed POST
    assert other.get(detail).status_code == 404  # ...denied again after revoke
    assert not KeyWrap.objects.filter(case=case, user=second.user).exists()
    assert verify_chain().intact


def test_grant_and_revoke_refusals_change_nothing(client: Client, handler: StaffAccount) -> None:
    file_report(client)
    case = Case.objects.get()
    hana = signed_in(handler)
    wraps = KeyWrap.objects.count()
    for username, message in (("nobody", "Choose a team member"), ("hana", "already has access")):
        response = hana.post(reverse("cases:grant", args=[case.number]), {"username": username})
        assert response.status_code == 400
        assert message in response.content.decode()
    last = hana.post(reverse("cases:revoke", args=[case.number, "hana"]), {"confirm": "yes"})
    assert last.status_code == 400
    assert "At least one team member must keep access" in last.content.decode()
    assert KeyWrap.objects.count() == wraps


def test_internal_notes_are_sealed_and_never_reach_the_reporter(
    client: Client, handler: StaffAccount
) -> None:
    receipt = receipt_from(file_report(client).content.decode())
    case = Case.objects.get()
    hana = signed_in(handler)
    hana.post(reverse("cases:note", args=[case.number]), {"body": "internal: looks credible"})
    assert b"looks credible" not in bytes(Note.objects.get().body)
    assert (
        "internal: looks credible"
        in hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    )
    reporter = Client()
    reporter.post(reverse("intake:inbox_login"), {"receipt": receipt})
    assert "looks credible" not in reporter.get(reverse("intake:inbox")).content.decode()


def test_api_grants_and_notes(client: Client, handler: StaffAccount) -> None:
    file_report(client)
    case = Case.objects.get()
    staff_account(username="second")
    token = client.post(
        "/api/v1/staff/login",
        json.dumps({"username": "hana", "password": handler.password, "otp": handler.otp()}),
        content_type="application/json",
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    grant = client.post(
        f"/api/v1/cases/{case.number}/grants",
        json.dumps({"username": "second"}),
        content_type="application/json",
        headers=auth,
    )
    assert grant.status_code == 201
    note = client.post(
        f"/api/v1/cases/{case.number}/notes",
        json.dumps({"body": "n"}),
        content_type="application/json",
        headers=auth,
    )
    assert note.status_code == 201
    revoke = client.delete(f"/api/v1/cases/{case.number}/grants/second", headers=auth)
    assert revoke.status_code == 204
    again = client.delete(f"/api/v1/cases/{case.number}/grants/second", headers=auth)
    assert again.status_code == 400
    assert again.json()["error"] == "refused"


def test_retention_deletes_every_ciphertext_but_keeps_held_cases(
    client: Client, handler: StaffAccount, django_capture_on_commit_callbacks: Any
) -> None:
    receipt = receipt_from(
        file_report(
            client, files=[SimpleUploadedFile("a.txt", b"evidence", "text/plain")]
        ).content.decode()
    )
    file_report(client, narrative="held")
    Client().post(reverse("intake:inbox_login"), {"receipt": receipt})
    doomed, held = Case.objects.order_by("id")
    stored = Path(settings.FILES_DIR) / "cases" / Attachment.objects.get().uid.hex
    assert stored.exists()
    old = timezone.now().date() - timedelta(days=400)
    Case.objects.update(status="closed", updated_on=old)
    call_command("cases", "hold", held.number, "--on", stdout=io.StringIO())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # files go once the commit is done
        call_command("cases", "retention", stdout=out)
    assert "deleted 1 cases" in out.getvalue()
    assert list(Case.objects.values_list("number", flat=True)) == [held.number]
    assert not KeyWrap.objects.filter(case_id=doomed.pk).exists()
    assert not Message.objects.filter(case_id=doomed.pk).exists()
    assert not Attachment.objects.exists()
    assert not InboxSession.objects.exists()
    assert not stored.exists()
    assert Client().post(reverse("intake:inbox_login"), {"receipt": receipt}).status_code == 400
    report = verify_chain()
    assert report.intact
