"""Helpers to file reports and call the API the way a person or a client would (over HTTP)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client
from django.urls import reverse

from rightsdesk.crypto import parse_receipt
from tests.factories import StaffAccount

REPORT = reverse("intake:report")


def ticket_from(html: str) -> str:
    match = re.search(r'name="ticket" value="([^"]+)"', html)
    assert match, "no ticket in the form"
    return match.group(1)


def receipt_from(html: str) -> str:
    match = re.search(r'class="secret receipt"><code>([^<]+)</code>', html)
    assert match, "no receipt on the page"
    return parse_receipt(match.group(1))


def send_step(ticket: str, /, **answers: Any) -> dict[str, Any]:
    """The review step's send of a complete report with the form's `ticket` (answers override
    or add fields)."""
    return {
        "step": "5",
        "go": "send",
        "ticket": ticket,
        "narrative": "They published my home address.",
        "emergency": "no",
        "threat_types": ["doxxing"],
        **answers,
    }


def file_report(client: Client, *, files: list[Any] | None = None, **answers: Any) -> Any:
    """Post a complete report in one go from the review step; returns the response."""
    ticket = ticket_from(client.get(REPORT).content.decode())
    data = send_step(ticket, **answers)
    if files:
        data["attachments"] = files
    return client.post(REPORT, data)


def post_json(client: Client, path: str, body: Any, token: str = "") -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(path, json.dumps(body), content_type="application/json", headers=headers)


def get(client: Client, path: str, token: str) -> Any:
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def report(client: Client, narrative: str = "API narrative", **extra: Any) -> str:
    """File a report through the API; returns its receipt."""
    response = post_json(client, "/api/v1/reports", {"narrative": narrative, **extra})
    assert response.status_code == 201, response.content
    return str(response.json()["receipt"])


def reporter_token(client: Client, receipt: str) -> str:
    response = post_json(client, "/api/v1/reporter/login", {"receipt": receipt})
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def staff_token(client: Client, account: StaffAccount, step: int = 0) -> str:
    response = post_json(
        client,
        "/api/v1/staff/login",
        {"username": account.user.username, "password": account.password, "otp": account.otp(step)},
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


GRIEVANCE = reverse("grievances:file")


def file_grievance(client: Client, *, files: list[Any] | None = None, **answers: Any) -> Any:
    """Post the grievance form the way a browser would (with its ticket); returns the response."""
    ticket = ticket_from(client.get(GRIEVANCE).content.decode())
    data: dict[str, Any] = {
        "ticket": ticket,
        "category": "content",
        "concerns": "project",
        "what_happened": "My article was deleted without a reason.",
    }
    data.update(answers)
    if files:
        data["attachments"] = files
    return client.post(GRIEVANCE, data)
