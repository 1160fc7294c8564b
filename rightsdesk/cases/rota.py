"""The on-call rota: who is on duty when, where nobody is, and the admins' edits of it.

Shifts are stored in UTC (`OnCallShift`) and shown to each person in their own zone
(`User.time_zone`). `on_duty` is what the deadline clock pages and what names a crisis's incident
lead; it lives here so that crisis.py and deadlines.py both use it without importing each other.
The team lead is not a rota role: it is every active admin.

Writes are atomic and audited. `shift_add` and `shift_remove` check that the actor is an admin
(the views refuse earlier; this is the second lock); `time_zone_set` lets a person set their own
zone and an admin anyone's. Refusals raise `RotaRefused` with a translated message to show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.models import OnCallShift
from rightsdesk.cases.workhours import known_zones
from rightsdesk.core.refusals import Refused

ON_CALL = OnCallShift.Role.ON_CALL
LEAD = OnCallShift.Role.LEAD
TEAM_LEAD = "team_lead"
PAGEABLE = (str(ON_CALL), str(LEAD), TEAM_LEAD)  # whom a deadline step may page

MAX_SHIFT = timedelta(days=7)
SCHEDULE_DAYS = 14  # how far ahead the rota page lists shifts
GAP_DAYS = 7  # how far ahead holes in the on-call cover are flagged


class RotaRefused(Refused):
    """A refused rota edit; nothing was saved. The message is translated and safe to show."""


def is_admin(user: User) -> bool:
    return user.is_active and user.role == User.Role.ADMIN


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


def shift_add(
    *, person: User, role: str, starts_at: datetime, ends_at: datetime, actor: User
) -> OnCallShift:
    """Put `person` on the rota. Raises PermissionDenied (not an admin) or RotaRefused."""
    if not is_admin(actor):
        raise PermissionDenied
    if role not in (ON_CALL, LEAD):
        raise RotaRefused(_("Choose on-call handler or on-call lead."))
    if ends_at <= starts_at:
        raise RotaRefused(_("A shift must end after it starts."))
    if ends_at - starts_at > MAX_SHIFT:
        raise RotaRefused(_("A shift can last at most 7 days. Add several shifts instead."))
    if not person.is_active:
        raise RotaRefused(
            _("%(name)s is not active: choose an active team member.") % {"name": person.username}
        )
    with transaction.atomic():
        shift = OnCallShift.objects.create(
            user=person, role=role, starts_at=starts_at, ends_at=ends_at
        )
        audit_record(
            actor=actor_label(actor),
            action="rota.shift.add",
            target_type="shift",
            target_id=shift.pk,
        )
    return shift


def shift_remove(*, shift: OnCallShift, actor: User) -> None:
    """Take a shift off the rota. Raises PermissionDenied when `actor` is not an admin."""
    if not is_admin(actor):
        raise PermissionDenied
    with transaction.atomic():
        target = shift.pk
        shift.delete()
        audit_record(
            actor=actor_label(actor),
            action="rota.shift.remove",
            target_type="shift",
            target_id=target,
        )


def time_zone_set(*, user: User, zone: str, actor: User) -> None:
    """Set the zone `user`'s times are shown in: their own choice, or an admin's."""
    if actor.pk != user.pk and not is_admin(actor):
        raise PermissionDenied
    if zone not in known_zones():
        raise RotaRefused(_("Unknown time zone: choose one from the list, e.g. Europe/Berlin."))
    with transaction.atomic():
        user.time_zone = zone
        user.save(update_fields=["time_zone"])
        # The zone itself is left out of the log: where a person lives is not the log's business.
        audit_record(
            actor=actor_label(actor),
            action="account.time_zone",
            target_type="user",
            target_id=user.pk,
        )
