"""The due-diligence API's writes on phases and people: checklist, sign-off, engagement,
evidence files, readers. Denied and allowed side by side; bad input is a JSON 4xx that changes
nothing; a revoked reader gets the same 404 as for a missing assessment."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rightsdesk.audit.models import AuditEntry
from rightsdesk.core.files import stream_stored
from rightsdesk.diligence.models import (
    Assessment,
    AssessmentWrap,
    ChecklistTick,
    Engagement,
    Evidence,
    PhaseSignoff,
)
from rightsdesk.diligence.services.assessments import evidence_key
from rightsdesk.diligence.vocabulary import checklist_codes
from tests.factories import StaffAccount, assessment_made, staff_account
from tests.reporting import get, post_json, staff_token

ENGAGEMENT = {
    "group": "contributors", "method": "interview", "held_on": "2026-11-02", "participants": 4,
    "said": "We fear being found.", "notes": "Met in a safe place",
}  # fmt: skip


def _base(assessment: Assessment) -> str:
    return f"/api/v1/diligence/assessments/{assessment.uid}"


def _missing() -> str:
    return f"/api/v1/diligence/assessments/{uuid.uuid4()}"


def _delete(client: Client, path: str, token: str) -> Any:
    return client.delete(path, headers={"Authorization": f"Bearer {token}"})


def _upload(client: Client, path: str, token: str, data: dict[str, Any]) -> Any:
    return client.post(path, data, headers={"Authorization": f"Bearer {token}"})


def _state() -> tuple[int, ...]:
    return (
        ChecklistTick.objects.count(),
        PhaseSignoff.objects.count(),
        Engagement.objects.count(),
        Evidence.objects.count(),
        AssessmentWrap.objects.count(),
    )


@pytest.mark.django_db
def test_every_write_is_denied_like_a_missing_assessment(
    client: Client, handler: StaffAccount, other_handler: StaffAccount
) -> None:
    assessment = assessment_made(handler.user)
    omar = staff_token(client, other_handler)
    bodies: dict[str, dict[str, Any]] = {
        "/checklist": {"phase": 1, "items": ["subject"]},
        "/signoff": {"phase": 1, "note": "done"},
        "/engagements": ENGAGEMENT,
        "/readers": {"username": other_handler.user.username},
        "/evidence": {"phase": 1},
    }
    before = _state()
    for path, body in bodies.items():
        denied = post_json(client, _base(assessment) + path, body, omar)
        absent = post_json(client, _missing() + path, body, omar)
        assert denied.status_code == absent.status_code == 404, (path, denied.content)
        assert denied.json() == absent.json()
    denied = _upload(
        client,
        _base(assessment) + "/evidence",
        omar,
        {"phase": "1", "file": SimpleUploadedFile("a.txt", b"secret")},
    )
    assert denied.status_code == 404
    denied = _delete(client, f"{_base(assessment)}/readers/{handler.user.username}", omar)
    absent = _delete(client, f"{_missing()}/readers/{handler.user.username}", omar)
    assert denied.status_code == absent.status_code == 404
    assert denied.json() == absent.json()
    assert _state() == before


@pytest.mark.django_db
def test_the_phases_walk_through_the_api(client: Client, handler: StaffAccount) -> None:
    assessment = assessment_made(handler.user)
    hana = staff_token(client, handler)
    base = _base(assessment)

    half = checklist_codes(1)[:2]
    ticked = post_json(client, base + "/checklist", {"phase": 1, "items": half}, hana)
    assert ticked.status_code == 200, ticked.content
    assert ticked.json()["ticked"] == half
    assert ticked.json()["open"] == checklist_codes(1)[2:]

    # Open items: refused with the service's message, nothing signed.
    refused = post_json(client, base + "/signoff", {"phase": 1, "note": "too soon"}, hana)
    assert refused.status_code == 400
    assert refused.json()["error"] == "diligence_refused"
    assert "open checklist items" in refused.json()["message"]
    assert not PhaseSignoff.objects.exists()

    post_json(client, base + "/checklist", {"phase": 1, "items": checklist_codes(1)}, hana)
    signed = post_json(
        client, base + "/signoff", {"phase": 1, "note": "scoped", "version": 0}, hana
    )
    assert signed.status_code == 200, signed.content
    assert signed.json()["phase"] == 2
    # A stale page (the version moved on): 409, nothing changes.
    post_json(client, base + "/checklist", {"phase": 2, "items": checklist_codes(2)}, hana)
    stale = post_json(client, base + "/signoff", {"phase": 2, "version": 0}, hana)
    assert stale.status_code == 409
    # Not the current phase.
    wrong = post_json(client, base + "/signoff", {"phase": 3, "version": 1}, hana)
    assert wrong.status_code == 400
    assert PhaseSignoff.objects.count() == 1

    logged = post_json(client, base + "/engagements", ENGAGEMENT, hana)
    assert logged.status_code == 201, logged.content
    engagement = Engagement.objects.get()
    assert str(engagement.uid) == logged.json()["id"]
    assert b"We fear" not in bytes(engagement.body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/checklist", {"phase": "1", "items": []}, "phase"),
        ("/checklist", {"phase": 1, "items": "subject"}, "items"),
        ("/checklist", {"phase": 1, "items": ["no_such_item"]}, "items"),
        ("/checklist", {"phase": 9, "items": []}, "phase"),
        ("/checklist", {"phase": 1, "items": [], "extra": 1}, "extra"),
        ("/signoff", {"phase": True}, "phase"),
        ("/signoff", {"phase": 1, "version": "0"}, "version"),
        ("/signoff", {"phase": 1, "note": 5}, "note"),
        ("/engagements", ENGAGEMENT | {"participants": "4"}, "participants"),
        ("/engagements", ENGAGEMENT | {"participants": -1}, "participants"),
        ("/engagements", ENGAGEMENT | {"group": "martians"}, "group"),
        ("/engagements", ENGAGEMENT | {"held_on": "yesterday"}, "held_on"),
        ("/engagements", ENGAGEMENT | {"said": ""}, "said"),
        ("/evidence", {"phase": "2"}, "phase"),
        ("/readers", {"username": ["omar"]}, "username"),
    ],
)
def test_bad_input_is_a_json_400_that_changes_nothing(
    client: Client, handler: StaffAccount, path: str, body: dict[str, Any], field: str
) -> None:
    assessment = assessment_made(handler.user)
    before = _state()
    answer = post_json(client, _base(assessment) + path, body, staff_token(client, handler))
    assert answer.status_code == 400, answer.content
    assert answer["Content-Type"] == "application/json"
    assert field in answer.json()["fields"], answer.json()
    assert answer.json()["message"]
    assert _state() == before


@pytest.mark.django_db
def test_evidence_upload_is_encrypted_and_opens_for_a_reader(
    client: Client, handler: StaffAccount, settings: Any
) -> None:
    assessment = assessment_made(handler.user)
    hana = staff_token(client, handler)
    path = _base(assessment) + "/evidence"

    # No file, a bad phase: refused, nothing stored.
    none = _upload(client, path, hana, {"phase": "1"})
    assert none.status_code == 400
    assert none.json()["message"] == "Choose a file to add."
    bad = _upload(client, path, hana, {"phase": "x", "file": SimpleUploadedFile("a.txt", b"1")})
    assert bad.status_code == 400
    assert bad.json()["field"] == "phase"
    assert not Evidence.objects.exists()

    secret = b"Interview transcript CANARY-evidence-api"
    added = _upload(
        client, path, hana, {"phase": "1", "file": SimpleUploadedFile("notes.txt", secret)}
    )
    assert added.status_code == 201, added.content
    [uid] = added.json()["ids"]
    evidence = Evidence.objects.get(uid=uid)
    assert evidence.phase == 1
    stored = b"".join(p.read_bytes() for p in Path(settings.FILES_DIR).rglob("*") if p.is_file())
    assert secret not in stored
    assert b"notes.txt" not in bytes(evidence.meta)

    from rightsdesk.crypto import unlock_with_password  # noqa: PLC0415
    from rightsdesk.diligence.access import unlock_assessment  # noqa: PLC0415

    private = unlock_with_password(handler.user.keyring.bundle(), handler.password)
    key = unlock_assessment(assessment, handler.user, private)
    file_key, meta = evidence_key(evidence=evidence, key=key, actor=handler.user)
    assert meta["name"] == "notes.txt"
    assert b"".join(stream_stored(uid, file_key)) == secret

    # Too big: the upload handler refuses it, the API says so and stores nothing.
    settings.RIGHTSDESK_MAX_FILE_BYTES = 10
    big = _upload(client, path, hana, {"phase": "1", "file": SimpleUploadedFile("b.txt", secret)})
    assert big.status_code == 400
    assert big.json()["error"] == "file_refused"
    assert Evidence.objects.count() == 1


@pytest.mark.django_db
def test_revoking_a_reader(
    client: Client, handler: StaffAccount, other_handler: StaffAccount
) -> None:
    rita = staff_account(username="rita")
    assessment = assessment_made(handler.user)
    hana, omar = staff_token(client, handler), staff_token(client, other_handler)
    base = _base(assessment)

    given = post_json(client, base + "/readers", {"username": "omar"}, hana)
    assert given.status_code == 201, given.content
    assert get(client, base, omar).status_code == 200
    unknown = post_json(client, base + "/readers", {"username": "nobody"}, hana)
    assert unknown.status_code == 400

    before = _state()
    # Someone who is not a reader, someone unknown, the owner: refused, nothing changes.
    for name in (rita.user.username, "nobody", "hana"):
        refused = _delete(client, f"{base}/readers/{name}", omar)
        assert refused.status_code == 400, (name, refused.content)
        assert refused.json()["error"] == "diligence_refused"
    assert "owner" in refused.json()["message"]
    assert _state() == before

    removed = _delete(client, f"{base}/readers/omar", hana)
    assert removed.status_code == 204, removed.content
    assert AuditEntry.objects.filter(action="diligence.revoke").count() == 1
    for answer, absent in (
        (get(client, base, omar), get(client, _missing(), omar)),
        (
            post_json(client, base + "/engagements", ENGAGEMENT, omar),
            post_json(client, _missing() + "/engagements", ENGAGEMENT, omar),
        ),
    ):
        assert answer.status_code == absent.status_code == 404
        assert answer.json() == absent.json()
    assert get(client, "/api/v1/diligence/assessments", omar).json() == {"assessments": []}
    assert get(client, base, hana).status_code == 200
