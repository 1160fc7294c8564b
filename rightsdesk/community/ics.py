"""iCalendar output (RFC 5545) for events, times in UTC so no time-zone table is needed.

The feeds are public (anyone can fetch them, calendar apps re-fetch them and sync them to other
companies' servers), so they carry only what the public event page shows: never an online
event's meeting link, which goes only to people who signed up (their confirmation page and
mails). A link that staff also pasted into the description is cut out of it here too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.community.models import Event
from rightsdesk.community.selectors import public_description


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
        description = public_description(event)
        if description:
            item.add("description", description)
        item.add("location", event.place or _("Online"))
        item.add("url", f"{base_url}{event.id}/")
        cal.add_component(item)
    return bytes(cal.to_ical())
