"""Template filters of the wikisafety pages."""

from __future__ import annotations

from datetime import timedelta

from django import template

from rightsdesk.wikisafety.queue.labels import duration_text

register = template.Library()


@register.filter
def since(value: timedelta | None) -> str:
    """A duration as "2 h 5 min 3 s" (the time from an edit to its removal)."""
    return duration_text(value) if value is not None else "—"
