"""Writes of the crisis response: open a crisis, tick steps, log decisions, close with a review
(audited; decisions and the review sealed to the case). Call after `access_case`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from nacl.public import PrivateKey

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.crisis.playbooks.store import (
    sources,
)
from rightsdesk.cases.crisis.selectors import playbook_for
from rightsdesk.cases.grants import grant_with_step
from rightsdesk.cases.models import Case, Crisis, CrisisDecision, CrisisStep
from rightsdesk.cases.oncall.selectors import on_duty
from rightsdesk.cases.selectors import may_read


def incident_lead(now: datetime) -> User | None:
    """Who becomes incident lead of a crisis opened at `now`: the on-call lead, if any."""
    return on_duty("lead", now).select_related("keyring").first()


def lead_needing_access(case: Case, now: datetime) -> User | None:
    """The lead a crisis opened now would name, if they cannot read `case` yet (else None)."""
    if Crisis.objects.filter(case=case).exists():
        return None
    lead = incident_lead(now)
    return lead if lead is not None and not may_read(lead, case) else None


def crisis_open(
    *, case: Case, now: datetime, actor: str, case_key: PrivateKey | None = None
) -> Crisis:
    """Open the crisis of a P1 case (once); the on-call lead, if any, becomes incident lead.

    A lead who cannot read the case is given access in the same transaction (`case_key` needed:
    the submission's new key, or the key of the reader raising the priority). Without the key,
    the crisis still opens (a P1 must never wait), but names no lead rather than one who could
    not open the case; the audit says so. Interactive callers refuse first instead (see
    `lead_needing_access`), so this happens only to the deadline clock's late opening.
    """
    with transaction.atomic():
        existing = Crisis.objects.filter(case=case).first()
        if existing:
            return existing
        book = playbook_for(list(case.threat_types), sources())
        lead = incident_lead(now)
        if lead is not None and not may_read(lead, case):
            if case_key is None:
                audit_record(
                    actor=actor,
                    action="crisis.lead_not_named",
                    target_type="case",
                    target_id=f"{case.number}:user:{lead.pk}",
                )
                lead = None
            else:
                grant_with_step(case=case, grantee=lead, case_key=case_key, actor=actor)
        crisis = Crisis.objects.create(case=case, playbook=book.slug, lead=lead, opened_at=now)
        CrisisStep.objects.bulk_create(
            [
                CrisisStep(
                    crisis=crisis, step_id=step.id, due_at=now + timedelta(minutes=step.minutes)
                )
                for step in book.steps
            ]
        )
        audit_record(actor=actor, action="crisis.open", target_type="case", target_id=case.number)
    return crisis


def step_done(*, crisis: Crisis, step_id: str, actor: User) -> None:
    with transaction.atomic():
        updated = CrisisStep.objects.filter(
            crisis=crisis, step_id=step_id, done_at__isnull=True
        ).update(done_at=timezone.now(), done_by=actor)
        if updated:
            audit_record(
                actor=actor_label(actor),
                action=f"crisis.step.{step_id}",
                target_type="case",
                target_id=crisis.case.number,
            )


def decision_log(*, crisis: Crisis, author: User, text: str) -> CrisisDecision:
    """Record a decision (sealed to the case): what was decided, by whom, when."""
    with transaction.atomic():
        entry = CrisisDecision(crisis=crisis, author=author, at=timezone.now())
        entry.body = sealed.seal_note(text, bytes(crisis.case.public_key), f"decision-{entry.uid}")
        entry.save()
        audit_record(
            actor=actor_label(author),
            action="crisis.decision",
            target_type="case",
            target_id=crisis.case.number,
        )
    return entry


def crisis_close(*, crisis: Crisis, actor: User, review: str) -> None:
    """Close with a post-incident review (required, sealed)."""
    if not review.strip():
        raise ValueError("a post-incident review is required")
    with transaction.atomic():
        crisis.review = sealed.seal_note(
            review, bytes(crisis.case.public_key), f"review-{crisis.pk}"
        )
        crisis.closed_at = timezone.now()
        crisis.save(update_fields=["review", "closed_at"])
        audit_record(
            actor=actor_label(actor),
            action="crisis.close",
            target_type="case",
            target_id=crisis.case.number,
        )
