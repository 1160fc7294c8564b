"""What the demand services share: the refusals, the audit line, the stale check, the facts the
rules read."""

from __future__ import annotations

from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.core.refusals import Refused
from rightsdesk.demands import rules
from rightsdesk.demands.models import Demand
from rightsdesk.demands.selectors import may_handle


class DemandRefused(Refused):
    """A step on a demand that cannot be taken (400 "demand_refused"); nothing changed."""

    code = "demand_refused"


class DemandStale(DemandRefused):
    """The demand changed since the page was shown (409 "demand_stale")."""

    status = 409
    code = "demand_stale"
    keeps_input = False


def check_version(current: int, seen: int | None) -> None:
    if seen is not None and seen != current:
        raise DemandStale(_("This changed while you were looking at it. Here it is as it is now."))


def require_handler(user: User) -> None:
    if not may_handle(user):
        raise DemandRefused(_("Only a team member allowed to handle demands can do this."))


def refuse(code: str) -> DemandRefused:
    """The refusal for a rule's code (rightsdesk.demands.rules.MESSAGES)."""
    return DemandRefused(str(rules.MESSAGES[code]))


def audit(demand: Demand, action: str, actor: User | None, *, detail: str = "") -> None:
    """One audit line about a demand (`detail` is a code or a row uid, never content)."""
    target = f"{demand.pk}:{detail}" if detail else str(demand.uid)
    audit_record(
        actor=actor_label(actor, system="demands"),
        action=f"demands.{action}",
        target_type="demand",
        target_id=target[:64],
    )


def facts_of(demand: Demand) -> rules.Facts:
    """The clear metadata the rules read, from the database as it is now."""
    return rules.Facts(
        state=demand.state,
        instrument=demand.instrument,
        has_laws=demand.has_laws,
        review=dict(demand.review.values_list("item", "verdict")),
        approvals=dict(demand.approvals.values_list("reviewer_id", "decision")),
        decision=demand.decision,
        fast_path=demand.fast_path,
        notify=demand.notify,
        delay_reason=demand.delay_reason,
        notify_review_on=demand.notify_review_on,
        user_notified=demand.user_notified_at is not None,
        emergency_reviewed=demand.emergency_reviewed_at is not None,
    )
