"""Floods: junk in a loop is slowed and turned away, nothing accepted is lost, others get in.

The limits are site-wide (no client is identified): reports per hour, a free-disk floor for
files, per-file and per-report sizes, and a cap on concurrent expensive work.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings

from rightsdesk.cases.models import Attachment, Case
from rightsdesk.core import admission
from rightsdesk.core.files import spool_dir
from tests.factories import StaffAccount
from tests.reporting import file_report


@pytest.fixture(autouse=True)
def fresh_budgets() -> Iterator[None]:
    admission.reset()
    yield
    admission.reset()


def api_report(client: Client, narrative: str) -> Any:
    return client.post(
        "/api/v1/reports", json.dumps({"narrative": narrative}), content_type="application/json"
    )


def test_a_junk_loop_is_turned_away_and_accepted_reports_survive(
    client: Client, handler: StaffAccount, settings: Settings
) -> None:
    settings.RIGHTSDESK_REPORTS_PER_HOUR = 36  # a burst of 3, then one every 100 s
    statuses = [api_report(client, f"junk {i}").status_code for i in range(12)]
    assert statuses[:3] == [201, 201, 201]
    assert set(statuses[3:]) == {503}
    assert Case.objects.count() == 3
    busy = api_report(client, "one more")
    assert busy.json()["error"] == "busy"

    # The flood does not lock out the team or reporters coming back with a receipt.
    login = client.post(
        "/api/v1/staff/login",
        json.dumps({"username": "hana", "password": handler.password, "otp": handler.otp()}),
        content_type="application/json",
    )
    assert login.status_code == 200
    token = login.json()["token"]
    listing = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert len(listing.json()["cases"]) == 3


def test_the_form_keeps_answers_when_busy(client: Client, db: None, settings: Settings) -> None:
    settings.RIGHTSDESK_REPORTS_PER_HOUR = 10  # a burst of one
    assert file_report(client, narrative="first").status_code == 201
    response = file_report(client, narrative="my precious answers")
    assert response.status_code == 503
    html = response.content.decode()
    assert "Nothing was sent yet" in html
    assert 'value="my precious answers"' in html
    assert Case.objects.count() == 1


def test_files_are_refused_when_the_disk_is_near_full(
    client: Client, db: None, settings: Settings
) -> None:
    settings.RIGHTSDESK_MIN_FREE_DISK_BYTES = 10**18
    upload = SimpleUploadedFile("notes.txt", b"hello", "text/plain")
    response = file_report(client, files=[upload])
    assert response.status_code == 400
    assert "We cannot take files right now" in response.content.decode()
    assert not Case.objects.exists()
    assert file_report(client).status_code == 201  # a report without files still gets in


def test_oversized_and_too_many_files_are_refused_and_leave_nothing(
    client: Client, db: None, settings: Settings
) -> None:
    spool = spool_dir()
    before = set(spool.iterdir())
    settings.RIGHTSDESK_MAX_FILE_BYTES = 1000
    big = SimpleUploadedFile("big.txt", b"x" * 5000, "text/plain")
    response = file_report(client, files=[big])
    assert response.status_code == 400
    assert "larger than the limit" in response.content.decode()
    settings.RIGHTSDESK_MAX_FILE_BYTES = 10**6
    settings.RIGHTSDESK_MAX_FILES = 2
    many = [SimpleUploadedFile(f"{i}.txt", b"x", "text/plain") for i in range(4)]
    response = file_report(client, files=many)
    assert response.status_code == 400
    assert "Too many files" in response.content.decode()
    assert not Case.objects.exists()
    assert not Attachment.objects.exists()
    # No ciphertext left behind either (a file another test left may be swept meanwhile).
    assert not set(spool.iterdir()) - before


def test_busy_when_all_expensive_slots_are_taken(
    client: Client, db: None, settings: Settings
) -> None:
    settings.RIGHTSDESK_EXPENSIVE_SLOTS = 1
    settings.RIGHTSDESK_EXPENSIVE_WAIT_SECONDS = 0.05
    admission.reset()
    with admission.expensive_work():  # another request holds the only slot
        response = api_report(client, "waiting")
    assert response.status_code == 503
    assert not Case.objects.exists()
    assert api_report(client, "now").status_code == 201
