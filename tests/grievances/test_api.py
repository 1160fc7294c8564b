"""The grievance API: the same forms, services and gate as the pages."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rightsdesk.grievances.models import Appeal, Grievance
from tests.factories import StaffAccount, grievance_decided
from tests.reporting import get, post_json, report, reporter_token, staff_token


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


def test_the_person_follows_by_api_with_the_one_receipt_sign_in(
    client: Client, gina: StaffAccount, rafael: StaffAccount
) -> None:
    """Filing with files by multipart, then everything the follow page does: read the stage and
    the conversation, write with a file, appeal once within the window; a grievance token opens
    nothing of a report and a report token nothing of a grievance."""
    upload = SimpleUploadedFile("log.txt", b"the block log\n", "text/plain")
    filed = client.post(
        "/api/v1/grievances",
        {
            "category": "account",
            "concerns": "project",
            "what_happened": "Blocked without a reason.",
            "attachments": [upload],
        },
    )
    assert filed.status_code == 201, filed.content
    signed = post_json(client, "/api/v1/reporter/login", {"receipt": filed.json()["receipt"]})
    assert signed.status_code == 200
    assert signed.json()["opens"] == "grievance"
    token = signed.json()["token"]
    assert get(client, "/api/v1/reporter/report", token).status_code == 401
    mine = get(client, "/api/v1/grievance", token).json()
    assert mine["stage"] == "received"
    assert mine["what_happened"] == "Blocked without a reason."
    assert [f["name"] for f in mine["files"]] == ["log.txt"]
    download = get(client, f"/api/v1/grievance/files/{mine['files'][0]['id']}", token)
    assert b"".join(download.streaming_content) == b"the block log\n"
    early = post_json(client, "/api/v1/grievance/appeal", {"grounds": "Too slow."}, token)
    assert (early.status_code, early.json()["error"]) == (400, "refused")
    assert not Appeal.objects.exists()
    sent = client.post(
        "/api/v1/grievance/messages",
        {"body": "Here is more.", "attachments": [SimpleUploadedFile("b.txt", b"b", "text/plain")]},
        headers={"authorization": f"Bearer {token}"},
    )
    assert sent.status_code == 201, sent.content
    grievance = Grievance.objects.get()
    grievance_decided(grievance, gina.user)
    mine = get(client, "/api/v1/grievance", token).json()
    assert mine["stage"] == "decision"
    assert mine["may_appeal"] is True
    assert mine["history"][-1]["reason"].startswith("We found the block")
    assert [m["body"] for m in mine["messages"]] == ["Here is more."]
    assert mine["messages"][0]["files"][0]["name"] == "b.txt"
    bad = post_json(client, "/api/v1/grievance/appeal", {"grounds": ["not", "text"]}, token)
    assert bad.status_code == 400
    assert not Appeal.objects.exists()
    appealed = post_json(client, "/api/v1/grievance/appeal", {"grounds": "Unfair."}, token)
    assert appealed.status_code == 201
    again = post_json(client, "/api/v1/grievance/appeal", {"grounds": "Again."}, token)
    assert again.status_code == 400
    assert Appeal.objects.count() == 1
    rating = post_json(client, "/api/v1/grievance/rating", {"rating": 5}, token)
    assert (rating.status_code, rating.json()["error"]) == (400, "refused")  # not closed yet
    report_token = reporter_token(client, report(client))
    assert get(client, "/api/v1/grievance", report_token).status_code == 401
    assert get(client, "/api/v1/grievance", "").status_code == 401
