"""Filing over HTTP: the receipt, routing and recusal, double submits, following it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rightsdesk.audit.models import AuditEntry
from rightsdesk.grievances.models import Grievance, GrievanceWrap, Recusal
from rightsdesk.grievances.selectors import named_in
from rightsdesk.intake import inbox
from tests.factories import StaffAccount, signed_in
from tests.reporting import GRIEVANCE, file_grievance, file_report, receipt_from, ticket_from

FOLLOW = reverse("grievances:follow")
LOGIN = reverse("intake:inbox_login")


def test_the_form_and_the_procedure_need_no_javascript(client: Client, db: None) -> None:
    for url in (GRIEVANCE, reverse("grievances:procedure"), reverse("grievances:register")):
        page = client.get(url)
        assert page.status_code == 200
        assert b"<script" not in page.content


def test_filing_gives_a_receipt_and_routes_to_handlers_only(
    client: Client, gina: StaffAccount, handler: StaffAccount
) -> None:
    response = file_grievance(client, contact="")
    assert response.status_code == 201, response.content.decode()[:3000]
    receipt_from(response.content.decode())
    grievance = Grievance.objects.get()
    assert grievance.anonymous
    assert grievance.stage == "received"
    readers = set(
        GrievanceWrap.objects.filter(grievance=grievance, kind="user").values_list(
            "user__username", flat=True
        )
    )
    assert readers == {"gina"}  # hana handles cases, not grievances
    assert AuditEntry.objects.filter(action="grievance.file", actor="grievant").count() == 1


def test_a_named_handler_is_recused_and_never_wrapped(
    client: Client, gina: StaffAccount, nadia: StaffAccount
) -> None:
    response = file_grievance(
        client, people_named="", what_happened="User:Nadia deleted my article and mocked me."
    )
    assert response.status_code == 201
    grievance = Grievance.objects.get()
    assert list(Recusal.objects.values_list("user__username", "kind")) == [("nadia", "named")]
    assert not GrievanceWrap.objects.filter(grievance=grievance, user=nadia.user).exists()
    assert GrievanceWrap.objects.filter(grievance=grievance, user=gina.user).exists()


def test_name_matching_is_whole_word_and_case_insensitive(
    gina: StaffAccount, nadia: StaffAccount
) -> None:
    users = [gina.user, nadia.user]
    assert named_in("It was NADIA, then a friend", users) == [nadia.user]
    assert named_in("nadiacorp and regina", users) == []
    assert named_in("\uff2e\uff41\uff44\uff49\uff41", users) == [nadia.user]  # full-width
    assert named_in("n\u0430dia did it", users) == [nadia.user]  # a Cyrillic a (U+0430) inside
    assert named_in("G\u0456n\u0430 and N\u0430di\u0430", users) == users  # Cyrillic i, a


def test_a_double_submit_files_once(client: Client, gina: StaffAccount) -> None:
    ticket = ticket_from(client.get(GRIEVANCE).content.decode())
    data = {
        "ticket": ticket,
        "category": "account",
        "concerns": "project",
        "what_happened": "Blocked for no reason.",
    }
    assert client.post(GRIEVANCE, data).status_code == 201
    again = client.post(GRIEVANCE, data)
    assert again.status_code == 409
    assert Grievance.objects.count() == 1


def test_an_invalid_form_says_why_and_stores_nothing(client: Client, gina: StaffAccount) -> None:
    response = file_grievance(client, what_happened="", category="nonsense")
    assert response.status_code == 400
    assert "Tell us what happened." in response.content.decode()
    assert Grievance.objects.count() == 0


def test_the_receipt_follows_the_stage_and_the_conversation(
    client: Client, gina: StaffAccount
) -> None:
    upload = SimpleUploadedFile("evidence.txt", b"the deletion log\n", "text/plain")
    filed = file_grievance(client, files=[upload], contact="")
    receipt = receipt_from(filed.content.decode())
    person = Client()
    assert person.get(FOLLOW).status_code == 302  # not signed in: to the login
    signed = person.post(LOGIN, {"receipt": receipt})  # the one inbox sign-in
    assert signed.status_code == 302
    assert signed["Location"] == FOLLOW
    assert signed.cookies["rd_grievance"]["path"] == "/grievances/follow/"
    assert "rd_inbox" not in signed.cookies
    page = person.get(FOLLOW).content.decode()
    assert "Received" in page
    assert "should end by" in page
    assert "evidence.txt" in page
    sent = person.post(FOLLOW, {"body": "One more thing: it happened twice."})
    assert sent.status_code == 302
    handler = signed_in(gina)
    number = Grievance.objects.get().number
    staff_page = handler.get(reverse("grievances:staff_detail", args=[number])).content.decode()
    assert "One more thing: it happened twice." in staff_page
    assert "evidence.txt" in staff_page
    handler.post(reverse("grievances:staff_reply", args=[number]), {"body": "We read it."})
    assert "We read it." in person.get(FOLLOW).content.decode()


@pytest.mark.parametrize("receipt", ["1234 5678 9012 3456 7890", "12"])
def test_a_wrong_receipt_opens_nothing(client: Client, gina: StaffAccount, receipt: str) -> None:
    file_grievance(client)
    response = Client().post(LOGIN, {"receipt": receipt})
    assert response.status_code == 400
    assert "rd_grievance" not in response.cookies


def test_the_inbox_opens_either_receipt_for_one_key_derivation_each(
    client: Client, gina: StaffAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reports and grievances share the sign-in; each typed receipt costs one Argon2id run
    whoever holds it (and one for a receipt nobody holds), so timing tells nothing."""
    runs: list[str] = []
    real = inbox.derive_receipt_secrets

    def counted(*args: object, **kwargs: object) -> object:
        runs.append("run")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(inbox, "derive_receipt_secrets", counted)
    grievance_receipt = receipt_from(file_grievance(client).content.decode())
    report_receipt = receipt_from(file_report(client).content.decode())
    runs.clear()
    to_grievance = Client().post(LOGIN, {"receipt": grievance_receipt})
    to_report = Client().post(LOGIN, {"receipt": report_receipt})
    unknown = Client().post(LOGIN, {"receipt": "1234 5678 9012 3456 7890"})
    assert runs == ["run", "run", "run"]
    assert to_grievance["Location"] == FOLLOW
    assert to_report["Location"] == reverse("intake:inbox")
    assert "rd_inbox" in to_report.cookies
    assert unknown.status_code == 400
    assert not {"rd_inbox", "rd_grievance"} & set(unknown.cookies)
