"""`POST /api/v1/search`: the search page's answer as JSON, with the same need-to-know."""

from __future__ import annotations

import json

from django.test import Client

from tests.factories import StaffAccount, staff_account
from tests.reporting import staff_token


def test_search_over_the_api_finds_only_granted_cases(
    client: Client, handler: StaffAccount
) -> None:
    filed = client.post(
        "/api/v1/reports",
        json.dumps({"narrative": "Harassed by the account Nightjar99"}),
        content_type="application/json",
    )
    assert filed.status_code == 201
    late = staff_account(username="late")  # no grant to the case
    mine = staff_token(client, handler)
    theirs = staff_token(client, late, step=1)

    allowed = client.post(
        "/api/v1/search",
        json.dumps({"q": "nightjar99"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {mine}",
    )
    denied = client.post(
        "/api/v1/search",
        json.dumps({"q": "nightjar99"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {theirs}",
    )
    assert allowed.status_code == denied.status_code == 200
    assert allowed.json()["total"] == 1
    assert "nightjar99" in allowed.json()["cases"][0]["excerpt"]
    assert denied.json() == {"total": 0, "searched": 0, "cases": []}

    bad = client.post(
        "/api/v1/search",
        json.dumps({"q": "x"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {mine}",
    )
    assert bad.status_code == 400
    assert bad.json()["error"] == "invalid"
    assert (
        client.post(
            "/api/v1/search", json.dumps({"q": "nightjar99"}), content_type="application/json"
        ).status_code
        == 401
    )
