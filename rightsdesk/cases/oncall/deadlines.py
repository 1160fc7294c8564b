"""Acknowledgement deadlines, escalation and pages (the crisis clock).

Each priority has an acknowledgement deadline and escalation steps (`vocabulary.DEADLINE_DEFAULTS`,
or settings.RIGHTSDESK_DEADLINES where a deployment sets one;
defaults from the issue: P1 15 minutes, escalated to the on-call lead at 15 and to the team lead at
30; P2 2 hours; P3 one working day; P4 three working days). P1 and P2 run on the wall clock; P3
and P4 in the team's working hours (`workhours.py`), with their escalation steps also
in working time. A P1 pages the on-call handler at once. Pages are mail with no case content ("a
P1 case needs you: log in"), recorded here and sent after the commit (`pages.py`). Who is paged
comes from the rota (`selectors.py`).

`deadlines_check(now)` is run by the worker every few seconds (`rightsdesk cases watch`); it takes
`now` so tests drive a controllable clock. One query finds the cases with something due; only
those are locked and written. Every deadline met or missed, and every page, is recorded.

Only `ack_due` is stored, not the arrival minute (which, for a working-time priority, cannot be
recovered from it: a report on Friday night and one on Monday at 09:00 are both due on Monday at
17:00). So every escalation step is computed from the deadline: wall-clock steps as an offset from
it, working-time steps as working minutes after it, which is why those must not come before it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from rightsdesk.accounts.models import User
from rightsdesk.cases.crisis.services import crisis_open
from rightsdesk.cases.models import Case, DeadlineEvent
from rightsdesk.cases.oncall.pages import page
from rightsdesk.cases.oncall.selectors import ON_CALL, PAGEABLE
from rightsdesk.cases.oncall.workhours import (
    Calendar,
    CalendarError,
    add_working_minutes,
    calendar_from,
    team_calendar,
)
from rightsdesk.cases.vocabulary import DEADLINE_DEFAULTS, Priority

MISSED = "ack.missed"

PRIORITIES = tuple(Priority.values)

MAX_MINUTES = 30 * 24 * 60  # wall-clock deadlines and steps: at most 30 days

MAX_WORKING_DAYS = 250  # about a year of working days

# The defaults, used only while the settings are unusable (see `clock`).
DEFAULT_HOURS = {"time_zone": "UTC", "days": [0, 1, 2, 3, 4], "start": "09:00", "end": "17:00"}

DEFAULT_DEADLINES = DEADLINE_DEFAULTS

log = logging.getLogger(__name__)


class DeadlineConfigError(ValueError):
    """RIGHTSDESK_DEADLINES cannot be used (the message says which priority and why)."""


@dataclass(frozen=True)
class Rule:
    """One priority's clock: minutes to acknowledge and escalation steps (minutes after arrival,
    who is paged), both on the wall clock or both in working minutes."""

    ack: int
    steps: tuple[tuple[int, str], ...]
    working: bool

    def due(self, received: datetime, calendar: Calendar) -> datetime:
        if self.working:
            return add_working_minutes(received, self.ack, calendar)
        return received + timedelta(minutes=self.ack)

    def step_at(self, due: datetime, minutes: int, calendar: Calendar) -> datetime:
        """When the step `minutes` after arrival falls, computed from the deadline `due`."""
        if self.working:
            return add_working_minutes(due, minutes - self.ack, calendar)
        return due + timedelta(minutes=minutes - self.ack)


def _number(value: object, what: str, limit: int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= limit:
        raise DeadlineConfigError(f"{what} must be a number above 0, at most {limit}: {value!r}")
    return float(value)


def _steps(raw: object, what: str, limit: int) -> list[tuple[float, str]]:
    if not isinstance(raw, list | tuple):
        raise DeadlineConfigError(f"{what} must be a list of (time, who) pairs")
    steps = []
    for entry in raw:
        if not isinstance(entry, list | tuple) or len(entry) != 2 or entry[1] not in PAGEABLE:
            raise DeadlineConfigError(f"{what}: {entry!r} is not (time, one of {PAGEABLE})")
        steps.append((_number(entry[0], what, limit), str(entry[1])))
    # Out of order, a later step would raise the level past an earlier one, which then never pages.
    if [at for at, _who in steps] != sorted(at for at, _who in steps):
        raise DeadlineConfigError(f"{what}: steps must be in order of time")
    return steps


def rule_from(priority: str, entry: Mapping[str, object], calendar: Calendar) -> Rule:
    """Parse one priority's entry; raises DeadlineConfigError saying what is wrong."""
    wall, working = "ack_minutes" in entry, "ack_working_days" in entry
    if wall == working:
        raise DeadlineConfigError(f"{priority}: give either ack_minutes or ack_working_days")
    if wall:
        if "escalate_working_days" in entry:
            raise DeadlineConfigError(f"{priority}: wall-clock steps go in escalate")
        ack = round(_number(entry["ack_minutes"], f"{priority} ack_minutes", MAX_MINUTES))
        steps = _steps(entry.get("escalate", []), f"{priority} escalate", MAX_MINUTES)
        return Rule(ack=ack, steps=tuple((round(m), who) for m, who in steps), working=False)
    if "escalate" in entry:
        raise DeadlineConfigError(f"{priority}: working-day steps go in escalate_working_days")
    day = calendar.day_minutes
    days = _number(entry["ack_working_days"], f"{priority} ack_working_days", MAX_WORKING_DAYS)
    steps = _steps(
        entry.get("escalate_working_days", []),
        f"{priority} escalate_working_days",
        MAX_WORKING_DAYS,
    )
    if any(at < days for at, _who in steps):
        raise DeadlineConfigError(
            f"{priority}: working-day escalation steps must be at or after the deadline"
        )
    return Rule(
        ack=round(days * day),
        steps=tuple((round(at * day), who) for at, who in steps),
        working=True,
    )


def rules(calendar: Calendar, table: object = None) -> dict[str, Rule]:
    """Every priority's rule from `table` (default: settings.RIGHTSDESK_DEADLINES if a deployment
    sets it, else `DEADLINE_DEFAULTS`)."""
    if table is None:
        table = getattr(settings, "RIGHTSDESK_DEADLINES", DEADLINE_DEFAULTS)
    if not isinstance(table, Mapping):
        raise DeadlineConfigError("must be a dict from priority to its deadline")
    missing = [priority for priority in PRIORITIES if priority not in table]
    if missing:
        raise DeadlineConfigError(f"no deadline for {', '.join(missing)}")
    parsed = {}
    for priority, entry in table.items():
        if not isinstance(entry, Mapping):
            raise DeadlineConfigError(f"{priority}: must be a dict")
        parsed[str(priority)] = rule_from(str(priority), entry, calendar)
    return parsed


def config_problems() -> list[str]:
    """What is wrong with RIGHTSDESK_WORKING_HOURS and RIGHTSDESK_DEADLINES (for the check)."""
    try:
        calendar = team_calendar()
    except CalendarError as error:
        return [f"RIGHTSDESK_WORKING_HOURS: {error}"]
    try:
        rules(calendar)
    except DeadlineConfigError as error:
        return [f"RIGHTSDESK_DEADLINES: {error}"]
    return []


def clock() -> tuple[Calendar, dict[str, Rule]]:
    """The calendar and the rules in force.

    The startup check refuses broken settings, but a server can start without running it. Then
    the issue's defaults apply and an error is logged: a typo must never make a report fail to
    submit or leave a P1 unpaged.
    """
    try:
        calendar = team_calendar()
        return calendar, rules(calendar)
    except (CalendarError, DeadlineConfigError) as error:
        log.error("deadline settings unusable, using the built-in defaults: %s", error)
        calendar = calendar_from(DEFAULT_HOURS)
        return calendar, rules(calendar, DEFAULT_DEADLINES)


def ack_due(priority: str, received: datetime) -> datetime:
    """When a case of `priority` (P1 to P4) arriving at `received` must be acknowledged."""
    calendar, table = clock()
    return table[priority].due(received, calendar)


@dataclass(frozen=True)
class Due:
    """What is due on one case at one instant."""

    page_on_call: bool
    record_missed: bool
    steps: tuple[tuple[int, str], ...]  # (escalation level reached, who is paged)

    def __bool__(self) -> bool:
        return self.page_on_call or self.record_missed or bool(self.steps)


def due_now(
    *,
    priority: str,
    due: datetime,
    level: int,
    missed: bool,
    rule: Rule,
    calendar: Calendar,
    now: datetime,
) -> Due:
    """Pure: what `deadlines_check` must do now for a case in this state.

    Levels: 0 nothing paged yet, 1 the on-call handler paged (P1 on arrival), 2 and up the
    escalation steps in order.
    """
    return Due(
        page_on_call=level == 0 and priority == "P1",
        record_missed=now >= due and not missed,
        steps=tuple(
            (index, role)
            for index, (minutes, role) in enumerate(rule.steps, start=2)
            if level < index and now >= rule.step_at(due, minutes, calendar)
        ),
    )


def due_candidates(now: datetime, table: Mapping[str, Rule]) -> Iterable[Mapping[str, Any]]:
    """Unacknowledged cases that may have something due at `now`, in one query, no lock.

    Exact on the wall clock. For a working-time step the bound is the wall time it would take if
    every minute were a working one (working time never runs faster), so it can let through a
    case whose step falls after a night or a weekend; `due_now` sorts those out before any lock.
    """
    something = Q(ack_due__lte=now, has_missed=False)
    if "P1" in table:
        something |= Q(priority="P1", escalation_level=0)
    for priority, rule in table.items():
        for index, (minutes, _role) in enumerate(rule.steps, start=2):
            something |= Q(
                priority=priority,
                escalation_level__lt=index,
                ack_due__lte=now - timedelta(minutes=minutes - rule.ack),
            )
    missed = DeadlineEvent.objects.filter(case=OuterRef("pk"), kind=MISSED)
    return (
        Case.objects.filter(
            acknowledged_at__isnull=True, ack_due__isnull=False, priority__in=list(table)
        )
        .annotate(has_missed=Exists(missed))
        .filter(something)
        .order_by("ack_due", "pk")
        .values("pk", "priority", "ack_due", "escalation_level", "has_missed")
    )


# Other apps' clocks that run in the same round (the grievance procedure registers its own in its
# AppConfig.ready): each takes `now` and returns what it did, like `deadlines_check`.
_CLOCKS: list[Callable[[datetime], list[str]]] = []


def register_clock(check: Callable[[datetime], list[str]]) -> None:
    """Run `check(now)` after the case deadlines in every round (once, however often called)."""
    if check not in _CLOCKS:
        _CLOCKS.append(check)


def deadlines_check(now: datetime) -> list[str]:
    """Page, escalate and record missed deadlines due at `now`, then run the registered clocks;
    returns what was done."""
    calendar, table = clock()
    done: list[str] = []
    for row in list(due_candidates(now, table)):
        pending = due_now(
            priority=row["priority"],
            due=row["ack_due"],
            level=row["escalation_level"],
            missed=row["has_missed"],
            rule=table[row["priority"]],
            calendar=calendar,
            now=now,
        )
        if pending:
            with transaction.atomic():
                done.extend(_act(row["pk"], now, table, calendar))
    for check in _CLOCKS:
        done.extend(check(now))
    return done


def _act(pk: int, now: datetime, table: Mapping[str, Rule], calendar: Calendar) -> list[str]:
    """Lock one case, re-read its state and do what is due. Call inside a transaction."""
    case = Case.objects.select_for_update().filter(pk=pk).first()
    if case is None or case.acknowledged_at is not None or case.ack_due is None:
        return []  # deleted or acknowledged meanwhile
    if case.priority not in table:
        return []
    todo = due_now(
        priority=case.priority,
        due=case.ack_due,
        level=case.escalation_level,
        missed=DeadlineEvent.objects.filter(case=case, kind=MISSED).exists(),
        rule=table[case.priority],
        calendar=calendar,
        now=now,
    )
    done: list[str] = []
    level = case.escalation_level
    if todo.page_on_call:
        crisis_open(case=case, now=now, actor="system:deadlines")
        page(case=case, role=ON_CALL, now=now)
        level = 1
        done.append(f"{case.number}: paged on-call")
    if todo.record_missed:
        DeadlineEvent.objects.create(case=case, kind=MISSED, at=now)
        done.append(f"{case.number}: acknowledgement missed")
    for index, role in todo.steps:
        page(case=case, role=role, now=now)
        level = index
        done.append(f"{case.number}: escalated to {role}")
    if level != case.escalation_level:
        case.escalation_level = level
        case.save(update_fields=["escalation_level"])
    return done


def acknowledge(*, case: Case, actor: User, now: datetime) -> None:
    """Record the acknowledgement and whether it met its deadline; stops escalation."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.acknowledged_at is not None:
            return
        locked.acknowledged_at = now
        locked.save(update_fields=["acknowledged_at"])
        met = locked.ack_due is None or now <= locked.ack_due
        DeadlineEvent.objects.create(case=locked, kind="ack.met" if met else "ack.late", at=now)
    case.acknowledged_at = now
