"""The crisis response: a P1 case opens a crisis with an incident lead, a timed checklist from the
playbook for its threat type, a decision log and, at the end, a post-incident review.

Playbooks (their files, translations, admins' edits and which is in force) live in
`playbook_store`. A crisis copies the step ids and deadlines of the playbook in force when it
opens; later edits never move or delete those rows. The decision log and the review are sealed to
the case like everything else a person types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.audit.services import actor_label, audit_record
from rightsdesk.cases import content as sealed
from rightsdesk.cases.models import Case, Crisis, CrisisDecision, CrisisStep
from rightsdesk.cases.playbook_store import (
    Playbook,
    PlaybookError,
    Step,
    former_step,
    localised,
    sources,
)
from rightsdesk.cases.playbook_store import load_source_file as _load
from rightsdesk.cases.playbook_store import shipped as playbooks
from rightsdesk.cases.rota import on_duty

DEFAULT = "physical_threat"

__all__ = ["Playbook", "PlaybookError", "Step", "_load", "playbook_for", "playbooks"]


def playbook_for(threat_types: list[str], books: Mapping[str, Playbook] | None = None) -> Playbook:
    """The playbook whose threat types meet `threat_types`, else the default. `books` defaults to
    the shipped files; `crisis_open` passes the sources in force (admins' edits included)."""
    books = playbooks() if books is None else books
    for book in books.values():
        if set(book.threat_types) & set(threat_types):
            return book
    return books[DEFAULT]


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


@dataclass(frozen=True)
class ChecklistItem:
    row: CrisisStep
    title: str
    detail: str
    removed: bool  # no longer in the playbook in force: its last known text, or none
    english: bool  # shown in English for want of a translation


@dataclass(frozen=True)
class Checklist:
    title: str
    fallback: bool  # nothing of this playbook is in the viewer's language
    partly_english: bool
    items: list[ChecklistItem]


def checklist(crisis: Crisis, language: str | None) -> Checklist:
    """Every step row of `crisis` (none hidden, even if since removed from the playbook), with
    text in `language` where there is some. Reads no case content; call after `access_case`."""
    try:
        shown = localised(crisis.playbook, language)
    except KeyError:  # a playbook that no longer ships: its rows still show, by id
        shown = None
    texts = {step.id: step for step in shown.book.steps} if shown else {}
    english = shown.english_steps if shown else frozenset()
    items = []
    for row in crisis.steps.all():
        step = texts.get(row.step_id)
        if step is not None:
            items.append(ChecklistItem(row, step.title, step.detail, False, row.step_id in english))
        else:
            title, detail = former_step(crisis.playbook, language, row.step_id) or ("", "")
            items.append(ChecklistItem(row, title, detail, removed=True, english=False))
    return Checklist(
        title=shown.book.title if shown else crisis.playbook,
        fallback=bool(shown and shown.fallback),
        partly_english=any(item.english for item in items),
        items=items,
    )
