"""Writes of the crisis response: open a crisis, tick steps, log decisions, close with a review
(audited; decisions and the review sealed to the case). Call after `access_case`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.crisis.playbooks.store import (
    sources,
)
from rightsdesk.cases.crisis.selectors import playbook_for
from rightsdesk.cases.models import Case, Crisis, CrisisDecision, CrisisStep
from rightsdesk.cases.oncall.selectors import on_duty


def crisis_open(*, case: Case, now: datetime, actor: str) -> Crisis:
    """Open the crisis of a P1 case (once); the on-call lead, if any, becomes incident lead."""
    with transaction.atomic():
        existing = Crisis.objects.filter(case=case).first()
        if existing:
            return existing
        book = playbook_for(list(case.threat_types), sources())
        lead = on_duty("lead", now).first()
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
