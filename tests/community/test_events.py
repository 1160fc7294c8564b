"""Events: sign-up, waitlist, cancellation, bad input, the .ics feed across DST, reminders."""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from rightsdesk.community.models import Event, Registration
from tests.community.conftest import signed_in
from tests.factories import StaffAccount
from tests.scanning import database_rows


def _url(event: Event) -> str:
    return reverse("community:event", kwargs={"event_id": event.id})


def test_sign_up_then_waitlist_then_cancel_promotes(client: Client, event: Event) -> None:
    first = client.post(_url(event), {"name": "Ayla", "email": ""})
    assert first.status_code == 201
    assert "You are signed up" in first.content.decode()
    assert "https://meet.example.org/room" in first.content.decode()
    assert "meet.example.org" not in client.get(_url(event)).content.decode()
    second = client.post(_url(event), {"name": "Bram", "email": ""})
    assert "You are on the waitlist" in second.content.decode()
    assert "meet.example.org" not in second.content.decode()
    waiting = Registration.objects.get(name="Bram")
    assert waiting.waitlisted
    cancel = re.search(r'href="(/community/cancel/[^"]+)"', first.content.decode())
    assert cancel is not None
    assert client.post(cancel.group(1)).status_code == 200
    assert not Registration.objects.get(name="Bram").waitlisted
    assert Registration.objects.count() == 1


def test_duplicate_past_and_invalid_sign_ups_change_nothing(client: Client, event: Event) -> None:
    client.post(_url(event), {"name": "Ayla", "email": "ayla@example.org"})
    dup = client.post(_url(event), {"name": "A.", "email": "AYLA@example.org"})
    assert dup.status_code == 400
    assert "already signed up" in dup.content.decode()
    bad = client.post(_url(event), {"name": "C", "email": "nope"})
    assert bad.status_code == 400
    assert Registration.objects.count() == 1
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.save()
    past = client.post(_url(event), {"name": "Late", "email": ""})
    assert past.status_code == 400
    assert "sign-up is closed" in past.content.decode()
    assert Registration.objects.count() == 1


def test_event_page_in_chosen_time_zone_and_bad_zone(client: Client, event: Event) -> None:
    page = client.get(_url(event), {"tz": "Asia/Kolkata"}).content.decode()
    local = event.starts_at.astimezone(zoneinfo.ZoneInfo("Asia/Kolkata"))
    assert local.strftime("%Y-%m-%d %H:%M") in page
    bad = client.get(_url(event), {"tz": "Mars/Olympus"})
    assert bad.status_code == 200
    assert "Unknown time zone" in bad.content.decode()
    assert client.get("/community/events/not-a-uuid/").status_code == 404


def test_ics_feed_round_trips_across_dst(client: Client, handler: StaffAccount) -> None:
    staff = signed_in(handler)
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    year = timezone.now().year + 1
    # Europe changes on the last Sunday of March: 18:00 in Berlin is 17:00 UTC the day before,
    # 16:00 UTC the day after.
    change = max(d for d in range(25, 32) if datetime(year, 3, d, tzinfo=UTC).weekday() == 6)
    before, after = change - 1, change + 1
    for day in (before, after):
        response = staff.post(
            reverse("community:staff_event_new"),
            {
                "kind": "training",
                "title": f"Training {day}",
                "starts_at": f"{year}-03-{day}T18:00",
                "ends_at": f"{year}-03-{day}T19:30",
                "timezone": "Europe/Berlin",
                "languages": ["en"],
                "place": "Online",
                "capacity": "20",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    feed = Calendar.from_ical(client.get(reverse("community:feed")).content)
    parsed = {str(c["summary"]): c.decoded("dtstart") for c in feed.walk("VEVENT")}
    events = {e.title: e for e in Event.objects.all()}
    assert set(parsed) == set(events)
    for title, start in parsed.items():
        assert start == events[title].starts_at
        assert start.astimezone(berlin).hour == 18
    offsets = sorted({e.starts_at.astimezone(UTC).hour for e in events.values()})
    assert len(offsets) == 2  # the UTC hour differs across the change, the local hour does not
    one = events[f"Training {before}"]
    single = Calendar.from_ical(
        client.get(reverse("community:event_ics", kwargs={"event_id": one.id})).content
    )
    assert [c.decoded("dtstart") for c in single.walk("VEVENT")] == [one.starts_at]


def test_staff_event_form_rejects_bad_input(handler: StaffAccount) -> None:
    staff = signed_in(handler)
    response = staff.post(
        reverse("community:staff_event_new"),
        {
            "kind": "training",
            "title": "X",
            "starts_at": "2030-01-02T10:00",
            "ends_at": "2030-01-02T09:00",
            "timezone": "UTC",
            "languages": ["en"],
            "capacity": "5",
        },
    )
    assert response.status_code == 400
    assert not Event.objects.exists()


def test_reminders_are_sent_once_the_day_before(
    client: Client, event: Event, django_capture_on_commit_callbacks: object
) -> None:
    client.post(_url(event), {"name": "Ayla", "email": "remind-me@example.org"})
    mail.outbox.clear()
    call_command("community", "remind")
    assert mail.outbox == []  # three days ahead: not yet
    event.starts_at = timezone.now() + timedelta(hours=20)
    event.save()
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]  # pytest-django fixture
        call_command("community", "remind")
        call_command("community", "remind")
    assert [m.to for m in mail.outbox] == [["remind-me@example.org"]]
    assert Registration.objects.get().reminded_at is not None
    assert b"remind-me@example.org" not in database_rows()


@pytest.mark.parametrize("tz", ["UTC", "America/Sao_Paulo"])
def test_events_list(client: Client, event: Event, tz: str) -> None:
    page = client.get(reverse("community:events"), {"tz": tz}).content.decode()
    assert event.title in page
    assert datetime.now(UTC).year > 2000
