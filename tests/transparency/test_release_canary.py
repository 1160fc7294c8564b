"""At rest: the board pack's examples written by staff are nowhere in the clear: not in any row
of the database, any file under the data directory, nor the logs (canary)."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from rightsdesk.accounts.models import User
from rightsdesk.transparency.models import Release
from tests.factories import signed_in, staff_account
from tests.scanning import canary, data_dir_hits, database_rows, scan_bytes
from tests.transparency.releasing import cases


def test_no_planted_board_example_anywhere(
    transactional_db: None, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    cases(8)
    staff_account(username="canaryadmin", role=User.Role.ADMIN)
    planted = canary("boardexample")
    client = signed_in(staff_account(username="canarydrafter"))
    answer = client.post(
        reverse("transparency:staff_list"),
        {"audience": "board", "period": "2026-Q2", "examples": planted},
    )
    assert answer.status_code == 302
    release = Release.objects.get()
    assert release.examples.count() == 1  # sealed to the one admin
    needles = {"example": planted.encode()}
    assert scan_bytes(database_rows(), needles) == []
    assert data_dir_hits(needles)[0] == {}
    out, err = capfd.readouterr()
    assert scan_bytes((caplog.text + out + err).encode(), needles) == []
    assert planted not in str(release.published) + str(release.snapshot) + str(release.notes)
