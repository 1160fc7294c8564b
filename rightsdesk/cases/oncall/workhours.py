"""Working-time arithmetic: deadlines counted in the team's working hours (P3 and P4).

Pure functions of instants and a `Calendar` (the team's zone, working weekdays, daily start and
end, holidays); no database. `team_calendar()` reads `settings.RIGHTSDESK_WORKING_HOURS`, which a
system check validates at startup (rightsdesk.core.checks), so a bad zone or an empty week stops
the server instead of silently stretching every deadline.

Definitions (the tests hold the code to them):
- A working interval is [start, end] of one working day (a weekday in `days`, not a holiday),
  read in the team's zone and turned into real instants. Both ends count as working moments.
  One working day is `end - start`; a daylight-saving change inside the interval makes that day
  an hour shorter or longer, because what is counted is real time.
- `add_working_minutes(instant, n)`: counting starts at the next working moment at or after
  `instant`; the answer is the earliest instant by which n working minutes have passed. A report
  on Friday 18:00 with one working day (09:00-17:00) is due on Monday 17:00; one arriving on
  Monday 09:00 is due on Monday 17:00, not Tuesday 09:00; n = 0 gives the next working moment.
- `working_minutes_between(a, b)`: the working time inside [a, b], 0 when b is not after a.
Every instant must be timezone-aware; results are in UTC.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import cast
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings

# How far ahead a computation may look for working time before it gives up: ten years of days.
# Reached only by absurd inputs (a working week made of holidays, a deadline of years).
MAX_SCAN_DAYS = 3653

MAX_HOLIDAYS = 1000


class CalendarError(ValueError):
    """RIGHTSDESK_WORKING_HOURS is not a usable calendar (the message says what to fix)."""


@dataclass(frozen=True)
class Calendar:
    zone: ZoneInfo
    days: frozenset[int]  # Monday is 0, as in datetime.weekday()
    start: time
    end: time
    holidays: frozenset[date]

    @property
    def day_minutes(self) -> int:
        """The length of one working day in minutes (end - start, on the clock)."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


@cache
def known_zones() -> frozenset[str]:
    """The IANA zone names this machine knows (read once: the list is costly to build)."""
    return frozenset(available_timezones())


def _clock(value: object, name: str) -> time:
    if not isinstance(value, str):
        raise CalendarError(f"{name} must be a time written HH:MM")
    try:
        parsed = time.fromisoformat(value)
    except ValueError:
        raise CalendarError(f"{name} must be a time written HH:MM, not {value!r}") from None
    if parsed.second or parsed.microsecond or parsed.tzinfo is not None:
        raise CalendarError(f"{name} must be a time written HH:MM, not {value!r}")
    return parsed


def calendar_from(config: Mapping[str, object]) -> Calendar:
    """Parse and check a working-hours setting; raises CalendarError saying what is wrong."""
    if not isinstance(config, Mapping):
        raise CalendarError("must be a dict with time_zone, days, start, end and holidays")
    zone_name = config.get("time_zone")
    if not isinstance(zone_name, str) or zone_name not in known_zones():
        raise CalendarError(f"time_zone {zone_name!r} is not a known IANA time zone")
    days = config.get("days")
    if (
        not isinstance(days, list | tuple)
        or not days
        or not all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in days)
    ):
        raise CalendarError("days must be a non-empty list of weekdays, 0 (Monday) to 6 (Sunday)")
    start = _clock(config.get("start"), "start")
    end = _clock(config.get("end"), "end")
    if end <= start:
        raise CalendarError("end must be later than start on the same day")
    holidays = config.get("holidays", [])
    if not isinstance(holidays, list | tuple) or len(holidays) > MAX_HOLIDAYS:
        raise CalendarError(f"holidays must be a list of at most {MAX_HOLIDAYS} ISO dates")
    parsed: set[date] = set()
    for entry in holidays:
        try:
            parsed.add(date.fromisoformat(cast(str, entry)))
        except (TypeError, ValueError):
            raise CalendarError(f"holiday {entry!r} is not an ISO date (YYYY-MM-DD)") from None
    return Calendar(
        zone=ZoneInfo(zone_name),
        days=frozenset(cast(list[int], list(days))),
        start=start,
        end=end,
        holidays=frozenset(parsed),
    )


def team_calendar() -> Calendar:
    """The team's calendar from settings (checked at startup, so this does not fail in use)."""
    return calendar_from(cast(Mapping[str, object], settings.RIGHTSDESK_WORKING_HOURS))


def _utc(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("working-time arithmetic needs timezone-aware instants")
    return instant.astimezone(UTC)


def _intervals(calendar: Calendar, since: datetime) -> Iterator[tuple[datetime, datetime]]:
    """The working intervals, in UTC and in order, from the local day before `since` on.

    The day before is included because a local end time skipped by a clock change can land past
    midnight in real time. An interval the clock change empties is left out.
    """
    day = since.astimezone(calendar.zone).date() - timedelta(days=1)
    previous_close: datetime | None = None
    for _ in range(MAX_SCAN_DAYS):
        if day.weekday() in calendar.days and day not in calendar.holidays:
            opens = datetime.combine(day, calendar.start, tzinfo=calendar.zone).astimezone(UTC)
            closes = datetime.combine(day, calendar.end, tzinfo=calendar.zone).astimezone(UTC)
            if previous_close is not None:
                opens = max(opens, previous_close)
            if opens < closes:
                yield opens, closes
                previous_close = closes
        day += timedelta(days=1)
    raise ValueError(f"no end found within {MAX_SCAN_DAYS} days: input out of range")


def add_working_minutes(instant: datetime, minutes: int, calendar: Calendar) -> datetime:
    """The earliest instant by which `minutes` working minutes have passed since `instant`,
    counted from the next working moment at or after it (see the module docstring)."""
    if minutes < 0:
        raise ValueError("working minutes to add cannot be negative")
    at = _utc(instant)
    left = timedelta(minutes=minutes)
    for opens, closes in _intervals(calendar, at):
        if closes < at:
            continue
        begin = max(at, opens)
        room = closes - begin
        if left <= room:
            return begin + left
        left -= room
    raise AssertionError("unreachable: _intervals raises when it runs out")  # pragma: no cover


def next_working_moment(instant: datetime, calendar: Calendar) -> datetime:
    """`instant` itself during working hours, else the start of the next working interval."""
    return add_working_minutes(instant, 0, calendar)


def working_minutes_between(start: datetime, end: datetime, calendar: Calendar) -> float:
    """Working minutes inside [start, end]; 0 when `end` is not after `start`."""
    begin, finish = _utc(start), _utc(end)
    total = timedelta(0)
    if finish <= begin:
        return 0.0
    for opens, closes in _intervals(calendar, begin):
        if opens >= finish:
            break
        overlap = min(finish, closes) - max(begin, opens)
        if overlap > timedelta(0):
            total += overlap
    return total.total_seconds() / 60
