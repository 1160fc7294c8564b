"""At rest: a copy of the database, the data directory and the logs holds no planted plaintext.

Unique strings are planted in every field a person types (in a report and in a grievance), in a
follow-up, in a staff reply, in the reason given with a priority change, in a file's name and its
bytes, and sent as the client's address and browser. Then everything the service wrote is
scanned: the SQLite file and its WAL (or, on PostgreSQL, every row of every table), every file
under the data directory, and everything logged.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from rightsdesk.cases.models import Case
from rightsdesk.cases.services import message_post
from rightsdesk.grievances.models import Grievance, Remedy
from tests.factories import StaffAccount, grievance_permission, signed_in, staff_account
from tests.reporting import file_grievance, file_report, receipt_from
from tests.scanning import canary, database_rows, scan_bytes

CLIENT = {
    "REMOTE_ADDR": "203.0.113.199",
    "HTTP_USER_AGENT": "CanaryBrowser/77.1 (planted)",
    "HTTP_X_FORWARDED_FOR": "198.51.100.77",
}


@pytest.fixture
def staff(transactional_db: None) -> StaffAccount:
    return staff_account(username="canaryhandler")


def test_no_planted_plaintext_anywhere(
    staff: StaffAccount, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    planted = {
        "narrative": canary("narrative"),
        "contact": canary("contact"),
        "followup": canary("followup"),
        "reply": canary("reply"),
        "filename": canary("filename"),
        "filebytes": canary("filebytes"),
        "followupfile": canary("followupfile"),
        "priorityreason": canary("priorityreason"),
    }
    reporter = Client(**CLIENT)  # type: ignore[arg-type]  # extra WSGI environ keys
    upload = SimpleUploadedFile(
        f"{planted['filename']}.txt", f"evidence: {planted['filebytes']}\n".encode(), "text/plain"
    )
    response = file_report(
        reporter, narrative=planted["narrative"], contact=planted["contact"], files=[upload]
    )
    assert response.status_code == 201, response.content.decode()[:2000]
    receipt = receipt_from(response.content.decode())
    planted["receipt"] = receipt

    reporter.post(reverse("intake:inbox_login"), {"receipt": receipt})
    second = SimpleUploadedFile("notes.txt", planted["followupfile"].encode(), "text/plain")
    sent = reporter.post(
        reverse("intake:inbox"), {"body": planted["followup"], "attachments": [second]}
    )
    assert sent.status_code == 302
    message_post(case=Case.objects.get(), body=planted["reply"], author=staff.user)
    case = Case.objects.get()
    handler = signed_in(staff)
    changed = handler.post(
        reverse("cases:priority", args=[case.number]),
        {"priority": "P2", "reason": planted["priorityreason"], "version": case.version},
    )
    assert changed.status_code == 302
    case_page = handler.get(reverse("cases:detail", args=[case.number])).content.decode()
    assert planted["priorityreason"] in case_page  # opened with the case key for the team...
    page = reporter.get(reverse("intake:inbox")).content.decode()
    for name in ("narrative", "followup", "reply"):
        assert planted[name] in page  # the reporter can read it all back...

    # The handler searches: their searchable copies are folded under their search key.
    found_by_search = handler.post(reverse("cases:search"), {"q": planted["followup"]})
    assert Case.objects.get().number in found_by_search.content.decode()

    needles = {name: value.encode() for name, value in planted.items()}
    # Search keeps text case-folded: look for that form too.
    needles |= {f"{name} (folded)": value.casefold().encode() for name, value in planted.items()}
    needles |= {"ip": b"203.0.113.199", "forwarded": b"198.51.100.77", "agent": b"CanaryBrowser"}

    found: dict[str, list[str]] = {}
    rows = scan_bytes(database_rows(), needles)
    if rows:
        found["database rows"] = rows
    data_dir = Path(settings.DATA_DIR)
    files_scanned = 0
    for path in data_dir.rglob("*"):
        if path.is_file():
            files_scanned += 1
            hits = scan_bytes(path.read_bytes(), needles)
            if hits:
                found[str(path.relative_to(data_dir))] = hits
    logged = (caplog.text + "".join(capfd.readouterr())).encode()
    hits = scan_bytes(logged, needles)
    if hits:
        found["logs"] = hits
    assert found == {}  # ...but nothing at rest or in the logs holds it
    assert files_scanned >= 3  # the database (when SQLite) and two encrypted files were read
    if connection.vendor == "sqlite":
        assert Path(settings.DATABASES["default"]["TEST"]["NAME"]).exists()


def test_no_planted_grievance_text_anywhere(
    transactional_db: None, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """The same scan over a grievance's whole life: the form's every text, files, messages both
    ways, a move's reasons, a remedy's plan and evidence and the person's view, an appeal's
    grounds and the reviewer's reasons, the learning reference aside (a code by design)."""
    caplog.set_level(logging.DEBUG)
    handler = staff_account(username="canarygina")
    grievance_permission(handler)
    reviewer = staff_account(username="canaryrafael")
    grievance_permission(reviewer, "review_appeals")
    planted = {
        name: canary(name)
        for name in (
            "what",
            "affected",
            "detail",
            "sought",
            "named",
            "gcontact",
            "gfilename",
            "gfilebytes",
            "personmsg",
            "teammsg",
            "movereason",
            "remedywho",
            "remedywhat",
            "evidence",
            "comment",
            "grounds",
            "appealreasons",
        )
    }
    person = Client(**CLIENT)  # type: ignore[arg-type]  # extra WSGI environ keys
    upload = SimpleUploadedFile(
        f"{planted['gfilename']}.txt", f"log: {planted['gfilebytes']}\n".encode(), "text/plain"
    )
    response = file_grievance(
        person,
        files=[upload],
        what_happened=planted["what"],
        affected=planted["affected"],
        concerns_detail=planted["detail"],
        remedy_sought=planted["sought"],
        people_named=planted["named"],
        contact=planted["gcontact"],
    )
    assert response.status_code == 201, response.content.decode()[:2000]
    planted["greceipt"] = receipt_from(response.content.decode())
    person.post(reverse("intake:inbox_login"), {"receipt": planted["greceipt"]})
    assert (
        person.post(reverse("grievances:follow"), {"body": planted["personmsg"]}).status_code == 302
    )
    number = Grievance.objects.get().number
    staff = signed_in(handler)

    def act(name: str, data: dict[str, str]) -> None:
        answer = staff.post(reverse(f"grievances:{name}", args=[number]), data)
        assert answer.status_code == 302, answer.content.decode()[:3000]

    act("staff_reply", {"body": planted["teammsg"]})
    stage = "received"
    for target, outcome, reason in (
        ("acknowledged", "", ""),
        ("eligibility", "", ""),
        ("assessment", "accepted", ""),
        ("resolution", "investigation", ""),
        ("decision", "upheld", planted["movereason"]),
    ):
        act(
            "staff_move",
            {"from_stage": stage, "target": target, "outcome": outcome, "reason": reason},
        )
        stage = target
    act(
        "staff_remedy",
        {
            "kind": "apology",
            "who": planted["remedywho"],
            "what": planted["remedywhat"],
            "due_on": "2027-01-31",
        },
    )
    act("staff_move", {"from_stage": "decision", "target": "remedy", "outcome": "", "reason": ""})
    remedy = Remedy.objects.get()
    act("staff_remedy_done", {"remedy": str(remedy.uid), "evidence": planted["evidence"]})
    view = {"remedy": str(remedy.uid), "view": "remedied", "comment": planted["comment"]}
    assert person.post(reverse("grievances:follow_remedy"), view).status_code == 302
    appeal = {"grounds": planted["grounds"]}
    assert person.post(reverse("grievances:follow_appeal"), appeal).status_code == 302
    decided = signed_in(reviewer).post(
        reverse("grievances:staff_appeal", args=[number]),
        {"outcome": "proper", "reasons": planted["appealreasons"]},
    )
    assert decided.status_code == 302
    page = person.get(reverse("grievances:follow")).content.decode()
    for name in ("what", "teammsg", "movereason", "remedywhat", "appealreasons"):
        assert planted[name] in page  # the person reads it all back...
    staff_page = staff.get(reverse("grievances:staff_detail", args=[number])).content.decode()
    for name in ("named", "gcontact", "evidence", "comment", "grounds", "personmsg"):
        assert planted[name] in staff_page  # ...and so does the handler...

    needles = {name: value.encode() for name, value in planted.items()}
    needles |= {f"{name} (folded)": value.casefold().encode() for name, value in planted.items()}
    needles |= {"ip": b"203.0.113.199", "forwarded": b"198.51.100.77", "agent": b"CanaryBrowser"}
    found: dict[str, list[str]] = {}
    rows = scan_bytes(database_rows(), needles)
    if rows:
        found["database rows"] = rows
    data_dir = Path(settings.DATA_DIR)
    encrypted_files = 0
    for path in data_dir.rglob("*"):
        if path.is_file():
            encrypted_files += path.parent.name == "cases"
            hits = scan_bytes(path.read_bytes(), needles)
            if hits:
                found[str(path.relative_to(data_dir))] = hits
    hits = scan_bytes((caplog.text + "".join(capfd.readouterr())).encode(), needles)
    if hits:
        found["logs"] = hits
    assert found == {}  # ...but nothing at rest or in the logs holds it
    assert encrypted_files >= 1  # the file was stored (encrypted) and scanned
