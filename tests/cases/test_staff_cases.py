"""Staff reading and answering cases over HTTP: the grant decides, and missing equals forbidden."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case, Message
from tests.factories import StaffAccount, signed_in, staff_account, without_tokens
from tests.reporting import file_report


def test_granted_handler_reads_and_replies_outsider_gets_404(
    client: Client, handler: StaffAccount
) -> None:
    file_report(client, narrative="Secret narrative for the team")
    case = Case.objects.get()
    late = staff_account(username="late")  # created after the report: no grant

    hana = signed_in(handler)
    listing = hana.get(reverse("cases:home")).content.decode()
    assert case.number in listing
    page = hana.get(reverse("cases:detail", args=[case.number]))
    assert page.status_code == 200
    assert "Secret narrative for the team" in page.content.decode()
    assert AuditEntry.objects.filter(action="case.read", actor=f"user:{handler.user.pk}").exists()

    outsider = signed_in(late)
    assert case.number not in outsider.get(reverse("cases:home")).content.decode()
    forbidden = outsider.get(reverse("cases:detail", args=[case.number]))
    missing = outsider.get(reverse("cases:detail", args=["RD-00000000"]))
    assert forbidden.status_code == missing.status_code == 404
    assert without_tokens(forbidden.content) == without_tokens(missing.content)
    assert (
        outsider.post(reverse("cases:reply", args=[case.number]), {"body": "hi"}).status_code == 404
    )

    reply = hana.post(reverse("cases:reply", args=[case.number]), {"body": "We will call you."})
    assert reply.status_code == 302
    assert Message.objects.get().direction == "team"
    hana.post(reverse("cases:status", args=[case.number]), {"status": "acknowledged", "version": 0})
    assert Case.objects.get().status == "acknowledged"


def test_anonymous_visitor_is_sent_to_login(client: Client, handler: StaffAccount) -> None:
    file_report(client)
    number = Case.objects.get().number
    response = Client().get(reverse("cases:detail", args=[number]))
    assert response.status_code == 302


def test_bad_status_and_empty_reply_are_refused(client: Client, handler: StaffAccount) -> None:
    file_report(client)
    number = Case.objects.get().number
    hana = signed_in(handler)
    bad = {"status": "nuked", "version": 0}
    assert hana.post(reverse("cases:status", args=[number]), bad).status_code == 400
    assert hana.post(reverse("cases:reply", args=[number]), {"body": ""}).status_code == 400
    assert Case.objects.get().status == "new"
    assert not Message.objects.exists()
