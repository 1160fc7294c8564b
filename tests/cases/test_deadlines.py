"""The crisis clock: a P1 pages the on-call handler at once, escalates when nobody acknowledges,
and pages carry nothing of the report. The clock is passed in, so tests control time."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.content import ReportContent
from rightsdesk.cases.deadlines import deadlines_check
from rightsdesk.cases.editing import CaseEdit, case_edit
from rightsdesk.cases.models import Case, DeadlineEvent, OnCallShift
from rightsdesk.cases.triage import propose_priority
from tests.cases.test_staff_cases import signed_in
from tests.factories import StaffAccount, staff_account
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


def file_p1(client: Client) -> Case:
    response = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": CANARY, "emergency": True, "threat_types": ["arrest"]}),
        content_type="application/json",
    )
    assert response.status_code == 201
    return Case.objects.get()


def test_p1_pages_on_call_at_once_and_escalates_on_the_clock(
    client: Client, rota: dict[str, StaffAccount], django_capture_on_commit_callbacks: object
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
    assert deadlines_check(received + timedelta(minutes=10)) == []  # nothing new yet
    deadlines_check(received + timedelta(minutes=16))
    assert mail.outbox[-1].to == ["lead@example.org"]
    assert DeadlineEvent.objects.filter(case=case, kind="ack.missed").exists()
    deadlines_check(received + timedelta(minutes=31))
    assert mail.outbox[-1].to == ["boss@example.org"]
    count = len(mail.outbox)
    deadlines_check(received + timedelta(minutes=60))
    assert len(mail.outbox) == count  # each step pages once


def test_acknowledging_stops_escalation_and_records_the_deadline(
    client: Client, rota: dict[str, StaffAccount], django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # fixture
        case = file_p1(client)
    case_edit(
        case=case,
        edit=CaseEdit(version=case.version, status="acknowledged"),
        actor=rota["on_call"].user,
    )
    paged = len(mail.outbox)
    deadlines_check(timezone.now() + timedelta(hours=2))
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
