"""Acknowledgement deadlines, escalation and pages (the crisis clock).

Each priority has an acknowledgement deadline and escalation steps (settings.RIGHTSDESK_DEADLINES,
defaults from the issue: P1 15 minutes, escalated to the on-call lead at 15 and to the team lead at
30; P2 2 hours; P3 one day; P4 three days). A P1 pages the on-call handler at once. Pages are mail
with no case content ("a P1 case needs you: log in"). `deadlines_check(now)` is run by the worker
every few seconds (`rightsdesk cases watch`); it takes `now` so tests drive a controllable clock.
Every deadline met or missed, and every page, is recorded for reporting.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import audit_record
from rightsdesk.cases.models import Case, DeadlineEvent, OnCallShift

ROLE_ON_CALL = OnCallShift.Role.ON_CALL
ROLE_LEAD = OnCallShift.Role.LEAD


def _config(priority: str) -> dict[str, Any]:
    table = cast(dict[str, dict[str, Any]], settings.RIGHTSDESK_DEADLINES)
    return table.get(priority, {})


def _ack_minutes(priority: str) -> int:
    return int(_config(priority)["ack_minutes"])


def _steps(priority: str) -> list[tuple[int, str]]:
    config = _config(priority)
    return [(int(minutes), str(role)) for minutes, role in config.get("escalate", [])]


def ack_due(priority: str, received: datetime) -> datetime:
    return received + timedelta(minutes=_ack_minutes(priority))


def on_duty(role: str, now: datetime) -> QuerySet[User]:
    """Who holds `role` at `now` by the rota; the team lead is every active admin."""
    if role == "team_lead":
        return User.objects.filter(role=User.Role.ADMIN, is_active=True)
    return User.objects.filter(
        oncall_shifts__role=role,
        oncall_shifts__starts_at__lte=now,
        oncall_shifts__ends_at__gt=now,
        is_active=True,
    ).distinct()


def page(*, case: Case, role: str, now: datetime) -> int:
    """Mail everyone on duty in `role` that `case` needs them; returns how many were paged."""
    people = [u for u in on_duty(role, now) if u.email]
    subject = _("A %(priority)s case needs you") % {"priority": case.priority or "new"}
    body = _("A %(priority)s case needs you: log in to rightsdesk.") % {
        "priority": case.priority or "new"
    }
    for person in people:
        send_mail(subject, body, None, [person.email])
    DeadlineEvent.objects.create(case=case, kind=f"page.{role}", at=now, count=len(people))
    audit_record(
        actor="system:deadlines",
        action=f"case.page.{role}",
        target_type="case",
        target_id=case.number,
    )
    return len(people)


def deadlines_check(now: datetime) -> list[str]:
    """Page, escalate and record missed deadlines due at `now`; returns what was done."""
    done: list[str] = []
    open_cases = Case.objects.filter(acknowledged_at__isnull=True, ack_due__isnull=False)
    for case in open_cases:
        due = case.ack_due
        if due is None or case.priority not in settings.RIGHTSDESK_DEADLINES:
            continue
        steps = _steps(case.priority)
        received = due - timedelta(minutes=_ack_minutes(case.priority))
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if locked.acknowledged_at is not None:
                continue
            if locked.escalation_level == 0 and case.priority == "P1":
                from rightsdesk.cases.crisis import crisis_open  # noqa: PLC0415 - crisis imports this module

                crisis_open(case=locked, now=now, actor="system:deadlines")
                page(case=locked, role=ROLE_ON_CALL, now=now)
                locked.escalation_level = 1
                done.append(f"{case.number}: paged on-call")
            if (
                now >= due
                and not DeadlineEvent.objects.filter(case=locked, kind="ack.missed").exists()
            ):
                DeadlineEvent.objects.create(case=locked, kind="ack.missed", at=now)
                done.append(f"{case.number}: acknowledgement missed")
            for index, (minutes, role) in enumerate(steps, start=2):
                if locked.escalation_level < index and now >= received + timedelta(minutes=minutes):
                    page(case=locked, role=role, now=now)
                    locked.escalation_level = index
                    done.append(f"{case.number}: escalated to {role}")
            locked.save(update_fields=["escalation_level"])
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
