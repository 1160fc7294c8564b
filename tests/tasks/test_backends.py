"""The same task code on both task backends (the `queue` fixture runs each test on the database
worker and on RQ over Redis): a P1's arrival queues the clock, the worker pages, the page's mail
goes out and is counted; a grievance's escalation mail; a task that fails does not stop the
others; and nothing a reporter typed reaches the queue (only ids and a priority do)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import Case, DeadlineEvent
from rightsdesk.cases.oncall import pages
from rightsdesk.cases.oncall.tasks import check_deadlines, clocks_round
from rightsdesk.grievances.models import ClockEvent
from tests.factories import grievance_filed, grievance_permission, staff_account
from tests.tasking import rota_with_mail
from tests.tasks.conftest import Queue

CANARY = "CANARYqueue5521narrative"


def file_p1() -> Case:
    response = Client().post(
        "/api/v1/reports",
        json.dumps({"narrative": CANARY, "emergency": True, "threat_types": ["arrest"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    return Case.objects.get()


def test_a_p1_is_paged_by_the_worker_and_its_mail_counted(queue: Queue) -> None:
    rota_with_mail()
    case = file_p1()
    assert case.priority == "P1"
    # Queued, not run: the web request never pages by itself.
    assert queue.pending() == 1
    assert not DeadlineEvent.objects.filter(kind="page.on_call").exists()
    assert mail.outbox == []

    queue.run()  # check_deadlines pages and queues the mail; the mail task sends it
    page = DeadlineEvent.objects.get(case=case, kind="page.on_call")
    assert [m.to for m in mail.outbox] == [["oncall@example.org"]]
    assert page.count == 1  # set by the task: the mail server accepted one
    assert CANARY not in f"{mail.outbox[0].subject} {mail.outbox[0].body}"
    assert Case.objects.get().escalation_level == 1

    queue.run()
    assert len(mail.outbox) == 1  # nothing ran twice


def test_escalation_mail_goes_through_the_worker(queue: Queue) -> None:
    rota_with_mail()
    case = file_p1()
    queue.run()
    assert case.ack_due is not None
    clocks_round(case.ack_due + timedelta(minutes=1))  # the watcher's round: a missed deadline
    assert len(mail.outbox) == 1  # the lead's page is queued, not sent by the round
    queue.run()
    assert [m.to for m in mail.outbox] == [["oncall@example.org"], ["lead@example.org"]]
    assert DeadlineEvent.objects.get(case=case, kind="page.lead").count == 1


def test_a_grievance_escalation_mail_goes_through_the_worker(queue: Queue) -> None:
    gina = staff_account(username="gina")
    grievance_permission(gina)
    User.objects.filter(pk=gina.user.pk).update(email="gina@example.org")
    grievance = grievance_filed().grievance
    assert grievance.stage_due is not None
    queue.run()  # whatever filing queued
    mail.outbox.clear()
    clocks_round(grievance.stage_due)
    assert ClockEvent.objects.filter(kind="stage.overdue", level=1).exists()
    assert mail.outbox == []
    queue.run()
    assert [m.to for m in mail.outbox] == [["gina@example.org"]]


def test_a_failing_task_does_not_stop_the_next(
    queue: Queue, monkeypatch: pytest.MonkeyPatch
) -> None:
    rota_with_mail()
    calls: list[int] = []
    real = pages.deliver_page

    def deliver(**kwargs: Any) -> int:
        calls.append(kwargs["event_id"])
        if len(calls) == 1:
            raise RuntimeError("the mail server fell over mid-page")
        return real(**kwargs)

    monkeypatch.setattr(pages, "deliver_page", deliver)
    first = file_p1()
    queue.run()
    assert DeadlineEvent.objects.get(case=first, kind="page.on_call").count == 0  # failed
    Case.objects.all().delete()
    second = file_p1()
    queue.run()
    assert len(calls) == 2
    assert DeadlineEvent.objects.get(case=second, kind="page.on_call").count == 1
    assert [m.to for m in mail.outbox] == [["oncall@example.org"]]


def test_the_clock_task_runs_on_the_worker_and_returns(queue: Queue) -> None:
    result = check_deadlines.enqueue()
    assert result.task.name == "check_deadlines"
    queue.run()
    assert queue.pending() == 0


def test_nothing_a_reporter_typed_reaches_the_queue(queue: Queue) -> None:
    rota_with_mail()
    file_p1()
    queue.run()
    stored = queue.stored()
    assert stored, "the queue kept nothing: the scan would prove nothing"
    assert any(b"send_page" in raw for raw in stored)  # the scan reads the tasks' arguments
    assert not [raw for raw in stored if CANARY.encode() in raw]


def test_queued_tasks_survive_until_a_worker_comes(queue: Queue) -> None:
    """The web request only queues; a worker started later still finds the task."""
    rota_with_mail()
    file_p1()
    assert queue.pending() == 1
    later = timezone.now()
    assert not DeadlineEvent.objects.filter(at__gte=later).exists()
    queue.run()
    assert DeadlineEvent.objects.filter(kind="page.on_call").count() == 1
