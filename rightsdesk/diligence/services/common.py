"""What the due-diligence services share: the refusals, the audit line, the stale check, the
review date arithmetic."""

from __future__ import annotations

import calendar
from datetime import date

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.refusals import Refused
from rightsdesk.diligence.models import Assessment


class DiligenceRefused(Refused):
    """A due-diligence step that cannot be taken (400 "diligence_refused"); nothing changed."""

    code = "diligence_refused"


class DiligenceStale(DiligenceRefused):
    """The record changed since the page was shown (409 "diligence_stale")."""

    status = 409
    code = "diligence_stale"
    keeps_input = False


def check_version(current: int, seen: int | None) -> None:
    if seen is not None and seen != current:
        raise DiligenceStale(
            _("This changed while you were looking at it. Here it is as it is now.")
        )


def audit(assessment: Assessment, action: str, actor: User | None, *, detail: str = "") -> None:
    """One audit line about an assessment (or something in it: `detail` is a row uid, never
    content)."""
    # The audit log's target id holds 64 characters: a row inside names the assessment by its
    # number, not a second uid.
    target = f"{assessment.pk}:{detail}" if detail else str(assessment.uid)
    audit_record(
        actor=actor_label(actor, system="diligence"),
        action=f"diligence.{action}",
        target_type="assessment",
        target_id=target,
    )


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, on the last day of a shorter month."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def require_team(user: User) -> None:
    if not (user.is_active and user.is_team):
        raise DiligenceRefused(_("Only an active member of the team can do this."))
