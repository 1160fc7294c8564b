"""Editing a case's metadata (status, priority, assignee, labels) without losing a write.

Two handlers who open the same case and both change it must not silently overwrite each other:
every edit names the `version` it was made from, and is applied only if the case is still at that
version (one conditional UPDATE, so the check and the write are one step in the database). A stale
edit raises `StaleEdit`; the caller reloads and shows the current state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases.content import seal_priority_reason
from rightsdesk.cases.crisis.services import crisis_open, lead_needing_access
from rightsdesk.cases.grants import GrantRefused, grant_with_step
from rightsdesk.cases.models import Case
from rightsdesk.cases.oncall.deadlines import ack_due, acknowledge
from rightsdesk.cases.oncall.tasks import check_deadlines
from rightsdesk.cases.selectors import may_read
from rightsdesk.cases.vocabulary import Priority, Status
from rightsdesk.core.refusals import Refused

LABEL = re.compile(r"^[\w.-]{1,40}$")
MAX_LABELS = 10
MAX_REASON = 300  # characters of the reason given with a priority (the form says the same)


class EditRefused(Refused):
    """An edit that breaks a rule; answered 400 ("refused") on the page and in the API."""


class StaleEdit(EditRefused):
    """Someone changed the case since the version the edit was made from: 409 ("stale")."""

    status = 409
    code = "stale"
    keeps_input = False


@dataclass
class CaseEdit:
    """What to change; None leaves a field as it is."""

    version: int
    status: str | None = None
    priority: str | None = None
    reason: str = ""
    assignee: User | None = None
    unassign: bool = False
    labels: list[str] | None = None
    changed: list[str] = field(default_factory=list)


def _validate(case: Case, edit: CaseEdit, case_key: PrivateKey | None) -> dict[str, object]:
    values: dict[str, object] = {}
    if edit.status is not None:
        if edit.status not in Status.values:
            raise EditRefused(_("Unknown status."))
        closing = edit.status in (Status.CLOSED, Status.RESOLVED, Status.OUT_OF_MANDATE)
        if closing and case.priority == "P1" and case.acknowledged_at is None and not edit.reason:
            raise EditRefused(
                _("A P1 case that nobody acknowledged cannot be closed without a reason.")
            )
        values["status"] = edit.status
    if edit.priority is not None:
        values.update(_priority_values(case, edit.priority, edit.reason))
        lead = lead_needing_access(case, timezone.now()) if edit.priority == "P1" else None
        if lead is not None and case_key is None:
            raise EditRefused(
                _(
                    "Raising to P1 makes %(name)s incident lead, who cannot read this case yet, "
                    "and the case key is not at hand here to give them access. Give them access "
                    "first, then raise the priority."
                )
                % {"name": lead.username}
            )
    if edit.assignee is not None:
        if not may_read(edit.assignee, case) and case_key is None:
            raise EditRefused(
                _(
                    "A case can only be assigned to someone who can read it: give %(name)s "
                    "access first, then assign the case."
                )
                % {"name": edit.assignee.username}
            )
        values["assignee"] = edit.assignee
    elif edit.unassign:
        values["assignee"] = None
    if edit.labels is not None:
        labels = sorted({label.strip() for label in edit.labels if label.strip()})
        if len(labels) > MAX_LABELS or not all(LABEL.match(label) for label in labels):
            raise EditRefused(
                _("Labels: at most 10, each up to 40 letters, digits, dots, dashes or underscores.")
            )
        values["labels"] = labels
    return values


def _priority_values(case: Case, priority: str, reason: str) -> dict[str, object]:
    """The new priority, its reason sealed to the case, and the restarted clock if need be."""
    if priority not in Priority.values:
        raise EditRefused(_("Unknown priority."))
    reason = reason.strip()
    if not reason:
        raise EditRefused(_("Changing the priority needs a reason."))
    if len(reason) > MAX_REASON:
        # Refused, not cut: a cut reason would silently lose what the handler meant.
        raise EditRefused(
            _("The reason is too long: at most %(limit)d characters.") % {"limit": MAX_REASON}
        )
    values: dict[str, object] = {
        "priority": priority,
        "priority_reason_sealed": seal_priority_reason(reason, bytes(case.public_key), case.number),
    }
    if priority != case.priority and case.acknowledged_at is None:
        values.update(_new_clock(case, priority))
    return values


def _new_clock(case: Case, priority: str) -> dict[str, object]:
    """The acknowledgement clock of a case not yet acknowledged whose priority changes.

    The new priority's delay runs from now; a raised priority never pushes the deadline later than
    it already was. Escalation starts again under the new priority's steps (a case raised to P1
    pages the on-call handler at once, whatever was paged before).
    """
    due = ack_due(priority, timezone.now())
    raised = not case.priority or priority < case.priority  # "P1" < "P2": more urgent
    if raised and case.ack_due is not None:
        due = min(due, case.ack_due)
    return {"ack_due": due, "escalation_level": 0}


def case_edit(
    *, case: Case, edit: CaseEdit, actor: User, case_key: PrivateKey | None = None
) -> Case:
    """Apply `edit` if the case is still at `edit.version`; returns the updated case.

    Whoever the edit makes responsible (the assignee; the incident lead of the crisis a raise to
    P1 opens) is given access in the same transaction if they cannot read the case yet: pass
    `case_key`, which the actor unlocked (`CaseRequest.case_key()`, the API's `staff.key` through
    `unlock_case`). Without it, such an edit is refused before anything changes.

    Raises EditRefused (nothing changed) or StaleEdit (someone changed it first).
    """
    values = _validate(case, edit, case_key)
    if not values:
        raise EditRefused(_("Nothing to change."))
    label = actor_label(actor)
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=edit.version).update(
            **values, version=F("version") + 1, updated_on=timezone.now().date()
        )
        if not updated:
            raise StaleEdit(
                _(
                    "Someone changed this case in the meantime. Check the current "
                    "state and try again."
                )
            )
        if values.get("priority") == "P1":
            # Page now, not at the deadline clock's next round.
            transaction.on_commit(check_deadlines.enqueue)
        if edit.assignee is not None and case_key is not None:
            try:
                grant_with_step(case=case, grantee=edit.assignee, case_key=case_key, actor=label)
            except GrantRefused as refused:
                raise EditRefused(refused.message) from None
        for name in sorted(values):
            if name in ("priority_reason_sealed", "ack_due", "escalation_level"):
                continue
            audit_record(
                actor=label, action=f"case.edit.{name}", target_type="case", target_id=case.number
            )
        fresh = Case.objects.get(pk=case.pk)
        if edit.priority == "P1":
            crisis_open(case=fresh, now=timezone.now(), actor=label, case_key=case_key)
    if edit.status is not None and edit.status != Status.NEW:
        acknowledge(case=fresh, actor=actor, now=timezone.now())
    return fresh
