"""The dashboard's queues over HTTP: only granted cases, the right queue for each, counts."""

from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rightsdesk.cases.models import Case, KeyWrap
from rightsdesk.cases.queues.selectors import LIMIT, OPEN_STATUSES, PAGE, _filters, _Plans
from rightsdesk.cases.vocabulary import Status
from tests.factories import StaffAccount, signed_in, staff_account


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
    sections = html.split('<section class="queue"')[1:]
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
    # The counts per priority, as priority tags (they replaced a chart that repeated a table).
    assert '<span class="tag tag--p1">P1</span> 1</li>' in html

    late = staff_account(username="late")  # granted nothing
    other = signed_in(late).get(reverse("cases:home")).content.decode()
    assert crisis.number not in other
    assert quiet.number not in other


def test_a_queue_page_lists_every_case_page_by_page(client: Client, handler: StaffAccount) -> None:
    today = timezone.now().date()
    Case.objects.bulk_create(  # cheap cases with real metadata, granted like real ones
        [
            Case(
                number=f"RD-Q{i:07d}",
                created_on=today,
                updated_on=today,
                channel="web",
                priority="P4",
                public_key=bytes(32),
                receipt_lookup=f"q{i:063d}",
                content=b"x",
            )
            for i in range(PAGE + 5)
        ]
    )
    KeyWrap.objects.bulk_create(
        [
            KeyWrap(
                case=c, kind="user", user=handler.user, recipient_public_key=bytes(32), wrap=b"w"
            )
            for c in Case.objects.all()
        ]
    )
    hana = signed_in(handler)
    home = hana.get(reverse("cases:home")).content.decode()
    unassigned = next(s for s in home.split('<section class="queue">') if "Unassigned" in s)
    assert unassigned.count("/staff/cases/RD-") == LIMIT
    assert f"Showing {LIMIT} of {PAGE + 5}" in unassigned
    assert reverse("cases:queue", args=["unassigned"]) in unassigned

    first = hana.get(reverse("cases:queue", args=["unassigned"])).content.decode()
    second = hana.get(reverse("cases:queue", args=["unassigned"]), {"page": "2"}).content.decode()
    assert first.count("/staff/cases/RD-") == PAGE
    assert second.count("/staff/cases/RD-") == 5
    listed = {n for n in Case.objects.values_list("number", flat=True) if n in first + second}
    assert len(listed) == PAGE + 5  # every case exactly once across the pages
    assert 'rel="next"' in first
    assert 'rel="next"' not in second
    # A page number that is not one shows the first page; an unknown queue is a 404.
    odd = hana.get(reverse("cases:queue", args=["unassigned"]), {"page": "-1"})
    assert odd.status_code == 200
    assert odd.content.decode().count("/staff/cases/RD-") == PAGE
    assert hana.get(reverse("cases:queue", args=["nosuch"])).status_code == 404

    late = signed_in(staff_account(username="lateq"))  # granted nothing: sees none of them
    theirs = late.get(reverse("cases:queue", args=["unassigned"])).content.decode()
    assert "/staff/cases/RD-" not in theirs


def test_deadlines_show_in_the_handler_s_own_time_zone(
    client: Client, handler: StaffAccount
) -> None:
    crisis = report(client, emergency=True)
    due = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    Case.objects.filter(pk=crisis.pk).update(ack_due=due)
    handler.user.time_zone = "Asia/Kolkata"  # UTC+05:30, no daylight saving
    handler.user.save(update_fields=["time_zone"])
    hana = signed_in(handler)
    html = hana.get(reverse("cases:home")).content.decode()
    # One format for every staff page (issue 11, defect 9): the month as a word, the zone named.
    local_day = due.astimezone(ZoneInfo("Asia/Kolkata")).strftime("%b %-d, %Y")
    assert f"{local_day}, 3:30\u202fPM" in html
    assert "Asia/Kolkata" in html
    page = hana.get(reverse("cases:detail", args=[crisis.number])).content.decode()
    assert f"{local_day}, 3:30\u202fPM" in page  # the case page too, in the same format
    assert "Asia/Kolkata" in page


def test_both_query_plans_list_the_same_cases(client: Client, handler: StaffAccount) -> None:
    """Walking a queue's index and starting from the grants are two plans for one answer."""
    for i in range(12):
        report(client, emergency=i % 3 == 0, threat_types=["defamation"])
    other = staff_account(username="partial")
    for case in Case.objects.all()[:5]:
        KeyWrap.objects.create(
            case=case, kind="user", user=other.user, recipient_public_key=bytes(32), wrap=b"w"
        )
    now = timezone.now()
    for user in (handler.user, other.user):
        for condition, order in _filters(user, now).values():
            dense = list(_Plans(user).listing(condition, order, dense=True))
            sparse = list(_Plans(user).listing(condition, order, dense=False))
            assert dense == sparse
    unassigned = _filters(other.user, now)["unassigned"]
    assert len(list(_Plans(other.user).listing(*unassigned, dense=True))) == 5


def test_open_means_every_status_but_the_closing_ones() -> None:
    closing = {Status.RESOLVED, Status.CLOSED, Status.OUT_OF_MANDATE, Status.DUPLICATE}
    assert set(OPEN_STATUSES) == set(Status.values) - closing
