"""Helpers to file reports the way a person or a client would (over HTTP), for tests."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from rightsdesk.crypto import parse_receipt

REPORT = reverse("intake:report")


def ticket_from(html: str) -> str:
    match = re.search(r'name="ticket" value="([^"]+)"', html)
    assert match, "no ticket in the form"
    return match.group(1)


def receipt_from(html: str) -> str:
    match = re.search(r'class="secret receipt"><code>([^<]+)</code>', html)
    assert match, "no receipt on the page"
    return parse_receipt(match.group(1))


def file_report(client: Client, *, files: list[Any] | None = None, **answers: Any) -> Any:
    """Post a complete report in one go from the review step; returns the response."""
    ticket = ticket_from(client.get(REPORT).content.decode())
    data: dict[str, Any] = {
        "step": "5",
        "go": "send",
        "ticket": ticket,
        "narrative": "They published my home address.",
        "emergency": "no",
        "threat_types": ["doxxing"],
    }
    data.update(answers)
    if files:
        data["attachments"] = files
    return client.post(REPORT, data)
