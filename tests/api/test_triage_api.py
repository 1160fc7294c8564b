"""Triage over the API: classify, vet, check the mandate; the same rules as the case page."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from rightsdesk.cases.models import Case, Message, TriageStep
from tests.factories import StaffAccount, staff_account
from tests.reporting import staff_token


def post(client: Client, path: str, body: dict[str, Any], token: str) -> Any:
    return client.post(
        path,
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )


def test_classify_vet_and_refer_out_of_mandate(client: Client, handler: StaffAccount) -> None:
    filed = client.post(
        "/api/v1/reports", json.dumps({"narrative": "x"}), content_type="application/json"
    )
    assert filed.status_code == 201
    case = Case.objects.get()
    token = staff_token(client, handler)
    outsider = staff_token(client, staff_account(username="late"), step=1)
    base = f"/api/v1/cases/{case.number}"

    body = {"version": case.version, "threat_types": ["doxxing"], "affected": ["child"]}
    assert post(client, f"{base}/classification", body, outsider).status_code == 404  # denied
    classified = post(client, f"{base}/classification", body, token)  # ...and allowed
    assert classified.status_code == 200
    assert classified.json()["threat_types"] == ["doxxing"]
    stale = post(client, f"{base}/classification", body, token)
    assert stale.status_code == 409
    unknown = post(client, f"{base}/classification", {**body, "affected": ["martian"]}, token)
    assert unknown.status_code == 400

    vetted = post(client, f"{base}/triage-steps", {"kind": "vetting", "outcome": "verified"}, token)
    assert vetted.status_code == 201
    version = Case.objects.get().version
    no_referral = {"kind": "mandate", "outcome": "out", "version": version}
    assert post(client, f"{base}/triage-steps", no_referral, token).status_code == 400
    assert Case.objects.get().status == "new"  # nothing changed
    out = post(
        client,
        f"{base}/triage-steps",
        {**no_referral, "referral": "Please contact the legal aid clinic in your city."},
        token,
    )
    assert out.status_code == 201
    assert Case.objects.get().status == "out_of_mandate"
    assert Message.objects.filter(case=case, direction="team").count() == 1
    assert TriageStep.objects.filter(case=case).count() == 2
    bad_kind = post(client, f"{base}/triage-steps", {"kind": "x", "outcome": "in"}, token)
    assert bad_kind.status_code == 400
