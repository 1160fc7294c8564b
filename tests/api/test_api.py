"""The JSON API: documented operations, JSON errors, tokens that open only their own case."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rightsdesk.cases.models import Case
from rightsdesk.core.files import spool_dir
from tests.factories import StaffAccount, staff_account
from tests.reporting import get, post_json, report, reporter_token, staff_token


def test_schema_lists_every_operation(client: Client, db: None) -> None:
    schema = client.get("/api/schema").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/reports",
        "/api/v1/reporter/login",
        "/api/v1/reporter/report",
        "/api/v1/reporter/messages",
        "/api/v1/staff/login",
        "/api/v1/cases",
        "/api/v1/queues",
        "/api/v1/search",
        "/api/v1/cases/{number}",
        "/api/v1/cases/{number}/messages",
        "/api/v1/cases/{number}/notes",
        "/api/v1/cases/{number}/grants",
        "/api/v1/cases/{number}/grants/{username}",
        "/api/v1/cases/{number}/links",
        "/api/v1/cases/{number}/classification",
        "/api/v1/cases/{number}/triage-steps",
        "/api/v1/cases/{number}/links/{other}",
        "/api/v1/partners",
        "/api/v1/partners/{uid}",
        "/api/v1/cases/{number}/referral-proposals",
        "/api/v1/cases/{number}/referrals",
        "/api/v1/referrals/{uid}",
        "/api/v1/referrals/{uid}/ask",
        "/api/v1/referrals/{uid}/consent",
        "/api/v1/referrals/{uid}/override",
        "/api/v1/referrals/{uid}/override/approve",
        "/api/v1/referrals/{uid}/cancel",
        "/api/v1/referrals/{uid}/updates",
        "/api/v1/referrals/{uid}/openpgp-message",
        "/api/v1/partner/referrals",
        "/api/v1/partner/referrals/{uid}",
        "/api/v1/partner/referrals/{uid}/moves",
        "/api/v1/partner/referrals/{uid}/updates",
        "/api/v1/partner/referrals/{uid}/files/{file_uid}",
        "/api/v1/inbox/referrals",
        "/api/v1/inbox/referrals/{uid}/consent",
        "/api/v1/grievances",
        "/api/v1/grievances/procedure",
        "/api/v1/grievances/register",
        "/api/v1/grievances/scorecard",
        "/api/v1/grievances/{number}",
        "/api/v1/grievances/{number}/moves",
        "/api/v1/grievance",
        "/api/v1/grievance/files/{uid}",
        "/api/v1/grievance/messages",
        "/api/v1/grievance/appeal",
        "/api/v1/grievance/remedies/{uid}/view",
        "/api/v1/grievance/rating",
        "/api/v1/diligence/assessments",
        "/api/v1/diligence/assessments/{uid}",
        "/api/v1/diligence/assessments/{uid}/impacts",
        "/api/v1/diligence/assessments/{uid}/impacts/{impact}/mitigations",
        "/api/v1/diligence/assessments/{uid}/checklist",
        "/api/v1/diligence/assessments/{uid}/signoff",
        "/api/v1/diligence/assessments/{uid}/engagements",
        "/api/v1/diligence/assessments/{uid}/evidence",
        "/api/v1/diligence/assessments/{uid}/readers",
        "/api/v1/diligence/assessments/{uid}/readers/{username}",
        "/api/v1/diligence/recommendations",
        "/api/v1/demands",
        "/api/v1/demands/{uid}",
        "/api/v1/demands/{uid}/move",
        "/api/v1/demands/{uid}/review",
        "/api/v1/demands/{uid}/readers/{username}",
        "/api/v1/transparency/drafts",
        "/api/v1/transparency/drafts/{slug}/approve",
        "/api/v1/transparency/releases",
        "/api/v1/transparency/releases/{slug}",
        "/api/v1/wikisafety/findings",
        "/api/v1/wikisafety/findings/{uid}",
        "/api/v1/wikisafety/findings/{uid}/decide",
        "/api/v1/wikisafety/findings/{uid}/remove",
        "/api/v1/wikisafety/findings/{uid}/undo",
        "/api/v1/wikisafety/remove",
        "/api/v1/wikisafety/wikis",
        "/api/v1/wikisafety/cases/{number}/protected",
        "/api/v1/wikisafety/cases/{number}/protected/{uid}/withdraw",
        "/api/v1/wikisafety/incidents",
    }
    narrative = schema["components"]["schemas"]["ReportIn"]["properties"]["narrative"]
    assert narrative["maxLength"] == 20_000


def test_reporter_round_trip(client: Client, handler: StaffAccount) -> None:
    receipt = report(
        client,
        threat_types=["arrest"],
        actor=["government"],
        emergency=True,
        country="IR",
        ongoing=True,
        language="fa",
        contact="signal: @x",
    )
    token = reporter_token(client, receipt)
    body = get(client, "/api/v1/reporter/report", token).json()
    assert body["report"]["narrative"] == "API narrative"
    assert body["report"]["actor"] == ["government"]
    assert body["report"]["ongoing"] is True
    assert body["report"]["language"] == "fa"
    assert body["case"]["emergency"] is True
    assert (
        post_json(client, "/api/v1/reporter/messages", {"body": "More"}, token).status_code == 201
    )
    assert get(client, "/api/v1/reporter/report", token).json()["messages"][0]["body"] == "More"
    assert Case.objects.get().channel == "api"


def test_reporter_a_cannot_read_b(client: Client, db: None) -> None:
    token_a = reporter_token(client, report(client, "A's story"))
    token_b = reporter_token(client, report(client, "B's story"))
    assert (
        get(client, "/api/v1/reporter/report", token_a).json()["report"]["narrative"] == "A's story"
    )
    assert (
        get(client, "/api/v1/reporter/report", token_b).json()["report"]["narrative"] == "B's story"
    )
    assert get(client, "/api/v1/reporter/report", "forged").status_code == 401
    assert client.get("/api/v1/reporter/report").status_code == 401


def test_staff_list_read_reply_and_the_gate(client: Client, handler: StaffAccount) -> None:
    report(client, "for the team")
    number = Case.objects.get().number
    late = staff_account(username="late")
    token = staff_token(client, handler)
    cases = get(client, "/api/v1/cases", token).json()["cases"]
    assert [c["number"] for c in cases] == [number]
    detail = get(client, f"/api/v1/cases/{number}", token).json()
    assert detail["report"]["narrative"] == "for the team"
    reply = post_json(client, f"/api/v1/cases/{number}/messages", {"body": "Got it"}, token)
    assert reply.status_code == 201

    other = staff_token(client, late)
    assert get(client, "/api/v1/cases", other).json()["cases"] == []
    forbidden = get(client, f"/api/v1/cases/{number}", other)
    missing = get(client, "/api/v1/cases/RD-NOPE", other)
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    assert (
        post_json(client, f"/api/v1/cases/{number}/messages", {"body": "x"}, other).status_code
        == 404
    )


def test_staff_login_failure_is_generic(client: Client, handler: StaffAccount) -> None:
    response = post_json(
        client,
        "/api/v1/staff/login",
        {"username": "hana", "password": "wrong wrong wrong", "otp": "123456"},
    )
    assert response.status_code == 401
    assert response.json()["error"] == "login_failed"


@pytest.mark.parametrize(
    ("body", "code", "status"),
    [
        ({"narrative": 5}, "invalid", 400),
        ({"narrative": "x", "threat_types": "doxxing"}, "invalid", 400),
        ({"narrative": "x", "threat_types": ["nope"]}, "invalid", 400),
        ({"narrative": "x", "country": "ZZ"}, "invalid", 400),
        ({"narrative": "x", "emergency": "yes"}, "invalid", 400),
        ({"narrative": "x", "language": "xx"}, "invalid", 400),
        ({"narrative": "x", "colour": "red"}, "unknown_field", 400),
        ({"narrative": "x" * 20_001}, "invalid", 400),
        ({}, "invalid", 400),
        ([], "malformed_json", 400),
    ],
)
def test_bad_reports_get_json_errors_and_store_nothing(
    client: Client, db: None, body: Any, code: str, status: int
) -> None:
    response = post_json(client, "/api/v1/reports", body)
    assert response.status_code == status
    assert response.json()["error"] == code
    assert response.json()["message"]
    assert not Case.objects.exists()


def test_malformed_json_and_wrong_media_type(client: Client, db: None) -> None:
    response = client.post("/api/v1/reports", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_json"
    response = client.post("/api/v1/reports", "narrative=x", content_type="text/plain")
    assert response.status_code == 415
    response = client.get("/api/v1/reports")
    assert response.status_code == 405


def test_errors_are_translated(client: Client, db: None) -> None:
    response = client.post(
        "/api/v1/reports", "{", content_type="application/json", headers={"Accept-Language": "es"}
    )
    assert response.json()["message"] != "The body is not valid JSON."
    assert "JSON" in response.json()["message"]


def test_malformed_multipart_is_a_json_400(client: Client, db: None) -> None:
    response = client.post(
        "/api/v1/reports", b"garbage", content_type="multipart/form-data; boundary="
    )
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_body"
    assert not Case.objects.exists()


def test_too_many_files_in_a_body_is_a_json_400_and_leaves_no_ciphertext(
    client: Client, db: None, settings: Any
) -> None:
    before = set(spool_dir().iterdir())
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"{i}.txt", b"x", "text/plain") for i in range(4)]
    response = client.post("/api/v1/reports", {"narrative": "x", "attachments": files})
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_body"
    # No new file (a previous test's leftover may vanish meanwhile: closed on collection).
    assert set(spool_dir().iterdir()) <= before
    assert not Case.objects.exists()
