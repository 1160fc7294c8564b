"""The due-diligence API: the register and its writes with the denied and the allowed caller side
by side, bad scores refused with the form's messages, the public tracker without a token."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.utils import timezone

from rightsdesk.diligence.models import Impact, Mitigation
from rightsdesk.diligence.services.register import impact_add
from rightsdesk.diligence.services.tracker import recommendation_add
from tests.factories import StaffAccount, assessment_made, impact_values
from tests.reporting import get, post_json, staff_token

IMPACT = {
    "title": "Harassment of admins", "rights": ["dignity"], "kind": "potential",
    "involvement": "contribute", "scale": 3, "scope": 2, "irremediability": 2, "likelihood": 3,
}  # fmt: skip


@pytest.mark.django_db
def test_register_denied_and_allowed(
    client: Client, handler: StaffAccount, other_handler: StaffAccount
) -> None:
    assessment = assessment_made(handler.user)
    impact_add(
        assessment=assessment, actor=handler.user, now=timezone.now(),
        values=impact_values(title="mild", scale=2, scope=1, irremediability=1, likelihood=4),
    )  # fmt: skip
    hana, omar = staff_token(client, handler), staff_token(client, other_handler)
    base = f"/api/v1/diligence/assessments/{assessment.uid}"
    missing = f"/api/v1/diligence/assessments/{uuid.uuid4()}"

    assert get(client, "/api/v1/diligence/assessments", omar).json() == {"assessments": []}
    for path in ("", "/impacts"):
        if path:
            denied = post_json(client, base + path, IMPACT, omar)
            absent = post_json(client, missing + path, IMPACT, omar)
        else:
            denied, absent = get(client, base, omar), get(client, missing, omar)
        assert denied.status_code == absent.status_code == 404
        assert denied.json() == absent.json()
    assert Impact.objects.count() == 1

    made = post_json(client, base + "/impacts", IMPACT | {"irremediability": 4}, hana)
    assert made.status_code == 201, made.content
    register = get(client, base, hana).json()
    assert [i["title"] for i in register["impacts"]] == ["Harassment of admins", "mild"]
    assert register["impacts"][0]["priority"] == "top"
    assert register["rule_version"] == 1
    assert register["impacts"][0]["rule"].startswith("Rule v1")

    first = register["impacts"][0]["id"]
    mitigation = {
        "action": "Train admins", "owner": handler.user.username, "due_on": "2027-02-01",
        "metric": "reports answered in 2 days", "baseline": "40%", "target": "90%",
        "feedback_source": "admins' survey",
    }  # fmt: skip
    denied = post_json(client, f"{base}/impacts/{first}/mitigations", mitigation, omar)
    assert denied.status_code == 404
    allowed = post_json(client, f"{base}/impacts/{first}/mitigations", mitigation, hana)
    assert allowed.status_code == 201, allowed.content
    assert Mitigation.objects.get().owner == handler.user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [({"scale": 9}, "scale"), ({"likelihood": None}, "likelihood"), ({"rights": []}, "rights")],
)
def test_bad_impacts_are_refused(
    client: Client, handler: StaffAccount, change: dict[str, object], field: str
) -> None:
    assessment = assessment_made(handler.user)
    answer = post_json(
        client,
        f"/api/v1/diligence/assessments/{assessment.uid}/impacts",
        IMPACT | change,
        staff_token(client, handler),
    )
    assert answer.status_code == 400, answer.content
    assert field in answer.json()["fields"]
    assert not Impact.objects.exists()


@pytest.mark.django_db
def test_a_mitigation_without_owner_or_date_is_refused(
    client: Client, handler: StaffAccount
) -> None:
    assessment = assessment_made(handler.user)
    impact = impact_add(
        assessment=assessment, actor=handler.user, values=impact_values(), now=timezone.now()
    )
    answer = post_json(
        client,
        f"/api/v1/diligence/assessments/{assessment.uid}/impacts/{impact.uid}/mitigations",
        {"action": "x", "metric": "m", "baseline": "b", "target": "t", "feedback_source": "f"},
        staff_token(client, handler),
    )
    assert answer.status_code == 400
    assert "owner and a due date" in answer.content.decode()
    assert not Mitigation.objects.exists()


@pytest.mark.django_db
def test_the_public_tracker_needs_no_token(client: Client, handler: StaffAccount) -> None:
    assessment = assessment_made(handler.user)
    recommendation_add(
        assessment=assessment, actor=handler.user, title="Publish a transparency report",
        summary="", published=True, now=timezone.now(),
    )  # fmt: skip
    answer = client.get("/api/v1/diligence/recommendations")
    assert answer.status_code == 200
    [only] = answer.json()["recommendations"]
    assert only["title"] == "Publish a transparency report"
    assert only["status"] == "not_started"
    assert len(only["history"]) == 1
