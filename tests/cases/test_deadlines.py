"""The crisis clock: a P1 pages the on-call handler at once, escalates when nobody acknowledges,
and pages carry nothing of the report; P3 and P4 run in working hours; one query finds what is
due. The clock is passed in, so tests control time."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from smtplib import SMTPException
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.editing import CaseEdit, case_edit
from rightsdesk.cases.models import Case, DeadlineEvent, OnCallShift
from rightsdesk.cases.oncall.deadlines import ack_due, clock, deadlines_check, due_candidates
from rightsdesk.cases.triage.selectors import propose_priority
from rightsdesk.cases.vocabulary import DEADLINE_DEFAULTS
from tests.factories import StaffAccount, signed_in, staff_account
from tests.reporting import file_report

CANARY = "CANARYp1narrative7731"


@pytest.fixture
def rota(db: None) -> dict[str, StaffAccount]:
    now = timezone.now()
    people = {
        "on_call": staff_account(username="oncall"),
        "lead": staff_account(username="lead"),
        "team_lead": staff_account(username="boss", role="admin"),
    }
    for role, account in people.items():
        account.user.email = f"{account.user.username}@example.org"
        account.user.save()
        if role != "team_lead":
            OnCallShift.objects.create(
                user=account.user,
                role=role,
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(hours=8),
            )
    return people


@pytest.fixture
def clock_round(django_capture_on_commit_callbacks: Any) -> Callable[[datetime], list[str]]:
    """One round of the deadline clock, then the page mail it sends after its commit (the test
    runs in one transaction that never commits, so on-commit work must be run by hand)."""

    def run(now: datetime) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            return deadlines_check(now)

    return run


def file_p1(client: Client) -> Case:
    response = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": CANARY, "emergency": True, "threat_types": ["arrest"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    return Case.objects.get()


def test_p1_pages_on_call_at_once_and_escalates_on_the_clock(
    client: Client,
    rota: dict[str, StaffAccount],
    django_capture_on_commit_callbacks: object,
    clock_round: Callable[[datetime], list[str]],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # fixture
        case = file_p1(client)
    assert case.priority == "P1"
    assert [m.to for m in mail.outbox] == [["oncall@example.org"]]  # paged on arrival
    for message in mail.outbox:
        assert CANARY not in f"{message.subject} {message.body}"
        assert case.number not in message.body

    assert case.ack_due is not None
    received = case.ack_due - timedelta(minutes=15)
    assert clock_round(received + timedelta(minutes=10)) == []  # nothing new yet
    clock_round(received + timedelta(minutes=16))
    assert mail.outbox[-1].to == ["lead@example.org"]
    assert DeadlineEvent.objects.filter(case=case, kind="ack.missed").exists()
    clock_round(received + timedelta(minutes=31))
    assert mail.outbox[-1].to == ["boss@example.org"]
    count = len(mail.outbox)
    clock_round(received + timedelta(minutes=60))
    assert len(mail.outbox) == count  # each step pages once


def test_acknowledging_stops_escalation_and_records_the_deadline(
    client: Client,
    rota: dict[str, StaffAccount],
    django_capture_on_commit_callbacks: object,
    clock_round: Callable[[datetime], list[str]],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # fixture
        case = file_p1(client)
    case_edit(
        case=case,
        edit=CaseEdit(version=case.version, status="acknowledged"),
        actor=rota["on_call"].user,
    )
    paged = len(mail.outbox)
    clock_round(timezone.now() + timedelta(hours=2))
    assert len(mail.outbox) == paged
    assert DeadlineEvent.objects.filter(case=case, kind="ack.met").exists()


@pytest.mark.parametrize(
    ("threats", "actors", "ongoing", "emergency", "expected"),
    [
        ([], [], "", True, "P1"),
        (["arrest"], ["government"], "", False, "P1"),
        (["offline_harassment"], [], "yes", False, "P1"),
        (["arrest"], [], "no", False, "P2"),
        (["doxxing"], ["organised_crime"], "", False, "P2"),
        (["doxxing"], [], "", False, "P3"),
        (["online_harassment"], [], "yes", False, "P3"),
        (["defamation"], ["individual"], "no", False, "P4"),
    ],
)
def test_priority_proposal(
    threats: list[str], actors: list[str], ongoing: str, emergency: bool, expected: str
) -> None:
    proposal = propose_priority(
        report=ReportContent(narrative="x", actor_types=actors, ongoing=ongoing),
        threat_types=threats,
        emergency=emergency,
    )
    assert proposal.priority == expected
    assert expected == "P4" or proposal.reasons


def test_priority_override_needs_a_reason(client: Client, handler: StaffAccount) -> None:
    file_report(client)
    case = Case.objects.get()
    hana = signed_in(handler)
    url = reverse("cases:priority", args=[case.number])
    assert hana.post(url, {"priority": "P1", "version": case.version}).status_code == 400
    assert Case.objects.get().priority == case.priority
    assert (
        hana.post(
            url, {"priority": "P1", "reason": "credible threat by phone", "version": case.version}
        ).status_code
        == 302
    )
    assert Case.objects.get().priority == "P1"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in the week of Friday 4 January 2030 (the 7th is a Monday), in UTC."""
    return datetime(2030, 1, day, hour, minute, tzinfo=UTC)


def test_p3_and_p4_deadlines_count_working_hours_p1_and_p2_the_wall_clock() -> None:
    # Default working hours: Monday to Friday, 09:00-17:00 UTC.
    assert ack_due("P3", at(4, 18)) == at(7, 17)  # Friday evening: Monday's end of day
    assert ack_due("P3", at(7, 10)) == at(8, 10)
    assert ack_due("P4", at(9, 12)) == at(14, 12)  # Wednesday noon + 3 working days
    assert ack_due("P1", at(5, 3)) == at(5, 3, 15)  # Saturday night: still 15 minutes
    assert ack_due("P2", at(5, 3)) == at(5, 5)


def put_on_call(account: StaffAccount, role: str, start: datetime, end: datetime) -> None:
    account.user.email = f"{account.user.username}@example.org"
    account.user.save()
    OnCallShift.objects.create(user=account.user, role=role, starts_at=start, ends_at=end)


def p3_case(client: Client, due: datetime) -> Case:
    response = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": CANARY, "threat_types": ["doxxing"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.priority == "P3"
    Case.objects.filter(pk=case.pk).update(ack_due=due)  # as if it had arrived on the Friday
    return case


def test_p3_escalates_to_the_lead_when_its_working_deadline_passes(
    client: Client, handler: StaffAccount, clock_round: Callable[[datetime], list[str]]
) -> None:
    put_on_call(handler, "lead", at(7, 8), at(8, 8))
    case = p3_case(client, due=at(7, 17))
    assert clock_round(at(7, 16, 59)) == []
    assert clock_round(at(7, 17)) == [
        f"{case.number}: acknowledgement missed",
        f"{case.number}: escalated to lead",
    ]
    assert [m.to for m in mail.outbox] == [["hana@example.org"]]
    assert CANARY not in mail.outbox[0].body
    assert clock_round(at(7, 18)) == []  # each step once


@override_settings(
    RIGHTSDESK_DEADLINES={
        **DEADLINE_DEFAULTS,
        "P3": {"ack_working_days": 1, "escalate_working_days": [(1, "lead"), (2, "team_lead")]},
    }
)
def test_working_time_escalation_waits_for_the_weekend_to_pass_without_locking(
    client: Client, handler: StaffAccount, clock_round: Callable[[datetime], list[str]]
) -> None:
    boss = staff_account(username="boss", role="admin")
    boss.user.email = "boss@example.org"
    boss.user.save()
    put_on_call(handler, "lead", at(4, 8), at(4, 20))
    case = p3_case(client, due=at(4, 17))  # due Friday 17:00; the next step a working day later
    assert len(clock_round(at(4, 17))) == 2
    for quiet in (at(5, 12), at(6, 23), at(7, 16, 59)):  # Saturday, Sunday, Monday before 17:00
        with CaptureQueriesContext(connection) as queries:
            assert clock_round(quiet) == []
        assert len(case_queries(queries)) == 1  # the candidate query only: no lock, no write
    assert clock_round(at(7, 17)) == [f"{case.number}: escalated to team_lead"]
    assert mail.outbox[-1].to == ["boss@example.org"]
    assert Case.objects.get().escalation_level == 3


def case_queries(queries: CaptureQueriesContext) -> list[dict[str, str]]:
    """The round's queries but those of the other clocks run in it (grievances, which have a
    quiet-round test of their own in tests/grievances/test_clock.py)."""
    return [q for q in queries.captured_queries if "grievances_" not in q["sql"]]


def quiet_cases(count: int, now: datetime, start: int = 0) -> None:
    """Unacknowledged cases with nothing due at `now` (metadata only: the clock reads no more).

    Numbered RD-U...: U is not in the alphabet of real case numbers, so they never collide."""
    Case.objects.bulk_create(
        Case(
            number=f"RD-U{i:07d}",
            created_on=now.date(),
            updated_on=now.date(),
            channel="web",
            priority=("P1", "P2", "P3", "P4")[i % 4],
            # A P1 whose on-call page went out already; the others not yet paged at all.
            escalation_level=1 if i % 4 == 0 else 0,
            public_key=bytes(32),
            receipt_lookup=f"{i:064x}",
            content=b"x",
            ack_due=now + timedelta(minutes=1 + i % 600),
        )
        for i in range(start, start + count)
    )


def test_the_clock_reads_and_locks_only_cases_with_something_due(
    client: Client, rota: dict[str, StaffAccount]
) -> None:
    now = timezone.now()
    quiet_cases(200, now)
    with CaptureQueriesContext(connection) as queries:
        assert deadlines_check(now) == []
    assert len(case_queries(queries)) == 1

    overdue = report_p2(client)
    Case.objects.filter(pk=overdue.pk).update(ack_due=now - timedelta(minutes=1))
    assert [row["pk"] for row in due_candidates(now, clock()[1])] == [overdue.pk]  # rows read
    expected = [f"{overdue.number}: acknowledgement missed", f"{overdue.number}: escalated to lead"]
    counts = []
    for more in (0, 400):
        quiet_cases(more, now, start=200)
        Case.objects.filter(pk=overdue.pk).update(escalation_level=0)
        DeadlineEvent.objects.filter(case=overdue).delete()
        with CaptureQueriesContext(connection) as queries:
            assert deadlines_check(now) == expected
        counts.append(len(queries))
        assert [row["pk"] for row in due_candidates(now, clock()[1])] == []  # rows read: none left
        writes = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
        assert len(writes) == 1  # the overdue case's escalation level, nothing else
        assert f'"id" = {overdue.pk}' in writes[0]
    assert counts[0] == counts[1] < 20  # the same work whatever the number of quiet cases
    assert not Case.objects.filter(number__startswith="RD-U", escalation_level__gt=1).exists()


def report_p2(client: Client) -> Case:
    response = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": "x", "threat_types": ["arrest"], "ongoing": False}),
        content_type="application/json",
    )
    assert response.status_code == 201
    case = Case.objects.exclude(number__startswith="RD-U").get()
    assert case.priority == "P2"
    return case


def test_unusable_settings_fall_back_to_the_defaults_rather_than_refuse_reports(
    client: Client, db: None, caplog: pytest.LogCaptureFixture
) -> None:
    broken = {"time_zone": "Nowhere/Town", "days": [], "start": "09:00", "end": "17:00"}
    with override_settings(RIGHTSDESK_WORKING_HOURS=broken):
        assert ack_due("P3", at(4, 18)) == at(7, 17)
        response = client.post(
            "/api/v1/reports",
            json.dumps({"narrative": "x", "threat_types": ["doxxing"]}),
            content_type="application/json",
        )
        assert response.status_code == 201
        assert deadlines_check(timezone.now()) == []
    assert "deadline settings unusable" in caplog.text
    with override_settings(RIGHTSDESK_DEADLINES={"P1": {"ack_minutes": 5}}):  # P2-P4 missing
        assert ack_due("P4", at(9, 12)) == at(14, 12)


def test_raising_to_p1_restarts_the_clock_and_pages_at_once(
    client: Client, rota: dict[str, StaffAccount], django_capture_on_commit_callbacks: Any
) -> None:
    response = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": "quiet", "threat_types": ["defamation"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    case = Case.objects.get()
    assert case.priority in ("P3", "P4")
    Case.objects.filter(pk=case.pk).update(escalation_level=2)  # as if paged under its old steps
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        raised = case_edit(
            case=Case.objects.get(),
            edit=CaseEdit(version=case.version, priority="P1", reason="arrested this morning"),
            actor=rota["lead"].user,
        )
    assert raised.ack_due is not None
    assert raised.ack_due <= before + timedelta(minutes=16)  # P1: 15 minutes from the change
    assert [m.to for m in mail.outbox] == [["oncall@example.org"]]  # paged now, on commit
    assert Case.objects.get().escalation_level == 1

    lowered = case_edit(
        case=raised,
        edit=CaseEdit(version=raised.version, priority="P4", reason="it was a prank"),
        actor=rota["lead"].user,
    )
    assert lowered.ack_due is not None
    assert lowered.ack_due > raised.ack_due  # the new, slower clock runs from the change
    assert lowered.escalation_level == 0


def test_a_failing_mailbox_does_not_stop_the_other_pages(
    client: Client,
    rota: dict[str, StaffAccount],
    monkeypatch: pytest.MonkeyPatch,
    clock_round: Callable[[datetime], list[str]],
) -> None:
    second = staff_account(username="second")
    second.user.email = "second@example.org"
    second.user.save()
    OnCallShift.objects.create(
        user=second.user,
        role="on_call",
        starts_at=timezone.now() - timedelta(hours=1),
        ends_at=timezone.now() + timedelta(hours=1),
    )

    class Flaky(locmem.EmailBackend):
        def send_messages(self, messages: Sequence[EmailMessage]) -> int:
            if messages[0].to == ["oncall@example.org"]:
                raise SMTPException("mailbox unavailable")
            return super().send_messages(messages)

    monkeypatch.setattr("rightsdesk.cases.oncall.pages.page_mailer", lambda: Flaky(alias="default"))
    case = file_p1(client)
    clock_round(timezone.now())  # the clock's round: pages the on-call handlers
    assert [m.to for m in mail.outbox] == [["second@example.org"]]
    page = DeadlineEvent.objects.get(case=case, kind="page.on_call")
    assert page.count == 1  # the one really reached
    assert Case.objects.get().escalation_level == 1  # the clock moved on all the same


def test_the_watcher_survives_a_failed_round(
    db: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def locked(now: datetime) -> list[str]:
        raise OperationalError("database is locked")

    monkeypatch.setattr("rightsdesk.cases.management.commands.cases.deadlines_check", locked)
    call_command("cases", "watch", "--once")  # logs and carries on instead of dying
    assert "deadline round failed" in caplog.text
