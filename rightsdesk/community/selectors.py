"""Reads for the community app."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from rightsdesk.community.models import Event, Member


def upcoming_events() -> QuerySet[Event]:
    return Event.objects.filter(ends_at__gt=timezone.now()).order_by("starts_at")


def event_seats(event: Event) -> tuple[int, int]:
    """(seats taken, people waiting)."""
    taken = event.registrations.filter(waitlisted=False).count()
    return taken, event.registrations.filter(waitlisted=True).count()


def event_languages(event: Event) -> list[tuple[str, str]]:
    """(code, name in the visitor's language) of each language the event is held in.

    Only the languages chosen for the event, in the site's order; a code the site no longer
    offers is shown as the code rather than dropped, so the page never hides what staff chose.
    """
    chosen = {code for code in event.languages.split(",") if code}
    names = {code: str(name) for code, name in settings.LANGUAGES}
    ordered = [code for code in names if code in chosen]
    ordered += sorted(chosen - set(names))
    return [(code, names.get(code, code)) for code in ordered]


def public_description(event: Event) -> str:
    """The description without the meeting link, for anything anyone may read (the event page,
    the calendar feeds): the link is for people with a seat only."""
    text = event.description
    if event.online_url:
        text = text.replace(event.online_url, "")
    return text.strip()


def member_list() -> list[Member]:
    return list(Member.objects.order_by("joined_on", "pseudonym"))
