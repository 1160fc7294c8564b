"""Demo events for `rightsdesk demo`: one in person and one online in the coming weeks, so that
a newcomer can try the event pages, sign-up, the waitlist and the calendar feeds.

Created through the real service (audited). Only for RIGHTSDESK_DEMO=1 (the command checks).
Invented events; the online link points at example.org, which hosts no meetings.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rightsdesk.accounts.models import User
from rightsdesk.community.models import Event, EventKind
from rightsdesk.community.services import event_create

# (in how many days, how many hours long, the event's fields)
DEMO_EVENTS: tuple[tuple[int, int, dict[str, object]], ...] = (
    (
        9,
        2,
        {
            "kind": EventKind.OFFICE_HOURS,
            "title": "Digital safety office hours (demo)",
            "description": "Bring your questions about keeping your wiki account and your devices "
            "safe. No question is too small.",
            "languages": "en,ar,fa",
            "online_url": "https://meet.example.org/rightsdesk-demo",
            "place": "",
            "capacity": 2,  # small, so that the waitlist can be tried with three sign-ups
        },
    ),
    (
        18,
        6,
        {
            "kind": EventKind.EDITATHON,
            "title": "Human rights edit-a-thon (demo)",
            "description": "A day of writing and translating articles about human rights "
            "defenders.",
            "languages": "en,es,fr",
            "online_url": "",
            "place": "Community library, meeting room 2",
            "capacity": 20,
        },
    ),
)


def demo_events(*, actor: User, now: datetime) -> int:
    """Create the demo events that do not exist yet (by title); returns how many were made."""
    made = 0
    for days, hours, fields in DEMO_EVENTS:
        if Event.objects.filter(title=fields["title"]).exists():
            continue
        starts = (now + timedelta(days=days)).replace(hour=15, minute=0, second=0, microsecond=0)
        event_create(
            actor=actor, starts_at=starts, ends_at=starts + timedelta(hours=hours), **fields
        )
        made += 1
    return made
