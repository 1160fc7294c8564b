"""A P1 opens a crisis with the playbook for its threat, a timed checklist, a sealed decision log
and a required post-incident review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.crisis.playbooks.store import PlaybookError
from rightsdesk.cases.crisis.playbooks.store import load_source_file as _load
from rightsdesk.cases.crisis.playbooks.store import shipped as playbooks
from rightsdesk.cases.crisis.selectors import playbook_for
from rightsdesk.cases.models import Case, Crisis, CrisisDecision
from tests.factories import StaffAccount, signed_in


def test_every_shipped_playbook_loads_and_covers_its_threats() -> None:
    books = playbooks()
    assert set(books) == {
        "doxxing",
        "arrest",
        "physical_threat",
        "account_compromise",
        "surveillance",
    }
    assert playbook_for(["doxxing"]).slug == "doxxing"
    assert playbook_for(["arrest"]).slug == "arrest"
    assert playbook_for(["defamation"]).slug == "physical_threat"  # the default
    for book in books.values():
        assert all(step.minutes > 0 and step.title for step in book.steps)


def test_a_broken_playbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {
                "slug": "bad",
                "title": "x",
                "threat_types": [],
                "steps": [{"id": "a", "minutes": 0, "title": "t", "detail": ""}],
            }
        )
    )
    with pytest.raises(PlaybookError, match=r"bad\.json"):
        _load(path)


def test_p1_crisis_checklist_decisions_and_review(
    client: Client, handler: StaffAccount, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # fixture
        client.post(
            "/api/v1/reports",
            json.dumps(
                {
                    "narrative": "my address is on a forum",
                    "emergency": True,
                    "threat_types": ["doxxing"],
                }
            ),
            content_type="application/json",
        )
    case = Case.objects.get()
    crisis = Crisis.objects.get(case=case)
    assert crisis.playbook == "doxxing"
    assert crisis.steps.count() == len(playbooks()["doxxing"].steps)

    hana = signed_in(handler)
    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "Request suppression or oversight on the wiki" in page
    hana.post(reverse("cases:crisis_step", args=[case.number, "suppress"]))
    assert crisis.steps.get(step_id="suppress").done_at is not None
    hana.post(
        reverse("cases:crisis_decision", args=[case.number]),
        {"decision": "No public statement: the family asked us not to."},
    )
    assert b"family asked" not in bytes(CrisisDecision.objects.get().body)
    page = hana.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert "No public statement: the family asked us not to." in page

    refused = hana.post(reverse("cases:crisis_close", args=[case.number]), {"review": ""})
    assert refused.status_code == 400
    hana.post(
        reverse("cases:crisis_close", args=[case.number]),
        # Closing is confirmed on a second page; this is the second POST.
        {"review": "Suppression took 40 minutes; ask oversighters earlier.", "confirm": "yes"},
    )
    assert Crisis.objects.get().closed_at is not None
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"crisis.open", "crisis.step.suppress", "crisis.decision", "crisis.close"} <= actions
