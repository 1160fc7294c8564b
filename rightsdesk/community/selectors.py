"""Reads for the community app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from rightsdesk.community.models import Event, Member


def upcoming_events() -> QuerySet[Event]:
    return Event.objects.filter(ends_at__gt=timezone.now()).order_by("starts_at")


def event_seats(event: Event) -> tuple[int, int]:
    """(seats taken, people waiting)."""
    taken = event.registrations.filter(waitlisted=False).count()
    return taken, event.registrations.filter(waitlisted=True).count()


def member_list() -> list[Member]:
    return list(Member.objects.order_by("joined_on", "pseudonym"))
