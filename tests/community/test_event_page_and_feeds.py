"""The event page names the event's languages; the public feeds never carry the meeting link."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from rightsdesk.community import services
from rightsdesk.community.models import Event, EventKind

LINK = "https://meet.example.org/room"


def _page(client: Client, event: Event, language: str = "en") -> str:
    url = reverse("community:event", kwargs={"event_id": event.id})
    response = client.get(url, headers={"accept-language": language})
    assert response.status_code == 200
    return response.content.decode()


def _languages_row(page: str) -> str:
    start = page.index("Languages</dt>")
    return page[start : page.index("</dd>", start)]


def test_event_page_names_only_the_chosen_languages(client: Client, event: Event) -> None:
    page = _page(client, event)
    row = _languages_row(page)
    assert "English, Arabic" in row
    for other in ("Persian", "Spanish", "French", "Russian", "Burmese"):
        assert other not in row
    assert "bidi" not in page
    assert "{&#x27;" not in page


def test_event_languages_are_named_in_the_visitors_language(client: Client, event: Event) -> None:
    event.languages = "es"
    event.save()
    page = _page(client, event, "es")
    assert "Español" in page or "español" in page
    assert "bidi" not in page


def _feeds(client: Client, event: Event) -> list[bytes]:
    return [
        client.get(reverse("community:feed")).content,
        client.get(reverse("community:event_ics", kwargs={"event_id": event.id})).content,
    ]


def test_public_feeds_never_carry_the_meeting_link(client: Client, event: Event) -> None:
    event.description = f"Bring questions. Join at {LINK} on the day."
    event.save()
    for body in _feeds(client, event):
        assert b"meet.example.org" not in body
        (item,) = Calendar.from_ical(body).walk("VEVENT")
        assert str(item["location"]) == "Online"
        assert "Bring questions." in str(item["description"])
    assert "meet.example.org" not in _page(client, event)


def test_in_person_event_keeps_its_place_in_the_feed(client: Client, db: None) -> None:
    start = timezone.now() + timedelta(days=5)
    event = Event.objects.create(
        kind=EventKind.EDITATHON,
        title="Edit-a-thon",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        languages="fr",
        place="Maison des associations, Lyon",
        capacity=10,
    )
    for body in _feeds(client, event):
        (item,) = Calendar.from_ical(body).walk("VEVENT")
        assert str(item["location"]) == "Maison des associations, Lyon"


def test_people_with_a_seat_get_the_link_by_mail_and_the_waitlist_does_not(
    event: Event, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.event_register(
            event=event, name="Ayla", email="ayla@example.org", cancel_url="https://x/TOKEN/"
        )
        services.event_register(
            event=event, name="Bram", email="bram@example.org", cancel_url="https://x/TOKEN/"
        )
    seated, waiting = mail.outbox
    assert LINK in str(seated.body)
    assert LINK not in str(waiting.body)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert services.send_reminders(now=event.starts_at - timedelta(hours=2)) == 1
    assert LINK in str(mail.outbox[-1].body)
