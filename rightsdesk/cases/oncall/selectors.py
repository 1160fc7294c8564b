"""Reads of the rota: who is on duty when, where nobody is, and who is paged.

Shifts are stored in UTC (`OnCallShift`) and shown to each person in their own zone
(`User.time_zone`). `on_duty` is what the deadline clock pages and what names a crisis's incident
lead; the crisis service and the deadline clock both read it here. The team lead is not a rota
role: it is every active admin. Writes (admins only, audited) are in `services.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from rightsdesk.accounts.models import User
from rightsdesk.cases.models import OnCallShift

ON_CALL = OnCallShift.Role.ON_CALL

LEAD = OnCallShift.Role.LEAD

TEAM_LEAD = "team_lead"

PAGEABLE = (str(ON_CALL), str(LEAD), TEAM_LEAD)  # whom a deadline step may page

SCHEDULE_DAYS = 14  # how far ahead the rota page lists shifts

GAP_DAYS = 7  # how far ahead holes in the on-call cover are flagged


def on_duty(role: str, now: datetime) -> QuerySet[User]:
    """Who holds `role` at `now` by the rota; the team lead is every active admin."""
    if role == TEAM_LEAD:
        return User.objects.filter(role=User.Role.ADMIN, is_active=True)
    return User.objects.filter(
        oncall_shifts__role=role,
        oncall_shifts__starts_at__lte=now,
        oncall_shifts__ends_at__gt=now,
        is_active=True,
    ).distinct()


def shifts_between(start: datetime, end: datetime) -> QuerySet[OnCallShift]:
    """Shifts overlapping [start, end), earliest first, with their person."""
    return (
        OnCallShift.objects.filter(starts_at__lt=end, ends_at__gt=start)
        .select_related("user")
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class Gap:
    starts_at: datetime
    ends_at: datetime


def cover_gaps(
    shifts: Iterable[OnCallShift], start: datetime, end: datetime, role: str = ON_CALL
) -> list[Gap]:
    """The stretches of [start, end) when nobody active holds `role` (pure: no query)."""
    covered = sorted(
        (max(s.starts_at, start), min(s.ends_at, end))
        for s in shifts
        if s.role == role and s.user.is_active and s.ends_at > start and s.starts_at < end
    )
    gaps: list[Gap] = []
    reached = start
    for begins, ends in covered:
        if begins > reached:
            gaps.append(Gap(reached, begins))
        reached = max(reached, ends)
    if reached < end:
        gaps.append(Gap(reached, end))
    return gaps


@dataclass(frozen=True)
class RotaBoard:
    """What the rota page shows: who holds each role now, the coming shifts, the holes."""

    on_call: list[User]
    leads: list[User]
    team_leads: list[User]
    shifts: list[OnCallShift]
    gaps: list[Gap]
    gap_until: datetime


def rota_board(now: datetime) -> RotaBoard:
    shifts = list(shifts_between(now, now + timedelta(days=SCHEDULE_DAYS)))
    gap_until = now + timedelta(days=GAP_DAYS)
    return RotaBoard(
        on_call=list(on_duty(ON_CALL, now).order_by("username")),
        leads=list(on_duty(LEAD, now).order_by("username")),
        team_leads=list(on_duty(TEAM_LEAD, now).order_by("username")),
        shifts=shifts,
        gaps=cover_gaps(shifts, now, gap_until),
        gap_until=gap_until,
    )
