"""The report form over HTTP: steps keep answers, bad input stores nothing, a receipt opens it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case, KeyWrap
from rightsdesk.intake.forms import NARRATIVE_MAX
from tests.factories import StaffAccount
from tests.reporting import REPORT, file_report, receipt_from, ticket_from


def test_steps_carry_answers_forward_and_back(client: Client, db: None) -> None:
    ticket = ticket_from(client.get(REPORT).content.decode())
    first = client.post(
        REPORT,
        {
            "step": "0",
            "go": "next",
            "ticket": ticket,
            "narrative": "Line one\nLine two",
            "threat_types": ["doxxing", "surveillance"],
            "emergency": "no",
        },
    )
    html = first.content.decode()
    assert first.status_code == 200
    assert "Step 2 of 6" in html
    assert 'name="narrative" value="Line one\nLine two"' in html
    assert html.count('name="threat_types"') == 2
    back = client.post(
        REPORT,
        {
            "step": "1",
            "go": "back",
            "ticket": ticket,
            "narrative": "Line one\nLine two",
            "threat_types": ["doxxing", "surveillance"],
            "emergency": "no",
            "actor_types": ["company"],
        },
    )
    html = back.content.decode()
    assert "Step 1 of 6" in html
    assert "Line one\nLine two</textarea>" in html
    assert re.search(r'value="surveillance"[^>]*checked', html)
    assert 'name="actor_types" value="company"' in html
    assert not Case.objects.exists()


def test_missing_narrative_stays_on_the_step(client: Client, db: None) -> None:
    ticket = ticket_from(client.get(REPORT).content.decode())
    response = client.post(REPORT, {"step": "0", "go": "next", "ticket": ticket, "emergency": "no"})
    assert response.status_code == 400
    assert "Step 1 of 6" in response.content.decode()
    assert "This field is required" in response.content.decode()


def test_send_creates_a_case_granted_to_handlers_and_shows_a_receipt(
    client: Client, handler: StaffAccount
) -> None:
    response = file_report(client, rights=["privacy"], country="MM", actor_types=["government"])
    assert response.status_code == 201
    receipt = receipt_from(response.content.decode())
    assert len(receipt) == 20
    case = Case.objects.get()
    assert case.threat_types == ["doxxing"]
    assert case.rights == ["privacy"]
    assert case.country == "MM"
    assert not case.emergency
    assert receipt not in repr(case.__dict__)
    assert KeyWrap.objects.filter(case=case, kind="user", user=handler.user).exists()
    assert KeyWrap.objects.filter(case=case, kind="receipt").exists()
    entry = AuditEntry.objects.get(action="case.submit")
    assert entry.at.hour == 0
    assert entry.at.minute == 0  # reporter actions are audited to the day only
    assert response["Cache-Control"] == "no-store"


def test_emergency_shows_what_to_do_now(client: Client, db: None) -> None:
    response = file_report(client, emergency="yes")
    assert response.status_code == 201
    assert "What to do now" in response.content.decode()
    assert Case.objects.get().emergency


def test_refreshing_the_receipt_page_files_nothing_twice(client: Client, db: None) -> None:
    ticket = ticket_from(client.get(REPORT).content.decode())
    data = {"step": "5", "go": "send", "ticket": ticket, "narrative": "x", "emergency": "no"}
    assert client.post(REPORT, data).status_code == 201
    again = client.post(REPORT, data)
    assert again.status_code == 409
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"narrative": "x" * (NARRATIVE_MAX + 1)}, "at most 20000 characters"),
        ({"threat_types": ["teleportation"]}, "Select a valid choice"),
        ({"country": "XX"}, "Select a valid choice"),
        ({"rights": ["flying"]}, "Select a valid choice"),
        ({"contact": "c" * 501}, "at most 500 characters"),
        ({"emergency": "maybe"}, "Select a valid choice"),
        ({"ticket": "forged"}, "too old or was sent too quickly"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_stores_nothing(
    client: Client, db: None, answers: dict[str, Any], message: str
) -> None:
    response = file_report(client, **answers)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Case.objects.exists()
    assert not AuditEntry.objects.filter(action="case.submit").exists()


def test_unknown_step_and_action_do_not_crash(client: Client, db: None) -> None:
    response = client.post(REPORT, {"step": "99", "go": "fly", "narrative": "x"})
    assert response.status_code == 400
    response = client.post(REPORT, {"step": "abc", "go": "next"})
    assert response.status_code == 400


def test_translated_error_messages(client: Client, db: None) -> None:
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    response = file_report(client, narrative="")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Ce champ est obligatoire" in html
