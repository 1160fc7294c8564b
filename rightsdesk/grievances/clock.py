"""The grievance clock: overdue stages and appeal reviews escalate.

Run in every round of the case deadline clock (`deadlines.register_clock`, from this app's
AppConfig.ready), so `rightsdesk cases watch` and the `check_deadlines` task keep it; it takes
`now`, so tests drive it with a controllable clock. A stage past its limit is escalated to the
handlers who can read the grievance (level 1); past half its limit again, to the administrators
(level 2). An appeal review past its due date is escalated to its reviewers. Each escalation is a
`ClockEvent` and an audit entry; the mail, sent after the commit, carries no content.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from smtplib import SMTPException

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import audit_record
from rightsdesk.cases.oncall.pages import page_mailer
from rightsdesk.grievances import stages
from rightsdesk.grievances.models import Appeal, ClockEvent, Grievance, GrievanceWrap
from rightsdesk.grievances.vocabulary import Stage

ACTOR = "system:grievance-clock"
log = logging.getLogger(__name__)


def _readers(grievance: Grievance) -> list[int]:
    wraps = GrievanceWrap.objects.filter(grievance=grievance, kind=GrievanceWrap.Kind.USER)
    return list(
        wraps.exclude(user__grievance_recusals__grievance=grievance).values_list(
            "user_id", flat=True
        )
    )


def _admins() -> list[int]:
    return list(
        User.objects.filter(role=User.Role.ADMIN, is_active=True).values_list("pk", flat=True)
    )


def _escalate(
    grievance: Grievance, kind: str, level: int, people: list[int], now: datetime
) -> None:
    ClockEvent.objects.create(
        grievance=grievance, kind=kind, stage=grievance.stage, level=level, at=now
    )
    audit_record(
        actor=ACTOR,
        action=f"grievance.{kind}.{level}",
        target_type="grievance",
        target_id=grievance.number,
    )
    if people:
        transaction.on_commit(partial(send_escalation.enqueue, user_ids=people), robust=True)


def due_grievances(now: datetime) -> list[int]:
    """The grievances with a stage or an appeal review to escalate at `now`: one query, no lock,
    so a quiet round of the clock costs one read."""
    stage_due = Q(stage_due__lte=now, escalation_level__lt=2) & ~Q(stage=Stage.CLOSED)
    appeal_due = Q(
        appeal__decided_at__isnull=True, appeal__due__lte=now, appeal__escalation_level=0
    )
    return list(Grievance.objects.filter(stage_due | appeal_due).values_list("pk", flat=True))


def _stage(pk: int, now: datetime) -> list[str]:
    grievance = Grievance.objects.select_for_update().filter(pk=pk).first()
    if grievance is None or grievance.stage == Stage.CLOSED:
        return []
    level = stages.escalation_level(grievance.stage_due, grievance.stage, now)
    if level <= grievance.escalation_level:
        return []
    grievance.escalation_level = level
    grievance.save(update_fields=["escalation_level"])
    people = _readers(grievance) if level == 1 else _admins()
    _escalate(grievance, "stage.overdue", level, people, now)
    return [f"{grievance.number}: stage {grievance.stage} overdue (level {level})"]


def _appeal(pk: int, now: datetime) -> list[str]:
    appeal = (
        Appeal.objects.select_for_update()
        .filter(grievance_id=pk, decided_at__isnull=True, due__lte=now, escalation_level=0)
        .select_related("grievance")
        .first()
    )
    if appeal is None:
        return []
    appeal.escalation_level = 1
    appeal.save(update_fields=["escalation_level"])
    grievance = appeal.grievance
    _escalate(grievance, "appeal.overdue", 1, _readers(grievance) + _admins(), now)
    return [f"{grievance.number}: appeal review overdue"]


def grievance_clock(now: datetime) -> list[str]:
    """Escalate every stage and appeal review overdue at `now`; returns what was done."""
    done: list[str] = []
    for pk in due_grievances(now):
        with transaction.atomic():
            done.extend(_stage(pk, now))
            done.extend(_appeal(pk, now))
    return done


def deliver_escalation(user_ids: Sequence[int]) -> int:
    """Mail each person that a grievance needs them (no number, no content); returns how many
    the mail server accepted. A failure is logged without an address and does not stop the
    others."""
    subject = _("A grievance needs you")
    body = _("A grievance stage is overdue: log in to rightsdesk.")
    mailer = page_mailer()
    reached = 0
    for person in User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(email=""):
        try:
            sent = mailer.send_messages([EmailMessage(subject, body, None, [person.email])])
        except (SMTPException, OSError):
            log.error("grievance escalation mail to user %s failed", person.pk)
            continue
        reached += 1 if sent else 0
    return reached


@task
def send_escalation(user_ids: list[int]) -> int:
    """The mail of one escalation, sent by the worker after the clock's transaction commits."""
    return deliver_escalation(user_ids)
