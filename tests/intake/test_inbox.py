"""The reporter's inbox: receipt login, the conversation, follow-ups, sign-out, expiry."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case, Message
from rightsdesk.cases.services import message_post
from rightsdesk.intake import inbox as inbox_module
from rightsdesk.intake.models import InboxSession
from tests.factories import StaffAccount
from tests.reporting import file_report, receipt_from

LOGIN = reverse("intake:inbox_login")
INBOX = reverse("intake:inbox")


def filed(client: Client) -> str:
    return receipt_from(file_report(client, narrative="My canary narrative").content.decode())


def test_receipt_opens_the_report_and_the_conversation(
    client: Client, handler: StaffAccount
) -> None:
    receipt = filed(client)
    message_post(case=Case.objects.get(), body="We are on it.", author=handler.user)
    reader = Client()
    assert reader.get(INBOX).status_code == 302
    response = reader.post(LOGIN, {"receipt": " ".join([receipt[:4], receipt[4:]])})
    assert response.status_code == 302
    page = reader.get(INBOX).content.decode()
    assert "My canary narrative" in page
    assert "We are on it." in page

    sent = reader.post(INBOX, {"body": "Thank you, more details follow."})
    assert sent.status_code == 302
    assert Message.objects.filter(direction="reporter").count() == 1
    assert "more details follow" in reader.get(INBOX).content.decode()

    reader.post(reverse("intake:inbox_logout"))
    assert reader.get(INBOX).status_code == 302
    assert not InboxSession.objects.exists()


def test_receipt_in_other_scripts_works(client: Client, db: None) -> None:
    receipt = filed(client)
    arabic = "".join(chr(0x0660 + int(d)) for d in receipt)
    assert Client().post(LOGIN, {"receipt": arabic}).status_code == 302


def test_wrong_and_unknown_receipts_get_the_same_answer_after_the_same_work(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    receipt = filed(client)
    wrong = receipt[:-1] + str((int(receipt[-1]) + 1) % 10)
    derivations: list[str] = []
    real = inbox_module.derive_receipt_secrets

    def counting(digits: str, **kwargs: Any) -> Any:
        derivations.append(digits)
        return real(digits, **kwargs)

    monkeypatch.setattr(inbox_module, "derive_receipt_secrets", counting)
    bodies = []
    for attempt in (wrong, "1" * 20):
        response = Client().post(LOGIN, {"receipt": attempt})
        assert response.status_code == 400
        html = response.content.decode().replace("1" * 20, "").replace(wrong, "")
        bodies.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))
    assert "We could not open a report with that receipt" in bodies[0]
    assert bodies[0] == bodies[1]
    assert len(derivations) == 2  # an unknown receipt costs the same Argon2id run as a wrong one
    assert not InboxSession.objects.exists()


def test_malformed_receipt_gets_a_format_hint(client: Client, db: None) -> None:
    response = client.post(LOGIN, {"receipt": "hello"})
    assert response.status_code == 400
    assert "A receipt is 20 digits" in response.content.decode()


def test_idle_inbox_expires(client: Client, db: None) -> None:
    receipt = filed(client)
    reader = Client()
    reader.post(LOGIN, {"receipt": receipt})
    assert reader.get(INBOX).status_code == 200
    InboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert reader.get(INBOX).status_code == 302


def test_stolen_session_row_opens_nothing(client: Client, db: None) -> None:
    receipt = filed(client)
    reader = Client()
    reader.post(LOGIN, {"receipt": receipt})
    row = InboxSession.objects.get()
    intruder = Client()
    intruder.cookies["rd_inbox"] = row.token_digest
    assert intruder.get(INBOX).status_code == 302


def test_follow_up_too_long_is_refused(client: Client, db: None) -> None:
    receipt = filed(client)
    reader = Client()
    reader.post(LOGIN, {"receipt": receipt})
    response = reader.post(INBOX, {"body": "x" * 10_001})
    assert response.status_code == 400
    assert not Message.objects.exists()
    assert AuditEntry.objects.filter(action="inbox.login").exists()
