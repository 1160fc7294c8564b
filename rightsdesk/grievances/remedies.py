"""Remedies: what was decided, who must do it by when, evidence it was done.

A remedy comes from the catalogue (vocabulary.RemedyKind). Its plan (who, what) and its evidence
are sealed to the grievance; the kind, the due date and whether it is done stay clear for the
clock and the scorecard. Closing a remedy without evidence is refused: the person is later asked
whether it remedied the harm, and the evidence is what the handlers answer for.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.grievances import content as sealed
from rightsdesk.grievances.models import Grievance, Remedy
from rightsdesk.grievances.services import GrievanceRefused, audit_grievance
from rightsdesk.grievances.vocabulary import RemedyKind, Stage

PLANNING_STAGES = (Stage.DECISION, Stage.REMEDY)


class RemedyRefused(GrievanceRefused):
    """A remedy change the procedure does not allow; nothing was changed."""


def remedy_add(
    *, grievance: Grievance, actor: User, kind: str, who: str, what: str, due_on: date
) -> Remedy:
    """Add a remedy to a grievance that reached its decision. Call after the gate."""
    if kind not in RemedyKind.values:
        raise RemedyRefused(_("Choose a remedy from the catalogue."))
    if not who.strip() or not what.strip():
        raise RemedyRefused(_("Say who must do what."))
    with transaction.atomic():
        locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
        if locked.stage not in PLANNING_STAGES:
            raise RemedyRefused(_("Remedies are added once there is a decision or an agreement."))
        uid = str(uuid.uuid4())
        remedy = Remedy.objects.create(
            uid=uid,
            grievance=locked,
            kind=kind,
            plan=sealed.seal_plan(
                sealed.RemedyPlan(who=who.strip(), what=what.strip()),
                bytes(locked.public_key),
                uid,
            ),
            due_on=due_on,
        )
        audit_grievance(actor, "grievance.remedy.add", locked)
    return remedy


def remedy_done(
    *, grievance: Grievance, actor: User, uid: str, evidence: str, now: datetime | None = None
) -> Remedy:
    """Mark a remedy carried out, with the evidence that it was. Refused without evidence or
    twice; nothing is changed then. Call after the gate."""
    if not evidence.strip():
        raise RemedyRefused(_("A remedy cannot be closed without evidence that it was done."))
    now = now or timezone.now()
    with transaction.atomic():
        remedy = Remedy.objects.select_for_update().filter(grievance=grievance, uid=uid).first()
        if remedy is None:
            raise RemedyRefused(_("There is no such remedy on this grievance."))
        if remedy.done_at is not None:
            raise RemedyRefused(_("This remedy is already carried out."))
        remedy.done_at = now
        remedy.evidence = sealed.seal_text(
            evidence.strip(),
            bytes(grievance.public_key),
            table="remedy",
            row=str(remedy.uid),
            field="evidence",
        )
        remedy.save(update_fields=["done_at", "evidence"])
        audit_grievance(actor, "grievance.remedy.done", grievance)
    return remedy
