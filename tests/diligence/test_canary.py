"""At rest: every place due diligence stores typed or uploaded text holds none of it in clear.

Unique strings are planted through the pages in the scope, a sign-off note, the engagement log,
an evidence file's name and bytes, an impact, a mitigation, its indicator and its result. The
reader sees them back; the database rows, every file under the data directory and everything
logged hold none of them.
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rightsdesk.diligence.models import Assessment, Impact, Mitigation
from rightsdesk.diligence.vocabulary import checklist_codes
from tests.factories import StaffAccount, assessment_made, signed_in, staff_account
from tests.reporting import post_json, staff_token
from tests.scanning import database_rows


def canary(label: str) -> str:
    return f"CANARY{label}{secrets.token_hex(6)}"


@pytest.fixture
def staff(transactional_db: None) -> StaffAccount:
    return staff_account(username="canaryowner")


def test_no_planted_plaintext_in_due_diligence(
    staff: StaffAccount, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    names = [
        "scope", "signoff", "said", "notes", "filename", "filebytes", "title", "description",
        "holders", "action", "metric", "baseline", "target", "feedback", "result",
    ]  # fmt: skip
    planted = {name: canary(name) for name in names}
    client = signed_in(staff)
    created = client.post(
        reverse("diligence:home"),
        {"title": "Canary product", "subject_kind": "product", "owner": staff.user.pk,
         "scope": planted["scope"]},
    )  # fmt: skip
    assert created.status_code == 302
    a = Assessment.objects.get()

    def post(name: str, data: dict[str, object], *args: object) -> None:
        answer = client.post(reverse(f"diligence:{name}", args=[a.uid, *args]), data)
        assert answer.status_code == 302, answer.content.decode()[:3000]

    post("checklist", {"phase": 1, "items": ["subject", "team", "rightsholders", "plan"]})
    post("signoff", {"phase": 1, "version": 0, "note": planted["signoff"]})
    post("engagement", {"group": "contributors", "method": "interview", "held_on": "2026-11-02",
                        "participants": 3, "said": planted["said"],
                        "notes": planted["notes"]})  # fmt: skip
    upload = SimpleUploadedFile(
        f"{planted['filename']}.txt", planted["filebytes"].encode(), "text/plain"
    )
    post("evidence", {"phase": 2, "file": upload})
    post("impact", {"title": planted["title"], "description": planted["description"],
                    "holders_detail": planted["holders"], "rights": ["privacy"],
                    "kind": "actual", "involvement": "cause", "scale": 3, "scope": 2,
                    "irremediability": 2, "confidence": 2, "leverage": 2})  # fmt: skip
    impact = Impact.objects.get()
    post("mitigation", {"action": planted["action"], "owner": staff.user.pk,
                        "due_on": "2027-01-31", "metric": planted["metric"],
                        "baseline": planted["baseline"], "target": planted["target"],
                        "feedback_source": planted["feedback"]}, impact.uid)  # fmt: skip
    mitigation = Mitigation.objects.get()
    post("mitigation_state", {"state": "in_progress", "result": "", "version": 0}, mitigation.uid)
    post("mitigation_state", {"state": "done", "result": planted["result"], "version": 1},
         mitigation.uid)  # fmt: skip

    page = client.get(reverse("diligence:assessment", args=[a.uid])).content.decode()
    for name in names:
        if name != "filebytes":
            assert planted[name] in page, name  # the reader sees it all...
    evidence = a.evidence.get()
    download = client.get(reverse("diligence:evidence_download", args=[a.uid, evidence.uid]))
    assert planted["filebytes"].encode() in b"".join(download.streaming_content)  # type: ignore[attr-defined]

    needles = {name: value.encode() for name, value in planted.items()}
    found: dict[str, list[str]] = {}
    rows = [n for n, needle in needles.items() if needle in database_rows()]
    if rows:
        found["database rows"] = rows
    data_dir = Path(settings.DATA_DIR)
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            hits = [n for n, needle in needles.items() if needle in blob]
            if hits:
                found[str(path.relative_to(data_dir))] = hits
    logged = (caplog.text + "".join(capfd.readouterr())).encode()
    if hits := [n for n, needle in needles.items() if needle in logged]:
        found["logs"] = hits
    assert found == {}  # ...but nothing at rest or in the logs holds it


def test_no_planted_plaintext_from_the_api_writes(
    staff: StaffAccount, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """The API's engagement, sign-off and evidence writes seal what was typed and uploaded like
    the pages do (the same services)."""
    caplog.set_level(logging.DEBUG)
    planted = {name: canary(name) for name in ("said", "notes", "signoff", "filename", "bytes")}
    client = Client()
    token = staff_token(client, staff)
    a = assessment_made(staff.user)
    base = f"/api/v1/diligence/assessments/{a.uid}"
    answers = [
        post_json(client, base + "/checklist", {"phase": 1, "items": checklist_codes(1)}, token),
        post_json(client, base + "/signoff", {"phase": 1, "note": planted["signoff"]}, token),
        post_json(client, base + "/engagements", {
            "group": "children", "method": "workshop", "held_on": "2026-11-02",
            "participants": 9, "said": planted["said"], "notes": planted["notes"]}, token),
        client.post(base + "/evidence", {"phase": "2", "file": SimpleUploadedFile(
            f"{planted['filename']}.pdf", planted["bytes"].encode())},
            headers={"Authorization": f"Bearer {token}"}),
    ]  # fmt: skip
    assert [r.status_code for r in answers] == [200, 200, 201, 201], [r.content for r in answers]

    needles = {name: value.encode() for name, value in planted.items()}
    found: dict[str, list[str]] = {}
    rows = [n for n, needle in needles.items() if needle in database_rows()]
    if rows:
        found["database rows"] = rows
    data_dir = Path(settings.DATA_DIR)
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            if hits := [n for n, needle in needles.items() if needle in blob]:
                found[str(path.relative_to(data_dir))] = hits
    logged = (caplog.text + "".join(capfd.readouterr())).encode()
    if hits := [n for n, needle in needles.items() if needle in logged]:
        found["logs"] = hits
    assert found == {}
