"""The dashboard's queues over HTTP: only granted cases, the right queue for each, counts."""

from __future__ import annotations

import json
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.models import Case
from tests.cases.test_staff_cases import signed_in
from tests.factories import StaffAccount, staff_account


def report(client: Client, **body: object) -> Case:
    response = client.post(
        "/api/v1/reports", json.dumps({"narrative": "x", **body}), content_type="application/json"
    )
    assert response.status_code == 201
    return Case.objects.order_by("-id").first()  # type: ignore[return-value]


def test_queues_sort_cases_and_hide_the_ungranted(client: Client, handler: StaffAccount) -> None:
    crisis = report(client, emergency=True)
    quiet = report(client, threat_types=["defamation"])
    hana = signed_in(handler)
    hana.post(reverse("cases:assign", args=[quiet.number]))
    Case.objects.filter(pk=quiet.pk).update(status="waiting")
    Case.objects.filter(pk=crisis.pk).update(ack_due=timezone.now() - timedelta(minutes=1))
    html = hana.get(reverse("cases:home")).content.decode()
    sections = html.split('<section class="queue">')[1:]
    titles = [
        "Crises open (P1)",
        "Acknowledgement due",
        "Assigned to me",
        "Unassigned",
        "Waiting on the reporter",
    ]
    found = {title: next(s for s in sections if title in s) for title in titles}
    assert crisis.number in found["Crises open (P1)"]
    assert crisis.number in found["Acknowledgement due"]
    assert quiet.number in found["Assigned to me"]
    assert quiet.number not in found["Unassigned"]
    assert quiet.number in found["Waiting on the reporter"]
    assert "<svg" in html  # the chart, with the same counts as a table beside it

    late = staff_account(username="late")  # granted nothing
    other = signed_in(late).get(reverse("cases:home")).content.decode()
    assert crisis.number not in other
    assert quiet.number not in other
