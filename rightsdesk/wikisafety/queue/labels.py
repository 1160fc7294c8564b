"""Words for the queue's values."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _


def duration_text(value: timedelta) -> str:
    """ "1 d 2 h 5 min 3 s", largest unit first, zero units left out ("0 s" for nothing)."""
    seconds = max(0, int(value.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if days:
        parts.append(_("%(n)d d") % {"n": days})
    if hours:
        parts.append(_("%(n)d h") % {"n": hours})
    if minutes:
        parts.append(_("%(n)d min") % {"n": minutes})
    if secs or not parts:
        parts.append(_("%(n)d s") % {"n": secs})
    return " ".join(parts)
