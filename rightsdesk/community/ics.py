"""iCalendar output (RFC 5545) for events, times in UTC so no time-zone table is needed."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from rightsdesk.community.models import Event


def calendar(events: Iterable[Event], *, base_url: str) -> bytes:
    # Imported here so that a deployment missing the package loses only the feed, not the site.
    from icalendar import Calendar  # noqa: PLC0415 - see above
    from icalendar import Event as IcsEvent  # noqa: PLC0415 - see above

    cal = Calendar()
    cal.add("prodid", "-//rightsdesk//community events//EN")
    cal.add("version", "2.0")
    stamp = timezone.now()
    for event in events:
        item = IcsEvent()
        item.add("uid", f"{event.id}@rightsdesk")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.starts_at)
        item.add("dtend", event.ends_at)
        item.add("summary", event.title)
        if event.description:
            item.add("description", event.description)
        item.add("location", event.online_url or event.place)
        item.add("url", f"{base_url}{event.id}/")
        cal.add_component(item)
    return bytes(cal.to_ical())
