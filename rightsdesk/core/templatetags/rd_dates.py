"""Dates and times as people read them: one unambiguous form per language, the zone always shown.

Handlers in several countries read the same deadline at 3 a.m.; "12/02/2026" is the 12th of
February to one of them and the 2nd of December to another, and "3:57" means nothing without its
zone. So every page prints dates through these filters: the month as a word (CLDR's `yMMMd`
skeleton, from Babel, in the page's language), the time in the language's own short form, and
the zone's name after it. The machine-readable value goes in `<time datetime>`.

The zone is Django's current one: staff pages render inside `timezone.override(user.zone)`, so
each person reads their own time; public pages stay in the server's zone (UTC), named as such.

    {% load rd_dates %}{{ step.done_at|when }} {{ message.created_on|day }} {{ case.ack_due|left }}
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, format_time
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext, to_locale
from django.utils.translation import gettext as _

register = template.Library()


def _locale() -> Locale:
    try:
        return Locale.parse(to_locale(get_language() or "en"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def day_text(value: date) -> str:
    """The date alone, month as a word: "Feb 12, 2026", "12 فبراير 2026", "2026 ဖေ 12"."""
    return format_skeleton("yMMMd", value, locale=_locale())


def when_text(value: datetime) -> tuple[str, str]:
    """(date and time in the current zone, the zone's name), in the current language."""
    zone = timezone.get_current_timezone()
    local = value.astimezone(zone)
    locale = _locale()
    pattern = str(locale.datetime_formats.get("medium", "{1}, {0}"))
    text = pattern.replace("{1}", day_text(local)).replace(
        "{0}", format_time(local, "short", locale=locale)
    )
    return text, str(getattr(zone, "key", None) or timezone.get_current_timezone_name())


@register.filter
def when(value: datetime | None) -> SafeString | str:
    """A moment with its zone: `<time datetime="...">Feb 12, 2026, 3:57 AM <span>UTC</span></time>`
    (the span holds the zone's name)."""
    if not isinstance(value, datetime):
        return "—" if value in (None, "") else str(value)
    text, zone = when_text(value)
    return format_html(
        '<time datetime="{}">{} <span class="zone" dir="ltr">{}</span></time>',
        value.isoformat(),
        text,
        zone,
    )


@register.filter
def day(value: date | None) -> SafeString | str:
    """A day (stored without a time on purpose): `<time datetime="2026-02-12">Feb 12, 2026</time>`
    in the current language."""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.get_current_timezone()).date()
    if not isinstance(value, date):
        return "—" if value in (None, "") else str(value)
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), day_text(value))


def left_text(value: datetime, now: datetime) -> str:
    """How long until `value` ("1 h 5 min left"), or since it passed ("overdue by 12 min")."""
    seconds = int((value - now).total_seconds())
    minutes = abs(seconds) // 60
    hours, rest = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        span = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
        if hours:
            span += " " + _("%(n)d h") % {"n": hours}
    elif hours:
        span = _("%(h)d h %(m)d min") % {"h": hours, "m": rest}
    else:
        span = _("%(n)d min") % {"n": minutes}
    if seconds < 0:
        return _("overdue by %(span)s") % {"span": span}
    return _("%(span)s left") % {"span": span}


@register.filter
def left(value: datetime | None) -> str:
    """Time left until a deadline, counted when the page is drawn (no JavaScript needed)."""
    if not isinstance(value, datetime):
        return ""
    return left_text(value, timezone.now())


@register.filter
def overdue(value: datetime | None) -> bool:
    return isinstance(value, datetime) and value < timezone.now()
