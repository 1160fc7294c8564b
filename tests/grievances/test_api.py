"""The grievance API: the same forms, services and gate as the pages."""

from __future__ import annotations

from django.test import Client

from rightsdesk.grievances.models import Grievance
from tests.factories import StaffAccount
from tests.reporting import get, post_json, staff_token


def test_file_then_list_read_and_move(client: Client, gina: StaffAccount) -> None:
    filed = post_json(
        client,
        "/api/v1/grievances",
        {"category": "account", "concerns": "project", "what_happened": "Banned for an edit."},
    )
    assert filed.status_code == 201, filed.content
    assert len(filed.json()["receipt"].replace(" ", "")) == 20
    grievance = Grievance.objects.get()
    assert grievance.channel == "api"
    token = staff_token(client, gina)
    listed = get(client, "/api/v1/grievances", token).json()
    assert [row["number"] for row in listed] == [grievance.number]
    detail = get(client, f"/api/v1/grievances/{grievance.number}", token)
    assert detail.json()["what_happened"] == "Banned for an edit."
    skip = post_json(
        client,
        f"/api/v1/grievances/{grievance.number}/moves",
        {"from_stage": "received", "target": "decision", "outcome": "upheld", "reason": "x"},
        token,
    )
    assert skip.status_code == 400
    assert skip.json()["error"] == "refused"
    moved = post_json(
        client,
        f"/api/v1/grievances/{grievance.number}/moves",
        {"from_stage": "received", "target": "acknowledged"},
        token,
    )
    assert moved.status_code == 201
    assert moved.json()["stage"] == "acknowledged"
    stale = post_json(
        client,
        f"/api/v1/grievances/{grievance.number}/moves",
        {"from_stage": "received", "target": "acknowledged"},
        token,
    )
    assert stale.status_code == 409


def test_a_named_handler_gets_the_missing_answer(
    client: Client, gina: StaffAccount, nadia: StaffAccount
) -> None:
    post_json(
        client,
        "/api/v1/grievances",
        {"category": "conduct", "concerns": "staff_action", "what_happened": "nadia shouted."},
    )
    number = Grievance.objects.get().number
    token = staff_token(client, nadia)
    named = get(client, f"/api/v1/grievances/{number}", token)
    missing = get(client, "/api/v1/grievances/GR-00000000", token)
    assert (named.status_code, named.json()) == (missing.status_code, missing.json())
    assert named.status_code == 404
    assert get(client, "/api/v1/grievances", token).json() == []
    allowed = get(client, f"/api/v1/grievances/{number}", staff_token(client, gina))
    assert allowed.status_code == 200


def test_the_procedure_register_and_scorecard(client: Client, gina: StaffAccount) -> None:
    procedure = client.get("/api/v1/grievances/procedure").json()
    assert procedure["stages"][2] == {"stage": "eligibility", "days": 15}
    assert client.get("/api/v1/grievances/register").json() == {"entries": []}
    token = staff_token(client, gina)
    card = get(client, "/api/v1/grievances/scorecard?start=2026-01-01&end=2027-01-01", token)
    assert card.status_code == 200
    assert card.json()["filed"] == 0
    bad = get(client, "/api/v1/grievances/scorecard?start=2026-02-01&end=2026-01-01", token)
    assert bad.status_code == 400
    invalid = post_json(client, "/api/v1/grievances", {"category": "x", "concerns": "project"})
    assert invalid.status_code == 400
