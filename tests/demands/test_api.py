"""The demand register's API: the same gate (missing and forbidden: the same 404), forms and
services as the pages; the rules refuse here as there, and nothing changes then."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from rightsdesk.demands.models import Demand
from rightsdesk.demands.vocabulary import ReviewItem
from tests.factories import StaffAccount, demand_permission
from tests.reporting import get, post_json, staff_token

BODY = {
    "requester_kind": "court", "requester_name": "Invented court", "country": "FR",
    "instrument": "court_order", "channel": "post", "received_on": "2026-11-20",
    "asks": ["data_content"], "laws": "Code pénal, art. 60-1", "accounts": ["Someone"],
}  # fmt: skip


@pytest.mark.django_db
def test_register_read_move_review_and_decide(
    handler: StaffAccount, other_handler: StaffAccount
) -> None:
    demand_permission(handler)
    client = Client()
    token = staff_token(client, handler)
    made = post_json(client, "/api/v1/demands", BODY, token)
    assert made.status_code == 201, made.content
    uid = made.json()["id"]
    listed = get(client, "/api/v1/demands", token).json()["demands"]
    assert [d["id"] for d in listed] == [uid]
    detail = get(client, f"/api/v1/demands/{uid}", token).json()
    assert detail["requester_name"] == "Invented court"
    assert detail["next_moves"] == ["authenticated"]

    # Denied and missing look the same; nothing changes.
    other = Client()
    omar = staff_token(other, other_handler)
    denied = get(other, f"/api/v1/demands/{uid}", omar)
    missing = get(other, f"/api/v1/demands/{uuid.uuid4()}", omar)
    assert (denied.status_code, denied.json()) == (missing.status_code, missing.json())
    assert denied.status_code == 404
    moved = post_json(other, f"/api/v1/demands/{uid}/move", {"to": "authenticated"}, omar)
    assert moved.status_code == 404
    assert get(other, "/api/v1/demands", omar).json()["demands"] == []

    skipped = post_json(client, f"/api/v1/demands/{uid}/move", {"to": "legal_review"}, token)
    assert skipped.status_code == 400
    assert "one published step" in skipped.json()["message"]
    for step in ("authenticated", "legal_review"):
        answer = post_json(client, f"/api/v1/demands/{uid}/move", {"to": step}, token)
        assert answer.status_code == 200, answer.content
    no_note = post_json(client, f"/api/v1/demands/{uid}/review",
                        {"item": "law", "verdict": "met", "note": ""}, token)  # fmt: skip
    assert no_note.status_code == 400
    for item in ReviewItem.values:
        answer = post_json(client, f"/api/v1/demands/{uid}/review",
                           {"item": item, "verdict": "met", "note": "Checked."}, token)  # fmt: skip
        assert answer.status_code == 200, answer.content
    post_json(client, f"/api/v1/demands/{uid}/move", {"to": "notification"}, token)
    comply = post_json(client, f"/api/v1/demands/{uid}/move",
                       {"to": "decided", "decision": "comply"}, token)  # fmt: skip
    assert comply.status_code == 400
    assert "two different reviewers" in comply.json()["message"]
    assert Demand.objects.get().state == "notification"
    refuse = post_json(client, f"/api/v1/demands/{uid}/move",
                       {"to": "decided", "decision": "refuse", "note": "No."}, token)  # fmt: skip
    assert refuse.status_code == 200, refuse.content
    assert refuse.json()["demand"]["decision"] == "refuse"


@pytest.mark.django_db
def test_bad_input_is_a_400_and_nothing_is_made(handler: StaffAccount) -> None:
    demand_permission(handler)
    client = Client()
    token = staff_token(client, handler)
    changes: list[dict[str, object]] = [
        {"country": "XX"}, {"asks": []}, {"received_on": "yesterday"}, {"instrument": "letter"},
    ]  # fmt: skip
    for change in changes:
        answer = post_json(client, "/api/v1/demands", {**BODY, **change}, token)
        assert answer.status_code == 400, change
    assert Demand.objects.count() == 0
