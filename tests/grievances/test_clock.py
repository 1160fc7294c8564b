"""An overdue stage escalates on a controllable clock, through the case deadline round."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.oncall.tasks import clocks_round
from rightsdesk.grievances.clock import grievance_clock
from rightsdesk.grievances.models import Appeal, ClockEvent, Grievance
from rightsdesk.grievances.services import grievance_move
from rightsdesk.grievances.stages import Move
from tests.factories import StaffAccount, grievance_filed, staff_account


def test_an_overdue_stage_escalates_once_per_level(
    gina: StaffAccount, django_capture_on_commit_callbacks: Any
) -> None:
    User.objects.filter(pk=gina.user.pk).update(email="gina@example.org")
    admin = staff_account(username="ada", role=User.Role.ADMIN)
    User.objects.filter(pk=admin.user.pk).update(email="ada@example.org")
    grievance = grievance_filed().grievance
    due = grievance.stage_due
    assert due is not None
    assert clocks_round(due - timedelta(minutes=1)) == []
    assert not ClockEvent.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = clocks_round(due)
    assert done == [f"{grievance.number}: stage received overdue (level 1)"]
    assert [m.to for m in mail.outbox] == [["gina@example.org"]]
    assert grievance.number not in mail.outbox[0].body  # no content, not even the number
    assert clocks_round(due + timedelta(hours=1)) == []  # once per level

    # "Received" allows 2 days: level 2 (the administrators) one day after the due date.
    with django_capture_on_commit_callbacks(execute=True):
        second = clocks_round(due + timedelta(days=1))
    assert second == [f"{grievance.number}: stage received overdue (level 2)"]
    assert mail.outbox[-1].to == ["ada@example.org"]
    assert list(ClockEvent.objects.values_list("kind", "level")) == [
        ("stage.overdue", 1),
        ("stage.overdue", 2),
    ]
    assert AuditEntry.objects.filter(action__startswith="grievance.stage.overdue").count() == 2


def test_a_move_restarts_the_clock(gina: StaffAccount) -> None:
    grievance = grievance_filed().grievance
    assert grievance.stage_due is not None
    late = grievance.stage_due + timedelta(hours=2)
    clocks_round(late)
    grievance_move(
        grievance=grievance,
        move=Move("acknowledged"),
        from_stage="received",
        actor=gina.user,
        now=late,
    )
    grievance.refresh_from_db()
    assert grievance.escalation_level == 0
    assert grievance.stage_due == late + timedelta(days=5)
    assert grievance.moves.get().on_time is False  # the stage it left ended late
    assert clocks_round(late + timedelta(days=4)) == []


def test_a_closed_grievance_never_escalates(gina: StaffAccount) -> None:
    grievance = grievance_filed().grievance
    Grievance.objects.filter(pk=grievance.pk).update(stage="closed", stage_due=None)
    assert clocks_round(timezone.now() + timedelta(days=400)) == []


def test_a_quiet_round_is_one_read(gina: StaffAccount) -> None:
    grievance = grievance_filed().grievance
    assert grievance.stage_due is not None
    with CaptureQueriesContext(connection) as queries:
        assert grievance_clock(grievance.stage_due - timedelta(seconds=1)) == []
    assert len(queries) == 1


def test_an_overdue_appeal_review_escalates(gina: StaffAccount, rafael: StaffAccount) -> None:
    grievance = grievance_filed().grievance
    Grievance.objects.filter(pk=grievance.pk).update(stage="closed", stage_due=None)
    Appeal.objects.create(
        uid=uuid.uuid4(),
        grievance=grievance,
        filed_on=date(2026, 11, 1),
        due=datetime(2026, 12, 1, tzinfo=UTC),
        grounds=b"x",
    )
    assert grievance_clock(datetime(2026, 11, 30, tzinfo=UTC)) == []
    assert grievance_clock(datetime(2026, 12, 1, tzinfo=UTC)) == [
        f"{grievance.number}: appeal review overdue"
    ]
    assert grievance_clock(datetime(2026, 12, 9, tzinfo=UTC)) == []
