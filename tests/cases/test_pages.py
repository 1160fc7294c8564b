"""Pages are recorded inside the clock's transaction and mailed after its commit, with a timeout:
a hung mail server holds no lock, a rolled-back round or submission mails nobody, and each page
event is mailed once with a truthful count of who was reached."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from rightsdesk.cases.models import Case, DeadlineEvent, OnCallShift
from rightsdesk.cases.oncall.deadlines import acknowledge, deadlines_check
from tests.factories import StaffAccount, case_filed, staff_account
from tests.mailers import HangingMailer


class Rollback(Exception):
    """Raised by a test to roll a transaction back."""


def unpaged_p1(on_call: StaffAccount) -> Case:
    """A P1 case whose on-call page is due, with `on_call` on duty and reachable by mail.

    Filed before anyone is on duty (so filing pages nobody), then set back to "nothing paged":
    the state the clock finds right after a P1 arrives or is raised to P1."""
    case = case_filed(narrative="They took my brother.", emergency=True, threat_types=["arrest"])
    assert case.case.priority == "P1"
    on_call.user.email = "oncall@example.org"
    on_call.user.save()
    now = timezone.now()
    OnCallShift.objects.create(
        user=on_call.user,
        role="on_call",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    Case.objects.filter(pk=case.case.pk).update(escalation_level=0)
    DeadlineEvent.objects.filter(case=case.case, kind__startswith="page.").delete()
    return Case.objects.get(pk=case.case.pk)


@pytest.fixture
def hanging_mailer() -> Iterator[type[HangingMailer]]:
    HangingMailer.reset()
    with override_settings(MAILERS={"default": {"BACKEND": "tests.mailers.HangingMailer"}}):
        yield HangingMailer
    HangingMailer.release.set()


def test_a_hanging_mail_server_holds_no_lock_and_is_called_after_the_commit(
    transactional_db: None, hanging_mailer: type[HangingMailer]
) -> None:
    on_call = staff_account(username="oncall")
    case = unpaged_p1(on_call)
    outcome: dict[str, object] = {}

    def clock_round() -> None:
        try:
            outcome["clock"] = deadlines_check(timezone.now())
        finally:
            connection.close()

    def other_writers() -> None:
        # The same case row (the lock the clock takes) and, on SQLite, the one write lock.
        try:
            acknowledge(case=case, actor=on_call.user, now=timezone.now())
            outcome["filed"] = case_filed(narrative="Another report meanwhile.").case.number
        finally:
            connection.close()

    clock = threading.Thread(target=clock_round)
    clock.start()
    writer = threading.Thread(target=other_writers)
    try:
        assert hanging_mailer.entered.wait(timeout=15), "the page was never sent"
        writer.start()
        writer.join(timeout=8)
        assert "filed" in outcome, "a write waited behind the hanging mail server"
    finally:
        hanging_mailer.release.set()
        clock.join(timeout=30)
        if writer.is_alive() or writer.ident:
            writer.join(timeout=30)
    assert hanging_mailer.in_transaction == [False]  # sent after the commit
    assert hanging_mailer.sent == [["oncall@example.org"]]
    page = DeadlineEvent.objects.get(case=case, kind="page.on_call")
    assert page.count == 1  # the task recorded who was reached
    assert Case.objects.get(pk=case.pk).acknowledged_at is not None


def test_a_rolled_back_round_mails_nobody_and_the_next_round_pages_once(
    handler: StaffAccount,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    case = unpaged_p1(handler)

    def broken_save(self: Case, *args: Any, **kwargs: Any) -> None:
        raise Rollback("the database went away at the end of the round")

    with monkeypatch.context() as patched:
        patched.setattr(Case, "save", broken_save)
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback):
            deadlines_check(timezone.now())
    assert mail.outbox == []
    assert not DeadlineEvent.objects.filter(case=case, kind="page.on_call").exists()

    with django_capture_on_commit_callbacks(execute=True):
        deadlines_check(timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_check(timezone.now()) == []
    assert [m.to for m in mail.outbox] == [["oncall@example.org"]]  # one page, one mail
    page = DeadlineEvent.objects.get(case=case, kind="page.on_call")
    assert page.count == 1
    assert Case.objects.get(pk=case.pk).escalation_level == 1


def test_a_rolled_back_submission_pages_nobody(
    handler: StaffAccount, django_capture_on_commit_callbacks: Any
) -> None:
    handler.user.email = "hana@example.org"
    handler.user.save()
    now = timezone.now()
    OnCallShift.objects.create(
        user=handler.user,
        role="on_call",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )

    def file_then_fail() -> None:
        with transaction.atomic():
            case_filed(narrative="They took my brother.", emergency=True, threat_types=["arrest"])
            raise Rollback

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Rollback):
        file_then_fail()
    assert not Case.objects.exists()
    assert mail.outbox == []
    assert not DeadlineEvent.objects.exists()


@pytest.fixture
def silent_smtp_server() -> Iterator[int]:
    """An SMTP port that accepts connections and never says a word (for 5 s, then hangs up)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        held = []
        deadline = time.monotonic() + 5
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue
        for conn in held:
            conn.close()

    server = threading.Thread(target=serve)
    server.start()
    yield int(listener.getsockname()[1])
    stop.set()
    server.join()
    listener.close()


def test_a_silent_smtp_server_times_out_and_the_page_counts_nobody(
    handler: StaffAccount,
    silent_smtp_server: int,
    django_capture_on_commit_callbacks: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    case = unpaged_p1(handler)
    smtp = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": silent_smtp_server},
    }
    started = time.monotonic()
    with (
        override_settings(MAILERS={"default": smtp}, RIGHTSDESK_PAGE_MAIL_TIMEOUT=0.5),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deadlines_check(timezone.now())
    assert time.monotonic() - started < 3  # the server hangs up only after 5 s
    assert DeadlineEvent.objects.get(case=case, kind="page.on_call").count == 0
    assert f"for case {case.number} failed" in caplog.text
    assert Case.objects.get(pk=case.pk).escalation_level == 1  # the clock moved on
