"""The crisis response: a P1 case opens a crisis with an incident lead, a timed checklist from the
playbook for its threat type, a decision log and, at the end, a post-incident review.

Playbooks are data (`cases/playbooks/*.json`: slug, title, threat types, steps with a deadline in
minutes after opening), checked when loaded. The decision log and the review are sealed to the case
like everything else a person types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.deadlines import on_duty
from rightsdesk.cases.models import Case, Crisis, CrisisDecision, CrisisStep

PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"
DEFAULT = "physical_threat"


@dataclass(frozen=True)
class Step:
    id: str
    minutes: int
    title: str
    detail: str


@dataclass(frozen=True)
class Playbook:
    slug: str
    title: str
    threat_types: tuple[str, ...]
    steps: tuple[Step, ...]


class PlaybookError(ValueError):
    pass


def _load(path: Path) -> Playbook:
    data = json.loads(path.read_text(encoding="utf-8"))
    steps = tuple(Step(**step) for step in data["steps"])
    ids = [step.id for step in steps]
    if len(ids) != len(set(ids)) or not steps:
        raise PlaybookError(f"{path.name}: step ids must be unique and there must be steps")
    if any(step.minutes <= 0 for step in steps):
        raise PlaybookError(f"{path.name}: every step needs a positive deadline")
    return Playbook(
        slug=data["slug"],
        title=data["title"],
        threat_types=tuple(data["threat_types"]),
        steps=steps,
    )


@cache
def playbooks() -> dict[str, Playbook]:
    return {book.slug: book for book in map(_load, sorted(PLAYBOOKS.glob("*.json")))}


def playbook_for(threat_types: list[str]) -> Playbook:
    for book in playbooks().values():
        if set(book.threat_types) & set(threat_types):
            return book
    return playbooks()[DEFAULT]


def crisis_open(*, case: Case, now: datetime, actor: str) -> Crisis:
    """Open the crisis of a P1 case (once); the on-call lead, if any, becomes incident lead."""
    with transaction.atomic():
        existing = Crisis.objects.filter(case=case).first()
        if existing:
            return existing
        book = playbook_for(list(case.threat_types))
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
