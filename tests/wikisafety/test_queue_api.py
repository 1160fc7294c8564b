"""The queue's API: without the permission the list and every finding answer the same 404 as a
missing one; an evaluator lists (P1 first), reads a finding without any clear value, decides
(stale: 409 in the house's error shape), and is refused removal before a confirming decision."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from rightsdesk.wikisafety.models import Finding
from tests.factories import staff_account
from tests.reporting import get, post_json, staff_token
from tests.wikisafety.findings import evaluator, finding_on, offline_wiki

pytestmark = pytest.mark.django_db

BASE = "/api/v1/wikisafety/findings"


def test_denied_and_allowed_side_by_side(client: Client) -> None:
    wiki = offline_wiki()
    plain_finding = finding_on(wiki, title="Talk:Plain")
    urgent = finding_on(wiki, priority="P1", title="User talk:Urgent")
    denied = staff_token(client, staff_account())
    allowed = staff_token(client, evaluator())
    missing = uuid.uuid4()

    assert get(client, BASE, denied).status_code == 404
    listed = get(client, BASE, allowed)
    assert listed.status_code == 200
    assert [f["page"] for f in listed.json()["findings"]] == ["User talk:Urgent", "Talk:Plain"]

    for token, expected in ((denied, 404), (allowed, 200)):
        real = get(client, f"{BASE}/{urgent.uid}", token)
        assert real.status_code == expected
    gone = get(client, f"{BASE}/{missing}", allowed)
    hidden = get(client, f"{BASE}/{urgent.uid}", denied)
    assert (gone.status_code, gone.json()) == (hidden.status_code, hidden.json())
    assert hidden.json()["error"] == "not_found"

    detail = get(client, f"{BASE}/{urgent.uid}", allowed).json()
    assert detail["finding"]["priority"] == "P1"
    assert detail["spans"] == [{"start": 10, "end": 25, "kind": "phone"}]
    assert "text" not in detail
    assert "context" not in detail

    body = {"decision": "doxxing", "version": 0, "note": "confirmed"}
    assert post_json(client, f"{BASE}/{plain_finding.uid}/decide", body, denied).status_code == 404
    plain_finding.refresh_from_db()
    assert plain_finding.state == "new"
    decided = post_json(client, f"{BASE}/{plain_finding.uid}/decide", body, allowed)
    assert decided.status_code == 200, decided.content
    assert decided.json()["decisions"][0]["note"] == "confirmed"
    stale = post_json(client, f"{BASE}/{plain_finding.uid}/decide",
                      {**body, "decision": "false_positive"}, allowed)  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["error"] == "stale"
    bad = post_json(client, f"{BASE}/{plain_finding.uid}/decide",
                    {**body, "decision": "maybe", "version": 1}, allowed)  # fmt: skip
    assert bad.status_code == 400
    assert Finding.objects.get(pk=plain_finding.pk).state == "doxxing"


def test_removal_is_refused_before_a_confirming_decision(client: Client) -> None:
    finding = finding_on(offline_wiki())
    token = staff_token(client, evaluator(remove=True))
    body = {"parts": ["content"], "suppress": True, "reason": "personal-data"}
    refused = post_json(client, f"{BASE}/{finding.uid}/remove", body, token)
    assert refused.status_code == 400
    assert refused.json()["error"] == "queue_refused"
    several = {**body, "findings": [str(finding.uid), str(uuid.uuid4())]}
    bulk = post_json(client, "/api/v1/wikisafety/remove", several, token)
    assert bulk.status_code == 404
    undo = post_json(client, f"{BASE}/{finding.uid}/undo", {"removal": str(uuid.uuid4())}, token)
    assert undo.status_code == 400
