"""What the report form says when it is busy: precisely when a report without effort may get in."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def try_again_message(retry_after: float, *, now: datetime | None = None) -> str:
    """'… Try again after 14:32 UTC (in about 4 minutes).' The time is rounded up to the minute,
    so pressing the button at that minute is never early."""
    now = now or datetime.now(UTC)
    at = now + timedelta(seconds=max(0.0, retry_after))
    if at.second or at.microsecond:
        at = at.replace(second=0, microsecond=0) + timedelta(minutes=1)
    minutes = max(1, math.ceil((at - now).total_seconds() / 60))
    return (
        ngettext(
            "Many reports are arriving right now. Nothing was sent yet and your answers are still "
            "here. Try again after %(time)s UTC (in about %(minutes)d minute).",
            "Many reports are arriving right now. Nothing was sent yet and your answers are still "
            "here. Try again after %(time)s UTC (in about %(minutes)d minutes).",
            minutes,
        )
        % {"time": at.strftime("%H:%M"), "minutes": minutes}
        + " "
        + _(
            "With JavaScript on, this page does a little work for you while you wait, and a report "
            "sent with it gets in first."
        )
    )
