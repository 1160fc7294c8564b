"""The API's plumbing on django-ninja: the generated schema and its headers, every error in our
shape (never ninja's {"detail": ...}), bearer tokens only (no cookie), files through the
encrypting upload handler."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from rightsdesk.api.routers import queues
from rightsdesk.cases.models import Attachment, Case, Message
from rightsdesk.core.files import spool_dir, stored_path
from tests.factories import StaffAccount
from tests.reporting import get, post_json, report, reporter_token, staff_token


@pytest.fixture
def schema(client: Client, db: None) -> dict[str, Any]:
    response = client.get("/api/schema")
    assert response.status_code == 200
    return dict(response.json())


def test_schema_is_generated_openapi_31(schema: dict[str, Any]) -> None:
    assert schema["openapi"] == "3.1.0"
    assert schema["info"]["title"] == "rightsdesk API"
    assert schema["info"]["version"] == "1"
    bearer = {"type": "http", "scheme": "bearer"}
    assert schema["components"]["securitySchemes"] == {
        "StaffToken": bearer,
        "ReporterToken": bearer,
        "PartnerToken": bearer,
        "GrievanceToken": bearer,
        "WikiReportToken": bearer,  # a wiki's ReportIncident forwarder (wikisafety)
    }
    case_list = schema["paths"]["/api/v1/cases"]["get"]
    assert case_list["security"] == [{"StaffToken": []}]
    assert "security" not in schema["paths"]["/api/v1/reports"]["post"]
    error = {"$ref": "#/components/schemas/ErrorOut"}
    assert case_list["responses"]["401"]["content"]["application/json"]["schema"] == error
    report_body = schema["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]
    assert set(report_body) == {"application/json", "multipart/form-data"}
    upload = report_body["multipart/form-data"]["schema"]["properties"]["attachments"]
    assert upload["items"] == {"type": "string", "format": "binary"}


def test_schema_headers_and_no_docs_page(client: Client, db: None) -> None:
    response = client.get("/api/schema", secure=True)
    assert response["Content-Type"] == "application/json"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" in response
    for path in ("/api/v1/docs", "/api/docs", "/api/v1/openapi.json", "/api/schema/"):
        assert client.get(path).status_code == 404, path


def test_case_summary_documents_every_field_returned(
    client: Client, handler: StaffAccount, schema: dict[str, Any]
) -> None:
    report(client, "summary", threat_types=["doxxing"], country="IR")
    token = staff_token(client, handler)
    returned = get(client, "/api/v1/cases", token).json()["cases"][0]
    summary = schema["components"]["schemas"]["CaseSummary"]
    assert set(summary["properties"]) == set(returned)
    assert set(summary["required"]) == set(returned)
    assert summary["additionalProperties"] is False
    number = returned["number"]
    reply = post_json(client, f"/api/v1/cases/{number}/messages", {"body": "hi"}, token)
    assert reply.status_code == 201
    detail = get(client, f"/api/v1/cases/{number}", token).json()
    message = schema["components"]["schemas"]["StaffMessage"]["properties"]
    assert (
        set(message)
        == set(detail["messages"][0])
        == {"id", "from", "date", "body", "files"} | {"author"}
    )
    opened = schema["components"]["schemas"]["OpenedCaseOut"]["properties"]
    assert set(opened) == set(detail)
    assert set(detail["case"]) == set(returned)


@pytest.mark.parametrize("language", ["en", "ar", "ru"])
def test_every_refusal_is_in_our_shape_and_translated(
    client: Client, handler: StaffAccount, language: str
) -> None:
    token = staff_token(client, handler)
    headers = {"Accept-Language": language}
    answers = {
        "Sign in first: send a valid token.": client.get("/api/v1/cases", headers=headers),
        "Not found.": client.get(
            "/api/v1/cases/RD-NOPE", headers={**headers, "Authorization": f"Bearer {token}"}
        ),
        "Method not allowed.": client.put("/api/v1/cases", headers=headers),
        "Send JSON (Content-Type: application/json).": client.post(
            "/api/v1/staff/login", "x", content_type="text/plain", headers=headers
        ),
        "“%(field)s” must be a string.": client.post(
            "/api/v1/staff/login", "{}", content_type="application/json", headers=headers
        ),
    }
    for msgid, response in answers.items():
        body = response.json()
        assert "detail" not in body
        assert set(body) <= {"error", "message", "field", "fields"}
        with translation.override(language):
            assert body["message"] == gettext(msgid) % {"field": "username"}, body
    assert answers["Sign in first: send a valid token."]["WWW-Authenticate"] == "Bearer"
    assert answers["Method not allowed."]["Allow"] == "GET"


def test_a_bug_is_a_500_in_our_shape_and_still_raised_in_tests(
    client: Client, handler: StaffAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = staff_token(client, handler)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(queues, "dashboard", broken)
    with pytest.raises(RuntimeError):  # the test client re-raises, as for any Django view
        get(client, "/api/v1/queues", token)
    quiet = Client(raise_request_exception=False)
    response = get(quiet, "/api/v1/queues", token)
    assert response.status_code == 500
    assert response.json()["error"] == "server_error"
    assert "a bug" not in response.content.decode()


def test_no_cookie_authenticates_an_api_call(client: Client, handler: StaffAccount) -> None:
    """ninja's views are exempt from CSRF; that is safe only because no cookie is accepted."""
    report(client, "cookie")
    client.force_login(handler.user)
    assert client.get("/api/v1/cases").status_code == 401
    csrf_checking = Client(enforce_csrf_checks=True)
    csrf_checking.force_login(handler.user)
    response = csrf_checking.post(
        "/api/v1/search", json.dumps({"q": "cookie"}), content_type="application/json"
    )
    assert response.status_code == 401  # refused for want of a token, not for want of CSRF
    assert response.json()["error"] == "unauthorized"


def test_multipart_report_and_follow_up_with_files(client: Client, db: None) -> None:
    before = set(spool_dir().iterdir())
    photo = SimpleUploadedFile("notes.txt", b"a secret note", "text/plain")
    response = client.post(
        "/api/v1/reports",
        {"narrative": "with a file", "threat_types": ["doxxing"], "emergency": "on"},
        headers={"Accept-Language": "fr"},
    )
    assert response.status_code == 201, response.content
    response = client.post(
        "/api/v1/reports",
        {"narrative": "with a file", "attachments": [photo], "ongoing": "no"},
    )
    assert response.status_code == 201, response.content
    token = reporter_token(client, response.json()["receipt"])
    case = Case.objects.get(attachments__isnull=False)
    attachment = Attachment.objects.get(case=case)
    assert b"a secret note" not in stored_path(str(attachment.uid)).read_bytes()
    opened = get(client, "/api/v1/reporter/report", token).json()
    assert opened["files"][0]["name"] == "notes.txt"
    assert opened["report"]["ongoing"] is False

    more = SimpleUploadedFile("more.txt", b"more", "text/plain")
    response = client.post(
        "/api/v1/reporter/messages",
        {"body": "and this", "attachments": [more]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.content
    message = Message.objects.get(case=case)
    assert Attachment.objects.filter(message=message).count() == 1
    # every spool file adopted or deleted (a previous test's leftover may vanish meanwhile)
    assert set(spool_dir().iterdir()) <= before


def test_multipart_refusals(client: Client, db: None, settings: Any) -> None:
    unknown = client.post("/api/v1/reports", {"narrative": "x", "colour": "red"})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "unknown_field"
    empty = client.post("/api/v1/reports", {"threat_types": ["doxxing"]})
    assert empty.status_code == 400
    assert set(empty.json()["fields"]) == {"narrative"}  # the form's own message
    settings.RIGHTSDESK_MAX_FILE_BYTES = 10
    big = SimpleUploadedFile("big.txt", b"x" * 100, "text/plain")
    refused = client.post("/api/v1/reports", {"narrative": "x", "attachments": [big]})
    assert refused.status_code == 400
    assert refused.json()["error"] == "file_refused"
    assert not Case.objects.exists()


def test_patch_leaves_out_what_is_not_sent(client: Client, handler: StaffAccount) -> None:
    report(client, "edit me")
    case = Case.objects.get()
    token = staff_token(client, handler)
    path = f"/api/v1/cases/{case.number}"
    headers = {"Authorization": f"Bearer {token}"}
    body = json.dumps({"version": case.version, "labels": ["a"]})
    edited = client.patch(path, body, content_type="application/json", headers=headers)
    assert edited.status_code == 200, edited.content
    assert edited.json()["labels"] == ["a"]
    assert edited.json()["status"] == "new"
    null_status = json.dumps({"version": case.version + 1, "status": None})
    refused = client.patch(path, null_status, content_type="application/json", headers=headers)
    assert refused.status_code == 400
    assert refused.json()["field"] == "status"
    unassign = json.dumps({"version": case.version + 1, "assignee": None})
    assert (
        client.patch(path, unassign, content_type="application/json", headers=headers).json()[
            "assignee"
        ]
        is None
    )
    assert post_json(client, "/api/v1/cases", {}, token).status_code == 405
