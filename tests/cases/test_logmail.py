"""The "log in" mail every pillar sends its staff: no content, one failing mailbox never stops
the others, and a queue that refuses the task never undoes the caller's work."""

from __future__ import annotations

import logging
from smtplib import SMTPException
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from rightsdesk.cases.oncall import logmail
from rightsdesk.demands.notify import deliver as demands_deliver
from rightsdesk.diligence.notify import deliver as diligence_deliver
from tests.factories import staff_account

pytestmark = pytest.mark.django_db


def _people(*emails: str) -> list[int]:
    ids = []
    for email in emails:
        user = staff_account().user
        user.email = email
        user.save(update_fields=["email"])
        ids.append(user.pk)
    return ids


@pytest.mark.parametrize("deliver", [demands_deliver, diligence_deliver])
def test_each_pillar_mails_only_log_in_to_active_people_with_an_address(deliver: Any) -> None:
    ids = _people("a@example.org", "", "b@example.org")
    assert deliver(ids) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("log in to rightsdesk" in m.body for m in mail.outbox)


class _Broken:
    """A mailer that refuses one mailbox."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def send_messages(self, messages: list[EmailMessage]) -> int:
        if messages[0].to == ["broken@example.org"]:
            raise SMTPException("mailbox unavailable")
        self.sent.extend(messages[0].to)
        return 1


def test_a_failing_mailbox_is_logged_without_its_address_and_the_others_are_reached(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    ids = _people("broken@example.org", "ok@example.org")
    broken = _Broken()
    monkeypatch.setattr(logmail, "page_mailer", lambda: broken)
    with caplog.at_level(logging.ERROR):
        reached = logmail.mail_log_in(ids, subject="s", body="log in", topic="demands")
    assert reached == 1
    assert broken.sent == ["ok@example.org"]
    assert f"demands mail to user {ids[0]} failed" in caplog.text
    assert "broken@example.org" not in caplog.text


def test_a_queue_that_refuses_the_task_is_logged_never_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Refusing:
        def __init__(self) -> None:
            self.calls: list[list[int]] = []

        def enqueue(self, *, user_ids: list[int]) -> None:
            self.calls.append(user_ids)
            raise RuntimeError("queue down")

    refusing = Refusing()
    with caplog.at_level(logging.ERROR):
        logmail.enqueue_log_in(refusing, [3, 1, 3], topic="diligence")
        logmail.enqueue_log_in(refusing, [], topic="diligence")  # nobody: nothing enqueued
    assert refusing.calls == [[1, 3]]
    assert "could not enqueue a diligence mail" in caplog.text
