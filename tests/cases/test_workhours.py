"""Working-time arithmetic: the definitions of rightsdesk.cases.oncall.workhours, across weekends,
holidays, instants outside working hours and daylight-saving changes, and its properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.checks import run_checks
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from rightsdesk.cases.oncall.workhours import (
    Calendar,
    CalendarError,
    add_working_minutes,
    calendar_from,
    next_working_moment,
    working_minutes_between,
)
from rightsdesk.cases.vocabulary import DEADLINE_DEFAULTS

OFFICE = {"time_zone": "UTC", "days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00"}
DAY = 8 * 60
UTC_CAL = calendar_from(OFFICE)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc, arg-type]  # y, m, d, h, min


# 2026-05-11 is a Monday.
@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (utc(2026, 5, 15, 18, 0), DAY, utc(2026, 5, 18, 17, 0)),  # Friday evening: Monday's end
        (utc(2026, 5, 16, 11, 0), DAY, utc(2026, 5, 18, 17, 0)),  # Saturday: idem
        (utc(2026, 5, 11, 9, 0), DAY, utc(2026, 5, 11, 17, 0)),  # a whole day, not Tuesday 09:00
        (utc(2026, 5, 11, 10, 0), DAY, utc(2026, 5, 12, 10, 0)),
        (utc(2026, 5, 11, 7, 30), DAY, utc(2026, 5, 11, 17, 0)),  # before opening
        (utc(2026, 5, 13, 12, 0), 3 * DAY, utc(2026, 5, 18, 12, 0)),  # over a weekend
        (utc(2026, 5, 15, 16, 0), 120, utc(2026, 5, 18, 10, 0)),
        (utc(2026, 5, 16, 11, 0), 0, utc(2026, 5, 18, 9, 0)),  # 0: the next working moment
        (utc(2026, 5, 11, 12, 0), 0, utc(2026, 5, 11, 12, 0)),
        (utc(2026, 5, 11, 17, 0), 0, utc(2026, 5, 11, 17, 0)),  # the end is a working moment
        (utc(2026, 5, 11, 17, 0), 1, utc(2026, 5, 12, 9, 1)),
    ],
)
def test_adding_working_minutes(start: datetime, minutes: int, expected: datetime) -> None:
    assert add_working_minutes(start, minutes, UTC_CAL) == expected


def test_holidays_are_skipped() -> None:
    calendar = calendar_from({**OFFICE, "holidays": ["2026-05-18", "2026-05-19"]})
    friday_evening = utc(2026, 5, 15, 18, 0)
    assert add_working_minutes(friday_evening, DAY, calendar) == utc(2026, 5, 20, 17, 0)
    assert (
        working_minutes_between(utc(2026, 5, 15, 16, 0), utc(2026, 5, 20, 10, 0), calendar) == 120
    )


def test_working_minutes_between() -> None:
    assert working_minutes_between(utc(2026, 5, 15, 16, 0), utc(2026, 5, 18, 10, 0), UTC_CAL) == 120
    assert working_minutes_between(utc(2026, 5, 16, 0, 0), utc(2026, 5, 17, 23, 0), UTC_CAL) == 0
    assert (
        working_minutes_between(utc(2026, 5, 11, 9, 0), utc(2026, 5, 18, 9, 0), UTC_CAL) == 5 * DAY
    )
    assert working_minutes_between(utc(2026, 5, 12, 0, 0), utc(2026, 5, 11, 0, 0), UTC_CAL) == 0


def test_berlin_hours_follow_the_local_clock_across_the_spring_change() -> None:
    calendar = calendar_from({**OFFICE, "time_zone": "Europe/Berlin"})
    # Friday 27 March 2026, 16:00 in Berlin (CET, UTC+1); the clocks go forward on Sunday 29th.
    friday = datetime(2026, 3, 27, 16, 0, tzinfo=BERLIN)
    due = add_working_minutes(friday, 120, calendar)
    assert due == datetime(2026, 3, 30, 10, 0, tzinfo=BERLIN)  # 10:00 on the local clock
    assert due == utc(2026, 3, 30, 8, 0)  # CEST, UTC+2: an hour earlier in UTC than a week before
    week_before = add_working_minutes(datetime(2026, 3, 20, 16, 0, tzinfo=BERLIN), 120, calendar)
    assert week_before == utc(2026, 3, 23, 9, 0)
    assert working_minutes_between(friday, due, calendar) == 120


def test_new_york_hours_across_both_changes() -> None:
    calendar = calendar_from({**OFFICE, "time_zone": "America/New_York"})
    # DST starts on Sunday 8 March 2026 and ends on Sunday 1 November 2026.
    spring = add_working_minutes(datetime(2026, 3, 6, 16, 30, tzinfo=NEW_YORK), 60, calendar)
    assert spring == datetime(2026, 3, 9, 9, 30, tzinfo=NEW_YORK)
    assert spring == utc(2026, 3, 9, 13, 30)
    autumn = add_working_minutes(datetime(2026, 10, 30, 16, 30, tzinfo=NEW_YORK), 60, calendar)
    assert autumn == utc(2026, 11, 2, 14, 30)


def test_a_working_day_cut_by_the_clock_change_is_counted_in_real_time() -> None:
    # Every day of the week, 00:00-23:59 in Berlin: on 29 March 2026 the hour 02:00-03:00 does
    # not exist, so that working day is 60 real minutes shorter; on 25 October it is longer.
    calendar = calendar_from(
        {"time_zone": "Europe/Berlin", "days": list(range(7)), "start": "00:00", "end": "23:59"}
    )
    spring = datetime(2026, 3, 29, tzinfo=BERLIN)
    autumn = datetime(2026, 10, 25, tzinfo=BERLIN)
    assert working_minutes_between(spring, spring + timedelta(days=2), calendar) == 1379 + 1439
    assert working_minutes_between(autumn, autumn + timedelta(days=2), calendar) == 1499 + 1439


def test_refuses_naive_instants_and_negative_minutes() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_minutes(datetime(2026, 5, 11, 9, 0), 10, UTC_CAL)  # noqa: DTZ001 - the point
    with pytest.raises(ValueError, match="negative"):
        add_working_minutes(utc(2026, 5, 11, 9, 0), -1, UTC_CAL)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": "../../etc/passwd"}, "time_zone"),
        ({"days": []}, "days"),
        ({"days": [0, 7]}, "days"),
        ({"days": [True]}, "days"),
        ({"start": "17:00", "end": "09:00"}, "end must be later"),
        ({"start": "09:00", "end": "09:00"}, "end must be later"),
        ({"start": "9 o'clock"}, "start"),
        ({"end": 17}, "end"),
        ({"holidays": ["2026-13-01"]}, "holiday"),
        ({"holidays": "2026-12-25"}, "holidays"),
    ],
)
def test_bad_calendars_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(CalendarError, match=message):
        calendar_from({**OFFICE, **change})


def _errors() -> set[str]:
    return {message.id for message in run_checks(tags=["deadlines"]) if message.id}


def test_the_startup_check_refuses_a_bad_calendar_or_deadline_table() -> None:
    assert "rightsdesk.E010" not in _errors()
    for bad in ({**OFFICE, "time_zone": "Nowhere/Town"}, {**OFFICE, "days": []}):
        with override_settings(RIGHTSDESK_WORKING_HOURS=bad):
            assert "rightsdesk.E010" in _errors()
    with override_settings(RIGHTSDESK_WORKING_HOURS={**OFFICE, "end": "08:00"}):
        assert "rightsdesk.E010" in _errors()
    table = DEADLINE_DEFAULTS
    early_step = {"ack_working_days": 2, "escalate_working_days": [(1, "lead")]}
    unknown_role = {"ack_minutes": 120, "escalate": [(5, "mayor")]}
    out_of_order = {"ack_minutes": 15, "escalate": [(30, "team_lead"), (15, "lead")]}
    for bad_table in (
        {**table, "P3": early_step},
        {**table, "P2": unknown_role},
        {**table, "P1": out_of_order},
        {**table, "P4": {"ack_working_days": 10_000}},
        {**table, "P1": {"ack_minutes": 15, "ack_working_days": 1}},
        {"P1": table["P1"]},  # P2 to P4 missing
    ):
        with override_settings(RIGHTSDESK_DEADLINES=bad_table):
            assert "rightsdesk.E010" in _errors()


# Properties. Zones with DST, a half-hour offset and a half-hour DST change (Lord Howe); working
# hours start from 04:00 so that no opening or closing time falls in a skipped hour.
ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    start = draw(st.integers(4 * 60, 20 * 60))
    end = draw(st.integers(start + 60, 23 * 60 + 59))
    holidays = draw(st.lists(st.dates(date(2025, 1, 1), date(2027, 12, 31)), max_size=30))
    return calendar_from(
        {
            "time_zone": draw(st.sampled_from(ZONES)),
            "days": draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True)),
            "start": f"{start // 60:02d}:{start % 60:02d}",
            "end": f"{end // 60:02d}:{end % 60:02d}",
            "holidays": [d.isoformat() for d in holidays],
        }
    )


instants = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
    max_value=datetime(2026, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
amounts = st.integers(0, 20 * 60)


def is_working_moment(instant: datetime, calendar: Calendar) -> bool:
    local = instant.astimezone(calendar.zone)
    return (
        local.weekday() in calendar.days
        and local.date() not in calendar.holidays
        and calendar.start <= local.time().replace(tzinfo=None) <= calendar.end
    )


@hypothesis_settings(deadline=None)
@given(calendars(), instants, amounts)
def test_the_result_is_a_working_moment_and_the_count_is_exact(
    calendar: Calendar, start: datetime, minutes: int
) -> None:
    due = add_working_minutes(start, minutes, calendar)
    assert is_working_moment(due, calendar)
    assert working_minutes_between(start, due, calendar) == minutes
    # Working time never runs faster than real time (deadlines_check's query relies on it).
    assert due >= start + timedelta(minutes=minutes)


@hypothesis_settings(deadline=None)
@given(calendars(), instants, amounts, amounts)
def test_monotonic_in_the_amount_and_adding_in_two_steps_is_adding_once(
    calendar: Calendar, start: datetime, first: int, second: int
) -> None:
    once = add_working_minutes(start, first + second, calendar)
    assert (
        add_working_minutes(add_working_minutes(start, first, calendar), second, calendar) == once
    )
    assert add_working_minutes(start, first, calendar) <= once


@hypothesis_settings(deadline=None)
@given(calendars(), instants, st.integers(0, 5 * 24 * 60), amounts)
def test_monotonic_in_the_start(
    calendar: Calendar, start: datetime, later_by: int, minutes: int
) -> None:
    later = start + timedelta(minutes=later_by)
    assert add_working_minutes(start, minutes, calendar) <= add_working_minutes(
        later, minutes, calendar
    )
    assert working_minutes_between(start, later, calendar) <= later_by


@hypothesis_settings(deadline=None)
@given(calendars(), instants)
def test_the_next_working_moment_is_the_earliest(calendar: Calendar, start: datetime) -> None:
    moment = next_working_moment(start, calendar)
    assert moment >= start
    assert is_working_moment(moment, calendar)
    assert working_minutes_between(start, moment, calendar) == 0
    assert is_working_moment(start, calendar) == (moment == start)


def test_a_calendar_day_length() -> None:
    assert UTC_CAL.day_minutes == DAY
    assert calendar_from({**OFFICE, "start": "08:30", "end": "12:00"}).day_minutes == 210
    assert UTC_CAL.start == time(9, 0)
