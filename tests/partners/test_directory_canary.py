"""At rest: what the team learned about an organisation (who vouched, the evidence, its notes) is
sealed. Planted over HTTP through the directory's pages, then looked for in every database row,
every file of the data directory and the logs; and read back on the page, so the test can fail."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from rightsdesk.partners.models import Partner
from tests.factories import partner_listed, signed_in, staff_account
from tests.scanning import database_rows


def canary(label: str) -> str:
    return f"CANARY{label}{secrets.token_hex(6)}"


@pytest.mark.django_db(transaction=True)
def test_vetting_and_notes_are_not_in_clear_anywhere(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    planted = {name: canary(name) for name in ("vouched", "evidence", "notes")}
    partner_listed(name="Canary Org")
    partner = Partner.objects.get()
    client = signed_in(staff_account())
    today = timezone.now().date()
    vetted = client.post(
        reverse("partners:directory_vetting", args=[partner.uid]),
        {
            "vouched_by": planted["vouched"],
            "evidence": planted["evidence"],
            "vetted_on": today.isoformat(),
            "expires_on": (today + timedelta(days=30)).isoformat(),
        },
    )
    assert vetted.status_code == 302
    noted = client.post(
        reverse("partners:directory_notes", args=[partner.uid]),
        {"notes": planted["notes"], "version": partner.version},
    )
    assert noted.status_code == 302
    page = client.get(reverse("partners:directory_partner", args=[partner.uid])).content.decode()
    for value in planted.values():
        assert value in page  # the team reads them back...

    needles = {name: value.encode() for name, value in planted.items()}
    found: dict[str, list[str]] = {}
    rows = [name for name, needle in needles.items() if needle in database_rows()]
    if rows:
        found["database rows"] = rows
    data_dir = Path(settings.DATA_DIR)
    for path in data_dir.rglob("*"):
        if path.is_file():
            blob = path.read_bytes()
            hits = [name for name, needle in needles.items() if needle in blob]
            if hits:
                found[str(path.relative_to(data_dir))] = hits
    logged = (caplog.text + "".join(capfd.readouterr())).encode()
    hits = [name for name, needle in needles.items() if needle in logged]
    if hits:
        found["logs"] = hits
    assert found == {}  # ...but nothing at rest or in the logs holds them
