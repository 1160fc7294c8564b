"""Deciding an appeal: an independent reviewer says whether the grievance was handled properly.

Like Wikimedia's Case Review Committee, the review does not re-litigate: it finds the handling
proper (the decision stands) or improper (the grievance goes back to assessment, with the
reviewer's written reasons, for the handlers to redo). The reviewer must hold the reviewer
permission and never have acted on the grievance (moved it or written to the person).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rightsdesk.accounts.models import User
from rightsdesk.grievances import content as sealed
from rightsdesk.grievances import stages
from rightsdesk.grievances.models import Appeal, Grievance
from rightsdesk.grievances.selectors import acted_on, may_review
from rightsdesk.grievances.services import GrievanceRefused, audit_grievance, record_move
from rightsdesk.grievances.vocabulary import AppealOutcome, Outcome, Stage

REOPEN_AT = Stage.ASSESSMENT


class AppealRefused(GrievanceRefused):
    """An appeal decision the procedure does not allow; nothing was changed."""


def appeal_decide(
    *,
    grievance: Grievance,
    actor: User,
    outcome: str,
    reasons: str,
    now: datetime | None = None,
) -> Appeal:
    """Record the review's outcome and written reasons (shown to the person). An improper
    handling reopens the grievance at assessment (at eligibility when
    it was declined or redirected there). Call after the gate."""
    if outcome not in AppealOutcome.values:
        raise AppealRefused(_("Choose whether the grievance was handled properly."))
    if not reasons.strip():
        raise AppealRefused(_("An appeal decision needs written reasons."))
    if not may_review(actor) or actor.pk in acted_on(grievance):
        raise AppealRefused(
            _("Only an independent reviewer who did not handle this grievance can decide.")
        )
    now = now or timezone.now()
    with transaction.atomic():
        locked = Grievance.objects.select_for_update().get(pk=grievance.pk)
        appeal = Appeal.objects.select_for_update().filter(grievance=locked).first()
        if appeal is None:
            raise AppealRefused(_("This grievance has no appeal."))
        if appeal.decided_at is not None:
            raise AppealRefused(_("This appeal was already decided."))
        appeal.outcome = outcome
        appeal.reviewer = actor
        appeal.decided_at = now
        appeal.reasons = sealed.seal_text(
            reasons.strip(),
            bytes(locked.public_key),
            table="appeal",
            row=str(appeal.uid),
            field="reasons",
        )
        appeal.save(update_fields=["outcome", "reviewer", "decided_at", "reasons"])
        reopen = (
            Stage.ELIGIBILITY
            if locked.eligibility in (Outcome.REDIRECTED, Outcome.DECLINED)
            else REOPEN_AT
        )
        if outcome == AppealOutcome.IMPROPER and stages.is_backward(locked.stage, reopen):
            # The reopening is the reviewer's finding: a move back with the reviewer's reasons,
            # so the person's history shows it like every other step.
            record_move(locked, stages.Move(target=reopen, reason=reasons), actor, now)
        audit_grievance(actor, f"grievance.appeal.{outcome}", locked)
    grievance.refresh_from_db()
    return appeal
